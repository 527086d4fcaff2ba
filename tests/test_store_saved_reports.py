"""Reports kept in the store, and the lock that makes concurrent requests compute a cold report once."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from django.db import connection

from meetfirst.store import saved_reports
from meetfirst.store.models import SavedTeamReport
from meetfirst.store.saved_reports import ReportKey

pytestmark = pytest.mark.django_db
KEY = ReportKey("team:1", 12, date(2026, 6, 15), "10:20")
NOON = datetime(2026, 6, 15, 12, tzinfo=UTC)


def test_a_saved_report_is_found_by_its_whole_key() -> None:
    saved_reports.save_report(key=KEY, payload={"a": 1}, made_at=NOON, prune_before=NOON)
    assert saved_reports.saved_report(key=KEY, made_since=NOON) == ({"a": 1}, NOON)
    other_marker = ReportKey("team:1", 12, date(2026, 6, 15), "11:20")
    assert saved_reports.saved_report(key=other_marker, made_since=NOON) is None
    assert saved_reports.saved_report(key=KEY, made_since=datetime(2026, 6, 15, 13, tzinfo=UTC)) is None


def test_saving_again_replaces_the_report_and_prunes_old_ones() -> None:
    old = ReportKey("all", 12, date(2026, 6, 14), "9:20")
    saved_reports.save_report(
        key=old, payload={"a": 0}, made_at=datetime(2026, 6, 14, tzinfo=UTC), prune_before=NOON
    )
    saved_reports.save_report(key=KEY, payload={"a": 1}, made_at=NOON, prune_before=NOON)
    later = datetime(2026, 6, 15, 12, 5, tzinfo=UTC)
    saved_reports.save_report(key=KEY, payload={"a": 2}, made_at=later, prune_before=NOON)
    assert list(SavedTeamReport.objects.values_list("scope", "payload")) == [("team:1", {"a": 2})]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the lock is PostgreSQL's")
def test_a_second_request_waits_for_the_first_and_gives_up_after_its_wait() -> None:
    holding, release = threading.Event(), threading.Event()

    def first() -> None:
        with saved_reports.single_flight("report x", wait_seconds=5) as held:
            assert held
            holding.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert holding.wait(10)
    with saved_reports.single_flight("report x", wait_seconds=0.2) as held:
        assert not held
    with saved_reports.single_flight("report y", wait_seconds=0.2) as held:
        assert held
    release.set()
    thread.join()
    with saved_reports.single_flight("report x", wait_seconds=5) as held:
        assert held
