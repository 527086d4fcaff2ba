"""Tickets from any CSV file, read through a saved column mapping (mapping.toml)."""

from __future__ import annotations

from pathlib import Path

from meetfirst.core.errors import BadMapping
from meetfirst.importers.formats import FileFormat


def mapped_format(path: Path) -> FileFormat:
    """The file format a mapping file describes."""
    raise BadMapping("reading a CSV file through a mapping is not ready yet", file=str(path))
