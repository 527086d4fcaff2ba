"""The shape every file format shares: a name for --format, a header signature, and a row reader."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from meetfirst.core.records import Record, RowError

if TYPE_CHECKING:
    from meetfirst.importers.tables import Table


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """A format the user can name with --format, and one line that says what it is."""

    name: str
    description: str


RowReader = Callable[["Table", ZoneInfo], Iterator[Record | RowError]]


@dataclass(frozen=True, slots=True)
class FileFormat:
    """One kind of CSV file: found by its header, read by `read`.

    `signature` holds lower-case header names that must all be present; `required` the columns whose
    absence makes the file unreadable in this format (a superset of the signature). `rank` orders the
    files of one export, so that the owner comes before connections, invitations and messages.
    """

    info: FormatInfo
    rank: int
    signature: frozenset[str]
    required: frozenset[str]
    read: RowReader

    @property
    def name(self) -> str:
        return self.info.name

    def matches(self, header: set[str]) -> bool:
        return self.signature <= header
