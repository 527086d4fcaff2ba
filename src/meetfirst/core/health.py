"""Keep in touch and protect: when a relationship is due, and how healthy it is, each with reasons in words.

Pure functions over plain values: the store gathers the signals of every tracked person in a few set-based
queries, and these rules turn them into verdicts.

A relationship is tracked when it has a cadence (days between touches): the person's own, else the default
for their kind of relationship from the policy. Any interaction of any kind resets the clock.

The health score (0-100) adds four parts:
- recency, 50 points: full until 75% of the cadence has passed, 30 until it has all passed, 10 until twice
  the cadence, then none;
- how often, 20 points: interactions in the last 180 days against the number the cadence expects;
- who reaches out, 15 points: full when both sides write (each at least a quarter of the exchanges),
  5 when it is one-sided, none without any exchange;
- follow-ups, 15 points: none when one is overdue.
Red when the cadence has passed (gone cold) or the score is under 40; amber when 75% of the cadence has
passed (a warning before it goes cold) or the score is under 70; green otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta

WARN_SHARE = 0.75  # amber once this share of the cadence has passed
WINDOW_DAYS = 180  # "how often" counts interactions in this window
TREND_DAYS = 30  # the trend compares with the score this many days ago
TREND_STEP = 5  # a change of at least this many points is a trend, less is steady
RECENCY_POINTS, OFTEN_POINTS, BALANCE_POINTS, FOLLOW_UP_POINTS = 50, 20, 15, 15


@dataclass(frozen=True, slots=True)
class Signals:
    """What the store knows about one relationship as of one day."""

    person_id: int
    name: str
    kind: str
    cadence_days: int
    last_touch: date | None  # the day of the newest interaction, or None
    since: date | None  # when the relationship began (the clock's start when nothing was logged)
    interactions: int = 0  # in the WINDOW_DAYS before the day
    outgoing: int = 0  # of those, from the owner
    incoming: int = 0  # of those, from them
    open_follow_ups: int = 0
    overdue_follow_ups: int = 0
    snoozed_until: date | None = None


@dataclass(frozen=True, slots=True)
class Due:
    """Where a relationship stands against its cadence on a day."""

    days_since: int | None  # None: never in touch and no start date
    due_on: date | None  # the day the next touch is due
    overdue_days: int  # 0 on the day it falls due; negative before
    reason: str


def describe_kind(kind: str) -> str:
    return kind or "kept in touch"


def due(signals: Signals, today: date) -> Due:
    """When the next touch is due and why, in words: "mentor, last touch 75 days ago, every 60 days"."""
    every = f"every {_days(signals.cadence_days)}"
    who = describe_kind(signals.kind)
    if signals.last_touch is not None:
        since = (today - signals.last_touch).days
        due_on = signals.last_touch + timedelta(days=signals.cadence_days)
        return Due(since, due_on, (today - due_on).days, f"{who}, last touch {_ago(since)}, {every}")
    if signals.since is not None:
        since = (today - signals.since).days
        due_on = signals.since + timedelta(days=signals.cadence_days)
        reason = f"{who} since {signals.since.isoformat()}, no touch logged yet, {every}"
        return Due(None, due_on, (today - due_on).days, reason)
    return Due(None, today, 0, f"{who}, no touch logged yet, {every}")


def is_snoozed(signals: Signals, today: date) -> bool:
    """Snoozed until a day means: out of the lists before that day, back on it."""
    return signals.snoozed_until is not None and today < signals.snoozed_until


@dataclass(frozen=True, slots=True)
class Health:
    """A relationship's score and colour on a day; the reasons are worded when they are read."""

    signals: Signals
    day: date
    score: int
    colour: str  # "green", "amber" or "red"
    score_before: int | None = None  # TREND_DAYS ago, from the same data as of then

    @property
    def person_id(self) -> int:
        return self.signals.person_id

    @property
    def name(self) -> str:
        return self.signals.name

    @property
    def kind(self) -> str:
        return self.signals.kind

    @property
    def cadence_days(self) -> int:
        return self.signals.cadence_days

    @property
    def snoozed_until(self) -> date | None:
        return self.signals.snoozed_until

    @property
    def reasons(self) -> tuple[str, ...]:
        """A reason for every part of the score, in words."""
        signals = self.signals
        found = [
            _recency_reason(signals, self.day, _share(signals, self.day)),
            _often_reason(signals),
            _balance_reason(signals),
        ]
        follow = _follow_up_reason(signals)
        return (*found, follow) if follow else tuple(found)

    @property
    def trend(self) -> str:
        if self.score_before is None:
            return "new"
        change = self.score - self.score_before
        if change >= TREND_STEP:
            return "up"
        if change <= -TREND_STEP:
            return "down"
        return "steady"

    def as_dict(self) -> dict[str, object]:
        return {
            "person": {"id": self.person_id, "name": self.name},
            "kind": self.kind,
            "cadence_days": self.cadence_days,
            "score": self.score,
            "colour": self.colour,
            "trend": self.trend,
            "score_30_days_ago": self.score_before,
            "reasons": list(self.reasons),
            "snoozed_until": self.snoozed_until,
        }


def overdue_days(signals: Signals, today: date) -> int:
    """Days past the day the next touch was due: 0 on that day, negative before it."""
    start = signals.last_touch or signals.since
    if start is None:
        return 0
    return (today - start).days - signals.cadence_days


def _share(signals: Signals, today: date) -> float:
    """The share of the cadence that has passed since the last touch (or the start); inf for neither."""
    start = signals.last_touch or signals.since
    if start is None:
        return math.inf
    return (today - start).days / signals.cadence_days


def _recency_points(share: float) -> int:
    if share < WARN_SHARE:
        return RECENCY_POINTS
    if share < 1:
        return 30
    return 10 if share < 2 else 0


def _expected(signals: Signals) -> int:
    return max(1, round(WINDOW_DAYS / signals.cadence_days))


def _often_points(signals: Signals) -> int:
    return round(OFTEN_POINTS * min(1.0, signals.interactions / _expected(signals)))


def _balance_points(signals: Signals) -> int:
    total = signals.outgoing + signals.incoming
    if total == 0:
        return 0
    mine = signals.outgoing / total
    return 5 if mine > 0.75 or mine < 0.25 else BALANCE_POINTS


def _colour(share: float, total: int) -> str:
    if share >= 1 or total < 40:
        return "red"
    if share >= WARN_SHARE or total < 70:
        return "amber"
    return "green"


def points(signals: Signals, today: date) -> int:
    """The score alone, without the reasons (for the trend, where only the number counts)."""
    follow = 0 if signals.overdue_follow_ups else FOLLOW_UP_POINTS
    share = _share(signals, today)
    return _recency_points(share) + _often_points(signals) + _balance_points(signals) + follow


def score(signals: Signals, today: date, *, before: int | None = None) -> Health:
    """The health of one relationship on a day, with a reason for every part of the score.

    `before` is the score TREND_DAYS ago, when known, for the trend.
    """
    total = points(signals, today)
    return Health(signals, today, total, _colour(_share(signals, today), total), before)


def with_trend(now: Health, before: Health | None) -> Health:
    """The health of today with the score of TREND_DAYS ago attached."""
    return replace(now, score_before=before.score if before is not None else None)


def _recency_reason(signals: Signals, today: date, share: float) -> str:
    cadence = signals.cadence_days
    every = f"every {_days(cadence)}"
    if math.isinf(share):
        return f"no touch logged yet ({every})"
    late = overdue_days(signals, today)
    last = f"last touch {_ago(cadence + late)}" if signals.last_touch is not None else "no touch logged yet"
    if share < WARN_SHARE:
        return f"{last}, {every}: in good time"
    if share < 1:
        return f"{last}, {every}: due in {_days(-late)}, before it goes cold"
    if share < 2:
        return f"{last}, {every}: overdue by {_days(late)}"
    return f"{last}, {every}: gone cold"


def _often_reason(signals: Signals) -> str:
    return (
        f"{_times(signals.interactions)} in the last {WINDOW_DAYS} days (about {_expected(signals)} expected)"
    )


def _balance_reason(signals: Signals) -> str:
    total = signals.outgoing + signals.incoming
    if total == 0:
        return f"no messages either way in the last {WINDOW_DAYS} days"
    mine = signals.outgoing / total
    if mine > 0.75:
        return f"you reached out {signals.outgoing} of {total} times: it is one-sided"
    if mine < 0.25:
        return f"they reached out {signals.incoming} of {total} times: you rarely write first"
    return f"both of you reach out ({signals.outgoing} from you, {signals.incoming} from them)"


def _follow_up_reason(signals: Signals) -> str:
    if signals.overdue_follow_ups:
        n = signals.overdue_follow_ups
        return f"{n} follow-up{'s' if n != 1 else ''} overdue"
    if signals.open_follow_ups:
        n = signals.open_follow_ups
        return f"{n} follow-up{'s' if n != 1 else ''} open, none overdue"
    return ""


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _times(n: int) -> str:
    return "1 interaction" if n == 1 else f"{n} interactions"


def _ago(days: int) -> str:
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"
