"""Bulk writes of imported interactions: a batch that inserts only new keys, and, for an empty table,
the (person, occurred_at) index built once at the end instead of row by row."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from django.db import connection, models
from django.utils import timezone

from meetfirst.store import bulk
from meetfirst.store.models import Interaction

INTERACTION_COLUMNS = (
    "person_id",
    "kind",
    "direction",
    "channel",
    "occurred_at",
    "subject",
    "text",
    "conversation_id",
    "source",
    "key",
    "created_at",
)  # then the defaults of any other column (see bulk.column_defaults)


@contextmanager
def interactions_indexed_at_the_end() -> Iterator[bool]:
    """Into an empty SQLite interactions table: insert without the (person, occurred_at) index, then build it.

    One sort at the end costs less than a million scattered index inserts (a fifth of SQLite's insert
    time for a million messages). Must run inside the caller's transaction: if the import fails, the
    rollback puts the index back, so nothing is rebuilt on the way out of an error. Yields whether the
    index was dropped; a table that already holds rows keeps its index.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("interactions_indexed_at_the_end() needs a transaction")
    # SQLite only: PostgreSQL refuses CREATE INDEX on a table with deferred foreign-key checks pending.
    if connection.vendor != "sqlite" or Interaction.objects.exists():
        yield False
        return
    quote = connection.ops.quote_name
    table = quote(Interaction._meta.db_table)
    indexes = [
        (quote(str(index.name)), ", ".join(quote(_column(name)) for name in index.fields))
        for index in Interaction._meta.indexes
        if _plain(index)
    ]
    with connection.cursor() as cursor:
        for name, _columns in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield True
    with connection.cursor() as cursor:
        for name, columns in indexes:
            cursor.execute(f"CREATE INDEX {name} ON {table} ({columns})")


def _plain(index: models.Index) -> bool:
    """An index of plain ascending columns, that DROP and CREATE INDEX can rebuild as it was."""
    return bool(index.fields) and not (
        index.condition or index.include or index.opclasses or any(f.startswith("-") for f in index.fields)
    )


def _column(field_name: str) -> str:
    field = Interaction._meta.get_field(field_name)
    assert isinstance(field, models.Field)
    return str(field.column)


class InteractionBatch:
    """Imported interactions of one kind and channel, waiting to be inserted."""

    def __init__(self, *, kind: str, channel: str) -> None:
        self.kind = kind
        self.channel = channel
        self.rows: list[tuple[int, str, datetime, str, str, str, str, str]] = []
        # Looking keys up first is twice as fast as letting a million inserts conflict, but it is
        # wasted work on the first import of a channel, when nothing can be there yet.
        self.check_existing = Interaction.objects.filter(kind=kind, channel=channel).exists()

    def __len__(self) -> int:
        return len(self.rows)

    def add(
        self,
        person_id: int,
        direction: str,
        occurred_at: datetime,
        subject: str,
        text: str,
        conversation_id: str,
        source: str,
        key: str,
    ) -> None:
        """Queue one interaction (positional: this runs once per message of a million-row file)."""
        self.rows.append((person_id, direction, occurred_at, subject, text, conversation_id, source, key))

    def write(self, *, real: Callable[[int], int]) -> int:
        """Insert the queued interactions whose key is new; return how many were inserted.

        Plain INSERT ... ON CONFLICT DO NOTHING through the DB-API: for a million messages the ORM's
        per-object work would cost more than the database does.
        """
        rows, self.rows = self.rows, []
        if rows and self.check_existing:
            stored = bulk.stored_values(Interaction, "key", [row[7][:200] for row in rows])
            rows = [row for row in rows if row[7][:200] not in stored]
        if not rows:
            return 0
        moment = bulk.datetime_adapter()
        others, defaults = bulk.column_defaults(Interaction, INTERACTION_COLUMNS)
        tail = (moment(timezone.now()), *defaults)  # created_at, then the columns an import leaves alone
        kind, channel = self.kind, self.channel
        params = [
            (
                real(person) if person < 0 else person,
                kind,
                direction,
                channel,
                moment(at),
                subject[:500],
                text,
                thread[:200],
                source[:500],
                key[:200],
                *tail,
            )
            for person, direction, at, subject, text, thread, source, key in rows
        ]
        columns = [*INTERACTION_COLUMNS, *others]
        return bulk.insert_rows(Interaction, columns, params, unless_taken="key")
