"""LinkedIn's own copy of the address books a member uploaded: ImportedContacts.csv / Contacts.csv (2021
on: Source, FirstName, LastName, Companies, Title, Emails, PhoneNumbers, ...) and 2018's
`Imported Contacts.csv` (First Name, Last Name, Companies, Title, Email Address, Phone Numbers, ...).

Cells may hold several values; LinkedIn joins them with commas (the phones of one contact, the e-mails).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final
from zoneinfo import ZoneInfo

from meetfirst.core.records import Record, RowError
from meetfirst.importers.contacts_csv import contact, first_slug
from meetfirst.importers.linkedin import cell
from meetfirst.importers.tables import Table

KIND: Final = "linkedin-contacts"
SIGNATURE: Final = frozenset({"firstname", "lastname", "emails", "phonenumbers"})
SIGNATURE_2018: Final = frozenset({"first name", "last name", "companies", "phone numbers"})
_SEPARATORS: Final = re.compile(r"\s*[,;]\s*")


def _values(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in _SEPARATORS.split(text.strip()) if v))


def read_contacts(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """Either era; the column names tell which."""
    columns = table.columns
    modern = "firstname" in columns
    first = columns["firstname" if modern else "first name"]
    last = columns["lastname" if modern else "last name"]
    emails = columns.get("emails" if modern else "email address")
    phones = columns.get("phonenumbers" if modern else "phone numbers")
    full, companies, title = columns.get("fullname"), columns.get("companies"), columns.get("title")
    profiles = columns.get("profiles")
    sites = columns.get("sites")
    for line, row in table.rows():
        if len(row) != len(table.header) and (problem := table.width_problem(row)):
            yield RowError(table.name, line, problem)
            continue
        orgs = _values(cell(row, companies))
        urls = (*_values(cell(row, profiles)), *_values(cell(row, sites)))
        record = contact(
            table,
            line,
            KIND,
            first=row[first],
            last=row[last],
            display=cell(row, full),
            emails=_values(cell(row, emails)),
            phones=_values(cell(row, phones)),
            company=orgs[0] if orgs else "",
            title=cell(row, title),
            slug=first_slug(urls),
        )
        if record is not None:
            yield record
