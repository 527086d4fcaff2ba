"""Bulk writes for e-mail: interactions of kind "email", channel "email", with their bulk flag."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

from meetfirst.store import bulk
from meetfirst.store.models import Interaction

MAIL_COLUMNS = (
    "person_id",
    "kind",
    "direction",
    "channel",
    "occurred_at",
    "subject",
    "text",
    "conversation_id",
    "source",
    "key",
    "bulk",
    "created_at",
)  # then the defaults of any other column (see bulk.column_defaults)

MailRow = tuple[int, str, datetime, str, str, str, str, str, bool]


class MailBatch:
    """E-mails waiting to be inserted; a key already stored is skipped (imports are idempotent)."""

    def __init__(self) -> None:
        self.rows: list[MailRow] = []
        self._check_existing: bool | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def add(
        self,
        person_id: int,
        direction: str,
        occurred_at: datetime,
        subject: str,
        text: str,
        thread: str,
        source: str,
        key: str,
        is_bulk: bool,
    ) -> None:
        self.rows.append((person_id, direction, occurred_at, subject, text, thread, source, key, is_bulk))

    def write(self, *, real: Callable[[int], int]) -> int:
        """Insert the queued e-mails whose key is new; return how many were inserted."""
        rows, self.rows = self.rows, []
        if not rows:
            return 0
        if self._check_existing is None:
            # Nothing to look up on the first mail import: every key is new.
            self._check_existing = Interaction.objects.filter(kind=Interaction.Kind.EMAIL).exists()
        if self._check_existing:
            stored = bulk.stored_values(Interaction, "key", [row[7] for row in rows])
            rows = [row for row in rows if row[7] not in stored]
        moment = bulk.datetime_adapter()
        others, defaults = bulk.column_defaults(Interaction, MAIL_COLUMNS)
        tail = (moment(timezone.now()), *defaults)
        params = [
            (
                real(person) if person < 0 else person,
                Interaction.Kind.EMAIL.value,
                direction,
                "email",
                moment(at),
                subject[:500],
                text,
                thread[:200],
                source[:500],
                key[:200],
                is_bulk,
                *tail,
            )
            for person, direction, at, subject, text, thread, source, key, is_bulk in rows
        ]
        return bulk.insert_rows(Interaction, [*MAIL_COLUMNS, *others], params, unless_taken="key")
