"""The store version that keys safe caches: it moves on every change, whoever made it (SQLite's counters,
PostgreSQL's snapshot)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from meetfirst.store.changes import Memo, store_version
from tests.factories import make_person

pytestmark = pytest.mark.django_db(transaction=True)


def _in_another_thread(work: object) -> None:
    """Run `work` on a connection of its own, as another web thread or process would."""

    def run() -> None:
        try:
            work()  # type: ignore[operator]
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def test_it_stays_put_while_nothing_changes() -> None:
    make_person("Ama Owusu")
    assert store_version() == store_version()


def test_it_moves_when_this_connection_writes() -> None:
    before = store_version()
    make_person("Ama Owusu")
    assert store_version() != before


def test_it_moves_when_another_connection_commits() -> None:
    before = store_version()
    _in_another_thread(lambda: make_person("Bruna Costa"))
    assert store_version() != before


def test_it_is_unknown_inside_a_transaction_that_may_roll_back() -> None:
    with transaction.atomic():
        assert store_version() is None


def test_a_memo_computes_again_only_after_a_change() -> None:
    memo, calls = Memo(), []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert memo.get("key", compute) == 1
    assert memo.get("key", compute) == 1
    assert memo.get("other key", compute) == 2
    make_person("Ama Owusu")
    assert memo.get("other key", compute) == 3
    _in_another_thread(lambda: make_person("Bruna Costa"))
    assert memo.get("other key", compute) == 4
    assert len(calls) == 4
