"""Zendesk tickets: the admin CSV export, and the API's JSON (a document with side-loaded users, or JSON
lines of tickets, as the incremental export writes them).

The requester's key is Zendesk's own user id (`Requester id` in the CSV, `requester_id` in JSON), so that
both exports of one account name a person alike; e-mail and name come beside it. A survey offered and
never answered ("Offered", "Unoffered") is no rating at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import IO, Any, Final
from zoneinfo import ZoneInfo

from meetfirst.core import identity, satisfaction
from meetfirst.core.records import Record, RowError, Satisfaction, SourceRef, TicketRecord
from meetfirst.importers import tickets_json
from meetfirst.importers.tables import Table
from meetfirst.importers.ticket_dates import DateProblem, Dates, date_cells
from meetfirst.importers.tickets_common import cell, find_columns, id_text, tickets
from meetfirst.importers.tickets_json import json_text, json_time

SYSTEM: Final = "zendesk"
CSV_SIGNATURE: Final = frozenset({"id", "requester", "requester email", "created at"})
_CSV_COLUMNS: Final = {
    "id": ("id",),
    "opened_at": ("created at",),
    "requester_name": ("requester",),
    "requester_email": ("requester email",),
    "requester_external_id": ("requester id", "requester external id"),
    "organization": ("organization",),
    "subject": ("subject",),
    "status": ("status",),
    "priority": ("priority",),
    "channel": ("via",),
    "agent_name": ("assignee",),
    "group": ("group",),
    "updated_at": ("updated at",),
    "resolved_at": ("solved at",),
    "reopens": ("reopens",),
    "first_reply_minutes": ("first reply time in minutes",),
    "requester_wait_minutes": ("requester wait time in minutes",),
}


def read_csv(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """The admin CSV export (one row per ticket, no comments)."""
    columns = find_columns(table, _CSV_COLUMNS)
    dates = Dates(table.name, zone, rescan=date_cells(table, _date_indexes(columns)))
    score = table.columns.get("satisfaction score")
    comment = table.columns.get("satisfaction comment")

    def rate(row: list[str], record: TicketRecord) -> Satisfaction | None:
        if score is None:
            return None
        said = cell(row, comment)
        return satisfaction.zendesk(row[score], comment=said) if said else _plain_rating(row[score])

    yield from tickets(table, SYSTEM, columns, dates.parse, rate=rate)


# A handful of values ("Good", "Offered", ...) on a million rows: their ratings are made once (frozen).
_plain_rating = lru_cache(maxsize=256)(satisfaction.zendesk)


def _date_indexes(columns: Mapping[str, int]) -> list[int]:
    return [index for field, index in columns.items() if field.endswith("_at")]


# --- JSON -----------------------------------------------------------------------------------------------

_TICKET_KEYS: Final = frozenset({"tickets", "ticket"})  # {"ticket": {...}} is the API's answer for one
_DOCUMENT_KEYS: Final = _TICKET_KEYS | {"users", "organizations", "groups", "metric_sets"}


def looks_like_json(head: bytes) -> bool:
    """A Zendesk API document ({"tickets": ...}) or JSON lines of Zendesk tickets."""
    text = tickets_json.head_text(head)
    if not text.startswith("{"):
        return False
    return '"tickets"' in text or ('"requester_id"' in text and '"id"' in text) or "/api/v2/" in text


def read_json(name: str, stream: IO[bytes]) -> Iterator[Record | RowError]:
    """Tickets from a Zendesk JSON document or JSON-lines file."""
    first, value = tickets_json.first_line(name, stream)
    if isinstance(value, dict) and not _DOCUMENT_KEYS & value.keys():  # one ticket a line
        people = _People({}, {}, {})
        for item in tickets_json.json_lines(name, stream, first=first):
            yield item if isinstance(item, RowError) else _ticket(name, item[0], item[1], people, {})
        return
    yield from _read_document(name, tickets_json.load_text(name, stream, first))


def _read_document(name: str, text: str) -> Iterator[Record | RowError]:
    people = _People({}, {}, {})
    metrics: dict[str, dict[str, Any]] = {}
    # Side-loaded records may come after the tickets: read them first, then the tickets.
    for key, _, item in tickets_json.object_items(name, text, _DOCUMENT_KEYS - _TICKET_KEYS):
        if not isinstance(item, dict):
            continue
        if key == "users":
            people.users[id_text(item.get("id"))] = item
        elif key == "organizations":
            people.organizations[id_text(item.get("id"))] = str(item.get("name") or "")
        elif key == "groups":
            people.groups[id_text(item.get("id"))] = str(item.get("name") or "")
        elif key == "metric_sets":
            metrics[id_text(item.get("ticket_id"))] = item
    for _, line, item in tickets_json.object_items(name, text, _TICKET_KEYS):
        yield _ticket(name, line, item, people, metrics)


class _People:
    """Side-loaded users, organizations and groups, by id."""

    def __init__(
        self, users: dict[str, dict[str, Any]], organizations: dict[str, str], groups: dict[str, str]
    ) -> None:
        self.users = users
        self.organizations = organizations
        self.groups = groups


def _ticket(
    name: str, line: int, item: object, people: _People, metrics: Mapping[str, dict[str, Any]]
) -> TicketRecord | RowError:
    if not isinstance(item, dict):
        return RowError(name, line, "a ticket here is not a JSON object")
    external_id = id_text(item.get("id"))
    if not external_id:
        return RowError(name, line, "this ticket has no id")
    try:
        opened_at = json_time(item.get("created_at"))
        if opened_at is None:
            return RowError(name, line, f"ticket {external_id} has no created_at")
        record = TicketRecord(SourceRef(name, line), SYSTEM, external_id, opened_at)
        record.updated_at = json_time(item.get("updated_at"))
        _requester(record, item, people)
        _agent(record, item, people)
        record.subject = json_text(item.get("subject") or item.get("raw_subject"))
        record.description = json_text(item.get("description"))
        record.status = json_text(item.get("status"))
        record.priority = json_text(item.get("priority"))
        via = item.get("via")
        record.channel = json_text(via.get("channel")) if isinstance(via, dict) else ""
        record.group = people.groups.get(id_text(item.get("group_id")), "")
        metric = item.get("metric_set") or metrics.get(external_id)
        if isinstance(metric, dict):
            _metrics(record, metric)
        record.satisfaction = _rating(item.get("satisfaction_rating"))
    except (DateProblem, ValueError) as exc:
        return RowError(name, line, f"ticket {external_id}: {exc}")
    return record


def _requester(record: TicketRecord, item: dict[str, Any], people: _People) -> None:
    requester_id = id_text(item.get("requester_id"))
    user = people.users.get(requester_id) or item.get("requester")
    if not isinstance(user, dict):
        user = {}
    record.requester_external_id = requester_id or id_text(user.get("external_id")) or None
    record.requester_name = identity.tidy_name(json_text(user.get("name")))
    record.requester_email = identity.email_key(json_text(user.get("email")))
    if record.requester_email is None:  # an e-mail ticket names its sender in via.source.from
        sender = _dig(item, "via", "source", "from")
        if isinstance(sender, dict):
            record.requester_email = identity.email_key(json_text(sender.get("address")))
            record.requester_name = record.requester_name or identity.tidy_name(json_text(sender.get("name")))
    organization_id = id_text(item.get("organization_id") or user.get("organization_id"))
    organization = people.organizations.get(organization_id)
    record.organization = identity.tidy_name(organization or "")
    phone = json_text(user.get("phone"))
    record.requester_phone = phone or None


def _agent(record: TicketRecord, item: dict[str, Any], people: _People) -> None:
    agent = people.users.get(id_text(item.get("assignee_id")))
    if agent:
        record.agent_name = identity.tidy_name(json_text(agent.get("name")))
        record.agent_email = identity.email_key(json_text(agent.get("email")))


def _metrics(record: TicketRecord, metric: dict[str, Any]) -> None:
    record.resolved_at = json_time(metric.get("solved_at"))
    reopens = metric.get("reopens")
    if isinstance(reopens, int) and reopens >= 0:
        record.reopens = reopens
    record.first_reply_minutes = _calendar_minutes(metric.get("reply_time_in_minutes"))
    record.requester_wait_minutes = _calendar_minutes(metric.get("requester_wait_time_in_minutes"))


def _calendar_minutes(value: object) -> float | None:
    if isinstance(value, dict):
        value = value.get("calendar")
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return None


def _rating(value: object) -> Satisfaction | None:
    if not isinstance(value, dict):
        return None
    return satisfaction.zendesk(json_text(value.get("score")), comment=json_text(value.get("comment")))


def _dig(item: dict[str, Any], *keys: str) -> object:
    value: object = item
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
