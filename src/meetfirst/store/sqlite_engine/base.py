"""Django's SQLite backend, except for how a transaction waits for the write lock.

Every transaction begins with BEGIN IMMEDIATE (settings: transaction_mode), which takes SQLite's write lock.
When another connection holds it, SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20, 25 ... ms between
tries, so a writer that arrives just after another often sleeps 5 or 10 ms for a lock freed after 1 (a
triage decision holds it for about a millisecond). Here the first tries come 0.2 ms apart, growing to 2 ms;
only after QUICK_SECONDS does the wait go back to SQLite's handler, for the rest of the configured timeout.
"""

from __future__ import annotations

import sqlite3
from time import monotonic, sleep

from django.db.backends.sqlite3 import base

QUICK_SECONDS = 1.0
FIRST_STEP, LONGEST_STEP = 0.0002, 0.002


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self) -> None:
        # The settings' transaction_mode (Django 5.1+; django-stubs does not know it yet).
        mode: str | None = getattr(self, "transaction_mode", None)
        if mode is None:
            self.cursor().execute("BEGIN")  # a deferred BEGIN takes no lock: nothing to wait for
            return
        begin = f"BEGIN {mode}"
        raw = self.connection
        timeout_ms = int(float(self.settings_dict["OPTIONS"].get("timeout", 5)) * 1000)
        raw.execute("PRAGMA busy_timeout = 0")
        try:
            deadline, step = monotonic() + QUICK_SECONDS, FIRST_STEP
            while True:
                try:
                    raw.execute(begin)
                    return
                except sqlite3.OperationalError as exc:
                    # The primary code: SQLITE_BUSY_RECOVERY and its kin (another connection recovering
                    # the WAL) are a lock that will be free soon too.
                    if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                        raise
                    if monotonic() > deadline:
                        break
                sleep(step)
                step = min(step * 1.5, LONGEST_STEP)
        finally:
            raw.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        self.cursor().execute(begin)  # still locked after QUICK_SECONDS: SQLite's own wait from here
