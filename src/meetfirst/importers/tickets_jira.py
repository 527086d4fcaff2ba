"""Jira Service Management tickets, from the issue navigator's CSV export.

Jira repeats a header once per value (Comment, Watchers, Attachment, Labels, ...); the table keeps every
one (`comment`, `comment.1`, ...), and only the first of each matters here. The reporter comes with an
account id and no e-mail. Dates follow the exporting user's locale (`25/Feb/26 10:17 PM` by default).
Satisfaction is 1 to 5 stars, 4 and 5 positive.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final
from zoneinfo import ZoneInfo

from meetfirst.core import satisfaction
from meetfirst.core.records import Record, RowError, Satisfaction, TicketRecord
from meetfirst.importers.tables import Table
from meetfirst.importers.ticket_dates import DateProblem, Dates, date_cells
from meetfirst.importers.tickets_common import cell, find_columns, tickets

SYSTEM: Final = "jira"
SIGNATURE: Final = frozenset({"issue key", "summary", "reporter", "created"})
_COLUMNS: Final = {
    "id": ("issue key",),
    "opened_at": ("created",),
    "requester_name": ("reporter",),
    "requester_email": ("reporter email", "custom field (reporter email)"),
    "requester_external_id": ("reporter id",),
    "organization": ("custom field (organizations)",),
    "subject": ("summary",),
    "description": ("description",),
    "status": ("status",),
    "priority": ("priority",),
    "channel": ("custom field (request type)", "issue type"),
    "agent_name": ("assignee",),
    "group": ("custom field (team)", "project name"),
    "updated_at": ("updated",),
    "resolved_at": ("resolved",),
}


def read_csv(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """The issue export; one row per issue."""
    columns = find_columns(table, _COLUMNS)
    rating = table.columns.get("satisfaction rating", table.columns.get("custom field (satisfaction)"))
    rated = table.columns.get("custom field (satisfaction date)")
    date_indexes = [i for f, i in columns.items() if f.endswith("_at")]
    dates = Dates(table.name, zone, rescan=date_cells(table, date_indexes))

    def rate(row: list[str], record: TicketRecord) -> Satisfaction | None:
        if rating is None:
            return None
        try:
            when = dates.parse(cell(row, rated), record.source.line)
        except DateProblem as exc:
            raise ValueError(f"satisfaction date: {exc}") from None
        return satisfaction.stars(cell(row, rating), rated_at=when)

    yield from tickets(table, SYSTEM, columns, dates.parse, rate=rate)
