"""The audit log: who changed what, when. Entries name a person by id only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model

from meetfirst.store import sql
from meetfirst.store.models import (
    AuditEntry,
    ConnectionRequest,
    CustomerNote,
    FollowUp,
    Meeting,
    MergeSuggestion,
    Ticket,
)

# URL keyword -> (model, the column that holds its person's id).
_OWNED_BY_PERSON: dict[str, tuple[type[Model], str]] = {
    "request_id": (ConnectionRequest, "person_id"),
    "meeting_id": (Meeting, "person_id"),
    "follow_up_id": (FollowUp, "person_id"),
    "note_id": (CustomerNote, "person_id"),
    "ticket_id": (Ticket, "person_id"),
    "suggestion_id": (MergeSuggestion, "first_id"),
}


def person_id_behind(*, keyword: str, object_id: int) -> int | None:
    """The person a URL's object belongs to (a request, a meeting, a note...); None when unknown."""
    owner = _OWNED_BY_PERSON.get(keyword)
    if owner is None:
        return None
    model, column = owner
    # Every change a person's page makes asks this first: one line of SQL rather than an ORM query.
    quote = connection.ops.quote_name
    found = sql.fetch(
        f"SELECT {quote(column)} FROM {sql.table(model)} WHERE {quote(str(model._meta.pk.column))} = %s",
        [object_id],
    )
    return int(found[0][0]) if found and found[0][0] is not None else None


def keywords_owned_by_person() -> frozenset[str]:
    return frozenset(_OWNED_BY_PERSON)


_ENTRY_COLUMNS = ("at", "user_id", "username", "action", "person_id", "method", "path", "detail")
_ADD_ENTRY = (
    f"INSERT INTO {sql.table(AuditEntry)} ({', '.join(connection.ops.quote_name(c) for c in _ENTRY_COLUMNS)})"
    f" VALUES ({', '.join(['%s'] * len(_ENTRY_COLUMNS))})"
)


def add_entry(
    *,
    at: datetime,
    user_id: int | None,
    username: str,
    action: str,
    person_id: int | None,
    method: str,
    path: str,
    detail: dict[str, Any],
) -> None:
    """Write one entry (one INSERT written out: every change a page makes writes one, while the database's
    write lock is held, and the ORM's create took longer to compose it than SQLite to store it)."""
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            _ADD_ENTRY,
            [
                ops.adapt_datetimefield_value(at),
                user_id,
                username[:150],
                action[:200],
                person_id,
                method[:8],
                path[:500],
                ops.adapt_json_value(detail, None),
            ],
        )


def entries(*, person_id: int | None, username: str, offset: int, limit: int) -> list[AuditEntry]:
    """Newest first, filtered by person id and by the acting account's name."""
    rows = AuditEntry.objects.all()
    if person_id is not None:
        rows = rows.filter(person_id=person_id)
    if username:
        rows = rows.filter(username=username)
    return list(rows.order_by("-at", "-id")[offset : offset + limit])
