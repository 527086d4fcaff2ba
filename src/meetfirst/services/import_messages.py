"""Messages into interactions: which way each message went, and with whom, seen from the owner."""

from __future__ import annotations

from collections.abc import Sequence
from hashlib import blake2b
from typing import Protocol

from meetfirst.core.records import Direction, MessageRecord
from meetfirst.services.import_owner import HIDDEN_MEMBER, OwnerView, folded_name
from meetfirst.store import interaction_ingest
from meetfirst.store.models import Interaction

# Messages held back while nothing names the owner; enough threads to tell who is in all of them.
OWNER_GUESS_WINDOW = 2000
OUTGOING = str(Interaction.DirectionChoice.OUTGOING.value)
INCOMING = str(Interaction.DirectionChoice.INCOMING.value)
# Characters of a message that go into its key: enough to tell messages apart, cheap to hash.
KEY_TEXT = 2000


class FindPerson(Protocol):
    def __call__(self, *, slug: str | None, email: str | None, name: str, key: str, source: str) -> int: ...


def message_key(record: MessageRecord, *, near: str | None = None) -> str:
    """A short key that stays the same for this message in every later export.

    Built from the thread, the second it was sent and its text. Names and profile slugs are left out on
    purpose: LinkedIn lets people change both, and a changed name must not duplicate a whole history.
    Threads without an id are told apart by who wrote to whom. The key starts with a hash of the thread
    alone (`near`, which callers may pass in), so that a thread's messages sit together in the key's
    index and inserting them stays cheap.
    """
    thread = record.conversation_id
    if not thread:
        thread = ">".join(folded_name(n) for n in (record.from_name, *record.to_names))
    text = f"{thread}\x1f{int(record.sent_at.timestamp())}\x1f{record.content[:KEY_TEXT]}"
    near = near or thread_hash(thread)
    return f"li:{near}{blake2b(text.encode('utf-8', 'surrogatepass'), digest_size=12).hexdigest()}"


def thread_hash(thread: str) -> str:
    return blake2b(thread.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()


class MessageSorter:
    """Turns message records into interaction rows, one per person the owner talked with."""

    def __init__(
        self,
        *,
        owner: OwnerView,
        person: FindPerson,
        by_slug: dict[str, int],
        batch: interaction_ingest.InteractionBatch,
    ) -> None:
        self.owner = owner
        self._person = person
        self._by_slug = by_slug
        self._batch = batch
        self._waiting: list[MessageRecord] = []
        self._guessed = False
        # The thread being read, and who in it was seen with a slug: later rows of the same thread that
        # name them without one (older exports give recipients by name only) resolve to the same person.
        self._thread = ""
        self._near: str | None = None
        self._thread_people: dict[str, int] = {}
        self._thread_last: int | None = None

    def take(self, record: MessageRecord) -> int:
        """Queue one message; returns how many messages were skipped."""
        if record.is_sponsored or record.is_draft:
            return 1
        if self._waiting or (record.direction is None and not self.owner.known and not self._guessed):
            self._waiting.append(record)
            if self.owner.known or len(self._waiting) >= OWNER_GUESS_WINDOW:
                return self._settle()
            return 0
        return self._store(record)

    def finish(self) -> int:
        """Write the messages still held back; returns how many were skipped."""
        return self._settle() if self._waiting else 0

    def _settle(self) -> int:
        waiting, self._waiting = self._waiting, []
        if not self.owner.known:
            self._guessed = True
            self.owner.guess(waiting)
        return sum(self._store(record) for record in waiting)

    def _store(self, record: MessageRecord) -> int:
        thread = record.conversation_id
        if thread != self._thread:
            self._thread, self._thread_people, self._thread_last = thread, {}, None
            self._near = thread_hash(thread) if thread else None
        if record.direction is not None:
            outgoing = record.direction is Direction.OUTGOING
        else:
            outgoing = self.owner.is_me(record.sender_slug, record.from_name)
            if outgoing and record.sender_slug:
                self.owner.learn_slug(record.sender_slug)
        where = record.source
        source = f"{where.file}:{where.line}"  # str(record.source), without a call per message
        people: list[int] = []
        for slug, name in self._parties(record, outgoing):
            person_id = self._party(slug, name, source)
            if person_id is not None and person_id not in people:
                people.append(person_id)
        if not people:
            return 1  # a hidden member nobody can name
        key = message_key(record, near=self._near)
        direction = OUTGOING if outgoing else INCOMING
        subject = record.subject or record.conversation_title
        add = self._batch.add
        if len(people) == 1:  # the usual case, without the loop
            add(people[0], direction, record.sent_at, subject, record.content, thread, source, key)
            return 0
        for position, person_id in enumerate(people):
            add(
                person_id,
                direction,
                record.sent_at,
                subject,
                record.content,
                thread,
                source,
                key if position == 0 else f"{key}:{position}",
            )
        return 0

    def _parties(self, record: MessageRecord, outgoing: bool) -> Sequence[tuple[str | None, str]]:
        """Everyone in the message but the owner, as (slug, name)."""
        names, slugs = record.to_names, record.recipient_slugs
        if outgoing:
            if len(names) == 1 and len(slugs) <= 1:  # the usual case, kept cheap
                return ((slugs[0] if slugs else None, names[0]),)
            return _recipients(record)
        sender = (record.sender_slug, record.from_name)
        if len(names) <= 1 and len(slugs) <= 1:
            return (sender,)
        # A group thread: the other recipients are in it too.
        return [sender, *(p for p in _recipients(record) if not self.owner.is_me(*p))]

    def _party(self, slug: str | None, name: str, source: str) -> int | None:
        """The person behind one participant, or None for the owner and for hidden members."""
        if slug:
            if slug in self.owner.slugs:
                return None
            person_id = self._by_slug.get(slug)
            if person_id is None:
                person_id = self._person(
                    slug=slug, email=None, name=name, key=folded_name(name), source=source
                )
            if name:
                self._thread_people[name] = person_id
            self._thread_last = person_id
            return person_id
        seen = self._thread_people.get(name)
        if seen is not None:
            return seen
        key = folded_name(name)
        if not key or key == HIDDEN_MEMBER:
            # Only when the thread has one other person is it clear who the hidden side is.
            return self._thread_last if len(self._thread_people) <= 1 else None
        if key in self.owner.name_keys:
            return None
        seen = self._thread_people[name] = self._person(
            slug=None, email=None, name=name, key=key, source=source
        )
        return seen


def _recipients(record: MessageRecord) -> list[tuple[str | None, str]]:
    """(slug, name) of each recipient; older exports give names only."""
    slugs, names = record.recipient_slugs, record.to_names
    if len(slugs) == len(names):
        return list(zip(slugs, names, strict=True))
    if not slugs:
        return [(None, name) for name in names]
    return [(slug, "") for slug in slugs]
