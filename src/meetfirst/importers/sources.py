"""Where the CSV files come from: a zip archive, a folder, or a file the user named.

A zip is checked before anything is read from it (member paths that escape, too many members, a
total size or compression ratio that smells of a zip bomb); its members are then streamed with
ZipFile.open, never extracted. Errors name the path the user gave, with `!member` for zip members.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from meetfirst.core.errors import UnreadableFile, UnsafeArchive

MAX_MEMBERS: Final = 10_000
MAX_TOTAL_SIZE: Final = 4 << 30  # 4 GiB uncompressed in all
MAX_RATIO: Final = 200  # uncompressed / compressed, checked for members above RATIO_FLOOR
RATIO_FLOOR: Final = 1 << 20  # small members may compress well without harm

_ZIP_MAGIC: Final = (b"PK\x03\x04", b"PK\x05\x06")
_DRIVE: Final = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class Source:
    """One file to read: its name in messages, its size in bytes, and how to open it.

    `lone` is True for a file the user named directly, False for one found in an archive or folder.
    """

    name: str
    size: int
    open: Callable[[], IO[bytes]]
    lone: bool
    member: str = ""  # the path inside the archive or folder, with '/' separators

    @property
    def basename(self) -> str:
        return (self.member or self.name).replace("\\", "/").rsplit("/", 1)[-1]


def find_sources(path: Path, stack: ExitStack) -> tuple[list[Source], bool]:
    """The CSV files at `path`, and whether `path` is a whole export (zip or folder) rather than a file.

    Zip files opened here stay open until `stack` closes.
    """
    try:
        if path.is_dir():
            return _folder_sources(path), True
        with path.open("rb") as probe:
            magic = probe.read(4)
        size = path.stat().st_size
    except OSError as exc:
        detail = "no such file or folder" if isinstance(exc, FileNotFoundError) else exc.strerror
        raise UnreadableFile(detail or str(exc), file=str(path)) from exc
    if magic in _ZIP_MAGIC:
        return _zip_sources(path, stack), True
    return [Source(str(path), size, lambda: path.open("rb"), lone=True)], False


# Besides CSV files: address books and mail (Apple Mail exports a folder `Inbox.mbox` holding `mbox`),
# and ticket systems' JSON.
_OTHER_SUFFIXES = (".vcf", ".vcard", ".mbox", ".eml", ".json", ".jsonl", ".ndjson")


def _wanted(member: str) -> bool:
    """CSV files, address books and mailboxes, but not macOS's resource-fork copies (`._Name.csv`)."""
    parts = member.split("/")
    last = parts[-1].casefold()
    return (
        (last.endswith((".csv", *_OTHER_SUFFIXES)) or last == "mbox")
        and not parts[-1].startswith("._")
        and "__MACOSX" not in parts[:-1]
    )


def _folder_sources(folder: Path) -> list[Source]:
    sources = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for filename in sorted(files):
            full = Path(root) / filename
            member = full.relative_to(folder).as_posix()
            if not _wanted(member):
                continue
            try:
                size = full.stat().st_size
            except OSError as exc:
                raise UnreadableFile(exc.strerror or str(exc), file=str(full)) from exc
            sources.append(Source(str(full), size, _file_opener(full), lone=False, member=member))
    return sources


def _file_opener(path: Path) -> Callable[[], IO[bytes]]:
    return lambda: path.open("rb")


def _zip_sources(path: Path, stack: ExitStack) -> list[Source]:
    name = str(path)
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(f"not a readable zip archive ({exc})", file=name) from exc
    check_members(members, name)
    return [
        Source(f"{name}!{info.filename}", info.file_size, _member_opener(archive, info), False, info.filename)
        for info in members
        if not info.is_dir() and _wanted(info.filename)
    ]


def _member_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], IO[bytes]]:
    def open_member() -> IO[bytes]:
        try:
            return archive.open(info)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError) as exc:
            # RuntimeError: an encrypted member; NotImplementedError: an unknown compression method.
            raise OSError(f"cannot open this archive member ({exc})") from exc

    return open_member


def unsafe_member_name(member: str) -> bool:
    """Whether a member path would land outside a folder it was extracted into."""
    text = member.replace("\\", "/")
    return text.startswith("/") or bool(_DRIVE.match(text)) or ".." in text.split("/")


def check_members(members: list[zipfile.ZipInfo], name: str) -> None:
    """Raise UnsafeArchive for a zip we should not read: escaping paths, or signs of a zip bomb."""
    if len(members) > MAX_MEMBERS:
        raise UnsafeArchive(f"it holds {len(members)} files; the limit is {MAX_MEMBERS}", file=name)
    total = 0
    for info in members:
        if unsafe_member_name(info.filename):
            raise UnsafeArchive(f"the member {info.filename!r} points outside the archive", file=name)
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise UnsafeArchive(
                f"the member {info.filename!r} expands {ratio} times (the limit is {MAX_RATIO}); "
                "this looks like a zip bomb",
                file=name,
            )
    if total > MAX_TOTAL_SIZE:
        raise UnsafeArchive(
            f"it expands to {total >> 20} MiB; the limit is {MAX_TOTAL_SIZE >> 20} MiB", file=name
        )
