"""osTicket tickets, from a queue's CSV export (Ticket Number, From Email, Agent Assigned, ...).

osTicket writes dates in the helpdesk's configured format, often `m/d/yy h:mm AM`: the day order is
settled per file. It keeps no satisfaction rating.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final
from zoneinfo import ZoneInfo

from meetfirst.core.records import Record, RowError
from meetfirst.importers.tables import Table
from meetfirst.importers.ticket_dates import Dates, date_cells
from meetfirst.importers.tickets_common import find_columns, tickets

SYSTEM: Final = "osticket"
SIGNATURE: Final = frozenset({"ticket number", "date created", "from email"})
_COLUMNS: Final = {
    "id": ("ticket number",),
    "opened_at": ("date created", "create date"),
    "requester_name": ("from", "from name"),
    "requester_email": ("from email",),
    "requester_phone": ("phone number", "phone"),
    "organization": ("organization",),
    "subject": ("subject",),
    "status": ("current status", "status"),
    "priority": ("priority",),
    "channel": ("source",),
    "agent_name": ("agent assigned",),
    "group": ("department", "team assigned"),
    "updated_at": ("last updated",),
    "closed_at": ("closed date",),
    "reopens": ("reopen count",),
}


def read_csv(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """The queue export; one row per ticket."""
    columns = find_columns(table, _COLUMNS)
    date_indexes = [i for f, i in columns.items() if f.endswith("_at")]
    dates = Dates(table.name, zone, rescan=date_cells(table, date_indexes))
    yield from tickets(table, SYSTEM, columns, dates.parse)
