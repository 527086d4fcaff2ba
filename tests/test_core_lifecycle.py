from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetfirst.core import lifecycle
from meetfirst.core.errors import BadInput

REPLIED = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)


def test_a_requester_becomes_a_collector_exactly_when_the_patience_runs_out():
    boundary = REPLIED + timedelta(days=30)
    assert lifecycle.collector_since(REPLIED, 30) == boundary
    assert not lifecycle.is_collector(REPLIED, now=boundary - timedelta(seconds=1), patience_days=30)
    assert lifecycle.is_collector(REPLIED, now=boundary, patience_days=30)


def test_the_silence_cutoff_is_the_patience_before_now():
    now = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
    assert lifecycle.silence_cutoff(now, 10) == datetime(2026, 6, 5, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "direction", "answers"),
    [
        ("message", "in", True),
        ("email", "in", True),
        ("call", "in", True),
        ("meeting", "in", True),
        ("meeting", "out", True),
        ("message", "out", False),
        ("call", "out", False),
        ("note", "in", False),
    ],
)
def test_what_counts_as_an_answer(kind, direction, answers):
    assert lifecycle.counts_as_answer(kind=kind, direction=direction) is answers


def test_the_reasons_read_as_plain_words():
    assert lifecycle.collector_reason(30) == "no answer within 30 days"
    assert lifecycle.answered_reason(kind="message", channel="linkedin", revived=False) == (
        "answered (a LinkedIn message)"
    )
    revived = lifecycle.answered_reason(
        kind="call", channel="phone", revived=True, late_by=timedelta(days=12)
    )
    assert revived == "a late answer (a call) after 12 days as a collector revives the collector"


@pytest.mark.parametrize(
    ("channel", "kind"),
    [
        ("linkedin", "message"),
        ("email", "email"),
        ("phone", "call"),
        ("in-person", "meeting"),
        ("slack", "message"),
    ],
)
def test_a_channel_implies_a_kind(channel, kind):
    assert lifecycle.default_kind(channel) == kind


def test_channels_are_tidied_and_checked():
    assert lifecycle.normalize_channel(" LinkedIn ") == "linkedin"
    assert lifecycle.normalize_channel("E-mail") == "email"
    assert lifecycle.normalize_channel("in person") == "in-person"
    with pytest.raises(BadInput):
        lifecycle.normalize_channel("what; rm -rf")


def test_a_typed_time_without_a_zone_is_in_the_owners_zone():
    lisbon = ZoneInfo("Europe/Lisbon")
    assert lifecycle.parse_time("2026-01-10 08:00", lisbon) == datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
    assert lifecycle.parse_time("2026-07-10 08:00", lisbon) == datetime(2026, 7, 10, 7, 0, tzinfo=UTC)
    assert lifecycle.parse_time("2026-07-10", lisbon) == datetime(2026, 7, 9, 23, 0, tzinfo=UTC)


def test_a_typed_iso_time_keeps_its_offset():
    assert lifecycle.parse_time("2026-07-10T08:00:00-04:00", UTC) == datetime(2026, 7, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "yesterday", "10/07/2026", "2026-13-01 10:00"])
def test_an_unreadable_time_is_bad_input(text):
    with pytest.raises(BadInput):
        lifecycle.parse_time(text, UTC)
