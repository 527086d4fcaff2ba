"""What the address-book CSV readers share: numbered columns ("E-mail 2 - Value"), multi-value cells and
turning one row into a ContactRecord."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from meetfirst.core import identity
from meetfirst.core.records import ContactRecord, SourceRef
from meetfirst.importers.tables import Table

# Google joins several values of one cell with " ::: "; LinkedIn's upload with commas or semicolons.
MULTI_VALUE: Final = " ::: "


def numbered(table: Table, pattern: str) -> list[int]:
    """The indexes of the columns whose lower-case name matches `pattern` (e.g. r"e-mail \\d+ - value")."""
    compiled = re.compile(pattern)
    return [index for name, index in table.columns.items() if compiled.fullmatch(name)]


def split_values(cells: Iterable[str], separator: str = MULTI_VALUE) -> tuple[str, ...]:
    """Every non-empty value in these cells, each cell split on `separator`, in order, without repeats."""
    seen: dict[str, None] = {}
    for text in cells:
        for part in text.split(separator):
            value = part.strip()
            if value:
                seen.setdefault(value, None)
    return tuple(seen)


def pick(row: Sequence[str], indexes: Iterable[int]) -> list[str]:
    return [row[i] for i in indexes if i < len(row)]


def first_slug(urls: Iterable[str]) -> str | None:
    for url in urls:
        slug = identity.profile_slug(url)
        if slug:
            return slug
    return None


def contact(
    table: Table,
    line: int,
    kind: str,
    *,
    first: str,
    last: str,
    display: str = "",
    emails: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
    company: str = "",
    title: str = "",
    slug: str | None = None,
) -> ContactRecord | None:
    """One contact, or None for a row with nothing to keep (no name, address, phone or profile)."""
    first, last = identity.tidy_name(first), identity.tidy_name(last)
    display = identity.tidy_name(display) or identity.tidy_name(f"{first} {last}")
    if not (display or emails or phones or slug):
        return None
    return ContactRecord(
        source=SourceRef(table.name, line),
        kind=kind,
        display_name=display,
        first_name=first,
        last_name=last,
        emails=emails,
        phones=phones,
        company=identity.tidy_name(company),
        title=identity.tidy_name(title),
        profile_slug=slug,
    )
