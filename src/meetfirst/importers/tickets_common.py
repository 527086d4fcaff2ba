"""What the ticket readers share: our ticket fields, finding them in a header, reading numbers and durations
as exports write them, and turning one CSV row into a TicketRecord (dates: ticket_dates.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Final

from meetfirst.core import identity
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
