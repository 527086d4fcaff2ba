"""SQLite's memory-mapped reads, turned off while an import runs.

The settings map up to 256 MB of the store into the process, which spares the web pages a copy of every
page they read. Every page read through the map then counts in the process's resident memory, though it
is the kernel's file cache and not memory the process asked for: a re-import of a million messages, which
looks up every key it reads, reached 354 MB that way against 114 MB without the map, in the same time.
An import reads the store once from end to end and gains nothing from the map, so it goes without.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

from meetfirst.store.sqlite_pragmas import pragma_while


def unmapped(connection: BaseDatabaseWrapper = default_connection) -> AbstractContextManager[None]:
    """SQLite: no memory-mapped reads on this connection until the block ends (then as before).

    A store in memory (the tests') has no map, and nothing changes.
    """
    return pragma_while("mmap_size", 0, connection)
