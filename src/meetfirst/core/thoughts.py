"""Thoughts for the day: reading them (CSV, JSON, fortune files) and choosing the one for a day.

A thought's key is a hash of its folded text, so the same line added twice (or shipped and added) is one.
The choice for a day is stable (the same day gives the same thought from the same set) and never repeats a
thought shown in the 30 days before; when every thought has been shown in that time, the least recently
shown comes back, and the caller says so.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

from meetfirst.core.errors import BadInput

NO_REPEAT_DAYS = 30
MAX_TEXT = 2_000
MAX_FIELD = 300
SHIPPED_PACKAGE = "meetfirst.thoughts"
SHIPPED_FILE = "shipped.toml"
_FORTUNE_BREAK = re.compile(r"^%\s*$")
_ATTRIBUTION = re.compile(r"^\s*(?:--|—|―)\s*(.+)$")


@dataclass(frozen=True, slots=True)
class ThoughtItem:
    text: str
    author: str = ""
    work: str = ""
    year: int | None = None
    shipped: bool = False

    @property
    def key(self) -> str:
        return thought_key(self.text)

    @property
    def credit(self) -> str:
        """ "Author, Work (year)" as far as known."""
        parts = [p for p in (self.author, self.work) if p]
        text = ", ".join(parts)
        if self.year is not None:
            text = f"{text} ({self.year})" if text else str(self.year)
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "text": self.text,
            "author": self.author,
            "work": self.work,
            "year": self.year,
            "shipped": self.shipped,
        }


def thought_key(text: str) -> str:
    folded = " ".join(text.casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def shipped() -> list[ThoughtItem]:
    """The thoughts that come with meetfirst: our own lines and public-domain lines published before 1931."""
    return list(_shipped())


@functools.cache
def _shipped() -> tuple[ThoughtItem, ...]:
    # The file ships inside the package and never changes while it runs: read once (every board shows one).
    raw = resources.files(SHIPPED_PACKAGE).joinpath(SHIPPED_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    return tuple(
        ThoughtItem(
            text=item["text"].strip(),
            author=item.get("author", ""),
            work=item.get("work", ""),
            year=item.get("year"),
            shipped=True,
        )
        for item in data["thought"]
    )


def parse_thoughts(text: str, *, file: str) -> list[ThoughtItem]:
    """Thoughts from a file: CSV (text,author,work,year), a JSON list, or a fortune file (`%` lines)."""
    stripped = text.lstrip("\ufeff")
    lower = file.lower()
    if lower.endswith(".json") or stripped.lstrip().startswith("["):
        found = _from_json(stripped, file=file)
    elif lower.endswith(".csv"):
        found = _from_csv(stripped, file=file)
    else:
        found = _from_fortune(stripped, file=file)
    if not found:
        raise BadInput("no thought found in it", file=file)
    return found


def _item(
    text: object, author: object, work: object, year: object, *, file: str, line: int | None
) -> ThoughtItem:
    if not isinstance(text, str) or not text.strip():
        raise BadInput("a thought needs its text", file=file, line=line)
    for name, value in (("author", author), ("work", work)):
        if value is not None and not isinstance(value, str):
            raise BadInput(f"{name} must be text", file=file, line=line)
    clean = text.strip()
    if len(clean) > MAX_TEXT:
        raise BadInput(
            f"a thought is at most {MAX_TEXT} characters (this one has {len(clean)})", file=file, line=line
        )
    return ThoughtItem(
        text=clean,
        author=(str(author or "")).strip()[:MAX_FIELD],
        work=(str(work or "")).strip()[:MAX_FIELD],
        year=_year(year, file=file, line=line),
    )


def _year(value: object, *, file: str, line: int | None) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadInput("year must be a whole number", file=file, line=line)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,4}\s*", value):
        number = int(value)
    else:
        raise BadInput(f"year must be a whole number, not {value!r}", file=file, line=line)
    if not -3000 <= number <= 9999:
        raise BadInput(f"year {number} is out of range", file=file, line=line)
    return number


def _from_csv(text: str, *, file: str) -> list[ThoughtItem]:
    reader = csv.reader(io.StringIO(text))
    found = []
    header_seen = False
    for row in reader:
        line = reader.line_num
        if not row or not any(cell.strip() for cell in row):
            continue
        if not header_seen:
            header_seen = True
            if [cell.strip().lower() for cell in row[:1]] == ["text"]:
                continue
        if len(row) > 4:
            raise BadInput(
                f"expected at most 4 columns (text,author,work,year), found {len(row)}", file=file, line=line
            )
        cells = [*row, "", "", ""][:4]
        found.append(_item(cells[0], cells[1], cells[2], cells[3], file=file, line=line))
    return found


def _from_json(text: str, *, file: str) -> list[ThoughtItem]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"not valid JSON ({exc.msg})", file=file, line=exc.lineno) from None
    if not isinstance(data, list):
        raise BadInput("expected a JSON list of thoughts", file=file)
    found = []
    for number, entry in enumerate(data, start=1):
        where = f"item {number}: "
        if isinstance(entry, str):
            entry = {"text": entry}
        if not isinstance(entry, Mapping):
            raise BadInput(
                f"{where}a thought is a string or an object with text, author, work, year", file=file
            )
        try:
            found.append(
                _item(
                    entry.get("text"),
                    entry.get("author"),
                    entry.get("work"),
                    entry.get("year"),
                    file=file,
                    line=None,
                )
            )
        except BadInput as exc:
            raise BadInput(where + exc.detail, file=file) from None
    return found


def _from_fortune(text: str, *, file: str) -> list[ThoughtItem]:
    """Entries between `%` lines; a last line starting with `--` credits it: "-- Author, Work, 1841"."""
    found = []
    lines: list[str] = []
    start = 1
    for number, line in enumerate([*text.splitlines(), "%"], start=1):
        if not _FORTUNE_BREAK.match(line):
            if not lines:
                start = number
            lines.append(line)
            continue
        body = list(lines)
        lines = []
        while body and not body[-1].strip():
            body.pop()
        if not any(entry.strip() for entry in body):
            continue
        author = work = ""
        year: str = ""
        credit = _ATTRIBUTION.match(body[-1]) if len(body) > 1 else None
        if credit:
            body.pop()
            parts = [p.strip() for p in credit.group(1).split(",")]
            if len(parts) > 1 and re.fullmatch(r"\(?-?\d{1,4}\)?", parts[-1]):
                year = parts.pop().strip("()")
            author = parts[0]
            work = ", ".join(parts[1:])
        found.append(_item("\n".join(body).strip(), author, work, year, file=file, line=start))
    return found


def choose(day: date, keys: Iterable[str], last_shown: Mapping[str, date]) -> tuple[str, bool]:
    """The key of the thought for a day, and whether it repeats one shown in the last 30 days.

    Among thoughts not shown in the 30 days before `day`, the choice is a hash of the day and the key (stable,
    and spread over the set); when there is none, the least recently shown comes back.
    """
    candidates = sorted(set(keys))
    if not candidates:
        raise BadInput("there is no thought to choose from")
    horizon = day - timedelta(days=NO_REPEAT_DAYS)
    fresh = [k for k in candidates if k not in last_shown or last_shown[k] <= horizon]
    if fresh:
        stamp = day.isoformat()
        return min(fresh, key=lambda k: hashlib.sha256(f"{stamp}:{k}".encode()).hexdigest()), False
    return min(candidates, key=lambda k: (last_shown[k], k)), True
