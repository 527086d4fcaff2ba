"""Reading one CSV file of an export as a stream of rows, whatever its encoding and quirks.

A Table sniffs the encoding from the first bytes (UTF-8 with or without a BOM, UTF-16 with a BOM or
without), finds the header row by scanning the first lines for a known signature (Connections.csv has a
preamble before it), picks the delimiter from that row (comma, TAB or semicolon), and then yields
(line, row) pairs. Lines are physical line numbers of the file, 1-based, where each row starts.

Nothing is read whole: the file goes through a counting reader (for progress), a text decoder and a
line reader that never returns more than LINE_LIMIT characters, so that a 50 MB field becomes a clear
error rather than a 50 MB string.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import IO, Final

from meetfirst.core.errors import UnreadableFile
from meetfirst.importers.formats import FileFormat

FIELD_LIMIT: Final = 1 << 20  # 1 MiB: far above any real field, far below a memory problem
LINE_LIMIT: Final = 4 << 20  # longest physical line we accept
HEADER_SCAN_LINES: Final = 12  # the header is on line 1, or line 4 after Connections' preamble
PROGRESS_EVERY: Final = 4096  # rows between two progress reports
_DELIMITERS: Final = (",", "\t", ";")

Opener = Callable[[], IO[bytes]]


class _LineTooLong(Exception):
    pass


class _CountingReader(io.RawIOBase):
    """A raw stream over another that counts the bytes read through it."""

    def __init__(self, inner: IO[bytes]) -> None:
        self._inner = inner
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._inner.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a damaged archive member
            raise OSError(f"the archive is damaged ({exc})") from exc
        size = len(data)
        buffer[:size] = data
        self.count += size
        return size

    def close(self) -> None:
        self._inner.close()
        super().close()


def sniff_encoding(head: bytes) -> str:
    """The codec for a file that starts with these bytes."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # UTF-16 without a BOM: ASCII text then has a zero in every other byte.
    if len(head) >= 4 and head[0] and not head[1] and head[2] and not head[3]:
        return "utf-16-le"
    if len(head) >= 4 and not head[0] and head[1] and not head[2] and head[3]:
        return "utf-16-be"
    return "utf-8"


def _header_names(cells: Sequence[str]) -> list[str]:
    return [cell.strip().lstrip("\ufeff").strip().strip('"').strip().lower() for cell in cells]


class Table:
    """One CSV file opened for reading; use as a context manager, then iterate `rows()`.

    `candidates` are the formats the header may match; after `__enter__`, `format` is the one that did
    (or None), `columns` maps each lower-case header name to its index, `header_line` is its line.
    With strict=False, undecodable bytes become U+FFFD instead of an error (used to detect formats).
    """

    def __init__(
        self,
        name: str,
        opener: Opener,
        candidates: Sequence[FileFormat],
        *,
        strict: bool = True,
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        self.name = name
        self._opener = opener
        self._candidates = candidates
        self._strict = strict
        self._on_progress = on_progress
        self.encoding = "utf-8"
        self.format: FileFormat | None = None
        self.header: list[str] = []
        self.columns: dict[str, int] = {}
        self.header_line = 0
        self._counter: _CountingReader | None = None
        self._text: io.TextIOWrapper | None = None
        self._lines: Iterator[str] = iter(())
        self._delimiter = ","
        self._overlong = False

    @property
    def bytes_read(self) -> int:
        return self._counter.count if self._counter else 0

    def __enter__(self) -> Table:
        try:
            raw = self._opener()
        except OSError as exc:
            raise UnreadableFile(exc.strerror or str(exc), file=self.name) from exc
        self._counter = _CountingReader(raw)
        buffered = io.BufferedReader(self._counter, 1 << 16)
        try:
            self.encoding = sniff_encoding(buffered.peek(4)[:4])
        except OSError as exc:
            buffered.close()
            raise UnreadableFile(str(exc), file=self.name) from exc
        self._text = io.TextIOWrapper(
            buffered, encoding=self.encoding, errors="strict" if self._strict else "replace", newline=""
        )
        self._lines = self._capped_lines(self._text)
        self._find_header()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._text is not None:
            self._text.close()
            self._text = None

    def _capped_lines(self, text: io.TextIOWrapper) -> Iterator[str]:
        """Physical lines, none longer than LINE_LIMIT: a longer one is cut, and marked as overlong.

        The cut piece still goes to the csv parser, so that a field over FIELD_LIMIT in it is reported
        as such; the row the parser makes of it is never used (see rows()).
        """
        readline = text.readline
        while line := readline(LINE_LIMIT):
            if len(line) >= LINE_LIMIT and line[-1] not in "\r\n":
                self._overlong = True
            yield line
            if self._overlong:
                raise _LineTooLong

    def _find_header(self) -> None:
        """Scan the first lines for a row whose names match a candidate's signature."""
        line = 0
        with _FieldLimit():
            while line < HEADER_SCAN_LINES:
                try:
                    text = next(self._lines)
                except StopIteration:
                    return
                except (UnicodeDecodeError, _LineTooLong, OSError) as exc:
                    raise self._failure(exc, line + 1) from exc
                line += 1
                if self._overlong:
                    raise self._failure(_LineTooLong(), line)
                if self._match_header(text, line):
                    return

    def _match_header(self, text: str, line: int) -> bool:
        for delimiter in _DELIMITERS:
            if delimiter != "," and delimiter not in text:
                continue
            try:
                cells = next(csv.reader([text], delimiter=delimiter), [])
            except csv.Error as exc:
                raise self._failure(exc, line) from exc
            names = _header_names(cells)
            present = set(names)
            for candidate in self._candidates:
                if candidate.matches(present):
                    self.format, self.header, self.header_line = candidate, names, line
                    self._delimiter = delimiter
                    self.columns = _column_indexes(names)
                    return True
        return False

    def reopened(self) -> Table:
        """The same file opened again from its start, for a second look at it (use as a context manager)."""
        candidates = (self.format,) if self.format is not None else self._candidates
        return Table(self.name, self._opener, candidates, strict=self._strict)

    def missing(self, columns: frozenset[str]) -> list[str]:
        """The given columns that the header lacks, sorted."""
        return sorted(columns - self.columns.keys())

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Every non-empty row after the header, with the line where it starts."""
        reader = csv.reader(self._lines, delimiter=self._delimiter)
        set_limit = csv.field_size_limit
        first = self.header_line
        done = first  # the last physical line consumed so far
        counted = 0
        report = self._on_progress
        while True:
            previous = set_limit(FIELD_LIMIT)
            try:
                row = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError, _LineTooLong, OSError) as exc:
                raise self._failure(exc, done + 1) from exc
            finally:
                set_limit(previous)
            line = done + 1
            if self._overlong:
                raise self._failure(_LineTooLong(), line)
            done = first + reader.line_num
            if row and any(row):
                yield line, row
            counted += 1
            if report is not None and not counted % PROGRESS_EVERY:
                report(self.bytes_read)
        if report is not None:
            report(self.bytes_read)

    def width_problem(self, row: list[str]) -> str | None:
        """Why a row whose field count differs from the header's cannot be read (None if it can)."""
        width = len(self.header)
        if len(row) > width and not any(row[width:]):
            return None  # trailing empty cells, as a spreadsheet may add
        return f"this row has {len(row)} fields where the header has {width}"

    def _failure(self, exc: Exception, line: int) -> UnreadableFile:
        if isinstance(exc, UnicodeDecodeError):
            line = line_of_decode_error(self._opener, self.encoding) or line
            label = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8"}.get(self.encoding, self.encoding.upper())
            detail = f"this line is not valid {label} text (save the file as UTF-8)"
            return UnreadableFile(detail, file=self.name, line=line)
        if isinstance(exc, _LineTooLong):
            detail = f"a line is longer than {LINE_LIMIT >> 20} MiB"
            return UnreadableFile(detail, file=self.name, line=line)
        text = str(exc)
        if "field limit" in text:
            text = f"a field is longer than {FIELD_LIMIT >> 20} MiB"
        return UnreadableFile(text, file=self.name, line=line)


def _column_indexes(names: Sequence[str]) -> dict[str, int]:
    """Each header name's index; a name seen again (Jira repeats Comment, Watchers, ...) is also kept as
    `name.1`, `name.2`, ..., so that no column is lost, while `name` stays the first of them."""
    columns: dict[str, int] = {}
    seen: dict[str, int] = {}
    for index, column in enumerate(names):
        if column not in seen:
            seen[column] = 0
            columns.setdefault(column, index)
            continue
        seen[column] += 1
        columns.setdefault(f"{column}.{seen[column]}", index)
    return columns


class _FieldLimit:
    """Raise csv's per-field limit to FIELD_LIMIT inside a with-block, and put the old one back."""

    def __enter__(self) -> None:
        self._previous = csv.field_size_limit(FIELD_LIMIT)

    def __exit__(self, *exc: object) -> None:
        csv.field_size_limit(self._previous)


def line_of_decode_error(opener: Opener, encoding: str) -> int | None:
    """The 1-based line that holds the first undecodable bytes, found by reading the file again."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    try:
        with opener() as raw:
            while chunk := raw.readline(LINE_LIMIT):
                try:
                    text = decoder.decode(chunk)
                except UnicodeDecodeError:
                    return line
                line += text.count("\n")
    except OSError:
        return None
    return None
