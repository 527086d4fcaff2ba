"""Reading the JSON files of ticket systems: whole documents (capped) and JSON lines (streamed).

A whole document ({"tickets": [...], "users": [...]} or a Django fixture's [...]) is held in memory, so it
may be at most MAX_DOCUMENT bytes; a larger export should come as JSON lines, one object a line, which are
read one line at a time. Elements of a document's arrays are decoded one by one, so that each carries the
line it starts on, for errors that name file:line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Final
from zoneinfo import ZoneInfo

from meetfirst.core.errors import UnreadableFile
from meetfirst.core.records import RowError
from meetfirst.importers.tables import LINE_LIMIT
from meetfirst.importers.ticket_dates import DateProblem, Dates

MAX_DOCUMENT: Final = 64 << 20  # a whole JSON document is read into memory: 64 MiB at most
_BOM: Final = "\ufeff"
_SPACE: Final = " \t\r\n"
_decoder: Final = json.JSONDecoder()
_UTC_DATES: Final = Dates("", ZoneInfo("UTC"))


def json_time(value: object) -> datetime | None:
    """A time in an API's JSON (ISO 8601, usually UTC with a Z; no zone means UTC); DateProblem if bad."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise DateProblem(f"{value!r} is not a date")
    return _UTC_DATES.parse(value, 0)


def json_text(value: object) -> str:
    """A JSON scalar as stripped text ('' for null, objects and arrays)."""
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()


def head_text(head: bytes) -> str:
    """A file's first bytes as text, without a BOM or leading blanks (for sniffing)."""
    return head.decode("utf-8", "replace").lstrip(_BOM).lstrip(_SPACE)


def load_text(name: str, stream: IO[bytes], start: bytes = b"") -> str:
    """A whole JSON document's text (`start`: its first bytes, already read); UnreadableFile if it is over
    MAX_DOCUMENT or not UTF-8."""
    data = start + stream.read(MAX_DOCUMENT + 1 - len(start))
    if len(data) > MAX_DOCUMENT:
        raise UnreadableFile(
            f"a JSON document over {MAX_DOCUMENT >> 20} MiB is too big to read whole; "
            "export it as JSON lines (one ticket a line)",
            file=name,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableFile("this line is not valid UTF-8 text", file=name, line=line) from exc


class _Cursor:
    """A position in a document's text, and the line it is on."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.pos = 0
        self._line = 1
        self._counted = 0

    @property
    def line(self) -> int:
        self._line += self.text.count("\n", self._counted, self.pos)
        self._counted = self.pos
        return self._line

    def skip(self) -> str:
        """Skip blanks; the next character ('' at the end)."""
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in _SPACE:
            pos += 1
        self.pos = pos
        return text[pos] if pos < len(text) else ""

    def expect(self, chars: str) -> str:
        found = self.skip()
        if not found or found not in chars:
            shown = " or ".join(repr(c) for c in chars)
            raise UnreadableFile(f"this is not valid JSON: expected {shown}", file=self.name, line=self.line)
        self.pos += 1
        return found

    def value(self) -> object:
        self.skip()
        try:
            value, self.pos = _decoder.raw_decode(self.text, self.pos)
        except json.JSONDecodeError as exc:
            self.pos = exc.pos
            detail = f"this is not valid JSON ({exc.msg})"
            raise UnreadableFile(detail, file=self.name, line=self.line) from exc
        return value


def array_items(name: str, text: str) -> Iterator[tuple[int, object]]:
    """(line, element) for each element of a document that is one JSON array."""
    cursor = _Cursor(name, text)
    cursor.expect("[")
    yield from _items(cursor)


def object_items(name: str, text: str, keys: frozenset[str]) -> Iterator[tuple[str, int, object]]:
    """(key, line, element) for each element of the arrays under `keys` in a document that is one object
    (a value under one of `keys` that is not an array is yielded as it is); other keys are skipped."""
    cursor = _Cursor(name, text)
    cursor.expect("{")
    if cursor.skip() == "}":
        return
    while True:
        key = cursor.value()
        cursor.expect(":")
        if isinstance(key, str) and key in keys and cursor.skip() == "[":
            cursor.pos += 1
            for line, item in _items(cursor):
                yield key, line, item
        elif isinstance(key, str) and key in keys:
            line = cursor.line
            yield key, line, cursor.value()
        else:
            cursor.value()
        if cursor.expect(",}") == "}":
            return


def _items(cursor: _Cursor) -> Iterator[tuple[int, object]]:
    if cursor.skip() == "]":
        cursor.pos += 1
        return
    while True:
        cursor.skip()
        line = cursor.line
        yield line, cursor.value()
        if cursor.expect(",]") == "]":
            return


def first_line(name: str, stream: IO[bytes]) -> tuple[bytes, object]:
    """A file's first line, and the JSON value it holds on its own (None if it holds none).

    A JSON-lines file's first line is a whole object; a document's first line is `{`, `[` or
    `{"tickets": [` (or, written on one line, the whole document, which has the document's keys).
    """
    raw = _line(name, stream, 1)
    try:
        return raw, json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return raw, None


def json_lines(
    name: str, stream: IO[bytes], *, first: bytes = b""
) -> Iterator[tuple[int, object] | RowError]:
    """(line, value) for each non-blank line of a JSON-lines file (`first`: its first line, already read);
    a RowError for a line that is not JSON."""
    number = 1 if first else 0
    raw = first
    while True:
        if number and raw.strip():
            yield _decoded(name, number, raw)
        raw = _line(name, stream, number + 1)
        if not raw:
            return
        number += 1


def _line(name: str, stream: IO[bytes], number: int) -> bytes:
    raw = stream.readline(LINE_LIMIT)
    if len(raw) >= LINE_LIMIT and not raw.endswith(b"\n"):
        raise UnreadableFile(f"a line is longer than {LINE_LIMIT >> 20} MiB", file=name, line=number)
    return raw


def _decoded(name: str, number: int, raw: bytes) -> tuple[int, object] | RowError:
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        return RowError(name, number, "this line is not valid UTF-8 text")
    try:
        return number, json.loads(text)
    except json.JSONDecodeError as exc:
        return RowError(name, number, f"this line is not valid JSON ({exc.msg})")
