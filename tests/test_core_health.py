from datetime import date, timedelta

from meetfirst.core import health
from meetfirst.core.health import Signals

TODAY = date(2026, 6, 15)


def signals(**fields: object) -> Signals:
    values: dict[str, object] = {
        "person_id": 1,
        "name": "Ana Silva",
        "kind": "mentor",
        "cadence_days": 60,
        "last_touch": TODAY - timedelta(days=10),
        "since": None,
    }
    values.update(fields)
    return Signals(**values)  # type: ignore[arg-type]


def test_due_explains_itself_with_the_kind_the_last_touch_and_the_cadence():
    where = health.due(signals(last_touch=TODAY - timedelta(days=75)), TODAY)
    assert where.reason == "mentor, last touch 75 days ago, every 60 days"
    assert where.overdue_days == 15
    assert where.due_on == TODAY - timedelta(days=15)


def test_a_relationship_falls_due_on_the_day_its_cadence_has_passed():
    assert health.due(signals(last_touch=TODAY - timedelta(days=60)), TODAY).overdue_days == 0
    assert health.due(signals(last_touch=TODAY - timedelta(days=59)), TODAY).overdue_days == -1


def test_without_any_touch_the_clock_starts_when_the_relationship_began():
    where = health.due(signals(last_touch=None, since=TODAY - timedelta(days=20)), TODAY)
    assert where.due_on == TODAY + timedelta(days=40)
    assert "no touch logged yet" in where.reason


def test_without_any_touch_or_start_a_relationship_is_due_at_once():
    where = health.due(signals(last_touch=None, since=None, kind=""), TODAY)
    assert where.overdue_days == 0
    assert where.reason == "kept in touch, no touch logged yet, every 60 days"


def test_a_snooze_lasts_until_the_day_before_it_ends():
    snoozed = signals(snoozed_until=TODAY + timedelta(days=1))
    assert health.is_snoozed(snoozed, TODAY)
    assert not health.is_snoozed(snoozed, TODAY + timedelta(days=1))


def healthy(**fields: object) -> Signals:
    base: dict[str, object] = {"interactions": 4, "outgoing": 2, "incoming": 2}
    base.update(fields)
    return signals(**base)


def test_a_recent_balanced_frequent_relationship_is_green_with_full_marks():
    result = health.score(healthy(), TODAY)
    assert (result.score, result.colour) == (100, "green")
    assert result.reasons[0] == "last touch 10 days ago, every 60 days: in good time"
    assert "both of you reach out (2 from you, 2 from them)" in result.reasons


def test_it_warns_in_amber_once_three_quarters_of_the_cadence_have_passed():
    before = health.score(healthy(last_touch=TODAY - timedelta(days=44)), TODAY)
    after = health.score(healthy(last_touch=TODAY - timedelta(days=45)), TODAY)
    assert before.colour == "green"
    assert after.colour == "amber"
    assert "due in 15 days, before it goes cold" in after.reasons[0]


def test_past_its_cadence_a_relationship_is_red_and_says_by_how_much():
    result = health.score(healthy(last_touch=TODAY - timedelta(days=75)), TODAY)
    assert result.colour == "red"
    assert result.reasons[0] == "last touch 75 days ago, every 60 days: overdue by 15 days"


def test_after_twice_its_cadence_a_relationship_has_gone_cold():
    result = health.score(healthy(last_touch=TODAY - timedelta(days=130)), TODAY)
    assert result.reasons[0].endswith("gone cold")
    assert result.score == 50


def test_a_one_sided_relationship_loses_points_and_says_who_reaches_out():
    mine = health.score(healthy(outgoing=9, incoming=1, interactions=10), TODAY)
    theirs = health.score(healthy(outgoing=1, incoming=9, interactions=10), TODAY)
    assert mine.score == theirs.score == 90
    assert "you reached out 9 of 10 times: it is one-sided" in mine.reasons
    assert "they reached out 9 of 10 times: you rarely write first" in theirs.reasons


def test_how_often_counts_against_what_the_cadence_expects():
    result = health.score(healthy(interactions=1), TODAY)
    assert "1 interaction in the last 180 days (about 3 expected)" in result.reasons
    assert result.score == 100 - 20 + 7


def test_an_overdue_follow_up_costs_its_points_and_is_named():
    result = health.score(healthy(open_follow_ups=2, overdue_follow_ups=1), TODAY)
    assert result.score == 85
    assert "1 follow-up overdue" in result.reasons


def test_the_trend_compares_with_the_score_before():
    now = health.score(healthy(), TODAY)
    assert health.with_trend(now, health.score(healthy(interactions=0), TODAY)).trend == "up"
    assert health.with_trend(now, now).trend == "steady"
    assert health.with_trend(now, None).trend == "new"
    worse = health.score(healthy(last_touch=TODAY - timedelta(days=75)), TODAY)
    assert health.with_trend(worse, now).trend == "down"
    assert health.with_trend(worse, now).as_dict()["score_30_days_ago"] == 100
