"""Copies of a SQLite store through SQLite's online backup API: consistent while others write.

Both directions go through the live connection, so that SQLite's own locking and write-ahead log
handle readers and writers in other processes (the web app may be running).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

from meetfirst.core.backup import BackupMismatch, BadBackup

# Tables a store must have; a SQLite file without them belongs to another program.
REQUIRED_TABLES = ("django_migrations", "store_person", "store_connectionrequest", "store_interaction")


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _live() -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[sqlite3.Connection]:
    handle = sqlite3.connect(str(path))
    try:
        yield handle
    finally:
        handle.close()


def copy_store_to(target: Path) -> None:
    """Write a consistent copy of the live store to `target` (a new file), as a one-file database."""
    with _opened(target) as copy:
        _live().backup(copy)
        # The copy starts in the live store's WAL mode; a backup should be one self-contained file.
        copy.execute("PRAGMA journal_mode=DELETE")
        # A page-by-page copy cannot break a foreign key that the live store enforced: pages only.
        check_integrity(copy, foreign_keys=False)


def check_integrity(handle: sqlite3.Connection, *, foreign_keys: bool = True) -> None:
    """SQLite's own check of every page and index, and (unless told) of every foreign key."""
    try:
        problems = [row[0] for row in handle.execute("PRAGMA integrity_check(5)")]
        dangling = handle.execute("PRAGMA foreign_key_check").fetchmany(5) if foreign_keys else []
    except sqlite3.DatabaseError as exc:
        raise BadBackup(f"SQLite cannot read it ({exc})") from None
    if problems != ["ok"]:
        raise BadBackup("SQLite's integrity check failed: " + "; ".join(problems))
    if dangling:
        raise BadBackup(f"{len(dangling)}+ rows point at rows that are not there")


def inspect(candidate: Path, *, known_migrations: set[str]) -> dict[str, int]:
    """Check that a SQLite file is a sound meetfirst store this version can use; return its row counts."""
    with _opened(candidate) as handle:
        check_integrity(handle)
        tables = {row[0] for row in handle.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            raise BadBackup(f"it is a SQLite database of some other program (no {', '.join(missing)})")
        applied = {row[0] for row in handle.execute("SELECT name FROM django_migrations WHERE app = 'store'")}
        if "0001_initial" not in applied:
            raise BadBackup("it has no meetfirst schema")
        newer = sorted(applied - known_migrations)
        if newer:
            raise BackupMismatch(f"it was made by a newer meetfirst (migrations {', '.join(newer)})")
        counts = {}
        for table in sorted(t for t in tables if t.startswith("store_")):
            quoted = table.replace('"', '""')
            row = handle.execute(f'SELECT COUNT(*) FROM "{quoted}"').fetchone()
            counts[table.removeprefix("store_")] = int(row[0])
    return counts


def replace_store_with(candidate: Path) -> None:
    """Copy a checked database over the live store in one step; other connections see old or new."""
    if connection.in_atomic_block:
        raise BackupMismatch("a restore cannot run inside a transaction")
    connection.close()
    live = _live()
    with _opened(candidate) as source:
        try:
            source.backup(live)
        except sqlite3.Error as exc:
            raise BackupMismatch(f"SQLite refused to copy it over the store ({exc})") from None
    connection.close()


def store_path() -> Path | None:
    """The live store's file, or None for an in-memory store."""
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or "mode=memory" in name:
        return None
    return Path(name)


def scratch_path(near: Path, label: str) -> Path:
    """A file name next to `near` for a copy in progress, so that the final rename stays on one disk."""
    return near.with_name(f".{near.name}.{label}-{os.getpid()}")
