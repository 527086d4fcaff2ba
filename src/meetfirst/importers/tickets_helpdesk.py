"""django-helpdesk tickets, from a Django fixture (`manage.py dumpdata helpdesk auth.user`).

A fixture is one JSON array of {"model", "pk", "fields"} objects, read whole (see tickets_json's cap).
The requester is `submitter_email` (django-helpdesk keeps no customer record); the queue is the group;
the assignee a Django user. Follow-ups give the last update, and their status changes the resolution,
the closing and the reopenings. Users' passwords are never read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any, Final

from meetfirst.core import identity
from meetfirst.core.records import Record, RowError, SourceRef, TicketRecord
from meetfirst.importers import tickets_json
from meetfirst.importers.ticket_dates import DateProblem
from meetfirst.importers.tickets_common import id_text
from meetfirst.importers.tickets_json import json_text, json_time

SYSTEM: Final = "helpdesk"
# django-helpdesk's Ticket.STATUS_CHOICES and PRIORITY_CHOICES (helpdesk/models.py).
STATUSES: Final = {1: "Open", 2: "Reopened", 3: "Resolved", 4: "Closed", 5: "Duplicate"}
PRIORITIES: Final = {1: "Critical", 2: "High", 3: "Normal", 4: "Low", 5: "Very Low"}
_REOPENED, _RESOLVED, _CLOSED = 2, 3, 4


def looks_like_fixture(head: bytes) -> bool:
    """A Django fixture of helpdesk models (or one that opens with users: `dumpdata auth.user helpdesk`)."""
    text = tickets_json.head_text(head)
    return text.startswith("[") and '"model"' in text and ('"helpdesk.' in text or '"auth.user"' in text)


@dataclass(slots=True)
class _History:
    """What a ticket's follow-ups tell."""

    last: datetime | None = None
    resolved: datetime | None = None
    closed: datetime | None = None
    reopens: int = 0
    dates: list[datetime] = field(default_factory=list)


def read_fixture(name: str, stream: IO[bytes]) -> Iterator[Record | RowError]:
    """The tickets of a fixture, with what their queues, users and follow-ups say about them."""
    text = tickets_json.load_text(name, stream)
    queues: dict[str, str] = {}
    users: dict[str, dict[str, Any]] = {}
    histories: dict[str, _History] = {}
    tickets: list[tuple[int, dict[str, Any]]] = []
    for line, item in tickets_json.array_items(name, text):
        if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
            yield RowError(name, line, "an object here is not a fixture entry (model, pk, fields)")
            continue
        model, pk, fields = item.get("model"), id_text(item.get("pk")), item["fields"]
        if model == "helpdesk.ticket":
            tickets.append((line, item))
        elif model == "helpdesk.queue":
            queues[pk] = str(fields.get("title") or "")
        elif model == "auth.user":
            users[pk] = {key: fields.get(key) for key in ("username", "first_name", "last_name", "email")}
        elif model == "helpdesk.followup":
            try:
                _follow(histories, fields)
            except DateProblem as exc:
                yield RowError(name, line, f"follow-up {pk}: {exc}")
    for line, item in tickets:
        yield _ticket(name, line, item, queues, users, histories)


def _follow(histories: dict[str, _History], fields: dict[str, Any]) -> None:
    history = histories.setdefault(id_text(fields.get("ticket")), _History())
    when = json_time(fields.get("date"))
    if when is None:
        return
    if history.last is None or when > history.last:
        history.last = when
    status = fields.get("new_status")
    if status == _RESOLVED:
        history.resolved = when
    elif status == _CLOSED:
        history.closed = when
    elif status == _REOPENED:
        history.reopens += 1


def _ticket(
    name: str,
    line: int,
    item: dict[str, Any],
    queues: dict[str, str],
    users: dict[str, dict[str, Any]],
    histories: dict[str, _History],
) -> TicketRecord | RowError:
    fields: dict[str, Any] = item["fields"]
    external_id = id_text(item.get("pk"))
    if not external_id:
        return RowError(name, line, "this ticket has no pk")
    try:
        opened_at = json_time(fields.get("created"))
        if opened_at is None:
            return RowError(name, line, f"ticket {external_id} has no created date")
        record = TicketRecord(SourceRef(name, line), SYSTEM, external_id, opened_at)
        history = histories.get(external_id, _History())
        modified = json_time(fields.get("modified"))
        record.updated_at = max((d for d in (modified, history.last) if d is not None), default=None)
        record.resolved_at = history.resolved
        record.closed_at = history.closed
        record.reopens = history.reopens
    except DateProblem as exc:
        return RowError(name, line, f"ticket {external_id}: {exc}")
    record.requester_email = identity.email_key(json_text(fields.get("submitter_email")))
    record.subject = json_text(fields.get("title"))
    record.description = json_text(fields.get("description"))
    record.status = _label(STATUSES, fields.get("status"))
    record.priority = _label(PRIORITIES, fields.get("priority"))
    record.group = identity.tidy_name(queues.get(id_text(fields.get("queue")), ""))
    agent = users.get(id_text(fields.get("assigned_to")))
    if agent:
        full = f"{json_text(agent.get('first_name'))} {json_text(agent.get('last_name'))}"
        record.agent_name = identity.tidy_name(full) or json_text(agent.get("username"))
        record.agent_email = identity.email_key(json_text(agent.get("email")))
    return record


def _label(choices: dict[int, str], value: object) -> str:
    if isinstance(value, int) and value in choices:
        return choices[value]
    return json_text(value)
