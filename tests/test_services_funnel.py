from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from meetfirst.core.funnel import KEYS
from meetfirst.services.funnel import funnel
from tests.factories import make_request

pytestmark = pytest.mark.django_db

JAN = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
MAR = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


def populate() -> None:
    """Five incoming requests in January and March (none in February), and one outgoing one."""
    make_request(sent_at=JAN, stage="known", verdict="known", state="accepted")
    make_request(sent_at=JAN, stage="bizarre", verdict="bizarre")
    make_request(
        sent_at=JAN,
        stage="answered",
        verdict="stranger",
        replied_at=JAN + timedelta(days=1),
        answered_at=JAN + timedelta(days=3),
    )
    make_request(sent_at=MAR, stage="collector", verdict="stranger", replied_at=MAR + timedelta(days=1))
    make_request(sent_at=MAR)  # not triaged yet
    make_request(sent_at=MAR, direction="out", stage="replied", verdict="stranger", replied_at=MAR)


def test_it_counts_incoming_requests_per_step_and_month() -> None:
    populate()

    report = funnel(zone=UTC)

    assert report.total.as_dict() == {
        "requests": 5,
        "known": 1,
        "bizarre": 1,
        "strangers": 2,
        "replied": 2,
        "answered": 1,
        "collectors": 1,
        "met": 0,
        "relationships": 0,
    }
    assert [(m.month, m.counts.requests, m.counts.strangers) for m in report.months] == [
        ("2026-01", 3, 1),
        ("2026-03", 2, 1),
    ]


def test_a_revived_collector_counts_as_answered_not_as_collector() -> None:
    make_request(
        sent_at=JAN,
        stage="answered",
        verdict="stranger",
        replied_at=JAN,
        answered_at=JAN + timedelta(days=45),
    )
    assert (funnel(zone=UTC).total.collectors, funnel(zone=UTC).total.answered) == (0, 1)


def test_months_follow_the_owners_zone() -> None:
    make_request(sent_at=datetime(2026, 2, 1, 2, 0, tzinfo=UTC))

    assert [m.month for m in funnel(zone=UTC).months] == ["2026-02"]
    assert [m.month for m in funnel(zone="America/Los_Angeles").months] == ["2026-01"]


def test_the_zone_defaults_to_the_policys(home) -> None:  # type: ignore[no-untyped-def]
    (home / "policy.toml").write_text('timezone = "Asia/Tokyo"\n', encoding="utf-8")
    make_request(sent_at=datetime(2026, 1, 31, 20, 0, tzinfo=UTC))

    assert [m.month for m in funnel().months] == ["2026-02"]


def test_an_empty_store_has_an_empty_funnel() -> None:
    assert funnel(zone=UTC).as_dict() == dict.fromkeys(KEYS, 0) | {"months": []}
