"""The SQLite backend's wait for the write lock: short steps first, SQLite's own handler after."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db.utils import ConnectionHandler

from meetfirst.settings import database_config
from meetfirst.store.sqlite_engine import base as engine


@pytest.fixture
def store(tmp_path: Path, django_db_blocker: Any) -> Iterator[tuple[Any, Path]]:
    """A connection of our backend to a SQLite file of its own (not the tests' database)."""
    config = database_config("", tmp_path)
    handler = ConnectionHandler({"default": config})
    with django_db_blocker.unblock():
        wrapper = handler["default"]
        try:
            yield wrapper, Path(config["NAME"])
        finally:
            handler.close_all()


def test_a_sqlite_url_gets_the_quick_writer_backend(tmp_path: Path) -> None:
    assert database_config("", tmp_path)["ENGINE"] == "meetfirst.store.sqlite_engine"
    pg = database_config("postgresql://127.0.0.1:5432/x", tmp_path)
    assert pg["ENGINE"] == "django.db.backends.postgresql"


def test_web_threads_keep_their_postgresql_connection_and_check_it_first(tmp_path: Path) -> None:
    pg = database_config("postgresql://127.0.0.1:5432/x", tmp_path)
    assert pg["CONN_MAX_AGE"] == 300 and pg["CONN_HEALTH_CHECKS"] is True


def _hold_write_lock(path: Path, seconds: float, taken: threading.Event) -> None:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    taken.set()
    time.sleep(seconds)
    other.execute("COMMIT")
    other.close()


def _busy_timeout(wrapper: Any) -> int:
    with wrapper.cursor() as cursor:
        return int(cursor.execute("PRAGMA busy_timeout").fetchone()[0])


def test_a_writer_tries_again_in_short_steps_until_the_lock_is_free(
    store: tuple[Any, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    wrapper, path = store
    wrapper.ensure_connection()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    slept: list[float] = []

    def sleep(seconds: float) -> None:  # no real waiting: the other writer lets go after 50 ms of steps
        slept.append(seconds)
        if sum(slept) >= 0.05 and other.in_transaction:
            other.execute("COMMIT")

    monkeypatch.setattr(engine, "sleep", sleep)

    wrapper._start_transaction_under_autocommit()

    assert wrapper.connection.in_transaction
    wrapper.connection.execute("ROLLBACK")
    other.close()
    # SQLite's own handler would have slept 1, 2, 5, 10, 15 and 20 ms, then 25: 78 ms for a lock freed at 50.
    assert slept[0] == engine.FIRST_STEP and max(slept) == engine.LONGEST_STEP
    assert 0.05 <= sum(slept) < 0.05 + engine.LONGEST_STEP
    assert _busy_timeout(wrapper) == 20_000  # SQLite's own wait is back for every other statement


def test_after_the_quick_tries_sqlite_waits_on_its_own(
    store: tuple[Any, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    wrapper, path = store
    wrapper.ensure_connection()
    monkeypatch.setattr(engine, "QUICK_SECONDS", 0.0)
    taken = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 0.1, taken))
    holder.start()
    taken.wait(5)
    started = time.perf_counter()

    wrapper._start_transaction_under_autocommit()  # no error: it began once the other writer let go

    waited = time.perf_counter() - started
    holder.join()
    assert wrapper.connection.in_transaction and waited >= 0.09
    wrapper.connection.execute("ROLLBACK")
    assert _busy_timeout(wrapper) == 20_000


def test_an_error_other_than_busy_is_raised(store: tuple[Any, Path]) -> None:
    wrapper, _ = store
    wrapper.ensure_connection()
    wrapper.connection.execute("BEGIN")

    with pytest.raises(sqlite3.OperationalError, match="within a transaction"):
        wrapper._start_transaction_under_autocommit()

    wrapper.connection.execute("ROLLBACK")
    assert _busy_timeout(wrapper) == 20_000


class _Flaky:
    """A stand-in for the sqlite3 connection whose BEGIN fails with `codes`, one per try, then succeeds."""

    def __init__(self, codes: list[int]) -> None:
        self.codes = codes
        self.statements: list[str] = []

    def execute(self, statement: str) -> None:
        self.statements.append(statement)
        if statement.startswith("BEGIN") and self.codes:
            error = sqlite3.OperationalError("database is locked")
            error.sqlite_errorcode = self.codes.pop(0)
            raise error


def test_a_lock_held_while_another_connection_recovers_the_wal_is_waited_for_too(
    store: tuple[Any, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    wrapper, _ = store
    wrapper.ensure_connection()
    busy_recovery = sqlite3.SQLITE_BUSY | (1 << 8)
    flaky = _Flaky([sqlite3.SQLITE_BUSY, busy_recovery])
    monkeypatch.setattr(engine, "sleep", lambda seconds: None)
    real, wrapper.connection = wrapper.connection, flaky
    try:
        wrapper._start_transaction_under_autocommit()
    finally:
        wrapper.connection = real

    begins = [s for s in flaky.statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE"] * 3
    assert flaky.statements[-1] == "PRAGMA busy_timeout = 20000"
