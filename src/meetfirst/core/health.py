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
from dataclasses import dataclass
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
    person_id: int
    name: str
    kind: str
    cadence_days: int
    score: int
    colour: str  # "green", "amber" or "red"
    reasons: tuple[str, ...]
    score_before: int | None = None  # TREND_DAYS ago, from the same data as of then
    snoozed_until: date | None = None

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


def score(signals: Signals, today: date) -> Health:
    """The health of one relationship on a day, with a reason for every part of the score."""
    where = due(signals, today)
    recency, recency_reason, share = _recency(signals, where)
    often, often_reason = _how_often(signals)
    balance, balance_reason = _balance(signals)
    follow, follow_reason = _follow_ups(signals)
    total = recency + often + balance + follow
    if share >= 1 or total < 40:
        colour = "red"
    elif share >= WARN_SHARE or total < 70:
        colour = "amber"
    else:
        colour = "green"
    reasons = tuple(r for r in (recency_reason, often_reason, balance_reason, follow_reason) if r)
    return Health(
        person_id=signals.person_id,
        name=signals.name,
        kind=signals.kind,
        cadence_days=signals.cadence_days,
        score=total,
        colour=colour,
        reasons=reasons,
        snoozed_until=signals.snoozed_until,
    )


def with_trend(now: Health, before: Health | None) -> Health:
    """The health of today with the score of TREND_DAYS ago attached."""
    return Health(
        person_id=now.person_id,
        name=now.name,
        kind=now.kind,
        cadence_days=now.cadence_days,
        score=now.score,
        colour=now.colour,
        reasons=now.reasons,
        score_before=before.score if before is not None else None,
        snoozed_until=now.snoozed_until,
    )


def _recency(signals: Signals, where: Due) -> tuple[int, str, float]:
    """Points, reason, and the share of the cadence that has passed since the last touch."""
    cadence = signals.cadence_days
    if where.days_since is None and signals.since is None:
        return 0, f"no touch logged yet (every {_days(cadence)})", math.inf
    elapsed = cadence + where.overdue_days
    share = elapsed / cadence
    last = f"last touch {_ago(elapsed)}" if where.days_since is not None else "no touch logged yet"
    if share < WARN_SHARE:
        return RECENCY_POINTS, f"{last}, every {_days(cadence)}: in good time", share
    if share < 1:
        left = -where.overdue_days
        return 30, f"{last}, every {_days(cadence)}: due in {_days(left)}, before it goes cold", share
    if share < 2:
        return 10, f"{last}, every {_days(cadence)}: overdue by {_days(where.overdue_days)}", share
    return 0, f"{last}, every {_days(cadence)}: gone cold", share


def _how_often(signals: Signals) -> tuple[int, str]:
    expected = max(1, round(WINDOW_DAYS / signals.cadence_days))
    got = signals.interactions
    points = round(OFTEN_POINTS * min(1.0, got / expected))
    return points, f"{_times(got)} in the last {WINDOW_DAYS} days (about {expected} expected)"


def _balance(signals: Signals) -> tuple[int, str]:
    total = signals.outgoing + signals.incoming
    if total == 0:
        return 0, "no messages either way in the last 180 days"
    mine = signals.outgoing / total
    if mine > 1 - 0.25:
        return 5, f"you reached out {signals.outgoing} of {total} times: it is one-sided"
    if mine < 0.25:
        return 5, f"they reached out {signals.incoming} of {total} times: you rarely write first"
    return (
        BALANCE_POINTS,
        f"both of you reach out ({signals.outgoing} from you, {signals.incoming} from them)",
    )


def _follow_ups(signals: Signals) -> tuple[int, str]:
    if signals.overdue_follow_ups:
        n = signals.overdue_follow_ups
        return 0, f"{n} follow-up{'s' if n != 1 else ''} overdue"
    if signals.open_follow_ups:
        n = signals.open_follow_ups
        return FOLLOW_UP_POINTS, f"{n} follow-up{'s' if n != 1 else ''} open, none overdue"
    return FOLLOW_UP_POINTS, ""


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _times(n: int) -> str:
    return "1 interaction" if n == 1 else f"{n} interactions"


def _ago(days: int) -> str:
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"
