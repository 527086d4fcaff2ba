"""Google Contacts CSV: the current export ("First Name, Middle Name, ...", UTF-8 with a BOM, several
values of one field in one cell joined by " ::: ") and the legacy one ("Name, Given Name, ...")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final
from zoneinfo import ZoneInfo

from meetfirst.core.records import Record, RowError
from meetfirst.importers.contacts_csv import contact, first_slug, numbered, pick, split_values
from meetfirst.importers.linkedin import cell
from meetfirst.importers.tables import Table

KIND: Final = "google-csv"
# The current export always opens with these; the legacy one with Name, Given Name, ... Family Name.
CURRENT_SIGNATURE: Final = frozenset(
    {"first name", "middle name", "last name", "phonetic first name", "file as"}
)
LEGACY_SIGNATURE: Final = frozenset({"name", "given name", "additional name", "family name"})


def read_current(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """The export Google Contacts writes today."""
    columns = table.columns
    first, middle, last = columns["first name"], columns["middle name"], columns["last name"]
    company, title = columns.get("organization name"), columns.get("organization title")
    emails = numbered(table, r"e-mail \d+ - value")
    phones = numbered(table, r"phone \d+ - value")
    sites = numbered(table, r"website \d+ - value")
    for line, row in table.rows():
        if len(row) != len(table.header) and (problem := table.width_problem(row)):
            yield RowError(table.name, line, problem)
            continue
        given = " ".join(part for part in (row[first].strip(), row[middle].strip()) if part)
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


def read_legacy(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """The older Google CSV (also Gmail's "Google CSV" before 2020)."""
    columns = table.columns
    name, given, family = columns["name"], columns["given name"], columns["family name"]
    companies = numbered(table, r"organization \d+ - name")
    titles = numbered(table, r"organization \d+ - title")
    emails = numbered(table, r"e-mail \d+ - value")
    phones = numbered(table, r"phone \d+ - value")
    sites = numbered(table, r"website \d+ - value")
    for line, row in table.rows():
        if len(row) != len(table.header) and (problem := table.width_problem(row)):
            yield RowError(table.name, line, problem)
            continue
        orgs, jobs = split_values(pick(row, companies)), split_values(pick(row, titles))
        record = contact(
            table,
            line,
            KIND,
            first=row[given],
            last=row[family],
            display=row[name],
            emails=split_values(pick(row, emails)),
            phones=split_values(pick(row, phones)),
            company=orgs[0] if orgs else "",
            title=jobs[0] if jobs else "",
            slug=first_slug(split_values(pick(row, sites))),
        )
        if record is not None:
            yield record
