"""Queries for meetings read from calendar exports: who the attendees are, and what is stored already."""

from __future__ import annotations

from collections.abc import Sequence

from meetfirst.store.bulk_stages import chunked
from meetfirst.store.models import Identity, Interaction, Owner


def owner_emails() -> set[str]:
    """The owner's own addresses, lower case."""
    found: set[str] = set()
    for emails in Owner.objects.values_list("emails", flat=True):
        found.update(str(e).strip().lower() for e in emails or ())
    return found


def people_by_email(*, addresses: Sequence[str]) -> dict[str, int]:
    """The person each of these addresses (lower case) belongs to; unknown addresses are absent."""
    found: dict[str, int] = {}
    for chunk in chunked(sorted(set(addresses))):
        rows = Identity.objects.filter(kind=Identity.Kind.EMAIL, value__in=list(chunk))
        found.update(rows.values_list("value", "person_id"))
    return found


def existing_keys(*, keys: Sequence[str]) -> set[str]:
    """Which of these interaction keys are stored already."""
    found: set[str] = set()
    for chunk in chunked(sorted(set(keys))):
        rows = Interaction.objects.filter(key__in=list(chunk)).values_list("key", flat=True)
        found.update(k for k in rows if k)
    return found


def add_meetings(*, rows: Sequence[Interaction]) -> int:
    """Store these meeting interactions; returns how many."""
    Interaction.objects.bulk_create(rows)
    return len(rows)
