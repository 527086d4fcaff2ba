"""Satisfaction ratings on every scale a ticket system uses, put into one shape (core.records.Satisfaction).

Each function takes the text a file holds and returns a Satisfaction, None when there is no rating
(Zendesk's "offered" is a survey sent and never answered, not a bad mark), or raises ValueError for text
that is no rating on that scale. The raw text is always kept, so a value can be re-read later.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from meetfirst.core.records import Satisfaction

# Cells that mean "nothing here" in the exports we read.
NO_RATING: Final = frozenset({"", "-", "?", "none", "null", "n/a", "na", "not rated", "unrated"})

_ZENDESK_NONE: Final = frozenset({"offered", "unoffered", "not offered"})

# Freshdesk's API codes: 103 extremely happy ... 100 neutral ... -103 extremely unhappy; the CSV export and
# the classic three-smiley survey write words instead.
_FRESHDESK_WORDS: Final = {
    "extremely happy": 103,
    "very happy": 102,
    "happy": 101,
    "awesome": 103,
    "neutral": 100,
    "unhappy": -101,
    "not good": -103,
    "very unhappy": -102,
    "extremely unhappy": -103,
}
_FRESHDESK_CODES: Final = frozenset({103, 102, 101, 100, -101, -102, -103})


def zendesk(raw: str, *, comment: str = "", rated_at: datetime | None = None) -> Satisfaction | None:
    """Zendesk's good/bad rating ("Good", "Good, I'm satisfied", "bad", ...), on a 0-1 scale."""
    text = raw.strip()
    folded = text.casefold()
    if folded in NO_RATING or folded in _ZENDESK_NONE:
        return None
    if folded.startswith("good"):
        return Satisfaction(text, 1.0, 0.0, 1.0, True, comment.strip(), rated_at)
    if folded.startswith("bad"):
        return Satisfaction(text, 0.0, 0.0, 1.0, False, comment.strip(), rated_at)
    raise ValueError(f"{text!r} is not a Zendesk rating (Good, Bad, Offered or Unoffered)")


def scaled(
    raw: str,
    *,
    low: float,
    high: float,
    positive_from: float,
    comment: str = "",
    rated_at: datetime | None = None,
) -> Satisfaction | None:
    """A number on a scale from `low` to `high` (1-5 stars, 0-10, ...); positive from `positive_from` up."""
    text = raw.strip()
    if text.casefold() in NO_RATING:
        return None
    value = _number(text)
    if not low <= value <= high:
        raise ValueError(f"the rating {text!r} is outside the scale {_plain(low)} to {_plain(high)}")
    return Satisfaction(text, value, low, high, value >= positive_from, comment.strip(), rated_at)


def stars(raw: str, *, comment: str = "", rated_at: datetime | None = None) -> Satisfaction | None:
    """1 to 5 stars, 4 and 5 positive (Jira Service Management, and CSAT's usual reading)."""
    return scaled(raw, low=1, high=5, positive_from=4, comment=comment, rated_at=rated_at)


def freshdesk(raw: str, *, comment: str = "", rated_at: datetime | None = None) -> Satisfaction | None:
    """Freshdesk's codes 103 .. 100 .. -103 (or their words) on a -3..3 scale, or 1-5 stars.

    103 (extremely happy) becomes 3, 100 (neutral) 0, -103 (extremely unhappy) -3: above 0 is positive.
    """
    text = raw.strip()
    folded = " ".join(text.casefold().replace("_", " ").split())
    if folded in NO_RATING:
        return None
    code = _FRESHDESK_WORDS.get(folded)
    if code is None:
        try:
            number = _number(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a Freshdesk rating (103 to -103, or 1 to 5)") from None
        if 1 <= number <= 5 and number == int(number):
            return stars(text, comment=comment, rated_at=rated_at)
        if number not in _FRESHDESK_CODES:
            raise ValueError(f"{text!r} is not a Freshdesk rating (103 to -103, or 1 to 5)")
        code = int(number)
    value = float(code - 100 if code > 0 else code + 100)
    return Satisfaction(text, value, -3.0, 3.0, value > 0, comment.strip(), rated_at)


def _number(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{text!r} is not a number")
    return value


def _plain(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)
