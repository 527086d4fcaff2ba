"""Funnel maths: how many incoming requests reached each step, in total and per month of the request.

Pure: the service reduces each request to a `FunnelRow`; this module counts and computes conversions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, tzinfo
from typing import Any

# The funnel's steps, in order; also the JSON keys of every count.
KEYS: tuple[str, ...] = (
    "requests",
    "known",
    "bizarre",
    "strangers",
    "replied",
    "answered",
    "collectors",
    "met",
    "relationships",
)

# Each conversion: (step, the step it is measured against).
CONVERSIONS: tuple[tuple[str, str], ...] = (
    ("known", "requests"),
    ("bizarre", "requests"),
    ("strangers", "requests"),
    ("replied", "strangers"),
    ("answered", "replied"),
    ("collectors", "replied"),
    ("met", "answered"),
    ("relationships", "met"),
)


@dataclass(frozen=True, slots=True)
class FunnelRow:
    """One incoming request, reduced to what the funnel counts."""

    month: str  # YYYY-MM of the request, in the owner's zone
    verdict: str  # known, stranger, bizarre, or "" before triage
    replied: bool
    answered: bool
    collector: bool  # silent after the reply, now
    # A meeting held with the person after the request; the person now has a relationship kind.
    met: bool = False
    relationship: bool = False


@dataclass(slots=True)
class FunnelCounts:
    requests: int = 0
    known: int = 0
    bizarre: int = 0
    strangers: int = 0
    replied: int = 0
    answered: int = 0
    collectors: int = 0
    met: int = 0
    relationships: int = 0

    def add(self, row: FunnelRow) -> None:
        self.requests += 1
        self.known += row.verdict == "known"
        self.bizarre += row.verdict == "bizarre"
        self.strangers += row.verdict == "stranger"
        self.replied += row.replied
        self.answered += row.answered
        self.collectors += row.collector
        self.met += row.met
        self.relationships += row.relationship

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def get(self, key: str) -> int:
        value: int = getattr(self, key)
        return value


@dataclass(frozen=True, slots=True)
class MonthCounts:
    month: str
    counts: FunnelCounts


@dataclass(frozen=True, slots=True)
class Conversion:
    step: str
    base: str
    percent: float | None  # None when the base is zero


@dataclass(slots=True)
class Funnel:
    total: FunnelCounts = field(default_factory=FunnelCounts)
    months: list[MonthCounts] = field(default_factory=list)  # oldest first; months without requests left out

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape: the total's keys, then `months`, each with `month` and the same keys."""
        return {
            **self.total.as_dict(),
            "months": [{"month": m.month, **m.counts.as_dict()} for m in self.months],
        }


def month_of(moment: datetime, zone: tzinfo) -> str:
    """The `YYYY-MM` a moment falls in, in the given zone."""
    return f"{moment.astimezone(zone):%Y-%m}"


def tally(rows: Iterable[FunnelRow]) -> Funnel:
    """Count the rows in total and per month."""
    total = FunnelCounts()
    by_month: dict[str, FunnelCounts] = {}
    for row in rows:
        total.add(row)
        by_month.setdefault(row.month, FunnelCounts()).add(row)
    return Funnel(total, [MonthCounts(month, by_month[month]) for month in sorted(by_month)])


def percent(part: int, whole: int) -> float | None:
    """part as a percentage of whole, to one decimal; None when whole is zero."""
    return round(100 * part / whole, 1) if whole else None


def conversions(counts: FunnelCounts) -> list[Conversion]:
    """Each step as a share of the step it follows."""
    return [Conversion(step, base, percent(counts.get(step), counts.get(base))) for step, base in CONVERSIONS]
