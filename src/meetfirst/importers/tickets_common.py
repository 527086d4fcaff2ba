"""What the ticket readers share: our ticket fields, finding them in a header, reading dates, numbers and
durations as exports write them, and turning one CSV row into a TicketRecord.

Dates: ISO 8601 and `yyyy/mm/dd` are read as they are; `25/Feb/26 10:17 PM` and `Feb 25, 2026` by their
month names; `05/03/2016` (or `05-03-2016`, `05.03.2016`) is ambiguous on its own, so a file's day order is
settled once, by the first date in it whose day is above 12. A file where no date tells, or whose dates
disagree, is an error that names the line, rather than a guess. Times without a zone are the user's
(the values come out in UTC).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

from meetfirst.core import identity
from meetfirst.core.errors import UnreadableFile
from meetfirst.core.records import RowError, Satisfaction, SourceRef, TicketRecord
from meetfirst.importers.tables import Table

# Cells that mean "no value" (ServiceNow's event log writes '?').
MISSING: Final = frozenset({"", "?", "null", "NULL", "(null)", "None", "N/A", "n/a", "-"})

# Our fields, as a mapping file names them, and what kind of value each holds.
FIELDS: Final[Mapping[str, str]] = {
    "id": "text",
    "opened_at": "date",
    "requester_name": "name",
    "requester_email": "email",
    "requester_external_id": "text",
    "organization": "name",
    "requester_phone": "text",
    "subject": "text",
    "description": "text",
    "status": "text",
    "priority": "text",
    "channel": "text",
    "agent_name": "name",
    "agent_email": "email",
    "group": "name",
    "updated_at": "date",
    "resolved_at": "date",
    "closed_at": "date",
    "reopens": "count",
    "first_reply_minutes": "minutes",
    "requester_wait_minutes": "minutes",
}
REQUIRED_FIELDS: Final = ("id", "opened_at")

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


def count(text: str) -> int:
    """A whole number of things (reopens); 0 for an empty cell."""
    if text.isdigit() and text.isascii():
        return int(text)
    text = text.strip()
    if text in MISSING:
        return 0
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if value < 0 or value != int(value):
        raise ValueError(f"{text!r} is not a count")
    return int(value)


def minutes(text: str, *, unit: float = 1.0) -> float | None:
    """A duration in minutes: a number of `unit` minutes (60 for hours), or `HH:MM[:SS]`; None if empty."""
    if text.isdigit() and text.isascii():
        return int(text) * unit
    text = text.strip()
    if text in MISSING:
        return None
    if ":" in text:
        pieces = text.split(":")
        if len(pieces) not in (2, 3) or not all(p.strip().isdigit() for p in pieces):
            raise ValueError(f"{text!r} is not a duration")
        hours, mins = int(pieces[0]), int(pieces[1])
        secs = int(pieces[2]) if len(pieces) == 3 else 0
        return hours * 60 + mins + secs / 60
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{text!r} is not a number of minutes") from None
    if value < 0 or value != value:
        raise ValueError(f"{text!r} is not a duration")
    return value * unit


def between(start: datetime | None, end: datetime | None) -> float | None:
    """Minutes from start to end, when both are known and end is not before start."""
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds() / 60


def find_columns(table: Table, wanted: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Our field -> column index, each field taking the first of its header names the file has."""
    found: dict[str, int] = {}
    for field, names in wanted.items():
        for name in names:
            index = table.columns.get(name)
            if index is not None:
                found[field] = index
                break
    return found


DateParser = Callable[[str, int], "datetime | None"]
# Called with the record and its row after the common fields are read: adds what a format knows more.
Finish = Callable[[TicketRecord, list[str]], None]
Rate = Callable[[list[str], TicketRecord], "Satisfaction | None"]


def tickets(
    table: Table,
    system: str,
    columns: Mapping[str, int],
    parse_date: DateParser,
    *,
    rate: Rate | None = None,
    finish: Finish | None = None,
) -> Iterator[TicketRecord | RowError]:
    """One TicketRecord per row of `table`, its fields read from `columns` (our field -> index; `id`
    and `opened_at` are required).

    A row whose id or opening date is missing, or one of whose values cannot be read, is a RowError
    that names the column; the rows after it are still read.
    """
    header = table.header
    width = len(header)
    name = table.name
    id_index, opened_index = columns["id"], columns["opened_at"]
    # Grouped by kind, so that each row runs a few tight loops (a million rows a run).
    kinds: dict[str, list[tuple[str, int]]] = {}
    for field, index in columns.items():
        if field not in ("id", "opened_at"):
            kinds.setdefault(FIELDS[field], []).append((field, index))
    texts, names, emails = kinds.get("text", []), kinds.get("name", []), kinds.get("email", [])
    numbers: list[tuple[str, int, Callable[[str], float | None]]]
    numbers = [(f, i, count) for f, i in kinds.get("count", [])]
    numbers += [(f, i, minutes) for f, i in kinds.get("minutes", [])]
    moments = kinds.get("date", [])
    missing = MISSING
    fill = _filler(moments, numbers, texts, names, emails, parse_date)
    for line, row in table.rows():
        if len(row) != width and (problem := table.width_problem(row)):
            yield RowError(name, line, problem)
            continue
        external_id = row[id_index].strip()
        if external_id in missing:
            yield RowError(name, line, f"the ticket id ({header[id_index]}) is empty")
            continue
        index = opened_index
        try:
            opened_at = parse_date(row[index], line)
            if opened_at is None:
                yield RowError(name, line, f"ticket {external_id} has no opening date ({header[index]})")
                continue
            record = TicketRecord(SourceRef(name, line), system, external_id, opened_at)
        except ValueError as exc:
            yield RowError(name, line, f"{header[index]}: {exc}")
            continue
        try:
            fill(record, row, line)
        except ValueError:
            # Which cell: read again the plain way (rare), for the same message the loop used to give.
            problem = _bad_cell(row, line, moments, numbers, parse_date, header)
            if problem is None:
                raise
            yield RowError(name, line, problem)
            continue
        try:
            if finish is not None:
                finish(record, row)
        except ValueError as exc:
            yield RowError(name, line, str(exc))
            continue
        try:
            if rate is not None:
                record.satisfaction = rate(row, record)
        except ValueError as exc:
            yield RowError(name, line, f"satisfaction: {exc}")
            continue
        yield record


def _filler(
    moments: Sequence[tuple[str, int]],
    numbers: Sequence[tuple[str, int, Callable[[str], float | None]]],
    texts: Sequence[tuple[str, int]],
    names: Sequence[tuple[str, int]],
    emails: Sequence[tuple[str, int]],
    parse_date: DateParser,
) -> Callable[[TicketRecord, list[str], int], None]:
    """A function that fills a record's optional fields from one row, written out for this file's columns.

    A million rows each ran five loops over (field, index) pairs with a `setattr` per value; the same
    statements written out once per file, as `dataclasses` writes its `__init__`, run without them. Only
    our own field names (FIELDS) and column numbers go into the text. A date or number that cannot be read
    raises ValueError: see `_bad_cell`.
    """
    spec = [*moments, *((f, i) for f, i, _ in numbers), *texts, *names, *emails]
    if not all(field in FIELDS and field.isidentifier() and type(index) is int for field, index in spec):
        raise ValueError(f"not ticket fields: {spec!r}")
    namespace: dict[str, object] = {
        "parse_date": parse_date, "missing": MISSING, "tidy": _tidy_cached, "email": _email,
    }  # fmt: skip
    body: list[str] = []
    for field, index in moments:
        body += [f"v = parse_date(row[{index}], line)", "if v is not None:", f"    record.{field} = v"]
    for n, (field, index, read_number) in enumerate(numbers):
        namespace[f"number_{n}"] = read_number
        body += [f"v = number_{n}(row[{index}])", "if v is not None:", f"    record.{field} = v"]
    for field, index in texts:
        body += [f"t = row[{index}].strip()", "if t not in missing:", f"    record.{field} = t"]
    for field, index in names:
        # tidy_name is skipped for the usual name that is already tidy (printable: no tabs, newlines or
        # odd spaces).
        body += [
            f"t = row[{index}].strip()",
            "if t not in missing:",
            f"    record.{field} = tidy(t) if '  ' in t or not t.isprintable() else t",
        ]
    for field, index in emails:
        body += [f"t = row[{index}].strip()", "if t not in missing:", f"    record.{field} = email(t)"]
    source = "def fill(record, row, line):\n" + "".join(f"    {text}\n" for text in body or ["pass"])
    exec(compile(source, "<ticket row filler>", "exec"), namespace)  # noqa: S102 - our own text, see above
    fill: Callable[[TicketRecord, list[str], int], None] = namespace["fill"]  # type: ignore[assignment]
    return fill


def _bad_cell(
    row: list[str],
    line: int,
    moments: Sequence[tuple[str, int]],
    numbers: Sequence[tuple[str, int, Callable[[str], float | None]]],
    parse_date: DateParser,
    header: Sequence[str],
) -> str | None:
    """What is wrong with the first date or number of a row that cannot be read, naming its column."""
    for _, index in moments:
        try:
            parse_date(row[index], line)
        except ValueError as exc:
            return f"{header[index]}: {exc}"
    for _, index, read_number in numbers:
        try:
            read_number(row[index])
        except ValueError as exc:
            return f"{header[index]}: {exc}"
    return None


# Requesters, agents and groups come back row after row: the helpers are cached (bounded caches).
_email = lru_cache(maxsize=1 << 16)(identity.email_key)
_tidy_cached = lru_cache(maxsize=1 << 16)(identity.tidy_name)


def cell(row: Sequence[str], index: int | None) -> str:
    """The stripped value of an optional column, '' when the file lacks it or the cell means nothing."""
    if index is None or index >= len(row):
        return ""
    text = row[index].strip()
    return "" if text in MISSING else text


def id_text(value: object) -> str:
    """An id from a JSON file (a number or a string) as text; '' for null."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(value).strip()
