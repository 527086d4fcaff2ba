"""Plain records that importers yield and services store.

Importers never touch the store: they turn a file into a stream of these records (and RowErrors),
so that each format can be tested on its own and the store sees one shape whatever the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Direction(StrEnum):
    INCOMING = "in"
    OUTGOING = "out"


# SourceRef and MessageRecord are made once per row of files a million rows long, and a frozen
# dataclass pays for object.__setattr__ on every field (2.2 us against 0.5 us for a message): they are
# left mutable, and nothing may hash them or rely on them not changing.
@dataclass(slots=True)
class SourceRef:
    """Where a record came from: a file (as the user named it, or a zip member) and its line."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True, slots=True)
class RowError:
    """Bad input, as a value: the service decides whether the import stops."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class OwnerRecord:
    """The person whose data this is (Profile.csv, or the owner's side of the export's URLs)."""

    source: SourceRef
    first_name: str = ""
    last_name: str = ""
    headline: str = ""
    industry: str = ""
    location: str = ""
    profile_slug: str | None = None
    emails: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ConnectionRecord:
    """One row of Connections.csv: someone the owner is connected with."""

    source: SourceRef
    first_name: str
    last_name: str
    profile_slug: str | None
    email: str | None
    company: str
    position: str
    connected_on: date | None


@dataclass(frozen=True, slots=True)
class InvitationRecord:
    """One row of Invitations.csv (or one invitation e-mail). Names are display names, already tidied."""

    source: SourceRef
    direction: Direction
    from_name: str
    to_name: str
    sent_at: datetime  # aware; the export gives local time, the importer attaches the owner's zone
    note: str
    inviter_slug: str | None = None
    invitee_slug: str | None = None
    channel: str = "linkedin"
    external_id: str | None = None  # e.g. an invitationId from a notification e-mail

    @property
    def counterpart_name(self) -> str:
        return self.from_name if self.direction is Direction.INCOMING else self.to_name

    @property
    def counterpart_slug(self) -> str | None:
        return self.inviter_slug if self.direction is Direction.INCOMING else self.invitee_slug

    @property
    def owner_slug(self) -> str | None:
        return self.invitee_slug if self.direction is Direction.INCOMING else self.inviter_slug


@dataclass(slots=True)
class MessageRecord:
    """One message of messages.csv (2021 on) or Messages.csv (2018).

    `direction` is set when the file says it (2018); otherwise the service decides it from the owner's
    identity. `sender_slug` and `recipient_slugs` are None or empty when the export hides them.
    """

    source: SourceRef
    conversation_id: str
    sent_at: datetime  # aware, UTC
    from_name: str
    sender_slug: str | None
    to_names: tuple[str, ...]
    recipient_slugs: tuple[str, ...]
    subject: str
    content: str
    folder: str
    direction: Direction | None = None
    conversation_title: str = ""
    is_draft: bool = False
    is_sponsored: bool = False


@dataclass(frozen=True, slots=True)
class OwnerEmailRecord:
    """One of the owner's own addresses (Email Addresses.csv)."""

    source: SourceRef
    email: str
    primary: bool = False


@dataclass(frozen=True, slots=True)
class CalendarEventRecord:
    """One VEVENT of an .ics file: an answer to an invitation (METHOD:REPLY) or an event of a calendar export.

    `partstat` is the attendee's answer in a reply (ACCEPTED, DECLINED, TENTATIVE...), `status` the
    event's own STATUS (CONFIRMED, CANCELLED...); both upper case, empty when absent.
    """

    source: SourceRef
    uid: str
    method: str  # REQUEST, REPLY, CANCEL, PUBLISH..., or "" for a plain calendar export
    partstat: str = ""
    status: str = ""
    sequence: int = 0
    starts_at: datetime | None = None  # aware; None for an all-day or missing start
    # Calendar exports only (no METHOD, or PUBLISH): the event's title, and (address, name) of the
    # organizer and of every attendee who did not decline, addresses lower-case.
    summary: str = ""
    people: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """One entry of an address book (vCard, Google or Outlook CSV, LinkedIn's contacts upload).

    `kind` names the source for Identity.source ("vcard", "google-csv", "outlook-csv", "linkedin-contacts");
    e-mails and phones are as the file has them (the service normalises them), the slug already decoded.
    """

    source: SourceRef
    kind: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str = ""
    title: str = ""
    profile_slug: str | None = None


@dataclass(slots=True)
class EmailRecord:
    """One e-mail of an mbox file or an .eml file, attachments left out.

    Addresses are lower-case; `to` and `cc` hold (address, display name) pairs. `bulk` marks a newsletter,
    a notification or any other mail sent to many (List-Id, List-Unsubscribe, Precedence: bulk,
    Auto-Submitted, no-reply senders).
    """

    source: SourceRef
    message_id: str
    sent_at: datetime  # aware
    from_addr: str
    from_name: str
    to: tuple[tuple[str, str], ...]
    cc: tuple[tuple[str, str], ...]
    subject: str
    text: str
    bulk: bool = False
    thread_id: str = ""


@dataclass(frozen=True, slots=True)
class SkippedItem:
    """Something an importer read and left out on purpose (e.g. a look-alike LinkedIn invitation)."""

    source: SourceRef
    reason: str


@dataclass(frozen=True, slots=True)
class Satisfaction:
    """A satisfaction rating on the source's own scale, normalised: `value` lies in [scale_min, scale_max].

    `raw` is what the file said ("Good, I'm satisfied", "4", "103"); `positive` is the source's own idea
    of a good rating (Zendesk good, 4-5 of 5, Freshdesk's positive codes); `score` puts any scale on 0-100.
    """

    raw: str
    value: float
    scale_min: float
    scale_max: float
    positive: bool
    comment: str = ""
    rated_at: datetime | None = None

    @property
    def score(self) -> float:
        span = self.scale_max - self.scale_min
        return 100.0 * (self.value - self.scale_min) / span if span else 0.0


# A TicketRecord is made once per row of files a million rows long: mutable, like MessageRecord.
@dataclass(slots=True)
class TicketRecord:
    """One service-desk ticket as a ticket system exported it (the last row wins for event logs).

    `system` names the source (zendesk, freshdesk, servicenow, jira, osticket, helpdesk, or the generic
    mapping's own name) and `external_id` the ticket's id there: together they are the ticket's key.
    The requester is named by whatever the export gives: an e-mail, an external id, a name with an
    organization. The agent and the group are names (or e-mails) as the export shows them.
    `revision` orders the rows of one ticket in an event log (a modification count or an update time);
    a row with a lower revision than one already seen for the same ticket does not win.
    """

    source: SourceRef
    system: str
    external_id: str
    opened_at: datetime
    requester_name: str = ""
    requester_email: str | None = None
    requester_external_id: str | None = None
    organization: str = ""
    requester_phone: str | None = None
    subject: str = ""
    description: str = ""
    status: str = ""
    priority: str = ""
    channel: str = ""
    agent_name: str = ""
    agent_email: str | None = None
    group: str = ""
    updated_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    reopens: int = 0
    first_reply_minutes: float | None = None
    requester_wait_minutes: float | None = None
    satisfaction: Satisfaction | None = None
    revision: tuple[int, str] = (0, "")


Record = (
    OwnerRecord
    | ConnectionRecord
    | InvitationRecord
    | MessageRecord
    | OwnerEmailRecord
    | CalendarEventRecord
    | ContactRecord
    | EmailRecord
    | SkippedItem
    | TicketRecord
)


@dataclass(frozen=True, slots=True)
class FileFingerprint:
    """What tells one file of an export from another: its bytes' SHA-256 and size, and the format read."""

    name: str
    sha256: str
    size: int
    format: str


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file an import did not read, because the same bytes were imported before."""

    name: str
    imported_at: datetime


@dataclass(slots=True)
class ImportCounts:
    """What an import did, per kind of thing: people, requests, interactions (and service-desk tickets)."""

    people: int = 0
    requests: int = 0
    interactions: int = 0
    tickets: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"people": self.people, "requests": self.requests, "interactions": self.interactions}


@dataclass(slots=True)
class ImportSummary:
    created: ImportCounts = field(default_factory=ImportCounts)
    updated: ImportCounts = field(default_factory=ImportCounts)
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Meetings marked by .ics answers; None when no calendar file was read.
    meetings: int | None = None
    # Files left unread because their bytes were imported before (not in as_dict: its keys are fixed).
    skipped_files: list[SkippedFile] = field(default_factory=list)
    # The owner's own address when an import had to guess it from a mailbox (shown to the user).
    guessed_owner_email: str | None = None
    # Whether tickets were read: only then do created/updated carry a `tickets` count (the keys of a
    # LinkedIn import's summary stay as they were).
    read_tickets: bool = False

    def as_dict(self) -> dict[str, object]:
        created, updated = self.created.as_dict(), self.updated.as_dict()
        if self.read_tickets:
            created["tickets"], updated["tickets"] = self.created.tickets, self.updated.tickets
        data: dict[str, object] = {
            "created": created,
            "updated": updated,
            "skipped": self.skipped,
            "errors": [str(e) for e in self.errors],
        }
        if self.meetings is not None:
            data["meetings"] = self.meetings
        if self.guessed_owner_email is not None:
            data["guessed_owner_email"] = self.guessed_owner_email
        return data
