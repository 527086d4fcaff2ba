"""ServiceNow incidents, from a list exported as CSV (headers are field names: number, caller_id, ...).

The caller is a display name unless the list had the `caller_id.email` column added. An event-log file
(ServiceNow's audit, like the UCI incident log) holds many rows for one incident, one per update; every
row is yielded, each with `revision = (sys_mod_count, the update time in UTC as ISO text)`.

The rule for event logs, applied by the ingest: of the rows for one incident, the one with the highest
revision wins (tuples compare the modification count first, then the update time); between rows with
equal revisions, the later row in the file wins. Missing values are `?` in such logs; dates may be
ISO or `dd-mm-yyyy hh:mm` (the day order is settled per file, see tickets_common).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from typing import Final
from zoneinfo import ZoneInfo

from meetfirst.core.records import Record, RowError, TicketRecord
from meetfirst.importers.tables import Table
from meetfirst.importers.ticket_dates import Dates, date_cells
from meetfirst.importers.tickets_common import cell, count, find_columns, tickets

SYSTEM: Final = "servicenow"
SIGNATURE: Final = frozenset({"number", "caller_id"})
REQUIRED: Final = SIGNATURE | {"opened_at"}
_COLUMNS: Final = {
    "id": ("number",),
    "opened_at": ("opened_at",),
    "requester_name": ("caller_id", "caller_id.name"),
    "requester_email": ("caller_id.email",),
    "requester_external_id": ("caller_id.user_name", "caller_id.employee_number", "caller_id.sys_id"),
    "organization": ("company", "caller_id.company"),
    "requester_phone": ("caller_id.phone", "caller_id.mobile_phone"),
    "subject": ("short_description",),
    "description": ("description",),
    "status": ("state", "incident_state"),
    "priority": ("priority",),
    "channel": ("contact_type",),
    "agent_name": ("assigned_to",),
    "agent_email": ("assigned_to.email",),
    "group": ("assignment_group",),
    "updated_at": ("sys_updated_on", "sys_updated_at"),
    "resolved_at": ("resolved_at",),
    "closed_at": ("closed_at",),
    "reopens": ("reopen_count",),
}


def read_csv(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """An incident list, or an event log of incident updates (every row yielded with its revision)."""
    columns = find_columns(table, _COLUMNS)
    date_indexes = [i for f, i in columns.items() if f.endswith("_at")]
    created = table.columns.get("sys_created_on", table.columns.get("sys_created_at"))
    if created is not None:
        date_indexes.append(created)
    dates = Dates(table.name, zone, rescan=date_cells(table, date_indexes))
    mods = table.columns.get("sys_mod_count")
    resolver = table.columns.get("resolved_by")

    def finish(record: TicketRecord, row: list[str]) -> None:
        try:
            changes = count(cell(row, mods))
        except ValueError as exc:
            raise ValueError(f"sys_mod_count: {exc}") from None
        updated = record.updated_at.astimezone(UTC).isoformat() if record.updated_at else ""
        record.revision = (changes, updated)
        if not record.agent_name:  # an incident resolved by someone it was never assigned to
            record.agent_name = cell(row, resolver)

    yield from tickets(table, SYSTEM, columns, dates.parse, finish=finish)
