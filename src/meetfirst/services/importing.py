"""Importing files: one atomic, idempotent, streaming pass from records to the store.

The importers turn files into records; this module decides what each record means for the store (who is
who, which requests are new, which way a message went) and writes in batches. Everything happens in one
transaction: a bad row (unless the user asked to skip them) or any failure leaves the store as it was.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.db import transaction

from meetfirst import importers
from meetfirst.core.clock import local_zone
from meetfirst.core.errors import BadRows, UnreadableFile
from meetfirst.core.identity import email_key, name_key, tidy_name
from meetfirst.core.records import (
    CalendarEventRecord,
    ConnectionRecord,
    ContactRecord,
    EmailRecord,
    FileFingerprint,
    ImportSummary,
    InvitationRecord,
    MessageRecord,
    OwnerEmailRecord,
    OwnerRecord,
    Record,
    RowError,
    SkippedFile,
    SkippedItem,
    TicketRecord,
)
from meetfirst.services import clock, lifecycle, meetings, policy, resolution, triage
from meetfirst.services.import_contacts import ContactSorter, phone_region
from meetfirst.services.import_mail import MAIL_BATCH, MailSorter
from meetfirst.services.import_messages import MessageSorter
from meetfirst.services.import_owner import OwnerView, split_name
from meetfirst.services.import_tickets import TICKET_BATCH, TicketSorter
from meetfirst.store import imported_files, ingest, interaction_ingest, memory_map
from meetfirst.store.models import Identity, Interaction

log = logging.getLogger(__name__)

# Rows per write; big enough that per-statement costs vanish, small enough to keep memory flat.
PEOPLE_BATCH = 2000
REQUEST_BATCH = 2000
INTERACTION_BATCH = 5000
# Container allocations between two young-generation garbage collections while an import reads (Python's
# default is 700: a million-row file then spent a fifth of its CPU walking the people index it keeps). A
# collection walks every young object still alive, and a batch of rows lives until it is written: above a
# batch's worth, most rows are freed before any collection sees them (1M tickets: 45 collections and 1.3 s
# at 20,000; 6 and 0.24 s at 100,000). Objects freed count back down, so this bounds what cyclic garbage
# could pile up before it is collected to 100,000 containers.
IMPORT_GC_THRESHOLD = 100_000
# Bad rows kept for the report; past this only their number grows.
ERRORS_KEPT = 1000
ERRORS_SHOWN = 5


def import_paths(
    paths: Sequence[Path],
    *,
    format: str | None = None,
    skip_bad_rows: bool = False,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
    mapping: Path | None = None,
) -> ImportSummary:
    """Import files or folders (a LinkedIn export as a zip, a folder or single files) into the store.

    A CSV file whose very bytes were imported before is not read again (it could change nothing) and is
    listed in `skipped_files`; `force` reads every file anyway. With `mapping` (a saved column mapping,
    mapping.toml), CSV files are read as tickets through it.
    """
    for path in paths:
        if not path.exists():
            raise UnreadableFile("no such file or folder", file=str(path))
    zone = local_zone(policy.load_policy().timezone)
    files = _FileLedger(force=force)
    with memory_map.unmapped(), transaction.atomic():
        records = importers.read(
            paths, format=format, zone=zone, progress=progress, skip=files.skip, mapping=mapping
        )
        summary = ingest_records(records, skip_bad_rows=skip_bad_rows, now=now)
        # Inside the transaction: a failed import remembers no file.
        imported_files.remember(fingerprints=files.read, at=now or clock.now())
    summary.files = [str(p) for p in paths]
    summary.skipped_files = files.skipped
    summary.read_tickets = summary.read_tickets or mapping is not None  # a ticket import, even if skipped
    return summary


class _FileLedger:
    """Which files an import reads, and which it leaves alone because their bytes were imported before."""

    def __init__(self, *, force: bool) -> None:
        self.force = force
        self.read: list[FileFingerprint] = []
        self.skipped: list[SkippedFile] = []

    def skip(self, fingerprint: FileFingerprint) -> bool:
        before = None if self.force else imported_files.imported_at(fingerprint=fingerprint)
        if before is None:
            self.read.append(fingerprint)
            return False
        log.info("import: %s was imported on %s; not read again", fingerprint.name, before)
        self.skipped.append(SkippedFile(name=fingerprint.name, imported_at=before))
        return True


def ingest_records(
    records: Iterable[Record | RowError], *, skip_bad_rows: bool = False, now: datetime | None = None
) -> ImportSummary:
    """Store a stream of records atomically; raise BadRows (storing nothing) when a row was bad."""
    moment = now or clock.now()
    with transaction.atomic():
        run = _Import(skip_bad_rows=skip_bad_rows)
        with interaction_ingest.interactions_indexed_at_the_end(), _fewer_collections():
            try:
                for item in records:
                    run.take(item)
                summary = run.finish()
            except BaseException:
                run.abandon()
                raise
        if summary.errors and not skip_bad_rows:
            raise BadRows(describe_errors(summary.errors, run.bad_rows))
        if run.calendar_events:
            summary.created.interactions += meetings.record_held_events(run.calendar_events, now=moment)
        # One human, one person: fuzzy matches among the people this import touched, before triage.
        # An import of tickets alone skips it: their requesters were already resolved by the rules the
        # exports support (e-mail, the system's own id, name with organization), and fuzzy-matching each
        # of a desk's 100,000 customers against everyone would take longer than the import itself.
        if run.read_other or run.tickets is None:
            resolution.resolve(person_ids=run.people.created | run.people.updated, now=moment)
        triage.triage_new(now=moment)
        if run.evidence or run.calendar_events:
            triage.retriage(now=moment)  # the user's own decisions are kept
        lifecycle.advance(now=moment)
    return summary


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often while an import reads: its rows die young and make no cycles."""
    before = gc.get_threshold()
    gc.set_threshold(IMPORT_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def describe_errors(errors: Sequence[RowError], total: int) -> str:
    """The first few bad rows as `file:line: message`, and how many there were."""
    shown = "; ".join(str(e) for e in errors[:ERRORS_SHOWN])
    more = total - min(len(errors), ERRORS_SHOWN)
    counted = f"{total} bad row{'s' if total != 1 else ''}"
    return f"{counted}: {shown}" + (f"; and {more} more" if more > 0 else "")


def request_key(record: InvitationRecord, *, counterpart: str) -> str:
    """A stable key for an invitation: the channel's own id, else who, which way and the minute sent."""
    if record.external_id:
        return f"{record.channel}:id:{record.external_id}"
    minute = record.sent_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")
    return f"{record.channel}:{record.direction.value}:{counterpart}:{minute}"


class _Import:
    """The state of one import: who is who, the owner, the rows waiting to be written, and the counts."""

    def __init__(self, *, skip_bad_rows: bool) -> None:
        self.skip_bad_rows = skip_bad_rows
        self.summary = ImportSummary()
        self.bad_rows = 0
        self.people = ingest.PeopleIndex.load()
        self.owner = OwnerView.load()
        self.interactions = interaction_ingest.InteractionBatch(
            kind=Interaction.Kind.MESSAGE, channel="linkedin"
        )
        self.messages = MessageSorter(
            owner=self.owner, person=self.person, by_slug=self.people.by_slug, batch=self.interactions
        )
        self.requests: list[ingest.RequestRow] = []
        self.created_requests: set[int] = set()
        self.updated_requests: set[int] = set()
        self.calendar_events: list[CalendarEventRecord] | None = None
        # Mail, address books or calendars read: evidence that may change the verdict of older requests.
        self.evidence = False
        settings = policy.load_policy()
        self.contacts = ContactSorter(people=self.people, owner=self.owner, region=phone_region(settings))
        self.mail = MailSorter(people=self.people, owner=self.owner, my_emails=settings.my_emails)
        self.tickets: TicketSorter | None = None  # made on the first ticket: a LinkedIn import needs none
        self.read_other = False  # whether anything but tickets was read (see ingest_records)

    # --- records ----------------------------------------------------------------------------------

    def take(self, item: Record | RowError) -> None:
        if type(item) is MessageRecord and not self.summary.errors:  # a million times: the short way
            self.read_other = True
            self.summary.skipped += self.messages.take(item)
            if len(self.interactions.rows) >= INTERACTION_BATCH:
                self._flush()
            return
        if type(item) is TicketRecord and not self.summary.errors:  # the same for ticket exports
            self._ticket(item)
            return
        if isinstance(item, RowError):
            self._bad(item)
            return
        if self.stopped:
            return  # nothing will be stored; keep reading only to count the bad rows
        if isinstance(item, TicketRecord):
            self._ticket(item)
            return
        self.read_other = True
        if isinstance(item, MessageRecord):
            self.summary.skipped += self.messages.take(item)
        elif isinstance(item, ConnectionRecord):
            self._connection(item)
        elif isinstance(item, InvitationRecord):
            self._invitation(item)
        elif isinstance(item, OwnerRecord):
            self.owner.learn_profile(item)
        elif isinstance(item, OwnerEmailRecord):
            self.owner.learn_email(item.email)
        elif isinstance(item, CalendarEventRecord):
            if self.calendar_events is None:
                self.calendar_events = []
            self.calendar_events.append(item)
        elif isinstance(item, EmailRecord):
            self.evidence = True
            self.summary.skipped += self.mail.take(item)
        elif isinstance(item, ContactRecord):
            self.evidence = True
            self.summary.skipped += self.contacts.take(item)
        elif isinstance(item, SkippedItem):
            log.info("import: %s: left out, %s", item.source, item.reason)
            self.summary.skipped += 1
        if (
            len(self.interactions) >= INTERACTION_BATCH
            or len(self.mail) >= MAIL_BATCH
            or len(self.requests) >= REQUEST_BATCH
            or self.people.waiting >= PEOPLE_BATCH
        ):
            self._flush()

    def _ticket(self, record: TicketRecord) -> None:
        tickets = self.tickets
        if tickets is None:
            tickets = self.tickets = TicketSorter(people=self.people)
            self.summary.read_tickets = True
        self.summary.skipped += tickets.take(record)
        # People wait for the tickets' batch (at most one new person per ticket): one check per row.
        if len(tickets.waiting) >= TICKET_BATCH:
            self._flush()

    def abandon(self) -> None:
        """On the way out of a failed import: let a background write end before the rollback."""
        if self.tickets is not None:
            try:
                self.tickets.settle()
            except Exception:  # the import is failing already; its own error is the one to report
                log.debug("import: a background ticket write failed too", exc_info=True)

    @property
    def stopped(self) -> bool:
        """Whether a bad row has already doomed this import (the user did not ask to skip them)."""
        return bool(self.summary.errors) and not self.skip_bad_rows

    def _bad(self, error: RowError) -> None:
        self.bad_rows += 1
        self.summary.skipped += 1
        if len(self.summary.errors) < ERRORS_KEPT:
            self.summary.errors.append(error)

    def _connection(self, record: ConnectionRecord) -> None:
        display = tidy_name(f"{record.first_name} {record.last_name}")
        key = name_key(display)
        email = email_key(record.email)
        slug = record.profile_slug or None
        if not (slug or key or email) or self.owner.is_own_slug(slug):
            # A hidden or closed member's row holds only a date; the owner is never a person.
            self.summary.skipped += 1
            return
        person_id = self.person(slug=slug, email=email, name=display, key=key, source=str(record.source))
        snapshot = ingest.connection_snapshot(
            first_name=tidy_name(record.first_name),
            last_name=tidy_name(record.last_name),
            display_name=display,
            name_key=key,
            company=tidy_name(record.company),
            position=tidy_name(record.position),
            connected_on=record.connected_on,
        )
        self.people.change(person_id, snapshot)

    def _invitation(self, record: InvitationRecord) -> None:
        self.owner.learn_from_invitation(record)
        slug = record.counterpart_slug or None
        name = tidy_name(record.counterpart_name)
        key = name_key(name)
        if not (slug or key) or self.owner.is_own_slug(slug):
            self.summary.skipped += 1
            return
        person_id = self.person(slug=slug, email=None, name=name, key=key, source=str(record.source))
        self.requests.append(
            ingest.RequestRow(
                person_id=person_id,
                key=request_key(record, counterpart=slug or f"name:{key}"),
                channel=record.channel,
                direction=record.direction.value,
                sent_at=record.sent_at,
                note=record.note,
                source=str(record.source),
            )
        )

    # --- people -----------------------------------------------------------------------------------

    def person(self, *, slug: str | None, email: str | None, name: str, key: str, source: str) -> int:
        """The person these keys name, created when nobody matches; missing keys are attached."""
        if slug and email is None:
            known = self.people.by_slug.get(slug)
            if known is not None:
                return known  # the common case, a million times over for messages
        person_id = self.people.find(slug=slug, email=email, name_key=key)
        if person_id is None:
            display = tidy_name(name) or slug or email or ""
            first, last = split_name(display)
            person_id = self.people.create(
                {
                    "display_name": ingest.fit(display, 300),
                    "first_name": ingest.fit(first, 200),
                    "last_name": ingest.fit(last, 200),
                    "name_key": ingest.fit(key, 300),
                }
            )
        if slug:
            self.people.attach(person_id, kind=Identity.Kind.LINKEDIN, value=slug, source=source[:500])
        if email:
            self.people.attach(person_id, kind=Identity.Kind.EMAIL, value=email, source=source[:500])
        return person_id

    # --- writing ----------------------------------------------------------------------------------

    def _flush(self) -> None:
        if self.tickets is not None:
            self.tickets.settle()  # the last batch of tickets may still be being written
        self.owner.save()
        # A ticket import alone copies its new people in the background with the tickets that name them.
        tickets_behind = self.tickets is not None and self.tickets.copies_behind and not self.read_other
        copies = self.people.flush(copy_later=tickets_behind)
        if self.requests:
            created, updated = ingest.write_requests(self.requests, real=self.people.real)
            self.created_requests.update(created)
            self.updated_requests.update(updated)
            self.requests = []
        if self.interactions:
            self.summary.created.interactions += self.interactions.write(real=self.people.real)
        if len(self.mail):
            self.summary.created.interactions += self.mail.batch.write(real=self.people.real)
        if self.tickets is not None:
            self.tickets.write(first=copies)

    def finish(self) -> ImportSummary:
        """Write what waits, move requests of new connections to accepted, and count."""
        if not self.stopped:
            self.summary.skipped += self.messages.finish()
            self.summary.skipped += self.mail.finish()
            self._flush()
            if self.tickets is not None:
                self.tickets.finish()
            accepted = ingest.accept_requests_of_connections()
            self.updated_requests.update(accepted)
            if self.calendar_events is not None:
                self.summary.meetings = meetings.apply_calendar_events(self.calendar_events)
        summary = self.summary
        summary.guessed_owner_email = self.mail.guessed
        summary.created.people = len(self.people.created)
        summary.updated.people = len(self.people.updated - self.people.created)
        summary.created.requests = len(self.created_requests)
        summary.updated.requests = len(self.updated_requests - self.created_requests)
        if self.tickets is not None:
            summary.created.tickets = self.tickets.created
            summary.updated.tickets = self.tickets.updated
            summary.created.interactions += self.tickets.moments_created
            summary.updated.interactions += self.tickets.moments_updated
        if self.bad_rows > len(summary.errors) and summary.errors:
            last = summary.errors[-1]
            extra = self.bad_rows - len(summary.errors)
            summary.errors.append(RowError(last.file, 0, f"and {extra} more bad rows"))
        log.info("import: %s", summary.as_dict())
        return summary
