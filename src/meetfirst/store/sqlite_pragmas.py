"""SQLite settings changed for the length of a block on one connection, then put back as they were."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper


@contextmanager
def pragma_while(
    name: str, value: int, connection: BaseDatabaseWrapper = default_connection
) -> Iterator[None]:
    """`PRAGMA name = value` inside the block, the value before it after (also on an error).

    Nothing changes on PostgreSQL, nor where SQLite has no such setting for this store (an in-memory
    store has no memory map: `PRAGMA mmap_size` answers nothing there).
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        row = cursor.fetchone()
        if row is None:
            before = None
        else:
            before = int(row[0])
            cursor.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        if before is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA {name} = {before}")
