"""The audit log: every change to a person (and to an account) with who, what and when.

An entry holds ids, the action's name and the NAMES of the submitted fields, never their values: a
forgotten person stays forgotten, and no password or note text ever reaches the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from meetfirst.services.clock import now as clock_now
from meetfirst.store import audit_queries

CLI_USERNAME = "cli"
# Form fields that say nothing about the change itself.
_IGNORED_FIELDS = frozenset({"csrfmiddlewaretoken"})


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    at: datetime
    username: str
    action: str
    person_id: int | None
    method: str
    path: str
    detail: dict[str, Any]

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "at": self.at,
            "username": self.username,
            "action": self.action,
            "person_id": self.person_id,
            "method": self.method,
            "path": self.path,
            "detail": self.detail,
        }


def field_names(names: Iterable[str]) -> list[str]:
    """The submitted field names worth keeping, sorted and without duplicates."""
    return sorted({n[:100] for n in names if n not in _IGNORED_FIELDS})


def person_id_from(url_kwargs: Mapping[str, object]) -> int | None:
    """The person a URL is about: its person_id, or the owner of the request, meeting, note... it names."""
    direct = url_kwargs.get("person_id")
    if isinstance(direct, int):
        return direct
    for keyword in sorted(audit_queries.keywords_owned_by_person() & set(url_kwargs)):
        object_id = url_kwargs[keyword]
        if isinstance(object_id, int):
            return audit_queries.person_id_behind(keyword=keyword, object_id=object_id)
    return None


def record(
    *,
    action: str,
    username: str = CLI_USERNAME,
    user_id: int | None = None,
    person_id: int | None = None,
    method: str = "",
    path: str = "",
    fields: Iterable[str] = (),
    detail: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """Write one entry. `detail` must hold no personal data: ids, names of fields, account names."""
    body: dict[str, Any] = dict(detail or {})
    names = field_names(fields)
    if names:
        body["fields"] = names
    audit_queries.add_entry(
        at=at or clock_now(),
        user_id=user_id,
        username=username,
        action=action,
        person_id=person_id,
        method=method,
        path=path,
        detail=body,
    )


def entries(
    *, person_id: int | None = None, username: str = "", offset: int = 0, limit: int = 50
) -> list[Entry]:
    """Entries newest first, from `offset` on."""
    rows = audit_queries.entries(
        person_id=person_id, username=username.strip(), offset=max(offset, 0), limit=max(1, min(limit, 1000))
    )
    return [
        Entry(
            id=r.pk,
            at=r.at,
            username=r.username,
            action=r.action,
            person_id=r.person_id,
            method=r.method,
            path=r.path,
            detail=r.detail if isinstance(r.detail, dict) else {},
        )
        for r in rows
    ]
