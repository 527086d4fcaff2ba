"""`meetfirst backup FILE` and `meetfirst restore FILE`.

SQLite: SQLite's online backup API copies the live file into FILE, consistent while the web app runs;
a restore copies FILE next to the store, checks the copy (header, integrity, foreign keys, schema,
row counts) and only then copies it over the live store in one step.
PostgreSQL (or `--format dump`): a gzip'd JSON-lines dump of every store table, taken in one
repeatable-read snapshot; a restore reads the whole dump and checks it before it replaces the rows
in one transaction.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from meetfirst import bootstrap
from meetfirst.core.backup import BackupMismatch, kind_of, sqlite_header
from meetfirst.core.errors import BadInput, UnreadableFile
from meetfirst.store import dump, export_queries, sqlite_backup

KINDS = ("sqlite", "dump")


@dataclass(frozen=True, slots=True)
class BackupMade:
    path: Path
    kind: str
    size: int

    def as_dict(self) -> dict[str, object]:
        return {"path": str(self.path), "kind": self.kind, "bytes": self.size}


@dataclass(frozen=True, slots=True)
class Restored:
    path: Path
    kind: str
    counts: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        return {"path": str(self.path), "kind": self.kind, "rows": self.counts}


def default_kind() -> str:
    return "sqlite" if sqlite_backup.is_sqlite() else "dump"


def backup(target: Path, *, kind: str | None = None, force: bool = False) -> BackupMade:
    """Write a consistent copy of the store to `target`; the file appears whole or not at all."""
    kind = kind or default_kind()
    if kind not in KINDS:
        raise BadInput(f"'{kind}' is not a kind of backup ({', '.join(KINDS)})")
    if kind == "sqlite" and not sqlite_backup.is_sqlite():
        raise BadInput("the store is not SQLite: make a dump (--format dump)")
    if target.is_dir():
        raise BadInput(f"{target} is a folder; give a file name")
    if target.exists() and not force:
        raise BadInput(f"{target} already exists (use --force to replace it)")
    if not target.parent.is_dir():
        raise BadInput(f"the folder {target.parent} does not exist")
    partial = sqlite_backup.scratch_path(target, "partial")
    try:
        if kind == "sqlite":
            sqlite_backup.copy_store_to(partial)
        else:
            dump.write_dump(partial, migrations=dump.applied_store_migrations())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupMade(path=target, kind=kind, size=target.stat().st_size)


def restore(source: Path, *, force: bool = False) -> Restored:
    """Check `source` thoroughly, then replace the whole store with it; a bad file changes nothing."""
    try:
        with source.open("rb") as handle:
            head = handle.read(100)
        size = source.stat().st_size
    except OSError as exc:
        raise UnreadableFile(str(exc.strerror or exc), file=str(source)) from None
    kind = kind_of(head)
    known = dump.known_store_migrations()
    if kind == "dump":
        counts = dump.inspect_dump(source, known_migrations=known)
        _check_not_emptying(counts.get("store.Person", 0), force=force)
        dump.load_dump(source)
        return Restored(path=source, kind=kind, counts=counts)
    if not sqlite_backup.is_sqlite():
        raise BackupMismatch("it is a SQLite file and the store is PostgreSQL (restore a dump instead)")
    sqlite_header(head, file_size=size)
    with _scratch_copy(source) as copy:
        counts = sqlite_backup.inspect(copy, known_migrations=known)
        _check_not_emptying(counts.get("person", 0), force=force)
        sqlite_backup.replace_store_with(copy)
    bootstrap.migrate_if_needed()
    return Restored(path=source, kind=kind, counts=counts)


def _check_not_emptying(people: int, *, force: bool) -> None:
    current = export_queries.people_count()
    if people == 0 and current > 0 and not force:
        raise BackupMismatch(
            f"it holds no people and the store has {current} (use --force to restore it all the same)"
        )


@contextlib.contextmanager
def _scratch_copy(source: Path) -> Iterator[Path]:
    """A private copy of the backup next to the store: checking it must not touch the user's file."""
    live = sqlite_backup.store_path()
    with tempfile.TemporaryDirectory(dir=live.parent if live else None, prefix=".meetfirst-restore-") as d:
        copy = Path(d) / "candidate.sqlite3"
        try:
            shutil.copyfile(source, copy)
        except OSError as exc:
            raise UnreadableFile(str(exc.strerror or exc), file=str(source)) from None
        yield copy
