"""Backup and restore: a round trip brings everything back; a damaged or foreign file is refused and
the store stays as it was. Tests marked sqlite_only copy SQLite files and run on SQLite alone; the dump
tests run on both databases."""

import gzip
import json
import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from meetfirst.core.backup import BackupMismatch, BadBackup
from meetfirst.core.errors import BadInput
from meetfirst.services import backup, forget
from meetfirst.store.models import Decision, Interaction, Person, Reply
from tests.conftest import FIXED_NOW
from tests.factories_rights import ANA_NAME, full_story


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


sqlite_only = pytest.mark.skipif("not is_sqlite()", reason="copies SQLite files: SQLite stores only")


def snapshot() -> tuple[object, ...]:
    """What the store holds, in a form that compares: people, messages, replies."""
    return (
        sorted(Person.objects.values_list("id", "display_name", "created_at")),
        sorted(Interaction.objects.values_list("id", "person_id", "text", "occurred_at")),
        sorted(Reply.objects.values_list("id", "text")),
        sorted(Decision.objects.values_list("id", "reasons")),
    )


@pytest.fixture
def stored(transactional_db, home):
    full_story()
    return snapshot()


# -- SQLite files (SQLite only) --------------------------------------------------------------------


@sqlite_only
def test_a_sqlite_backup_is_one_sound_file_holding_the_store(stored, tmp_path):
    target = tmp_path / "store.bak"
    made = backup.backup(target)
    assert made.kind == "sqlite" and made.size == target.stat().st_size
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("SELECT COUNT(*) FROM store_person").fetchone() == (2,)
    assert not list(tmp_path.glob(".*partial*"))


@sqlite_only
def test_restoring_a_sqlite_backup_brings_back_what_was_forgotten(stored, tmp_path):
    target = tmp_path / "store.bak"
    backup.backup(target)
    forget.forget(ANA_NAME, now=FIXED_NOW)
    assert snapshot() != stored
    done = backup.restore(target)
    assert done.kind == "sqlite" and done.counts["person"] == 2
    assert snapshot() == stored


def _truncated(good: Path, bad: Path) -> None:
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])


def _half_page(good: Path, bad: Path) -> None:
    bad.write_bytes(good.read_bytes()[:-100])


def _random(good: Path, bad: Path) -> None:
    bad.write_bytes(bytes(range(256)) * 64)


def _foreign(good: Path, bad: Path) -> None:
    with sqlite3.connect(bad) as other:
        other.execute("CREATE TABLE recipes (name TEXT)")
        other.execute("INSERT INTO recipes VALUES ('soup')")


def _scribbled(good: Path, bad: Path) -> None:
    data = bytearray(good.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(1, len(data) // page_size):  # every page's b-tree header, page 1's SQLite header spared
        data[page * page_size] = 0x77
    bad.write_bytes(bytes(data))


def _empty(good: Path, bad: Path) -> None:
    bad.write_bytes(b"")


@sqlite_only
@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_truncated, "truncated"),
        (_half_page, "whole number of pages"),
        (_random, "neither a SQLite database nor a meetfirst dump"),
        (_foreign, "SQLite database of some other program"),
        (_scribbled, "SQLite"),
        (_empty, "neither"),
    ],
    ids=["truncated", "cut-mid-page", "random-bytes", "another-apps-db", "scribbled-pages", "empty"],
)
def test_a_damaged_or_foreign_file_is_refused_and_the_store_is_unchanged(stored, tmp_path, damage, says):
    good = tmp_path / "good.bak"
    backup.backup(good)
    forget.forget(ANA_NAME, now=FIXED_NOW)  # so that a restore, if it happened, would show
    after_forget = snapshot()
    bad = tmp_path / "bad.bak"
    damage(good, bad)
    with pytest.raises(BadBackup, match=says):
        backup.restore(bad)
    assert snapshot() == after_forget


@sqlite_only
def test_a_backup_from_a_newer_meetfirst_is_refused(stored, tmp_path):
    target = tmp_path / "future.bak"
    backup.backup(target)
    with sqlite3.connect(target) as copy:
        copy.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('store', '9999_future', '2030-01-01')"
        )
    Person.objects.filter(display_name=ANA_NAME).delete()
    before = snapshot()
    with pytest.raises(BackupMismatch, match="newer meetfirst"):
        backup.restore(target)
    assert snapshot() == before


@sqlite_only
def test_an_empty_backup_over_a_full_store_needs_force(stored, tmp_path):
    target = tmp_path / "empty.bak"
    backup.backup(target)
    with sqlite3.connect(target) as copy:
        copy.execute("PRAGMA foreign_keys = OFF")
        for (table,) in copy.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE 'store_%' AND type='table'"
        ):
            copy.execute(f'DELETE FROM "{table}"')
    with pytest.raises(BackupMismatch, match="no people"):
        backup.restore(target)
    assert snapshot() == stored
    backup.restore(target, force=True)
    assert not Person.objects.exists()


# -- dumps (both databases) ------------------------------------------------------------------------


@pytest.fixture
def dumped(db, home, tmp_path):
    full_story()
    target = tmp_path / "store.dump"
    made = backup.backup(target, kind="dump")
    assert made.kind == "dump"
    return target, snapshot()


def test_a_dump_round_trip_brings_back_rows_ids_and_timestamps(dumped):
    target, before = dumped
    forget.forget(ANA_NAME, now=FIXED_NOW)
    done = backup.restore(target)
    assert done.kind == "dump" and done.counts["store.Person"] == 2
    assert snapshot() == before
    # New rows after a restore get fresh ids, above the restored ones.
    assert Person.objects.create(display_name="Cleo").pk > max(p[0] for p in before[0])


def _rewrite(source: Path, target: Path, change) -> None:  # type: ignore[no-untyped-def]
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        lines = [json.loads(line) for line in handle]
    with gzip.open(target, "wt", encoding="utf-8") as out:
        for item in change(lines):
            out.write((item if isinstance(item, str) else json.dumps(item)) + "\n")


@pytest.mark.parametrize(
    ("change", "error", "says"),
    [
        (lambda lines: lines[:-1], BadBackup, "cut short"),
        (lambda lines: [lines[0], *lines[2:]], BadBackup, "counts do not match"),
        (lambda lines: [*lines[:-1], {"t": "store.Nope", "r": {}}, lines[-1]], BadBackup, "unknown table"),
        (lambda lines: [*lines[:2], "{not json", *lines[2:]], BadBackup, "not JSON"),
        (lambda lines: [{**lines[0], "format": "other"}, *lines[1:]], BadBackup, "not a meetfirst dump"),
        (
            lambda lines: [lines[0], {"t": "store.Owner", "r": {"id": 9, "shoe_size": 44}}, *lines[1:]],
            BackupMismatch,
            "columns this meetfirst does not know",
        ),
    ],
    ids=[
        "no-closing-line",
        "a-row-missing",
        "unknown-table",
        "broken-line",
        "foreign-header",
        "unknown-column",
    ],
)
def test_a_damaged_dump_is_refused_and_the_store_is_unchanged(dumped, tmp_path, change, error, says):
    target, _ = dumped
    forget.forget(ANA_NAME, now=FIXED_NOW)
    before = snapshot()
    bad = tmp_path / "bad.dump"
    _rewrite(target, bad, change)
    with pytest.raises(error, match=says):
        backup.restore(bad)
    assert snapshot() == before


def test_a_dump_cut_in_the_middle_of_its_compressed_data_is_refused(dumped, tmp_path):
    target, _ = dumped
    Person.objects.filter(display_name=ANA_NAME).delete()
    before = snapshot()
    bad = tmp_path / "cut.dump"
    bad.write_bytes(target.read_bytes()[:-20])
    with pytest.raises(BadBackup, match="damaged or cut short"):
        backup.restore(bad)
    assert snapshot() == before


def test_a_backup_never_overwrites_a_file_unless_forced(db, home, tmp_path):
    target = tmp_path / "kept.txt"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(BadInput, match="already exists"):
        backup.backup(target, kind="dump")
    assert target.read_text(encoding="utf-8") == "precious"
    backup.backup(target, kind="dump", force=True)
    assert target.read_bytes().startswith(b"\x1f\x8b")


def test_a_sqlite_copy_of_a_postgresql_store_is_refused(db, home, tmp_path):
    if is_sqlite():
        pytest.skip("PostgreSQL only")
    with pytest.raises(BadInput, match="not SQLite"):
        backup.backup(tmp_path / "x.bak", kind="sqlite")
    sqlite_file = tmp_path / "x.sqlite3"
    with sqlite3.connect(sqlite_file) as handle:
        handle.execute("CREATE TABLE t (x)")
    with pytest.raises(BackupMismatch, match="store is PostgreSQL"):
        backup.restore(sqlite_file)


def test_a_missing_file_is_a_clear_error(db, home, tmp_path):
    with pytest.raises(BadInput, match="nothing-here"):
        backup.restore(tmp_path / "nothing-here.bak")
