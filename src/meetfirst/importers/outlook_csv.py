"""Outlook contacts CSV (Outlook for Windows, Outlook.com): columns found by name, in any order.

Older Outlook writes "Business Country" where newer writes "Business Country/Region"; neither is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final
from zoneinfo import ZoneInfo

from meetfirst.core.records import Record, RowError
from meetfirst.importers.contacts_csv import contact, first_slug, pick, split_values
from meetfirst.importers.linkedin import cell
from meetfirst.importers.tables import Table

KIND: Final = "outlook-csv"
SIGNATURE: Final = frozenset({"first name", "last name", "e-mail address", "job title"})
_EMAILS: Final = ("e-mail address", "e-mail 2 address", "e-mail 3 address")
_PHONES: Final = (
    "mobile phone",
    "business phone",
    "business phone 2",
    "home phone",
    "home phone 2",
    "primary phone",
    "other phone",
    "car phone",
    "company main phone",
)


def read_outlook(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """One contact per row; Outlook puts one value in each cell."""
    columns = table.columns
    first, last = columns["first name"], columns["last name"]
    middle = columns.get("middle name")
    company, title = columns.get("company"), columns.get("job title")
    emails = [columns[c] for c in _EMAILS if c in columns]
    phones = [columns[c] for c in _PHONES if c in columns]
    sites = [columns[c] for c in ("web page", "personal web page", "business web page") if c in columns]
    for line, row in table.rows():
        if len(row) != len(table.header) and (problem := table.width_problem(row)):
            yield RowError(table.name, line, problem)
            continue
        given = " ".join(part for part in (row[first].strip(), cell(row, middle)) if part)
        record = contact(
            table,
            line,
            KIND,
            first=given,
            last=row[last],
            emails=split_values(pick(row, emails)),
            phones=split_values(pick(row, phones)),
            company=cell(row, company),
            title=cell(row, title),
            slug=first_slug(split_values(pick(row, sites))),
        )
        if record is not None:
            yield record
