"""A cheap way to tell whether the store may have changed since a moment: the key of safe caches.

SQLite keeps two counters that together see every change, for free: `PRAGMA data_version` moves when
any other connection (another thread, a worker process, the CLI) commits, and `total_changes` counts the
rows this connection itself wrote, committed or not. A cache keyed on both, for one connection, can never
serve data older than the store.

PostgreSQL has no such counters, but its snapshot (`pg_current_snapshot()`: the oldest transaction still
running, the next transaction id, and those running in between) says which transactions a read would see.
A transaction that writes is given an id, so any write committed since makes the next snapshot differ;
two equal snapshots see the same data. A value computed over several autocommit reads, while something
committed in between, is kept under the first read's snapshot, which no later read can have again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

_T = TypeVar("_T")


def store_version() -> tuple[object, ...] | None:
    """The version of the store as this thread's connection sees it, or None when it cannot tell.

    The raw connection is part of the version: the counters of two connections do not compare.
    None also inside a transaction, which may still roll back what a cached value has seen.
    """
    if connection.in_atomic_block or connection.vendor not in ("sqlite", "postgresql"):
        return None
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "postgresql":
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_current_snapshot()::text")
            row = cursor.fetchone()
        return (raw, str(row[0]))
    row = raw.execute("PRAGMA data_version").fetchone()
    return (raw, int(row[0]), int(raw.total_changes))


class Memo:
    """One value per thread, computed again whenever the store version or the caller's key changes.

    Per thread because the version is per connection, and Django gives each thread its own.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    def get(self, key: object, compute: Callable[[], _T]) -> _T:
        version = store_version()
        if version is None:
            return compute()
        full = (version, key)
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == full:
            return held[1]  # type: ignore[no-any-return]
        value = compute()
        self._local.held = (full, value)
        return value

    def clear(self) -> None:
        self._local.held = None
