"""Tickets from any CSV file, read through a saved column mapping (mapping.toml).

A ticket system we do not know still exports a table; the user names, once, which of its columns holds
which of our fields, how its dates are written and what its rating scale is:

    [mapping]
    system = "acme-desk"            # the name tickets are keyed under: acme-desk:<id>
    id = "Case #"                   # required
    opened_at = "Opened"            # required
    requester_email = "Customer e-mail"
    [dates]
    format = "%d.%m.%Y %H:%M"       # strptime; without it, dates are read as the other formats read them
    [satisfaction]
    column = "Rating"
    min = 1
    max = 10
    positive_from = 7               # or: scale = "zendesk" | "freshdesk" | "stars"

Every mistake in the file (bad TOML, an unknown field, a required one missing) is a BadMapping that
names the file and, where it can, the line; a column the CSV lacks is reported against the CSV.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from meetfirst.core import satisfaction
from meetfirst.core.errors import BadMapping
from meetfirst.core.records import Record, RowError, Satisfaction, TicketRecord
from meetfirst.importers.formats import FileFormat, FormatInfo
from meetfirst.importers.tables import Table
from meetfirst.importers.ticket_dates import DateProblem, Dates, date_cells, strptime_dates
from meetfirst.importers.tickets_common import FIELDS, REQUIRED_FIELDS, DateParser, cell, tickets

NAME: Final = "tickets-csv"
MAX_MAPPING: Final = 1 << 16  # a mapping is a few lines; anything bigger is the wrong file
_SYSTEM: Final = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")
_SCALES: Final = ("zendesk", "freshdesk", "stars")
_TABLES: Final = frozenset({"mapping", "dates", "satisfaction"})
_SATISFACTION_KEYS: Final = frozenset(
    {"column", "comment", "rated_at", "scale", "min", "max", "positive_from"}
)


@dataclass(frozen=True, slots=True)
class Rating:
    """Where a mapped file keeps its rating, and on what scale."""

    column: str
    scale: str = ""  # one of _SCALES, or "" for a numeric min..max scale
    low: float = 0.0
    high: float = 0.0
    positive_from: float = 0.0
    comment: str = ""
    rated_at: str = ""


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """A mapping file, read and checked: our field -> the CSV's column (lower case, as tables keep it)."""

    path: str
    system: str
    columns: Mapping[str, str]
    date_format: str = ""
    rating: Rating | None = None

    def needed(self) -> frozenset[str]:
        """Every column the CSV must have."""
        extra = set()
        if self.rating is not None:
            extra = {c for c in (self.rating.column, self.rating.comment, self.rating.rated_at) if c}
        return frozenset(self.columns.values()) | extra


def mapped_format(path: Path) -> FileFormat:
    """The file format a mapping file describes; BadMapping if the file is not a good mapping."""
    mapping = load_mapping(path)
    signature = frozenset(mapping.columns[field] for field in REQUIRED_FIELDS)
    return FileFormat(
        info=FormatInfo(f"{NAME} ({path.name})", f"tickets of {mapping.system}, read through {path}"),
        rank=6,
        signature=signature,
        required=mapping.needed(),
        read=lambda table, zone: read_mapped(table, zone, mapping),
    )


def load_mapping(path: Path) -> ColumnMapping:
    """Read and check a mapping file."""
    name = str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_MAPPING + 1)
    except OSError as exc:
        detail = "no such file" if isinstance(exc, FileNotFoundError) else (exc.strerror or str(exc))
        raise BadMapping(detail, file=name) from exc
    if len(data) > MAX_MAPPING:
        raise BadMapping(f"it is over {MAX_MAPPING >> 10} KiB: not a mapping file", file=name)
    try:
        text = data.decode("utf-8-sig")
        document = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise BadMapping("it is not UTF-8 text", file=name) from exc
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+)", str(exc))
        detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise BadMapping(f"it is not valid TOML ({detail})", file=name, line=_int(found)) from exc
    return _checked(name, text, document)


class _Fail:
    """Makes the BadMapping for a mistake, with the line where `key` is set when it can tell."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text

    def __call__(self, detail: str, key: str = "") -> BadMapping:
        return BadMapping(detail, file=self.name, line=_line_of(self.text, key) if key else None)


def _checked(name: str, text: str, document: dict[str, Any]) -> ColumnMapping:
    fail = _Fail(name, text)
    for key in document:
        if key not in _TABLES:
            raise fail(f"unknown section [{key}]; the sections are [mapping], [dates], [satisfaction]", key)
    section = document.get("mapping")
    if not isinstance(section, dict):
        raise fail("it has no [mapping] section naming the system and the columns")
    system = section.get("system")
    if not isinstance(system, str) or not _SYSTEM.fullmatch(system):
        raise fail(
            "[mapping] system must name the ticket system in lower case (letters, digits, '-', '_', '.'), "
            'e.g. system = "acme-desk"',
            "system" if "system" in section else "",
        )
    columns: dict[str, str] = {}
    for field, column in section.items():
        if field == "system":
            continue
        if field not in FIELDS:
            known = ", ".join(FIELDS)
            raise fail(f"unknown field {field!r} in [mapping]; the fields are system, {known}", field)
        if not isinstance(column, str) or not column.strip():
            raise fail(f"[mapping] {field} must be the name of a column, in quotes", field)
        columns[field] = _column(column)
    for field in REQUIRED_FIELDS:
        if field not in columns:
            raise fail(f"[mapping] must name the column of {field!r} (every ticket needs one)")
    return ColumnMapping(name, system, columns, _date_format(document, fail), _rating(document, fail))


def _date_format(document: dict[str, Any], fail: _Fail) -> str:
    dates = document.get("dates", {})
    if not isinstance(dates, dict):
        raise fail("[dates] must be a section", "dates")
    for key in dates:
        if key != "format":
            raise fail(f"unknown key {key!r} in [dates]; the only key is format", key)
    pattern = dates.get("format", "")
    if not isinstance(pattern, str) or (pattern and "%" not in pattern):
        raise fail('[dates] format must be a strptime pattern such as "%d.%m.%Y %H:%M"', "format")
    return pattern


def _rating(document: dict[str, Any], fail: _Fail) -> Rating | None:
    section = document.get("satisfaction")
    if section is None:
        return None
    if not isinstance(section, dict):
        raise fail("[satisfaction] must be a section", "satisfaction")
    for key in section:
        if key not in _SATISFACTION_KEYS:
            known = ", ".join(sorted(_SATISFACTION_KEYS))
            raise fail(f"unknown key {key!r} in [satisfaction]; the keys are {known}", key)
    column = section.get("column")
    if not isinstance(column, str) or not column.strip():
        raise fail("[satisfaction] column must name the column that holds the rating", "column")
    texts = {key: section.get(key, "") for key in ("comment", "rated_at", "scale")}
    for key, value in texts.items():
        if not isinstance(value, str):
            raise fail(f"[satisfaction] {key} must be text, in quotes", key)
    scale = texts["scale"]
    comment, rated_at = _column(texts["comment"]), _column(texts["rated_at"])
    if scale:
        if scale not in _SCALES:
            raise fail(f"[satisfaction] scale must be one of {', '.join(_SCALES)}", "scale")
        return Rating(_column(column), scale, comment=comment, rated_at=rated_at)
    numbers: list[float] = []
    for key in ("min", "max", "positive_from"):
        value = section.get(key)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise fail(f"[satisfaction] needs {key} (a number), or a scale: {', '.join(_SCALES)}", key)
        numbers.append(float(value))
    low, high, positive = numbers
    if not low < high or not low <= positive <= high:
        raise fail("[satisfaction] needs min < max, and positive_from between them", "positive_from")
    return Rating(_column(column), "", low, high, positive, comment, rated_at)


def read_mapped(table: Table, zone: ZoneInfo, mapping: ColumnMapping) -> Iterator[Record | RowError]:
    """The rows of a CSV file, read through a mapping."""
    columns = {field: table.columns[column] for field, column in mapping.columns.items()}
    parse: DateParser
    if mapping.date_format:
        parse = strptime_dates(table.name, zone, mapping.date_format)
    else:
        date_indexes = [i for f, i in columns.items() if FIELDS[f] == "date"]
        parse = Dates(table.name, zone, rescan=date_cells(table, date_indexes)).parse
    rating = mapping.rating
    if rating is None:
        yield from tickets(table, mapping.system, columns, parse)
        return
    score = table.columns[rating.column]
    comment = table.columns.get(rating.comment) if rating.comment else None
    rated = table.columns.get(rating.rated_at) if rating.rated_at else None

    def rate(row: list[str], record: TicketRecord) -> Satisfaction | None:
        try:
            when = parse(cell(row, rated), record.source.line) if rated is not None else None
        except DateProblem as exc:
            raise ValueError(f"rated at: {exc}") from None
        raw, said = row[score], cell(row, comment)
        if rating.scale == "zendesk":
            return satisfaction.zendesk(raw, comment=said, rated_at=when)
        if rating.scale == "freshdesk":
            return satisfaction.freshdesk(raw, comment=said, rated_at=when)
        if rating.scale == "stars":
            return satisfaction.stars(raw, comment=said, rated_at=when)
        return satisfaction.scaled(
            raw,
            low=rating.low,
            high=rating.high,
            positive_from=rating.positive_from,
            comment=said,
            rated_at=when,
        )

    yield from tickets(table, mapping.system, columns, parse, rate=rate)


def _column(name: str) -> str:
    """A column name as tables keep header names: trimmed, lower case."""
    return name.strip().lstrip("\ufeff").strip().strip('"').strip().lower()


def _line_of(text: str, key: str) -> int | None:
    """The line of the mapping file where `key` is set (or its [section] opens)."""
    pattern = re.compile(rf"^\s*(\[\s*{re.escape(key)}\s*\]|\"?{re.escape(key)}\"?\s*=)")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _int(found: re.Match[str] | None) -> int | None:
    return int(found[1]) if found else None
