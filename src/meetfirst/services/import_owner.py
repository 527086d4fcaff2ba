"""Who the owner is, as an import learns it: from Profile.csv, the export's own URLs, or the messages."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache

from meetfirst.core.identity import email_key, name_key, tidy_name
from meetfirst.core.records import Direction, InvitationRecord, MessageRecord, OwnerRecord
from meetfirst.store import ingest
from meetfirst.store.models import Owner

log = logging.getLogger(__name__)

# LinkedIn's name for hidden and closed accounts: never a person, never the owner.
HIDDEN_MEMBER = "linkedin member"

# Folding a name is the slowest step per message, and the same few thousand names come back a million times.
folded_name = lru_cache(maxsize=1 << 16)(name_key)


def split_name(display: str) -> tuple[str, str]:
    """First and last name from a display name: credentials after a comma dropped, first word first."""
    core = display.split(",", 1)[0].strip() or display
    first, _, last = core.partition(" ")
    return first, last.strip()


class OwnerView:
    """The owner's slugs and folded names during one import, and the stored row they end up in."""

    def __init__(self, row: Owner) -> None:
        self.row = row
        self.slugs: set[str] = {row.profile_slug} if row.profile_slug else set()
        own = folded_name(f"{row.first_name} {row.last_name}")
        self.name_keys: set[str] = {own} if own else set()
        self._dirty = False

    @classmethod
    def load(cls) -> OwnerView:
        return cls(ingest.load_owner())

    @property
    def known(self) -> bool:
        return bool(self.slugs or self.name_keys)

    def is_own_slug(self, slug: str | None) -> bool:
        return slug is not None and slug in self.slugs

    def is_me(self, slug: str | None, name: str) -> bool:
        """Whether a participant is the owner: by slug when both sides have one, else by folded name."""
        if slug and self.slugs:
            return slug in self.slugs
        return bool(self.name_keys) and folded_name(name) in self.name_keys

    def learn_slug(self, slug: str) -> None:
        if slug in self.slugs:
            return
        self.slugs.add(slug)
        if self.row.profile_slug != slug:
            self.row.profile_slug = ingest.fit(slug, 200)
            self._dirty = True

    def learn_name(self, display: str) -> None:
        key = folded_name(display)
        if not key or key == HIDDEN_MEMBER or key in self.name_keys:
            return
        self.name_keys.add(key)
        if not (self.row.first_name or self.row.last_name):
            first, last = split_name(tidy_name(display))
            self.row.first_name, self.row.last_name = ingest.fit(first, 200), ingest.fit(last, 200)
            self._dirty = True

    def learn_email(self, email: str) -> None:
        key = email_key(email)
        if key and key not in self.row.emails:
            self.row.emails = [*self.row.emails, key]
            self._dirty = True

    def learn_profile(self, record: OwnerRecord) -> None:
        """Profile.csv: its non-empty values replace the stored ones."""
        for name, length in (
            ("first_name", 200),
            ("last_name", 200),
            ("headline", 500),
            ("industry", 200),
            ("location", 200),
        ):
            value = ingest.fit(tidy_name(getattr(record, name)), length)
            if value and getattr(self.row, name) != value:
                setattr(self.row, name, value)
                self._dirty = True
        own = folded_name(f"{record.first_name} {record.last_name}")
        if own:
            self.name_keys.add(own)
        if record.profile_slug:
            self.learn_slug(record.profile_slug)
        for email in record.emails:
            self.learn_email(email)

    def learn_from_invitation(self, record: InvitationRecord) -> None:
        """The owner is the invitee of incoming rows and the inviter of outgoing ones."""
        if record.owner_slug:
            self.learn_slug(record.owner_slug)
        self.learn_name(record.to_name if record.direction is Direction.INCOMING else record.from_name)

    def guess(self, records: Sequence[MessageRecord]) -> None:
        """With nothing else to go on: the owner is in every thread, so take who is in the most of them."""
        threads: dict[str, set[str]] = {}
        messages: dict[str, int] = {}
        shown: dict[str, str] = {}
        slug_of: dict[str, str] = {}
        for record in records:
            for position, name in enumerate((record.from_name, *record.to_names)):
                key = folded_name(name)
                if not key or key == HIDDEN_MEMBER:
                    continue
                threads.setdefault(key, set()).add(record.conversation_id)
                messages[key] = messages.get(key, 0) + 1
                shown.setdefault(key, name)
                if position == 0 and record.sender_slug:
                    slug_of.setdefault(key, record.sender_slug)
        if not threads:
            return
        best = max(threads, key=lambda k: (len(threads[k]), messages[k]))
        log.info("no owner named in the export; taking %r, who is in the most conversations", shown[best])
        self.learn_name(shown[best])
        if best in slug_of:
            self.learn_slug(slug_of[best])

    def save(self) -> None:
        if self._dirty:
            ingest.save_owner(self.row)
            self._dirty = False
