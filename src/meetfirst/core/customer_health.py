"""A customer's health as a person, not as a ticket queue: a score that explains itself, and nudges.

Pure functions over plain values: the store sums up each customer's tickets, ratings and human touches in
SQL (Signals, as of one moment), and these rules turn the sums into a score, a band and advice in words.

health = sum(weight x factor) / sum(weights of the factors present), each factor 0-100:
- touch recency (35): 100 when the last human touch (message, e-mail, call, meeting) is within the
  cadence, falling linearly to 0 at twice the cadence; no touch ever is 0;
- ticket friction (25): 100 minus penalties for reopens, tickets open over 14 days and long waits;
- satisfaction (25): the share of positive ratings in 180 days, shrunk toward the team's mean when there
  are fewer than 5; left out when there is neither a rating nor a mean;
- staff sentiment (15): healthy 100, neutral 60, at-risk 20; left out when nobody set it.
Bands: 0-49 red, 50-74 amber, 75-100 green. The trend compares with the score 30 days ago.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

HUMAN_KINDS: Final = ("message", "email", "call", "meeting")
DEFAULT_CADENCE_DAYS: Final = 30
WEIGHTS: Final = {"recency": 35, "friction": 25, "satisfaction": 25, "sentiment": 15}
SENTIMENT_SCORES: Final = {"healthy": 100, "neutral": 60, "at-risk": 20}
SENTIMENTS: Final = tuple(SENTIMENT_SCORES)

FRICTION_DAYS: Final = 90  # reopens and long waits count for tickets opened in this window
STALE_OPEN_DAYS: Final = 14  # a ticket open longer than this is a friction
LONG_WAIT_MINUTES: Final = 24 * 60  # a requester who waited longer than a day in all
REOPEN_PENALTY, STALE_PENALTY, WAIT_PENALTY = 10, 15, 10
SATISFACTION_DAYS: Final = 180
SHRINK_BELOW: Final = 5  # fewer ratings than this lean on the team's mean
TREND_DAYS: Final = 30
TREND_STEP: Final = 5  # points of change that make an arrow
RED_BELOW, GREEN_FROM = 50, 75

BUSY_TICKETS: Final = 3  # this many tickets in BUSY_DAYS and no human touch in as long: invite them
BUSY_DAYS: Final = 90
CHECK_IN_WORKING_DAYS: Final = 2  # after a bad rating
CHECK_IN_DAYS: Final = 30  # a bad rating older than this no longer asks for a check-in
RESOLVED_WAIT_DAYS: Final = 7  # "how is it going?" this many days after a resolution
RESOLVED_UNTIL_DAYS: Final = 30  # ... and not after this many
RECENCY_NUDGE_BELOW: Final = 50


@dataclass(frozen=True, slots=True)
class Signals:
    """What the store knows of one customer as of one moment (the sums are over the windows above)."""

    cadence_days: int
    last_human_touch: datetime | None = None
    tickets_recent: int = 0  # opened in the last BUSY_DAYS
    reopens: int = 0  # of tickets opened in the last FRICTION_DAYS
    long_waits: int = 0  # tickets opened in the last FRICTION_DAYS whose requester waited too long
    stale_open: int = 0  # open now, opened more than STALE_OPEN_DAYS ago
    open_tickets: int = 0
    ratings: int = 0  # in the last SATISFACTION_DAYS
    positive: int = 0
    sentiment: str = ""
    last_bad_rating: datetime | None = None
    last_resolved: datetime | None = None


@dataclass(frozen=True, slots=True)
class Prior:
    """The mean that a few ratings are shrunk toward: a share of positive ratings, and whose it is."""

    share: float
    label: str  # "team Support", "all customers"


@dataclass(frozen=True, slots=True)
class Factor:
    key: str
    label: str
    weight: int
    score: int | None  # None: left out of the score
    reason: str

    @property
    def present(self) -> bool:
        return self.score is not None

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "weight": self.weight,
            "score": self.score,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Nudge:
    kind: str  # busy | bad-rating | resolved | recency
    reason: str
    action: str

    @property
    def text(self) -> str:
        return f"{self.reason}: {self.action}"

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "reason": self.reason, "action": self.action}


@dataclass(frozen=True, slots=True)
class Health:
    score: int
    band: str  # red | amber | green
    factors: tuple[Factor, ...]
    nudges: tuple[Nudge, ...]
    score_before: int | None = None

    @property
    def trend(self) -> str:
        """up, down or steady against TREND_DAYS ago."""
        if self.score_before is None:
            return "steady"
        change = self.score - self.score_before
        return "up" if change >= TREND_STEP else "down" if change <= -TREND_STEP else "steady"

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓"}.get(self.trend, "→")

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(f.reason for f in self.factors)

    def as_dict(self) -> dict[str, object]:
        return {
            "score": self.score,
            "band": self.band,
            "trend": self.trend,
            "score_30_days_ago": self.score_before,
            "factors": [f.as_dict() for f in self.factors],
            "nudges": [n.as_dict() for n in self.nudges],
        }


def band(score: int) -> str:
    return "red" if score < RED_BELOW else "amber" if score < GREEN_FROM else "green"


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def recency(signals: Signals, now: datetime) -> Factor:
    cadence = signals.cadence_days
    label, weight = "touch recency", WEIGHTS["recency"]
    if signals.last_human_touch is None:
        return Factor("recency", label, weight, 0, f"no conversation yet, cadence {_days(cadence)}")
    days = max(0.0, (now - signals.last_human_touch).total_seconds() / 86400)
    score = 100.0 if days <= cadence else max(0.0, 100.0 * (2 * cadence - days) / cadence)
    reason = f"last conversation {_days(int(days))} ago, cadence {_days(cadence)}"
    return Factor("recency", label, weight, round(score), reason)


def friction(signals: Signals) -> Factor:
    penalty = (
        REOPEN_PENALTY * signals.reopens
        + STALE_PENALTY * signals.stale_open
        + WAIT_PENALTY * signals.long_waits
    )
    score = max(0, 100 - penalty)
    problems = [
        text
        for count, text in (
            (signals.reopens, _plural(signals.reopens, "reopen")),
            (signals.stale_open, f"{_plural(signals.stale_open, 'ticket')} open over {STALE_OPEN_DAYS} days"),
            (
                signals.long_waits,
                f"{_plural(signals.long_waits, 'long wait')} (over {LONG_WAIT_MINUTES // 60} hours)",
            ),
        )
        if count
    ]
    if not penalty:
        if signals.tickets_recent:
            reason = (
                f"{_plural(signals.tickets_recent, 'ticket')} in {FRICTION_DAYS} days, none with friction"
            )
        else:
            reason = f"no ticket friction in {FRICTION_DAYS} days"
    else:
        reason = ", ".join(problems) + f" in {FRICTION_DAYS} days"
    return Factor("friction", "ticket friction", WEIGHTS["friction"], score, reason)


def satisfaction(signals: Signals, prior: Prior | None) -> Factor:
    label, weight = "satisfaction", WEIGHTS["satisfaction"]
    n, good = signals.ratings, signals.positive
    counted = f"{good} of {_plural(n, 'rating')} positive in {SATISFACTION_DAYS} days"
    if n == 0:
        if prior is None:
            return Factor(
                "satisfaction",
                label,
                weight,
                None,
                f"no ratings in {SATISFACTION_DAYS} days and no mean to compare with: left out of the score",
            )
        return Factor(
            "satisfaction",
            label,
            weight,
            round(100 * prior.share),
            f"no ratings in {SATISFACTION_DAYS} days: the mean of {prior.label}, {round(100 * prior.share)}%",
        )
    if n >= SHRINK_BELOW or prior is None:
        note = "" if n >= SHRINK_BELOW else " (few ratings, no mean to lean on)"
        return Factor("satisfaction", label, weight, round(100 * good / n), counted + note)
    # Fewer than SHRINK_BELOW ratings: the missing ones count as the prior's share.
    share = (good + (SHRINK_BELOW - n) * prior.share) / SHRINK_BELOW
    reason = f"{counted}, leaning toward the {round(100 * prior.share)}% of {prior.label}"
    return Factor("satisfaction", label, weight, round(100 * share), reason)


def sentiment(signals: Signals) -> Factor:
    label, weight = "staff sentiment", WEIGHTS["sentiment"]
    value = SENTIMENT_SCORES.get(signals.sentiment)
    if value is None:
        return Factor("sentiment", label, weight, None, "no staff sentiment set: left out of the score")
    return Factor("sentiment", label, weight, value, f"the staff feel it is {signals.sentiment}")


def factors(signals: Signals, now: datetime, prior: Prior | None) -> tuple[Factor, ...]:
    return (recency(signals, now), friction(signals), satisfaction(signals, prior), sentiment(signals))


def score_of(found: tuple[Factor, ...]) -> int:
    present = [f for f in found if f.score is not None]
    total = sum(f.weight for f in present)
    return round(sum(f.weight * (f.score or 0) for f in present) / total) if total else 0


def add_working_days(day: date, count: int) -> date:
    """The day `count` working days (Monday to Friday) after `day`."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _touched_since(signals: Signals, moment: datetime) -> bool:
    return signals.last_human_touch is not None and signals.last_human_touch >= moment


def nudges(name: str, signals: Signals, now: datetime) -> tuple[Nudge, ...]:
    """Advice for the staff, most pressing first, each with its reason and an action."""
    first = name.split()[0] if name.split() else "them"
    found: list[Nudge] = []
    bad = signals.last_bad_rating
    if bad is not None and now - bad <= timedelta(days=CHECK_IN_DAYS) and not _touched_since(signals, bad):
        by = add_working_days(bad.date(), CHECK_IN_WORKING_DAYS)
        late = " (overdue)" if now.date() > by else ""
        found.append(
            Nudge(
                "bad-rating",
                f"{first} gave a bad rating on {bad:%Y-%m-%d}",
                f"check in with {first} by {by:%Y-%m-%d}{late}",
            )
        )
    quiet = signals.last_human_touch is None or now - signals.last_human_touch > timedelta(days=BUSY_DAYS)
    if signals.tickets_recent >= BUSY_TICKETS and quiet:
        found.append(
            Nudge(
                "busy",
                f"{signals.tickets_recent} tickets for {first} in {BUSY_DAYS} days and no conversation",
                f"invite {first} for a coffee",
            )
        )
    done = signals.last_resolved
    if (
        done is not None
        and timedelta(days=RESOLVED_WAIT_DAYS) <= now - done <= timedelta(days=RESOLVED_UNTIL_DAYS)
        and not _touched_since(signals, done)
    ):
        days = (now - done).days
        found.append(
            Nudge(
                "resolved",
                f"{first}'s ticket was resolved {_days(days)} ago",
                f'ask {first} "how is it going?"',
            )
        )
    rec = recency(signals, now)
    if (rec.score or 0) < RECENCY_NUDGE_BELOW and not any(n.kind == "busy" for n in found):
        reason = rec.reason[0].upper() + rec.reason[1:]
        found.append(Nudge("recency", reason, f"call {first} or write a personal message"))
    return tuple(found)


def assess(
    name: str,
    signals: Signals,
    now: datetime,
    prior: Prior | None,
    before: Signals | None = None,
    prior_before: Prior | None = None,
) -> Health:
    """The health now; with `before` (the signals as of TREND_DAYS ago) also the score then."""
    found = factors(signals, now, prior)
    score = score_of(found)
    score_before = None
    if before is not None:
        then = now - timedelta(days=TREND_DAYS)
        score_before = score_of(factors(before, then, prior_before if prior_before is not None else prior))
    return Health(score, band(score), found, nudges(name, signals, now), score_before)
