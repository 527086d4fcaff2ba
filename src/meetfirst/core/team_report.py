"""The team's mirror: how transactional a team's (or an agent's) relationships with customers are.

Pure arithmetic on plain counts. The store aggregates tickets and interactions in SQL and hands over one
row per window (or per team, per agent, per depth); this module turns counts into shares, sorts customers
into depths of relationship, and lays out the windows of the monthly trend.

Definitions (also in the user guide):
- a customer is *served* in a window when a ticket of the scope was opened or updated in it;
- a *human touch* is an interaction of kind message, e-mail, call or meeting (bulk mail excluded); tickets,
  ratings and notes are not touches;
- a served customer is *transactional* when they had no human touch in the window;
- CSAT = positive ratings / rated tickets (unrated tickets left out), ratings given in the window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

HUMAN_KINDS: Final[tuple[str, ...]] = ("message", "email", "call", "meeting")
WINDOW_DAYS: Final = 90
DEPTH_DAYS: Final = 365
# Kinds that do not make a relationship "named": none yet, or the bare fact of being a customer.
UNNAMED_KINDS: Final[tuple[str, ...]] = ("", "customer")
# Human touches in a year from which a relationship counts as deep (the store caps its counts here).
DEEP_TOUCHES: Final = 3

TICKETS_ONLY: Final = "tickets only"
SOME: Final = "some"
DEEP: Final = "deep"
DEPTHS: Final[tuple[str, ...]] = (TICKETS_ONLY, SOME, DEEP)
DEPTH_HELP: Final[Mapping[str, str]] = {
    TICKETS_ONLY: "no human touch in the last 365 days",
    SOME: "1 or 2 human touches in the last 365 days",
    DEEP: "3 or more human touches in the last 365 days, or a named relationship",
}


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide (no customers, no ratings)."""
    if whole <= 0:
        return None
    return part / whole


def percent(value: float | None) -> str:
    """A share as a percentage for people ("42%"), or an en dash when there is none."""
    return "–" if value is None else f"{value * 100:.0f}%"


@dataclass(frozen=True, slots=True)
class WindowCounts:
    """What the store counts in one window (a 90-day window, for one scope or one line of it)."""

    served: int = 0
    transactional: int = 0
    human_touches: int = 0
    rated: int = 0
    positive: int = 0


@dataclass(frozen=True, slots=True)
class Figures:
    """The counts of a window with the shares computed from them."""

    served: int
    transactional: int
    transactional_share: float | None
    human_touches: int
    touches_per_customer: float | None
    rated: int
    positive: int
    csat: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "served": self.served,
            "transactional": self.transactional,
            "transactional_share": _rounded(self.transactional_share),
            "human_touches": self.human_touches,
            "human_touches_per_customer": _rounded(self.touches_per_customer),
            "rated": self.rated,
            "positive": self.positive,
            "csat": _rounded(self.csat),
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def figures(counts: WindowCounts) -> Figures:
    """Shares of one window; a window with no customer or no rating has None, never a division by zero."""
    _check(counts)
    return Figures(
        served=counts.served,
        transactional=counts.transactional,
        transactional_share=share(counts.transactional, counts.served),
        human_touches=counts.human_touches,
        touches_per_customer=share(counts.human_touches, counts.served),
        rated=counts.rated,
        positive=counts.positive,
        csat=share(counts.positive, counts.rated),
    )


def _check(counts: WindowCounts) -> None:
    if min(counts.served, counts.transactional, counts.human_touches, counts.rated, counts.positive) < 0:
        raise ValueError(f"counts cannot be negative: {counts}")
    if counts.transactional > counts.served:
        raise ValueError(f"more transactional customers than customers served: {counts}")
    if counts.positive > counts.rated:
        raise ValueError(f"more positive ratings than ratings: {counts}")


# --- depth of relationship ---------------------------------------------------------------------------


def is_named(relationship_kind: str) -> bool:
    """A relationship the staff have named (friend, colleague, mentor...), beyond "customer"."""
    return relationship_kind.strip().casefold() not in UNNAMED_KINDS


def depth_of(human_touches: int, *, named: bool) -> str:
    """Tickets only (no human touch in a year), some (1-2), or deep (3+, or a named relationship)."""
    if human_touches < 0:
        raise ValueError("a count of touches cannot be negative")
    if named or human_touches >= DEEP_TOUCHES:
        return DEEP
    return SOME if human_touches else TICKETS_ONLY


@dataclass(frozen=True, slots=True)
class DepthCount:
    """Customers served with this many human touches in a year (capped at 3) and named or not."""

    touches: int
    named: bool
    customers: int
    rated: int = 0
    positive: int = 0


@dataclass(frozen=True, slots=True)
class DepthLine:
    depth: str
    customers: int
    rated: int
    positive: int
    csat: float | None

    @property
    def help(self) -> str:
        return DEPTH_HELP[self.depth]

    def as_dict(self) -> dict[str, Any]:
        return {
            "depth": self.depth,
            "customers": self.customers,
            "rated": self.rated,
            "positive": self.positive,
            "csat": _rounded(self.csat),
        }


def depth_table(rows: Iterable[DepthCount]) -> list[DepthLine]:
    """Every depth, in order (empty ones too, so tables and charts keep their shape), with its CSAT."""
    totals = {depth: [0, 0, 0] for depth in DEPTHS}
    for row in rows:
        if row.customers < 0 or row.rated < 0 or not 0 <= row.positive <= row.rated:
            raise ValueError(f"impossible depth counts: {row}")
        total = totals[depth_of(row.touches, named=row.named)]
        total[0] += row.customers
        total[1] += row.rated
        total[2] += row.positive
    return [
        DepthLine(depth, customers, rated, positive, share(positive, rated))
        for depth, (customers, rated, positive) in totals.items()
    ]


# --- windows -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Window:
    """[starts, ends) in UTC; `label` names it (a month "YYYY-MM", or "now")."""

    label: str
    starts: datetime
    ends: datetime


def day_end(day: date) -> datetime:
    """The first instant after `day`, in UTC: windows end there so a day's report is the same all day."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)


def current_window(as_of: date, days: int = WINDOW_DAYS) -> Window:
    """The `days` days ending with `as_of` (inclusive)."""
    ends = day_end(as_of)
    return Window("now", ends - timedelta(days=days), ends)


def month_windows(as_of: date, months: int, days: int = WINDOW_DAYS) -> list[Window]:
    """The last `months` months, oldest first, each with the `days`-day window ending with the month.

    The current month's window ends with `as_of`, so its figures are the report's headline figures.
    """
    if months < 1:
        raise ValueError("the trend needs at least one month")
    year, month = as_of.year, as_of.month
    firsts: list[date] = []
    for _ in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    today_end = day_end(as_of)
    windows = []
    for first in reversed(firsts):
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        ends = min(datetime(following.year, following.month, 1, tzinfo=UTC), today_end)
        windows.append(Window(f"{first:%Y-%m}", ends - timedelta(days=days), ends))
    return windows


# --- the report ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One team or one agent inside a report, with its figures for the current window."""

    kind: str  # "team" or "agent"
    id: int
    name: str
    figures: Figures

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "name": self.name, **self.figures.as_dict()}


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: str
    figures: Figures

    def as_dict(self) -> dict[str, Any]:
        return {"month": self.month, **self.figures.as_dict()}


@dataclass(frozen=True, slots=True)
class TeamReport:
    """The mirror of one scope: the whole desk, a team, or an agent."""

    scope: str  # "all", "team" or "agent"
    scope_id: int | None
    name: str
    as_of: date
    headline: Figures
    depth: list[DepthLine]
    months: list[MonthFigures]
    teams: list[Line] = field(default_factory=list)
    agents: list[Line] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "scope": {"kind": self.scope, "id": self.scope_id, "name": self.name},
            "as_of": self.as_of.isoformat(),
            "window_days": WINDOW_DAYS,
            **self.headline.as_dict(),
            "depth": [line.as_dict() for line in self.depth],
            "months": [month.as_dict() for month in self.months],
            "teams": [line.as_dict() for line in self.teams],
            "agents": [line.as_dict() for line in self.agents],
        }


def trend(windows: list[Window], counts: Mapping[str, WindowCounts]) -> list[MonthFigures]:
    """Figures per month, oldest first; a month the store found nothing in is all zeros."""
    return [
        MonthFigures(window.label, figures(counts.get(window.label, WindowCounts()))) for window in windows
    ]


# --- the report as plain data, to keep it and read it back ----------------------------------------------
# The counts are kept, not the shares: a report read back computes its shares again, to the last digit.


def _counts_of(figures: Figures) -> list[int]:
    return [figures.served, figures.transactional, figures.human_touches, figures.rated, figures.positive]


def _figures_of(counts: list[int]) -> Figures:
    return figures(WindowCounts(*counts))


def to_record(report: TeamReport) -> dict[str, Any]:
    """The report as JSON-ready data that `from_record` turns back into an equal report."""
    return {
        "scope": report.scope,
        "scope_id": report.scope_id,
        "name": report.name,
        "as_of": report.as_of.isoformat(),
        "headline": _counts_of(report.headline),
        "depth": [[line.depth, line.customers, line.rated, line.positive] for line in report.depth],
        "months": [[month.month, _counts_of(month.figures)] for month in report.months],
        "teams": [[line.id, line.name, _counts_of(line.figures)] for line in report.teams],
        "agents": [[line.id, line.name, _counts_of(line.figures)] for line in report.agents],
    }


def from_record(record: Mapping[str, Any]) -> TeamReport:
    """The report `to_record` made."""
    return TeamReport(
        scope=record["scope"],
        scope_id=record["scope_id"],
        name=record["name"],
        as_of=date.fromisoformat(record["as_of"]),
        headline=_figures_of(record["headline"]),
        depth=[
            DepthLine(depth, customers, rated, positive, share(positive, rated))
            for depth, customers, rated, positive in record["depth"]
        ],
        months=[MonthFigures(month, _figures_of(counts)) for month, counts in record["months"]],
        teams=[Line("team", pk, name, _figures_of(counts)) for pk, name, counts in record["teams"]],
        agents=[Line("agent", pk, name, _figures_of(counts)) for pk, name, counts in record["agents"]],
    )
