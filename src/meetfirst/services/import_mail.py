"""E-mails into interactions: which way each went, seen from the owner's addresses, and with whom.

The owner's addresses come from the store (the export's Email Addresses.csv), the policy's `my_emails`,
or, failing both, the mailbox itself: the first messages are held back and the address that is on most
of them is taken as the owner's (stored, and shown in the import's summary). Each non-owner participant
of a message gets one interaction; a newsletter or a no-reply sender never creates a new person.
"""

from __future__ import annotations

import logging
from collections import Counter
from hashlib import blake2b

from meetfirst.core.records import EmailRecord
from meetfirst.services.import_owner import OwnerView, folded_name, split_name
from meetfirst.store import ingest
from meetfirst.store.mail_ingest import MailBatch
from meetfirst.store.models import Identity, Interaction

log = logging.getLogger(__name__)

# Messages held back while the owner's address is unknown; enough to tell it from any correspondent.
OWNER_GUESS_WINDOW = 2000
# A message to more people than this is a broadcast: only its sender counts as a participant.
MAX_PARTICIPANTS = 20
# E-mails per write: each carries up to 20,000 characters of text, so fewer than other interactions.
MAIL_BATCH = 1000
OUTGOING = str(Interaction.DirectionChoice.OUTGOING.value)
INCOMING = str(Interaction.DirectionChoice.INCOMING.value)
COPIED = str(Interaction.DirectionChoice.NONE.value)


def mail_key(record: EmailRecord, address: str) -> str:
    """The key of the interaction one message makes with one participant: the same in every mailbox it
    is found in (Sent and Inbox, two exports), from its Message-ID, else its date, sender and subject."""
    ident = (
        record.message_id or f"{int(record.sent_at.timestamp())}\x1f{record.from_addr}\x1f{record.subject}"
    )
    digest = blake2b(f"{ident}\x1f{address}".encode("utf-8", "surrogatepass"), digest_size=16)
    return f"mail:{digest.hexdigest()}"


class MailSorter:
    """Turns EmailRecords into e-mail interactions during one import."""

    def __init__(self, *, people: ingest.PeopleIndex, owner: OwnerView, my_emails: tuple[str, ...]) -> None:
        self.people = people
        self.owner = owner
        self.batch = MailBatch()
        self.mine: set[str] = set(owner.row.emails) | set(my_emails)
        self.guessed: str | None = None
        self._waiting: list[EmailRecord] = []

    def __len__(self) -> int:
        return len(self.batch)

    def take(self, record: EmailRecord) -> int:
        """Queue one message; returns how many messages were skipped."""
        if self._waiting or not self.mine:
            self._waiting.append(record)
            return self._settle() if len(self._waiting) >= OWNER_GUESS_WINDOW else 0
        return self._store(record)

    def finish(self) -> int:
        """Store the messages still held back; returns how many were skipped."""
        return self._settle() if self._waiting else 0

    def _settle(self) -> int:
        waiting, self._waiting = self._waiting, []
        if not self.mine:
            self._guess(waiting)
        return sum(self._store(record) for record in waiting)

    def _guess(self, records: list[EmailRecord]) -> None:
        """The owner is on nearly every message of their own mailbox: take the address on the most."""
        seen: Counter[str] = Counter()
        for record in records:
            seen.update({record.from_addr, *(a for a, _ in record.to), *(a for a, _ in record.cc)})
        if not seen:
            return
        best, count = seen.most_common(1)[0]
        log.info("no address of the owner known; taking %s, on %d of %d messages", best, count, len(records))
        self.guessed = best
        self.mine.add(best)
        self.owner.learn_email(best)

    def _store(self, record: EmailRecord) -> int:
        outgoing = record.from_addr in self.mine
        others = [(a, n) for a, n in (*record.to, *record.cc) if a not in self.mine]
        if outgoing:
            parties = others
        elif len(others) + 1 > MAX_PARTICIPANTS:
            parties = [(record.from_addr, record.from_name)]
        else:
            parties = [(record.from_addr, record.from_name), *others]
        source = f"mbox:{record.source.file}"  # mail has no line numbers: file#message
        stored = 0
        seen: set[int] = set()
        for position, (address, name) in enumerate(parties):
            person_id = self._person(address, name, source, may_create=not record.bulk)
            if person_id is None or person_id in seen:
                continue
            seen.add(person_id)
            # Only the sender wrote an incoming message: the others copied on it did not ("" = neither way),
            # so that being copied never counts as writing to the owner (triage evidence, answers).
            self.batch.add(
                person_id,
                OUTGOING if outgoing else INCOMING if position == 0 else COPIED,
                record.sent_at,
                record.subject,
                record.text,
                record.thread_id,
                source,
                mail_key(record, address),
                record.bulk,
            )
            stored += 1
        return 0 if stored else 1

    def _person(self, address: str, name: str, source: str, *, may_create: bool) -> int | None:
        """The person behind an address: known by it, else by name, else new (unless bulk)."""
        people = self.people
        known = people.by_email.get(address)
        if known is not None:
            return known
        if not may_create:
            return None
        key = folded_name(name) if "@" not in name else ""
        person_id = people.find(slug=None, email=address, name_key=key)
        if person_id is None:
            display = name if key else address
            first, last = split_name(display) if key else ("", "")
            person_id = people.create(
                {
                    "display_name": ingest.fit(display, 300),
                    "first_name": ingest.fit(first, 200),
                    "last_name": ingest.fit(last, 200),
                    "name_key": ingest.fit(key, 300),
                }
            )
        file = source.split("#", 1)[0]
        people.attach(person_id, kind=Identity.Kind.EMAIL, value=address, source=file)
        return person_id
