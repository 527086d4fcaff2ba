"""read(): turn the paths a user gave into one ordered stream of records and row errors.

Two passes. First every CSV file is found (in zips, folders, or named directly) and its format is
detected from its header, without reading it all. Then the files are read in the order the importer
service needs: the owner, the owner's addresses, connections, invitations, messages.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from meetfirst.core.errors import UnknownFormat, UnreadableFile
from meetfirst.core.records import FileFingerprint, OwnerRecord, Record, RowError, SourceRef
from meetfirst.importers import tickets_generic
from meetfirst.importers.formats import FileFormat
from meetfirst.importers.linkedin import owner_slug_in_invitations
from meetfirst.importers.linkedin_messages import is_assistant_thread
from meetfirst.importers.registry import (
    CONTENT_FORMATS,
    FILE_FORMATS,
    INVITATIONS,
    MESSAGES,
    PROFILE,
    WHOLE_EXPORT,
    ContentFormat,
)
from meetfirst.importers.sources import Source, find_sources
from meetfirst.importers.tables import HEADER_SCAN_LINES, Table

Progress = Callable[[int, int], None]
# Asked before each CSV file is read: True leaves the file unread (its bytes were imported before).
SkipFile = Callable[[FileFingerprint], bool]
HASH_CHUNK = 1 << 20


@dataclasses.dataclass(slots=True)
class _Plan:
    files: list[tuple[FileFormat, Source]] = dataclasses.field(default_factory=list)
    owner_slug: str | None = None
    owner_slug_source: str = ""
    # Files found by their first bytes (address books, mailboxes, calendars), read after the CSV files.
    others: list[tuple[ContentFormat, Source]] = dataclasses.field(default_factory=list)


def _candidates(format: str | None) -> tuple[FileFormat, ...]:
    if format is None or format == WHOLE_EXPORT.name:
        return FILE_FORMATS
    if any(each.name == format for each in CONTENT_FORMATS):
        return ()
    for each in FILE_FORMATS:
        if each.name == format:
            return (each,)
    names = (
        WHOLE_EXPORT.name,
        *(e.name for e in FILE_FORMATS),
        tickets_generic.NAME,
        *(e.name for e in CONTENT_FORMATS),
    )
    raise UnknownFormat(f"there is no format named {format!r}; the formats are {', '.join(names)}")


def read(
    paths: Sequence[Path],
    *,
    format: str | None = None,
    zone: ZoneInfo,
    progress: Progress | None = None,
    skip: SkipFile | None = None,
    mapping: Path | None = None,
) -> Iterator[Record | RowError]:
    """Records from export zips, folders or single files, each file's format found from its header.

    With `skip`, each CSV file is fingerprinted (streamed) before it is read, and left unread when
    `skip` says so. With `mapping` (a mapping.toml, see tickets_generic), every CSV file given is read
    as tickets through that mapping, whatever its header. Raises UnreadableFile, UnknownFormat,
    UnsafeArchive or BadMapping (from core.errors) for a problem with a whole file; yields RowError for
    a row that cannot be read and goes on.
    """
    if mapping is not None:
        if format not in (None, tickets_generic.NAME):
            raise UnknownFormat(f"a mapping reads CSV files as {tickets_generic.NAME}, not as {format}")
        candidates: tuple[FileFormat, ...] = (tickets_generic.mapped_format(Path(mapping)),)
    elif format == tickets_generic.NAME:
        raise UnknownFormat(f"the {format} format needs a mapping file that names the columns (--mapping)")
    else:
        candidates = _candidates(format)
    forced = next((each for each in CONTENT_FORMATS if each.name == format), None)
    with ExitStack() as stack:
        plan = _Plan()
        for path in paths:
            _plan_path(Path(path), candidates, stack, plan, forced)
        plan.files.sort(key=lambda pair: pair[0].rank)
        yield from _read_plan(plan, zone, progress, skip)


def _plan_path(
    path: Path,
    candidates: Sequence[FileFormat],
    stack: ExitStack,
    plan: _Plan,
    forced: ContentFormat | None = None,
) -> None:
    sources, whole = find_sources(path, stack)
    found = 0
    for source in sources:
        content = _content_format(source, (forced,) if forced else CONTENT_FORMATS)
        if forced is not None and content is None:
            if source.lone:
                raise UnknownFormat(forced.refusal, file=source.name)
            continue
        if content is not None:
            plan.others.append((content, source))
            found += 1
            continue
        if not candidates:
            raise UnknownFormat(_not_content(source), file=source.name)
        if not source.basename.casefold().endswith(".csv") and not source.lone:
            continue  # a mailbox or address book inside a folder that turned out not to be one
        with Table(source.name, source.open, candidates, strict=False) as table:
            kind = table.format
            if kind is None:
                if source.lone:
                    detail = "the file is empty" if source.size == 0 else _no_header(candidates)
                    raise UnknownFormat(detail, file=source.name)
                continue
            if missing := table.missing(kind.required):
                detail = f"it looks like {kind.name} but lacks the columns {', '.join(missing)}"
                if kind.name.startswith(tickets_generic.NAME):
                    detail = f"{kind.info.description}, but it lacks the mapped columns {', '.join(missing)}"
                raise UnknownFormat(
                    detail,
                    file=source.name,
                    line=table.header_line,
                )
            if kind is MESSAGES and not source.lone and is_assistant_thread(source.basename):
                continue
            if kind is INVITATIONS and plan.owner_slug is None:
                plan.owner_slug = owner_slug_in_invitations(table)
                plan.owner_slug_source = source.name
        plan.files.append((kind, source))
        found += 1
    if whole and not found:
        raise UnknownFormat(_no_header(candidates, whole=True), file=str(path))


def _content_format(source: Source, formats: Sequence[ContentFormat]) -> ContentFormat | None:
    """The format of a file known by its first bytes: any file the user named, and files inside a folder
    or a zip whose name says they may be one (.vcf, .mbox, .eml). None for CSV files."""
    lowered = (source.member or source.name).casefold()
    wanted = [
        each for each in formats if source.lone or any(lowered.endswith(suffix) for suffix in each.suffixes)
    ]
    if not wanted:
        return None
    try:
        with source.open() as stream:
            head = stream.read(4096)
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc), file=source.name) from exc
    return next((each for each in wanted if each.looks_like(head)), None)


def _not_content(source: Source) -> str:
    return "it is not a calendar, address book, mailbox or ticket JSON file meetfirst can read"


def _no_header(candidates: Sequence[FileFormat], *, whole: bool = False) -> str:
    if whole:
        what = "LinkedIn export file" if len(candidates) > 1 else f"{candidates[0].name} file"
        return f"found no {what} in it"
    if len(candidates) == 1:
        columns = ", ".join(sorted(candidates[0].signature))
        return f"it is not a {candidates[0].name} file: no header with {columns} in its first lines"
    return f"no LinkedIn, contacts or ticket export header in its first {HEADER_SCAN_LINES} lines"


def _read_plan(
    plan: _Plan, zone: ZoneInfo, progress: Progress | None, skip: SkipFile | None
) -> Iterator[Record | RowError]:
    total = sum(source.size for _, source in plan.files) + sum(source.size for _, source in plan.others)
    done = 0
    if progress is not None:
        progress(0, total)
    if plan.owner_slug and not any(kind is PROFILE for kind, _ in plan.files):
        yield OwnerRecord(source=SourceRef(plan.owner_slug_source), profile_slug=plan.owner_slug)
    for kind, source in plan.files:
        if skip is not None and skip(fingerprint(source, kind.name)):
            done += source.size
            continue
        report = _reporter(progress, done, source.size, total)
        with Table(source.name, source.open, (kind,), on_progress=report) as table:
            if table.format is None:  # the file changed under us since the first pass
                raise UnknownFormat(_no_header((kind,)), file=source.name)
            records = kind.read(table, zone)
            if kind is PROFILE and plan.owner_slug:
                records = _with_owner_slug(records, plan.owner_slug, plan.owner_slug_source)
            yield from records
        done += source.size
    plan.others.sort(key=lambda pair: pair[0].rank)
    for content, source in plan.others:
        if content.suffixes and skip is not None and skip(fingerprint(source, content.name)):
            done += source.size
            continue
        report = _reporter(progress, done, source.size, total)
        try:
            with source.open() as stream:
                counted: IO[bytes] = stream
                if report is not None:
                    counted = io.BufferedReader(_CountingStream(stream, report), 1 << 16)
                yield from content.read(source.name, counted)
        except OSError as exc:
            raise UnreadableFile(exc.strerror or str(exc), file=source.name) from exc
        done += source.size
    if progress is not None:
        progress(total, total)


def fingerprint(source: Source, format: str) -> FileFingerprint:
    """The SHA-256 and size of a file's bytes, read in chunks (a file may be hundreds of MB)."""
    digest = hashlib.sha256()
    size = 0
    try:
        with source.open() as stream:
            while chunk := stream.read(HASH_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a damaged archive member
        raise UnreadableFile(f"the archive is damaged ({exc})", file=source.name) from exc
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc), file=source.name) from exc
    return FileFingerprint(name=source.name, sha256=digest.hexdigest(), size=size, format=format)


def _reporter(progress: Progress | None, base: int, size: int, total: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda consumed: progress(base + min(consumed, size), total)


def _with_owner_slug(
    records: Iterator[Record | RowError], slug: str, slug_source: str
) -> Iterator[Record | RowError]:
    """Profile.csv's records with the owner's slug on the owner (who gets one of their own if it has none)."""
    owner_seen = False
    for record in records:
        if isinstance(record, OwnerRecord):
            owner_seen = True
            if record.profile_slug is None:
                record = dataclasses.replace(record, profile_slug=slug)
        yield record
    if not owner_seen:
        yield OwnerRecord(source=SourceRef(slug_source), profile_slug=slug)


class _CountingStream(io.RawIOBase):
    """A binary stream that reports how many bytes were read through it (for a mailbox's progress)."""

    def __init__(self, inner: IO[bytes], report: Callable[[int], None]) -> None:
        self._inner = inner
        self._report = report
        self._count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        data = self._inner.read(-1 if size is None else size)
        self._count += len(data)
        self._report(self._count)
        return data

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
