"""Relationship kinds, follow-ups as typed, and the origin story's words."""

from __future__ import annotations

from datetime import date

import pytest

from meetfirst.core.errors import BadInput
from meetfirst.core.relationships import Step, meeting_word, normalize_kind, origin_story, parse_follow_up


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Mentor", "mentor"),
        ("  climbing   buddy ", "climbing buddy"),
        ("Compatriota", "compatriota"),
        ("co-founder", "co-founder"),
    ],
)
def test_a_kind_is_stored_folded_and_tidy(typed: str, stored: str) -> None:
    assert normalize_kind(typed) == stored


@pytest.mark.parametrize("bad", ["", "-peer", "a;b", "x" * 41])
def test_a_kind_that_is_not_words_is_refused(bad: str) -> None:
    with pytest.raises(BadInput):
        normalize_kind(bad)


def test_a_follow_up_is_a_date_then_what() -> None:
    assert parse_follow_up("2026-12-10: send the paper") == (date(2026, 12, 10), "send the paper")
    assert parse_follow_up(" 2026-12-10 :  a: b ") == (date(2026, 12, 10), "a: b")


def test_the_story_joins_the_steps_with_days_and_the_kind_with_a_month() -> None:
    steps = [
        Step(date(2026, 2, 11), "request on"),
        Step(None, "reply"),
        Step(date(2026, 3, 1), f"{meeting_word('phone')} on"),
        Step(date(2026, 4, 9), "mentor since", month_only=True),
    ]
    assert origin_story(steps) == "request on 2026-02-11, reply, call on 2026-03-01, mentor since 2026-04"
    assert meeting_word("in-person") == "meeting"
