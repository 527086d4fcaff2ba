"""Dates in ticket exports, read as they are written.

ISO 8601 and `yyyy/mm/dd` are read as they are; `25/Feb/26 10:17 PM` and `Feb 25, 2026` by their month
names; `05/03/2016` (or `05-03-2016`, `05.03.2016`) is ambiguous on its own, so a file's day order is settled
once, by the first date in it whose day is above 12. A file where no date tells, or whose dates disagree, is
an error that names the line, rather than a guess. Times without a zone are the user's (they come out in
UTC).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

from meetfirst.core.errors import UnreadableFile
from meetfirst.importers.tables import Table
from meetfirst.importers.tickets_common import MISSING

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janv"),
            ("feb", "february", "févr", "fev"),
            ("mar", "march", "mars"),
            ("apr", "april", "avr"),
            ("may", "mai"),
            ("jun", "june", "juin"),
            ("jul", "july", "juil"),
            ("aug", "august", "août"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december", "déc"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAY: Final = re.compile(r"(?i)^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+")
_NUMERIC: Final = re.compile(r"(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})")
_NAMED_DAY_FIRST: Final = re.compile(r"(\d{1,2})[-/ ]([^\W\d_]{3,9})\.?[-/ ,]\s*(\d{4}|\d{2})\b")
_NAMED_MONTH_FIRST: Final = re.compile(r"([^\W\d_]{3,9})\.? (\d{1,2}),? (\d{4})\b")
_REST: Final = re.compile(
    r"(?:[T ,]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*"
)


class DateProblem(ValueError):
    """A date this file's reader cannot read; its text is the whole message."""


# A date's pieces before the day order is known: (year, first, second, needs_order, hour, minute, second,
# microsecond, offset minutes or None). `needs_order` marks `first/second/year` forms; otherwise first is
# the month and second the day.
_Shape = tuple[int, int, int, bool, int, int, int, int, int | None]


@lru_cache(maxsize=1 << 14)
def _shape(text: str) -> _Shape:
    """The pieces of a date in any form we accept; ValueError for anything else."""
    body = _WEEKDAY.sub("", text.strip())
    if (match := _NUMERIC.match(body)) is not None:
        first, _, second, third = match.groups()
        if len(first) == 4:
            year, month, day, needs_order = int(first), int(second), int(third), False
        elif len(third) in (2, 4):
            year, month, day, needs_order = _year(third), int(first), int(second), True
        else:
            raise ValueError(text)
    elif (match := _NAMED_DAY_FIRST.match(body)) is not None:
        day, month, year, needs_order = int(match[1]), _month(match[2]), _year(match[3]), False
    elif (match := _NAMED_MONTH_FIRST.match(body)) is not None:
        month, day, year, needs_order = _month(match[1]), int(match[2]), int(match[3]), False
    else:
        raise ValueError(text)
    rest = _REST.fullmatch(body, match.end())
    if rest is None:
        raise ValueError(text)
    hour_text, minute, second, fraction, meridiem, zone = rest.groups()
    hour = int(hour_text) if hour_text else 0
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if meridiem in "Pp" else 0)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    return (
        year,
        month,
        day,
        needs_order,
        hour,
        int(minute or 0),
        int(second or 0),
        micro,
        _offset(zone),
    )


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        value += 1900 if value >= 69 else 2000
    elif len(text) != 4:
        raise ValueError(text)
    return value


def _month(text: str) -> int:
    try:
        return _MONTHS[text.casefold()]
    except KeyError:
        raise ValueError(text) from None


def _offset(zone: str | None) -> int | None:
    if zone is None:
        return None
    if zone in ("Z", "UTC", "GMT"):
        return 0
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:])
    return -minutes if zone[0] == "-" else minutes


# Zones that are UTC under another name, at every moment of their history.
_UTC_NAMES: Final = frozenset(
    {"UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu", "GMT", "Etc/GMT",
     "GMT0", "Etc/GMT0", "GMT+0", "Etc/GMT+0", "GMT-0", "Etc/GMT-0", "Greenwich", "Etc/Greenwich"}
)  # fmt: skip


class Dates:
    """The dates of one file, read in the user's zone unless they carry their own.

    `rescan` yields the file's date cells from its start; it is walked once, only if a date such as
    05/03/2016 comes before any date that settles the day order.
    """

    def __init__(
        self,
        file: str,
        zone: tzinfo,
        *,
        rescan: Callable[[], Iterable[tuple[int, str]]] | None = None,
        day_first: bool | None = None,
    ) -> None:
        self.file = file
        self.zone = zone
        # Zone-less times are the user's; they are handed on in UTC (datetime.UTC), whose offset costs
        # nothing to ask for, where a ZoneInfo's is looked up again by every reader of the value: the
        # COPY that stores a ticket spends a microsecond a row on it (see docs/benchmarks.md).
        self._utc_already = zone is UTC or getattr(zone, "key", None) in _UTC_NAMES
        self.day_first = day_first
        self._rescan = rescan
        self._settled_at = 0  # the line whose date settled the order (0: not settled by a date)

    def parse(self, text: str, line: int) -> datetime | None:
        """The date in a cell, None for an empty one; DateProblem for a date that cannot be read."""
        if len(text) >= 10 and text[4] == "-" and text.isascii():
            try:  # ISO 8601, the commonest form, read by C code
                when = datetime.fromisoformat(text)
            except ValueError:
                pass
            else:
                if when.tzinfo is not None:
                    return when
                # combine() attaches a zone several times quicker than replace(tzinfo=...)
                if self._utc_already:
                    return datetime.combine(when, when.time(), UTC)
                return datetime.combine(when, when.time(), self.zone).astimezone(UTC)
        text = text.strip()
        if text in MISSING:
            return None
        try:
            year, first, second, needs_order, hour, minute, sec, micro, offset = _shape(text)
        except ValueError:
            raise DateProblem(f"{text!r} is not a date meetfirst can read") from None
        month, day = first, second
        if needs_order:
            month, day = self._order(text, first, second, line)
        try:
            when = datetime(year, month, day, hour, minute, sec, micro)
        except ValueError as exc:
            raise DateProblem(f"{text!r} is not a date ({exc})") from None
        if offset is None:
            if self._utc_already:
                return datetime.combine(when, when.time(), UTC)
            return datetime.combine(when, when.time(), self.zone).astimezone(UTC)
        return when.replace(tzinfo=UTC if not offset else timezone(timedelta(minutes=offset)))

    def _order(self, text: str, first: int, second: int, line: int) -> tuple[int, int]:
        """(month, day) of a `first/second/year` date, by this file's day order."""
        says = _day_first(first, second)
        if says is None and first > 12 and second > 12:
            raise DateProblem(f"{text!r} is not a date: neither {first} nor {second} can be a month")
        if self.day_first is None:
            if says is None:
                self._settle(text, line)
            else:
                self.day_first, self._settled_at = says, line
        if says is not None and says != self.day_first:
            where = f"line {self._settled_at}" if self._settled_at else "the other dates"
            order = "day-first" if self.day_first else "month-first"
            raise DateProblem(f"{text!r} contradicts the file's {order} dates (as read from {where})")
        return (second, first) if self.day_first else (first, second)

    def _settle(self, text: str, line: int) -> None:
        """Settle the day order from the first date in the file that tells, or fail for the whole file."""
        for at, cell in self._rescan() if self._rescan is not None else ():
            try:
                shape = _shape(cell.strip())
            except ValueError:
                continue
            if shape[3] and (says := _day_first(shape[1], shape[2])) is not None:
                self.day_first, self._settled_at = says, at
                return
        raise UnreadableFile(
            f"dates such as {text!r} could be day-first or month-first, and no date in the file tells "
            "which; export the dates as yyyy-mm-dd, or import with a mapping that gives the date format",
            file=self.file,
            line=line,
        )


def _day_first(first: int, second: int) -> bool | None:
    if first > 12 and second <= 12:
        return True
    if second > 12 and first <= 12:
        return False
    return None


def strptime_dates(file: str, zone: ZoneInfo, pattern: str) -> Callable[[str, int], datetime | None]:
    """A parser for dates in one strptime pattern (a mapping file's [dates] format)."""

    def parse(text: str, line: int) -> datetime | None:
        text = text.strip()
        if text in MISSING:
            return None
        try:
            when = datetime.strptime(text, pattern)  # the zone is attached below
        except ValueError:
            raise DateProblem(f"{text!r} does not match the date format {pattern!r}") from None
        return when if when.tzinfo is not None else when.replace(tzinfo=zone)

    return parse


def date_cells(table: Table, indexes: Sequence[int]) -> Callable[[], Iterator[tuple[int, str]]]:
    """A rescan for Dates: the cells of these columns, from the file opened again."""

    def cells() -> Iterator[tuple[int, str]]:
        with table.reopened() as again:
            for line, row in again.rows():
                for index in indexes:
                    if index < len(row):
                        yield line, row[index]

    return cells
