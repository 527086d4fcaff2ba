"""The files an import has read before: their fingerprints, so that the same bytes are not read twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from meetfirst.core.records import FileFingerprint
from meetfirst.store.models import ImportedFile


def imported_at(*, fingerprint: FileFingerprint) -> datetime | None:
    """When a file with these bytes was last imported in this format, or None if never."""
    found = ImportedFile.objects.filter(
        sha256=fingerprint.sha256, size=fingerprint.size, format=fingerprint.format
    ).values_list("imported_at", flat=True)
    return found.first()


def remember(*, fingerprints: Sequence[FileFingerprint], at: datetime) -> None:
    """Record files as imported at `at` (a file imported again only gets the new time and name)."""
    for each in fingerprints:
        ImportedFile.objects.update_or_create(
            sha256=each.sha256,
            format=each.format,
            defaults={"size": each.size, "name": each.name[:500], "imported_at": at},
        )
