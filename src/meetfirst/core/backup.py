"""What a backup file is, judged from its first bytes, before anything opens it as a database."""

from __future__ import annotations

from dataclasses import dataclass

from meetfirst.core.errors import BadInput

SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
DUMP_FORMAT = "meetfirst-backup"
DUMP_VERSION = 1


class BadBackup(BadInput):
    """This file cannot be restored; the store was not changed"""


class BackupMismatch(BadInput):
    """This backup does not fit this store; the store was not changed"""


@dataclass(frozen=True, slots=True)
class SqliteHeader:
    page_size: int
    page_count: int  # 0 when the header's count is not to be trusted (very old writers)


def kind_of(head: bytes) -> str:
    """'sqlite' or 'dump' from a file's first bytes; BadBackup for anything else."""
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(GZIP_MAGIC):
        return "dump"
    raise BadBackup("it is neither a SQLite database nor a meetfirst dump")


def sqlite_header(head: bytes, *, file_size: int) -> SqliteHeader:
    """Read a SQLite file's 100-byte header and check that the file is as long as it says it is."""
    if len(head) < 100:
        raise BadBackup("the file is shorter than a SQLite header")
    raw_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw_size == 1 else raw_size
    if page_size < 512 or page_size & (page_size - 1):
        raise BadBackup(f"the header names an impossible page size ({raw_size})")
    change_counter = int.from_bytes(head[24:28], "big")
    page_count = int.from_bytes(head[28:32], "big")
    valid_for = int.from_bytes(head[92:96], "big")
    # The in-header page count is valid only when it was written by the same change as the counter.
    if page_count == 0 or valid_for != change_counter:
        page_count = 0
    if file_size % page_size:
        raise BadBackup("its size is not a whole number of pages (a truncated or damaged file)")
    if page_count and file_size < page_count * page_size:
        raise BadBackup(
            f"it is truncated: the header says {page_count} pages, the file holds {file_size // page_size}"
        )
    return SqliteHeader(page_size=page_size, page_count=page_count)
