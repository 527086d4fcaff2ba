"""read(): turn the paths a user gave into one ordered stream of records and row errors.

Two passes. First every CSV file is found (in zips, folders, or named directly) and its format is
detected from its header, without reading it all. Then the files are read in the order the importer
service needs: the owner, the owner's addresses, connections, invitations, messages.
"""

from __future__ import annotations

import dataclasses
import hashlib
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from zoneinfo import ZoneInfo

from meetfirst.core.errors import UnknownFormat, UnreadableFile
from meetfirst.core.records import FileFingerprint, OwnerRecord, Record, RowError, SourceRef
from meetfirst.importers.formats import FileFormat
from meetfirst.importers.linkedin import owner_slug_in_invitations
from meetfirst.importers.linkedin_messages import is_assistant_thread
from meetfirst.importers.registry import (
    CALENDAR,
    FILE_FORMATS,
    INVITATIONS,
    MESSAGES,
    PROFILE,
    WHOLE_EXPORT,
    looks_like_calendar,
    read_calendar,
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
    calendars: list[Source] = dataclasses.field(default_factory=list)


def _candidates(format: str | None) -> tuple[FileFormat, ...]:
    if format is None or format == WHOLE_EXPORT.name:
        return FILE_FORMATS
    if format == CALENDAR.name:
        return ()
    for each in FILE_FORMATS:
        if each.name == format:
            return (each,)
    known = ", ".join([WHOLE_EXPORT.name, *(each.name for each in FILE_FORMATS), CALENDAR.name])
    raise UnknownFormat(f"there is no format named {format!r}; the formats are {known}")


def read(
    paths: Sequence[Path],
    *,
    format: str | None = None,
    zone: ZoneInfo,
    progress: Progress | None = None,
    skip: SkipFile | None = None,
) -> Iterator[Record | RowError]:
    """Records from LinkedIn export zips, folders or single files, each file's format found from its header.

    With `skip`, each CSV file is fingerprinted (streamed) before it is read, and left unread when
    `skip` says so. Raises UnreadableFile, UnknownFormat or UnsafeArchive (from core.errors) for a
    problem with a whole file; yields RowError for a row that cannot be read and goes on.
    """
    candidates = _candidates(format)
    with ExitStack() as stack:
        plan = _Plan()
        for path in paths:
            _plan_path(Path(path), candidates, stack, plan)
        plan.files.sort(key=lambda pair: pair[0].rank)
        yield from _read_plan(plan, zone, progress, skip)


def _plan_path(path: Path, candidates: Sequence[FileFormat], stack: ExitStack, plan: _Plan) -> None:
    sources, whole = find_sources(path, stack)
    found = 0
    for source in sources:
        if source.lone and _is_calendar(source):
            plan.calendars.append(source)
            found += 1
            continue
        if not candidates:
            raise UnknownFormat("it is not an iCalendar file (no BEGIN:VCALENDAR)", file=source.name)
        with Table(source.name, source.open, candidates, strict=False) as table:
            kind = table.format
            if kind is None:
                if source.lone:
                    detail = "the file is empty" if source.size == 0 else _no_header(candidates)
                    raise UnknownFormat(detail, file=source.name)
                continue
            if missing := table.missing(kind.required):
                raise UnknownFormat(
                    f"it looks like {kind.name} but lacks the columns {', '.join(missing)}",
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


def _is_calendar(source: Source) -> bool:
    """Whether a file the user named is an .ics file, from its first bytes."""
    try:
        with source.open() as stream:
            return looks_like_calendar(stream.read(256))
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc), file=source.name) from exc


def _no_header(candidates: Sequence[FileFormat], *, whole: bool = False) -> str:
    if whole:
        what = "LinkedIn export file" if len(candidates) > 1 else f"{candidates[0].name} file"
        return f"found no {what} in it"
    if len(candidates) == 1:
        columns = ", ".join(sorted(candidates[0].signature))
        return f"it is not a {candidates[0].name} file: no header with {columns} in its first lines"
    return f"no LinkedIn header in its first {HEADER_SCAN_LINES} lines"


def _read_plan(
    plan: _Plan, zone: ZoneInfo, progress: Progress | None, skip: SkipFile | None
) -> Iterator[Record | RowError]:
    total = sum(source.size for _, source in plan.files)
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
    for source in plan.calendars:
        try:
            with source.open() as stream:
                yield from read_calendar(source.name, stream)
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
