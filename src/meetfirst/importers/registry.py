"""The explicit list of formats meetfirst reads, in the order an export's files are read."""

from __future__ import annotations

from typing import Final

from meetfirst.importers import ics, linkedin, linkedin_messages
from meetfirst.importers.formats import FileFormat, FormatInfo, RowReader

WHOLE_EXPORT: Final = FormatInfo(
    "linkedin", "A whole LinkedIn data export: the .zip LinkedIn sends, or the folder it unpacks to"
)
# Found by content (BEGIN:VCALENDAR), not by a CSV header; read by importers.ics, after the CSV files.
CALENDAR: Final = FormatInfo(
    "ics", "An iCalendar file (.ics): an answer to a meeting invitation, or a calendar export"
)
looks_like_calendar = ics.looks_like_calendar
read_calendar = ics.read_calendar


def _format(
    name: str, description: str, rank: int, signature: set[str], *extra: str, read: RowReader
) -> FileFormat:
    """A format found by `signature` (lower-case header names) that also needs the `extra` columns."""
    return FileFormat(
        info=FormatInfo(name, description),
        rank=rank,
        signature=frozenset(signature),
        required=frozenset(signature | set(extra)),
        read=read,
    )


PROFILE: Final = _format(
    "linkedin-profile",
    "Profile.csv: the owner's name, headline, industry and location",
    0,
    {"first name", "last name", "headline", "birth date"},
    read=linkedin.read_profile,
)
EMAILS: Final = _format(
    "linkedin-emails",
    "Email Addresses.csv: the owner's own e-mail addresses",
    1,
    {"email address", "confirmed", "primary"},
    read=linkedin.read_emails,
)
CONNECTIONS: Final = _format(
    "linkedin-connections",
    "Connections.csv: the people the owner is connected with (any era, Excel re-saves too)",
    2,
    {"first name", "connected on"},
    "last name",
    read=linkedin.read_connections,
)
INVITATIONS: Final = _format(
    "linkedin-invitations",
    "Invitations.csv: connection requests sent and received in the last months",
    3,
    {"from", "to", "sent at", "direction"},
    read=linkedin.read_invitations,
)
MESSAGES: Final = _format(
    "linkedin-messages",
    "messages.csv (2021 on): every message, in every column variant LinkedIn has used",
    4,
    {"conversation id", "from", "to", "date", "content"},
    read=linkedin_messages.read_messages,
)
MESSAGES_2018: Final = _format(
    "linkedin-messages-2018",
    "Messages.csv (2018): messages with Direction and Folder columns, no conversation ids",
    4,
    {"from", "to", "date", "content", "direction"},
    read=linkedin_messages.read_messages_2018,
)

FILE_FORMATS: Final[tuple[FileFormat, ...]] = (
    PROFILE,
    EMAILS,
    CONNECTIONS,
    INVITATIONS,
    MESSAGES,
    MESSAGES_2018,
)
FORMATS: Final[list[FormatInfo]] = [WHOLE_EXPORT, *(each.info for each in FILE_FORMATS), CALENDAR]
