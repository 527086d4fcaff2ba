"""Team reports kept in the store (SavedTeamReport), so that a report one worker process computed is
found by every other, and a lock so that a cold report is computed once however many ask for it at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import OperationalError, connection, transaction

from meetfirst.store.models import SavedTeamReport


@dataclass(frozen=True, slots=True)
class ReportKey:
    scope: str  # "all", "team:<id>", "agent:<id>"
    months: int
    day: date
    marker: str  # the newest ticket and interaction ids, "<ticket>:<interaction>"

    def text(self) -> str:
        return f"{self.scope}:{self.day.isoformat()}:{self.months}:{self.marker}"


def saved_report(*, key: ReportKey, made_since: datetime) -> tuple[dict[str, Any], datetime] | None:
    """The payload kept under `key` and when it was made, if that was at `made_since` or later; else None."""
    found = (
        SavedTeamReport.objects.filter(
            scope=key.scope, months=key.months, day=key.day, marker=key.marker, made_at__gte=made_since
        )
        .values_list("payload", "made_at")
        .first()
    )
    if found is None or not isinstance(found[0], dict):
        return None
    return found[0], found[1]


def save_report(
    *, key: ReportKey, payload: dict[str, Any], made_at: datetime, prune_before: datetime
) -> None:
    """Keep `payload` under `key` (replacing an older one); drop every report made before `prune_before`."""
    row = SavedTeamReport(
        scope=key.scope, months=key.months, day=key.day, marker=key.marker, payload=payload, made_at=made_at
    )
    with transaction.atomic():
        SavedTeamReport.objects.bulk_create(
            [row],
            update_conflicts=True,
            unique_fields=["scope", "months", "day", "marker"],
            update_fields=["payload", "made_at"],
        )
        if _may_prune():
            SavedTeamReport.objects.filter(made_at__lt=prune_before).delete()


def _may_prune() -> bool:
    """One pruner at a time on PostgreSQL, the others skip it: two deleting the same old rows while each
    holds the row it saved could wait on each other for ever. SQLite has one writer at a time anyway."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_lock_id("team-report:prune")])
        row = cursor.fetchone()
    return bool(row and row[0])


def _lock_id(name: str) -> int:
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def single_flight(name: str, *, wait_seconds: float) -> Iterator[bool]:
    """Run the body while holding the lock called `name`, among every process using this PostgreSQL store.

    Yields whether the lock is held: after `wait_seconds` a waiter goes on without it rather than wait on.
    The lock ends with the transaction the body runs in. SQLite has no such lock: callers look again for
    what another process saved before computing, and SQLite's single writer orders the saves.
    """
    if connection.vendor != "postgresql":
        yield False
        return
    lock_id = _lock_id(name)
    with transaction.atomic():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = {max(1, int(wait_seconds * 1000))}")
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])
                cursor.execute("SET LOCAL lock_timeout = DEFAULT")
            held = True
        except OperationalError:
            held = False
        yield held
