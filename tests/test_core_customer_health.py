"""The customer health score and its nudges, with a fixed clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from meetfirst.core import customer_health as rules
from meetfirst.core.customer_health import Prior, Signals

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # a Monday


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def signals(**changes: object) -> Signals:
    base: dict[str, object] = {"cadence_days": 30, "last_human_touch": ago(5)}
    return Signals(**(base | changes))  # type: ignore[arg-type]


# --- touch recency --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "score"), [(0, 100), (30, 100), (45, 50), (52.5, 25), (60, 0), (200, 0)])
def test_recency_is_full_within_the_cadence_and_falls_to_nothing_at_twice_it(days: float, score: int) -> None:
    assert rules.recency(signals(last_human_touch=ago(days)), NOW).score == score


def test_recency_says_how_long_ago_and_the_cadence() -> None:
    factor = rules.recency(signals(last_human_touch=ago(73)), NOW)
    assert factor.reason == "last conversation 73 days ago, cadence 30 days"


def test_no_human_touch_ever_scores_nothing_on_recency() -> None:
    factor = rules.recency(signals(last_human_touch=None), NOW)
    assert factor.score == 0
    assert factor.reason == "no conversation yet, cadence 30 days"


# --- ticket friction ------------------------------------------------------------------------------------


def test_friction_is_full_without_reopens_stale_tickets_or_long_waits() -> None:
    factor = rules.friction(signals(tickets_recent=2))
    assert factor.score == 100
    assert factor.reason == "2 tickets in 90 days, none with friction"


def test_friction_takes_off_points_for_each_reopen_stale_ticket_and_long_wait() -> None:
    factor = rules.friction(signals(reopens=2, stale_open=1, long_waits=1))
    assert factor.score == 100 - 2 * 10 - 15 - 10
    assert factor.reason == "2 reopens, 1 ticket open over 14 days, 1 long wait (over 24 hours) in 90 days"


def test_friction_never_goes_below_zero() -> None:
    assert rules.friction(signals(reopens=30)).score == 0


# --- satisfaction -------------------------------------------------------------------------------------


def test_satisfaction_is_the_share_of_positive_ratings_with_five_or_more() -> None:
    factor = rules.satisfaction(signals(ratings=8, positive=6), Prior(0.2, "team Support"))
    assert factor.score == 75
    assert factor.reason == "6 of 8 ratings positive in 180 days"


def test_few_ratings_are_shrunk_toward_the_team_mean() -> None:
    # One bad rating of one: alone it would be 0%; with four "ratings" at the team's 80% it is 64%.
    factor = rules.satisfaction(signals(ratings=1, positive=0), Prior(0.8, "team Support"))
    assert factor.score == 64
    assert "leaning toward the 80% of team Support" in factor.reason


def test_no_ratings_take_the_mean_and_say_so() -> None:
    factor = rules.satisfaction(signals(), Prior(0.9, "all customers"))
    assert factor.score == 90
    assert factor.reason == "no ratings in 180 days: the mean of all customers, 90%"


def test_no_ratings_and_no_mean_drop_the_factor_and_say_so() -> None:
    factor = rules.satisfaction(signals(), None)
    assert factor.score is None
    assert not factor.present
    assert "left out of the score" in factor.reason


def test_few_ratings_without_a_mean_count_as_they_are() -> None:
    assert rules.satisfaction(signals(ratings=2, positive=1), None).score == 50


# --- staff sentiment ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "score"), [("healthy", 100), ("neutral", 60), ("at-risk", 20)])
def test_staff_sentiment_scores(value: str, score: int) -> None:
    assert rules.sentiment(signals(sentiment=value)).score == score


def test_unset_sentiment_is_left_out() -> None:
    factor = rules.sentiment(signals())
    assert factor.score is None
    assert factor.reason == "no staff sentiment set: left out of the score"


# --- the score, bands, trend ----------------------------------------------------------------------------


def test_the_score_is_the_weighted_average_of_the_factors_present() -> None:
    # recency 50 (45 days, cadence 30), friction 100, satisfaction 40, sentiment left out.
    health = rules.assess("Dana Reyes", signals(last_human_touch=ago(45), ratings=5, positive=2), NOW, None)
    assert [f.score for f in health.factors] == [50, 100, 40, None]
    assert health.score == round((35 * 50 + 25 * 100 + 25 * 40) / (35 + 25 + 25))


def test_every_factor_present_uses_all_weights() -> None:
    health = rules.assess(
        "Dana", signals(last_human_touch=ago(1), ratings=5, positive=5, sentiment="at-risk"), NOW, None
    )
    assert health.score == round((35 * 100 + 25 * 100 + 25 * 100 + 15 * 20) / 100)


@pytest.mark.parametrize(
    ("score", "band"), [(0, "red"), (49, "red"), (50, "amber"), (74, "amber"), (75, "green"), (100, "green")]
)
def test_bands(score: int, band: str) -> None:
    assert rules.band(score) == band


def test_the_trend_compares_with_the_score_thirty_days_ago() -> None:
    now = signals(last_human_touch=ago(2))
    before = signals(last_human_touch=ago(80))  # as of 30 days ago: 50 days since the touch then
    health = rules.assess("Dana", now, NOW, None, before)
    assert health.score_before is not None and health.score_before < health.score
    assert health.trend == "up"
    assert health.arrow == "↑"


def test_a_small_change_is_steady() -> None:
    health = rules.assess("Dana", signals(), NOW, None, signals(last_human_touch=ago(35)))
    assert health.trend == "steady"
    assert health.arrow == "→"


def test_every_factor_carries_a_reason() -> None:
    health = rules.assess("Dana", signals(), NOW, None)
    assert len(health.reasons) == 4
    assert all(health.reasons)


# --- nudges ---------------------------------------------------------------------------------------------


def kinds(found: tuple[rules.Nudge, ...]) -> list[str]:
    return [n.kind for n in found]


def test_many_tickets_and_no_conversation_suggest_a_coffee() -> None:
    found = rules.nudges("Dana Reyes", signals(tickets_recent=4, last_human_touch=ago(120)), NOW)
    busy = next(n for n in found if n.kind == "busy")
    assert busy.text == "4 tickets for Dana in 90 days and no conversation: invite Dana for a coffee"


def test_many_tickets_with_a_recent_conversation_need_no_coffee() -> None:
    assert "busy" not in kinds(rules.nudges("Dana", signals(tickets_recent=5, last_human_touch=ago(60)), NOW))


def test_two_tickets_are_not_many() -> None:
    assert "busy" not in kinds(rules.nudges("Dana", signals(tickets_recent=2, last_human_touch=None), NOW))


def test_a_bad_rating_asks_for_a_check_in_within_two_working_days() -> None:
    rated = datetime(2026, 6, 12, 16, 0, tzinfo=UTC)  # a Friday: two working days later is Tuesday
    found = rules.nudges("Dana", signals(last_bad_rating=rated, last_human_touch=ago(20)), NOW)
    check = next(n for n in found if n.kind == "bad-rating")
    assert check.reason == "Dana gave a bad rating on 2026-06-12"
    assert check.action == "check in with Dana by 2026-06-16"
    assert found[0] is check  # the most pressing comes first


def test_a_late_check_in_says_it_is_overdue() -> None:
    found = rules.nudges("Dana", signals(last_bad_rating=ago(10), last_human_touch=ago(20)), NOW)
    assert next(n for n in found if n.kind == "bad-rating").action.endswith("(overdue)")


def test_a_conversation_after_the_bad_rating_settles_it() -> None:
    found = rules.nudges("Dana", signals(last_bad_rating=ago(3), last_human_touch=ago(1)), NOW)
    assert "bad-rating" not in kinds(found)


def test_working_days_skip_the_weekend() -> None:
    assert rules.add_working_days(date(2026, 6, 12), 2) == date(2026, 6, 16)
    assert rules.add_working_days(date(2026, 6, 15), 2) == date(2026, 6, 17)


def test_a_week_after_a_resolution_ask_how_it_is_going() -> None:
    found = rules.nudges("Dana", signals(last_resolved=ago(8), last_human_touch=ago(20)), NOW)
    resolved = next(n for n in found if n.kind == "resolved")
    assert resolved.text == 'Dana\'s ticket was resolved 8 days ago: ask Dana "how is it going?"'


def test_no_how_is_it_going_too_soon_or_after_a_human_touch() -> None:
    assert "resolved" not in kinds(rules.nudges("Dana", signals(last_resolved=ago(3)), NOW))
    touched = signals(last_resolved=ago(8), last_human_touch=ago(2))
    assert "resolved" not in kinds(rules.nudges("Dana", touched, NOW))


def test_low_recency_nudges_to_get_in_touch() -> None:
    found = rules.nudges("Dana", signals(last_human_touch=ago(50)), NOW)
    assert kinds(found) == ["recency"]
    assert found[0].reason == "Last conversation 50 days ago, cadence 30 days"
    assert found[0].action == "call Dana or write a personal message"


def test_a_fresh_customer_with_no_trouble_has_no_nudge() -> None:
    assert rules.nudges("Dana", signals(last_human_touch=ago(3)), NOW) == ()


def test_friction_names_only_the_problems_there_are() -> None:
    assert rules.friction(signals(long_waits=2)).reason == "2 long waits (over 24 hours) in 90 days"
