"""Row readers for the small files of a LinkedIn export: Profile, Email Addresses, Connections, Invitations.

Each reader takes an open Table (header found, columns mapped by name) and yields records, or a RowError
for a row it cannot read. Names are tidied, profile URLs become slugs; everything else is left as the
export has it. Helpers shared with the messages readers live here too.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from meetfirst.core import dates, identity
from meetfirst.core.records import (
    ConnectionRecord,
    Direction,
    InvitationRecord,
    OwnerEmailRecord,
    OwnerRecord,
    Record,
    RowError,
    SourceRef,
)
from meetfirst.importers.tables import Table

# The same URLs, names and dates come back on row after row (a million messages from a few thousand
# people), so the pure helpers are cached. The caches are bounded, so that a hostile file cannot grow them.
slug_of = lru_cache(maxsize=1 << 15)(identity.profile_slug)
name_of = lru_cache(maxsize=1 << 15)(identity.tidy_name)
_us_datetime = lru_cache(maxsize=1 << 12)(dates.parse_us_datetime)
_connected_on = lru_cache(maxsize=1 << 12)(dates.parse_connected_on)

DIRECTIONS = {"INCOMING": Direction.INCOMING, "OUTGOING": Direction.OUTGOING}


def bad_direction(text: str) -> str:
    return f"the Direction {text!r} is neither INCOMING nor OUTGOING"


def cell(row: list[str], index: int | None) -> str:
    """The stripped value of an optional column ('' when the file has no such column)."""
    return row[index].strip() if index is not None else ""


def read_profile(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """Profile.csv: one row about the owner."""
    columns = table.columns
    first, last = columns["first name"], columns["last name"]
    headline, industry = columns.get("headline"), columns.get("industry")
    geo, country = columns.get("geo location"), columns.get("country")
    for line, row in table.rows():
        if len(row) != len(table.header) and (problem := table.width_problem(row)):
            yield RowError(table.name, line, problem)
            continue
        yield OwnerRecord(
            source=SourceRef(table.name, line),
            first_name=name_of(row[first]),
            last_name=name_of(row[last]),
            headline=cell(row, headline),
            industry=cell(row, industry),
            location=cell(row, geo) or cell(row, country),
        )
        return  # the file has one row; anything after it is not the owner


def read_emails(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """Email Addresses.csv: the owner's own addresses."""
    address, primary = table.columns["email address"], table.columns.get("primary")
    for line, row in table.rows():
        if len(row) != len(table.header) and (problem := table.width_problem(row)):
            yield RowError(table.name, line, problem)
            continue
        email = identity.email_key(row[address])
        if email is None:
            yield RowError(table.name, line, f"not an e-mail address: {row[address]!r}")
            continue
        is_primary = cell(row, primary).lower() == "yes"
        yield OwnerEmailRecord(source=SourceRef(table.name, line), email=email, primary=is_primary)


def read_connections(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """Connections.csv, any era: with or without the preamble and the URL column, Excel re-saves too.

    Rows of hidden or closed accounts hold only the date; they are skipped without an error.
    """
    columns = table.columns
    first, last, connected_on = columns["first name"], columns["last name"], columns["connected on"]
    url, email = columns.get("url"), columns.get("email address")
    company, position = columns.get("company"), columns.get("position")
    width = len(table.header)
    name = table.name
    for line, row in table.rows():
        if len(row) != width and (problem := table.width_problem(row)):
            yield RowError(name, line, problem)
            continue
        first_name, last_name = name_of(row[first]), name_of(row[last])
        profile = row[url] if url is not None else ""
        if not (first_name or last_name or profile.strip()):
            continue  # a hidden or closed member: only the date is left
        when = row[connected_on].strip()
        try:
            on: date | None = _connected_on(when) if when else None
        except ValueError:
            yield RowError(name, line, f"cannot read the Connected On date {when!r}")
            continue
        yield ConnectionRecord(
            source=SourceRef(name, line),
            first_name=first_name,
            last_name=last_name,
            profile_slug=slug_of(profile) if profile else None,
            email=identity.email_key(row[email]) if email is not None else None,
            company=cell(row, company),
            position=cell(row, position),
            connected_on=on,
        )


def read_invitations(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """Invitations.csv, any era. Sent At is the owner's local time, so it gets `zone` attached."""
    columns = table.columns
    sender, recipient = columns["from"], columns["to"]
    sent_at, direction_at = columns["sent at"], columns["direction"]
    message = columns.get("message")
    inviter_url, invitee_url = columns.get("inviterprofileurl"), columns.get("inviteeprofileurl")
    width = len(table.header)
    name = table.name
    for line, row in table.rows():
        if len(row) != width and (problem := table.width_problem(row)):
            yield RowError(name, line, problem)
            continue
        direction = DIRECTIONS.get(row[direction_at].strip().upper())
        if direction is None:
            yield RowError(name, line, bad_direction(row[direction_at]))
            continue
        try:
            when: datetime = _us_datetime(row[sent_at].strip())
        except ValueError:
            yield RowError(name, line, f"cannot read the Sent At time {row[sent_at]!r}")
            continue
        inviter_slug = slug_of(row[inviter_url]) if inviter_url is not None else None
        invitee_slug = slug_of(row[invitee_url]) if invitee_url is not None else None
        from_name, to_name = name_of(row[sender]), name_of(row[recipient])
        other_name, other_slug = (
            (from_name, inviter_slug) if direction is Direction.INCOMING else (to_name, invitee_slug)
        )
        if not (other_name or other_slug):
            side = "From" if direction is Direction.INCOMING else "To"
            yield RowError(name, line, f"this invitation has no {side} name and no profile URL")
            continue
        yield InvitationRecord(
            source=SourceRef(name, line),
            direction=direction,
            from_name=from_name,
            to_name=to_name,
            sent_at=when.replace(tzinfo=zone),
            note=cell(row, message),
            inviter_slug=inviter_slug,
            invitee_slug=invitee_slug,
        )


def owner_slug_in_invitations(table: Table, *, max_rows: int = 200) -> str | None:
    """The owner's slug: the invitee on INCOMING rows, the inviter on OUTGOING rows (late 2023 on)."""
    columns = table.columns
    inviter_url, invitee_url = columns.get("inviterprofileurl"), columns.get("inviteeprofileurl")
    direction_at = columns.get("direction")
    if inviter_url is None or invitee_url is None or direction_at is None:
        return None
    for count, (_, row) in enumerate(table.rows()):
        if count >= max_rows:
            break
        if len(row) <= max(inviter_url, invitee_url, direction_at):
            continue
        direction = DIRECTIONS.get(row[direction_at].strip().upper())
        if direction is not None:
            owner_url = row[invitee_url] if direction is Direction.INCOMING else row[inviter_url]
            if slug := slug_of(owner_url):
                return slug
    return None
