"""Deleting a person and everything that points at them, and wiping the freed space in a SQLite file."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime

from django.db import connection
from django.db.models import Q

from meetfirst.store import resolution_queries
from meetfirst.store.export_queries import person_relations
from meetfirst.store.models import Deletion, Person, RejectedPair
from meetfirst.store.sqlite_pragmas import pragma_while


def delete_person(*, person_id: int) -> int:
    """Delete the person and every row of every model that points at them; return the rows deleted.

    Rows whose foreign key to Person would be merely set to null (or protected) are deleted as well:
    a row about someone must not outlive them.
    """
    deleted = _delete_rejected_pairs(person_id)
    for model, field in person_relations():
        count, _ = model._default_manager.filter(**{field: person_id}).delete()
        deleted += count
    count, _ = Person.objects.filter(pk=person_id).delete()
    return deleted + count


def _delete_rejected_pairs(person_id: int) -> int:
    """Pairs the user said are two people are kept by identity keys, not by person: delete the person's."""
    keys = resolution_queries.identity_keys(person_id=person_id)
    if not keys:
        return 0
    count, _ = RejectedPair.objects.filter(Q(first_key__in=keys) | Q(second_key__in=keys)).delete()
    return count


def record_deletion(*, at: datetime) -> Deletion:
    """The only trace a deletion leaves: that one happened, and when."""
    return Deletion.objects.create(at=at, what="a person and all their data")


def deletes_overwrite_content() -> AbstractContextManager[None]:
    """On SQLite, make deletes overwrite the freed space with zeros while inside (many builds do not)."""
    return pragma_while("secure_delete", 1)


def flush_write_ahead_log() -> None:
    """On SQLite, copy the write-ahead log into the main file and empty it, so old pages leave the WAL."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
