"""The explicit list of formats meetfirst reads, in the order an export's files are read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Final

from meetfirst.core.records import Record, RowError
from meetfirst.importers import (
    google_csv,
    ics,
    linkedin,
    linkedin_contacts,
    linkedin_messages,
    mbox,
    outlook_csv,
    tickets_freshdesk,
    tickets_generic,
    tickets_helpdesk,
    tickets_jira,
    tickets_osticket,
    tickets_servicenow,
    tickets_zendesk,
    vcard,
)
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

GOOGLE_CONTACTS: Final = FileFormat(
    info=FormatInfo(
        "google-csv", "Google Contacts CSV, the current export (First Name, ..., ' ::: ' values)"
    ),
    rank=5,
    signature=google_csv.CURRENT_SIGNATURE,
    required=google_csv.CURRENT_SIGNATURE,
    read=google_csv.read_current,
)
GOOGLE_CONTACTS_LEGACY: Final = FileFormat(
    info=FormatInfo("google-csv-legacy", "Google Contacts CSV, the legacy export (Name, Given Name, ...)"),
    rank=5,
    signature=google_csv.LEGACY_SIGNATURE,
    required=google_csv.LEGACY_SIGNATURE,
    read=google_csv.read_legacy,
)
OUTLOOK_CONTACTS: Final = FileFormat(
    info=FormatInfo("outlook-csv", "Outlook contacts CSV (Outlook for Windows, Outlook.com)"),
    rank=5,
    signature=outlook_csv.SIGNATURE,
    required=outlook_csv.SIGNATURE,
    read=outlook_csv.read_outlook,
)
LINKEDIN_CONTACTS: Final = FileFormat(
    info=FormatInfo(
        "linkedin-contacts", "ImportedContacts.csv / Contacts.csv: the address books uploaded to LinkedIn"
    ),
    rank=5,
    signature=linkedin_contacts.SIGNATURE,
    required=linkedin_contacts.SIGNATURE,
    read=linkedin_contacts.read_contacts,
)
LINKEDIN_CONTACTS_2018: Final = FileFormat(
    info=FormatInfo("linkedin-contacts-2018", "Imported Contacts.csv (2018): uploaded address books"),
    rank=5,
    signature=linkedin_contacts.SIGNATURE_2018,
    required=linkedin_contacts.SIGNATURE_2018,
    read=linkedin_contacts.read_contacts,
)

# Ticket exports: found by their headers like the rest, read after the people files of an export.
ZENDESK_CSV: Final = _format(
    "zendesk-csv",
    "Zendesk admin CSV export of tickets (Requester email, Satisfaction Score, ...)",
    6,
    set(tickets_zendesk.CSV_SIGNATURE),
    read=tickets_zendesk.read_csv,
)
FRESHDESK_CSV: Final = _format(
    "freshdesk-csv",
    "Freshdesk (or Freshservice) ticket export CSV (Ticket ID, Created time, Survey results, ...)",
    6,
    set(tickets_freshdesk.SIGNATURE),
    read=tickets_freshdesk.read_csv,
)
SERVICENOW_CSV: Final = _format(
    "servicenow-csv",
    "ServiceNow incident list CSV (number, caller_id, opened_at, ...), event logs included",
    6,
    set(tickets_servicenow.SIGNATURE),
    *tickets_servicenow.REQUIRED,
    read=tickets_servicenow.read_csv,
)
JIRA_CSV: Final = _format(
    "jira-csv",
    "Jira Service Management issue export CSV (Issue key, Reporter, repeated Comment columns, ...)",
    6,
    set(tickets_jira.SIGNATURE),
    read=tickets_jira.read_csv,
)
OSTICKET_CSV: Final = _format(
    "osticket-csv",
    "osTicket queue export CSV (Ticket Number, From Email, Agent Assigned, ...)",
    6,
    set(tickets_osticket.SIGNATURE),
    read=tickets_osticket.read_csv,
)
TICKET_FORMATS: Final = (ZENDESK_CSV, FRESHDESK_CSV, SERVICENOW_CSV, JIRA_CSV, OSTICKET_CSV)
# Not found by a header: a CSV file read through the user's mapping.toml (importers.read's `mapping`).
MAPPED_TICKETS: Final = FormatInfo(
    tickets_generic.NAME, "Any ticket CSV, read through a saved column mapping (import --mapping FILE)"
)

FILE_FORMATS: Final[tuple[FileFormat, ...]] = (
    PROFILE,
    EMAILS,
    CONNECTIONS,
    INVITATIONS,
    MESSAGES,
    MESSAGES_2018,
    GOOGLE_CONTACTS,
    GOOGLE_CONTACTS_LEGACY,
    OUTLOOK_CONTACTS,
    LINKEDIN_CONTACTS,
    LINKEDIN_CONTACTS_2018,
    *TICKET_FORMATS,
)


@dataclass(frozen=True, slots=True)
class ContentFormat:
    """A format found by a file's first bytes rather than a CSV header, read by `read(name, stream)`.

    `suffixes` are the names (lower case) under which such a file is looked for inside a folder or a zip;
    files the user names directly are sniffed whatever their name. `rank` orders them after the CSV files.
    """

    info: FormatInfo
    rank: int
    looks_like: Callable[[bytes], bool]
    read: Callable[[str, IO[bytes]], Iterator[Record | RowError]]
    suffixes: tuple[str, ...]
    refusal: str = ""  # why a file named with --format is not one

    @property
    def name(self) -> str:
        return self.info.name


VCARD: Final = ContentFormat(
    FormatInfo("vcard", "vCard address book (.vcf) from Apple Contacts, Google Contacts or Outlook"),
    0,
    vcard.looks_like_vcard,
    vcard.read_vcards,
    (".vcf", ".vcard"),
    "it is not a vCard file (no BEGIN:VCARD)",
)
MBOX: Final = ContentFormat(
    FormatInfo("mbox", "A mailbox file (mbox) from Thunderbird, Apple Mail or Gmail Takeout"),
    1,
    mbox.looks_like_mbox,
    mbox.read_mbox,
    (".mbox", "/mbox"),
    'it is not an mbox file (it does not start with a "From " line)',
)
EML: Final = ContentFormat(
    FormatInfo("eml", "One e-mail message (.eml); a folder of them is read message by message"),
    2,
    mbox.looks_like_eml,
    mbox.read_eml,
    (".eml",),
    "it is not an e-mail message (no mail headers at its start)",
)
# Calendars are read only when named directly (a folder's stray .ics files are not meant as answers).
CALENDAR_FILE: Final = ContentFormat(
    CALENDAR,
    3,
    ics.looks_like_calendar,
    ics.read_calendar,
    (),
    "it is not an iCalendar file (no BEGIN:VCALENDAR)",
)
_JSON_SUFFIXES: Final = (".json", ".jsonl", ".ndjson")
ZENDESK_JSON: Final = ContentFormat(
    FormatInfo(
        "zendesk-json", "Zendesk API JSON: a tickets document with its users, or JSON lines of tickets"
    ),
    4,
    tickets_zendesk.looks_like_json,
    tickets_zendesk.read_json,
    _JSON_SUFFIXES,
    'it is not Zendesk JSON (no "tickets" and no ticket object at its start)',
)
HELPDESK_JSON: Final = ContentFormat(
    FormatInfo(
        "helpdesk-json", "django-helpdesk Django fixture (dumpdata of helpdesk.ticket, followup, queue)"
    ),
    5,
    tickets_helpdesk.looks_like_fixture,
    tickets_helpdesk.read_fixture,
    _JSON_SUFFIXES,
    'it is not a django-helpdesk fixture (no "helpdesk." models at its start)',
)
# Sniffed in this order: an .eml's loose header test comes last.
CONTENT_FORMATS: Final[tuple[ContentFormat, ...]] = (
    CALENDAR_FILE,
    VCARD,
    MBOX,
    HELPDESK_JSON,
    ZENDESK_JSON,
    EML,
)
FORMATS: Final[list[FormatInfo]] = [
    WHOLE_EXPORT,
    *(each.info for each in FILE_FORMATS),
    MAPPED_TICKETS,
    *(each.info for each in CONTENT_FORMATS),
]
