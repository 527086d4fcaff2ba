"""Freshdesk tickets: the ticket export as CSV (Freshservice's sibling export too).

The export holds the contact's columns beside the ticket's; `Initial response time` is the time of the
first answer (or, in some exports, a duration), and the "(in hrs)" columns are often empty, so the first
reply is recomputed from the timestamps when it can be. Survey results are Freshdesk's codes or words.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final
from zoneinfo import ZoneInfo

from meetfirst.core import satisfaction
from meetfirst.core.records import Record, RowError, Satisfaction, TicketRecord
from meetfirst.importers.tables import Table
from meetfirst.importers.ticket_dates import DateProblem, Dates, date_cells
from meetfirst.importers.tickets_common import between, cell, find_columns, minutes, tickets

SYSTEM: Final = "freshdesk"
SIGNATURE: Final = frozenset({"ticket id", "created time"})
_COLUMNS: Final = {
    "id": ("ticket id",),
    "opened_at": ("created time",),
    "requester_name": ("full name", "requester name", "contact name"),
    "requester_email": ("email", "requester email", "contact email"),
    # Freshdesk's own contact id is on every row (the unique external id only where someone set it).
    "requester_external_id": ("contact id", "unique external id"),
    "organization": ("company name", "company"),
    "requester_phone": ("work phone", "phone", "mobile phone"),
    "subject": ("subject",),
    "description": ("description",),
    "status": ("status",),
    "priority": ("priority",),
    "channel": ("source",),
    "agent_name": ("agent",),
    "group": ("group",),
    "updated_at": ("last update time",),
    "resolved_at": ("resolved time",),
    "closed_at": ("closed time",),
}


def read_csv(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """The ticket export CSV."""
    columns = find_columns(table, _COLUMNS)
    date_indexes = [i for f, i in columns.items() if f.endswith("_at")]
    first = table.columns.get("initial response time")
    first_hours = table.columns.get("first response time (in hrs)")
    survey = table.columns.get("survey results")
    if first is not None:
        date_indexes.append(first)
    dates = Dates(table.name, zone, rescan=date_cells(table, date_indexes))

    def finish(record: TicketRecord, row: list[str]) -> None:
        record.first_reply_minutes = _first_reply(record, row, first, first_hours, dates)

    def rate(row: list[str], record: TicketRecord) -> Satisfaction | None:
        return satisfaction.freshdesk(cell(row, survey)) if survey is not None else None

    yield from tickets(table, SYSTEM, columns, dates.parse, rate=rate, finish=finish)


def _first_reply(
    record: TicketRecord, row: list[str], first: int | None, hours: int | None, dates: Dates
) -> float | None:
    """Minutes to the first answer: from `Initial response time` (a time, or a duration), else from
    `First response time (in hrs)`."""
    text = cell(row, first)
    line = record.source.line
    if text:
        if ":" in text and text.count(":") <= 2 and text.replace(":", "").isdigit():
            return minutes(text)
        try:
            return between(record.opened_at, dates.parse(text, line))
        except DateProblem as exc:
            raise ValueError(f"initial response time: {exc}") from None
    text = cell(row, hours)
    return minutes(text, unit=60.0) if text else None
