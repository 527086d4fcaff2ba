"""Satisfaction on every scale a ticket system uses, normalised, with the raw value kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from meetfirst.core import satisfaction


@pytest.mark.parametrize("raw", ["Good", "good", "Good, I'm satisfied", " GOOD "])
def test_zendesk_good_in_any_spelling_is_positive_on_a_zero_to_one_scale(raw: str) -> None:
    rating = satisfaction.zendesk(raw, comment=" Thanks ")

    assert rating is not None
    assert (rating.value, rating.scale_min, rating.scale_max, rating.positive) == (1.0, 0.0, 1.0, True)
    assert (rating.raw, rating.comment) == (raw.strip(), "Thanks")


@pytest.mark.parametrize("raw", ["Bad", "bad", "Bad, I'm unsatisfied"])
def test_zendesk_bad_is_negative(raw: str) -> None:
    rating = satisfaction.zendesk(raw)

    assert rating is not None and (rating.value, rating.positive, rating.score) == (0.0, False, 0.0)


@pytest.mark.parametrize("raw", ["Offered", "unoffered", "", "Not Offered", "?"])
def test_a_zendesk_survey_never_answered_is_no_rating(raw: str) -> None:
    assert satisfaction.zendesk(raw) is None


def test_an_unknown_zendesk_word_is_refused() -> None:
    with pytest.raises(ValueError, match="'Meh' is not a Zendesk rating"):
        satisfaction.zendesk("Meh")


@pytest.mark.parametrize(
    ("raw", "value", "positive"),
    [("1", 1.0, False), ("3", 3.0, False), ("4", 4.0, True), ("5", 5.0, True), ("4.5", 4.5, True)],
)
def test_stars_four_and_five_are_positive(raw: str, value: float, positive: bool) -> None:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    rating = satisfaction.stars(raw, rated_at=when)

    assert rating is not None
    assert (rating.value, rating.positive, rating.scale_min, rating.scale_max) == (value, positive, 1.0, 5.0)
    assert rating.rated_at == when


@pytest.mark.parametrize("raw", ["0", "6", "-1", "five", "nan", "inf"])
def test_stars_off_the_scale_or_not_numbers_are_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        satisfaction.stars(raw)


@pytest.mark.parametrize(
    ("raw", "value", "positive"),
    [
        ("103", 3.0, True),
        ("102", 2.0, True),
        ("101", 1.0, True),
        ("100", 0.0, False),
        ("-101", -1.0, False),
        ("-103", -3.0, False),
        ("Extremely Happy", 3.0, True),
        ("awesome", 3.0, True),
        ("Neutral", 0.0, False),
        ("Not Good", -3.0, False),
        ("very_unhappy", -2.0, False),
    ],
)
def test_freshdesk_codes_and_words_lie_on_minus_three_to_three(
    raw: str, value: float, positive: bool
) -> None:
    rating = satisfaction.freshdesk(raw)

    assert rating is not None
    assert (rating.raw, rating.value, rating.positive) == (raw, value, positive)
    assert (rating.scale_min, rating.scale_max) == (-3.0, 3.0)


def test_freshdesk_one_to_five_is_read_as_stars() -> None:
    rating = satisfaction.freshdesk("4")

    assert rating is not None and (rating.scale_max, rating.positive) == (5.0, True)


@pytest.mark.parametrize("raw", ["104", "99", "0", "-100", "so-so"])
def test_other_freshdesk_values_are_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="is not a Freshdesk rating"):
        satisfaction.freshdesk(raw)


def test_a_custom_zero_to_ten_scale_has_its_own_threshold_and_a_comma_decimal() -> None:
    rating = satisfaction.scaled("8,5", low=0, high=10, positive_from=9)

    assert rating is not None
    assert (rating.value, rating.positive, rating.score) == (8.5, False, 85.0)
    assert satisfaction.scaled("", low=0, high=10, positive_from=9) is None
    with pytest.raises(ValueError, match="outside the scale 0 to 10"):
        satisfaction.scaled("11", low=0, high=10, positive_from=9)
