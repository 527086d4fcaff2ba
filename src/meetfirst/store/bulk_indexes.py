"""PostgreSQL: a bulk load into an empty table without its plain indexes, built once at the end.

Building an index from a million rows in one sort costs a fraction of updating it row by row (for
tickets, eight indexes: a third of the COPY's time). Only plain indexes go (not the primary key nor any
unique one, which the load relies on), only when the table is empty, and only inside the import's
transaction: a failed import rolls the drop back with everything else. While the import runs, others
wait for the table instead of reading it half-loaded.
"""

from __future__ import annotations

import logging

from django.db import connection
from django.db.models import Model

log = logging.getLogger(__name__)

SORT_MEMORY = "256MB"


class DeferredIndexes:
    """The plain indexes dropped from some empty tables, to be built again by `rebuild()`."""

    def __init__(self) -> None:
        self._definitions: list[str] = []

    def drop(self, model: type[Model]) -> bool:
        """Drop the plain indexes of this table when it is empty (PostgreSQL only); True when done."""
        if connection.vendor != "postgresql" or not connection.in_atomic_block:
            return False
        if model._default_manager.exists():
            return False
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary",
                [model._meta.db_table],
            )
            found = cursor.fetchall()
            for name, definition in found:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                self._definitions.append(definition)
        log.info("import: %d indexes of %s built at the end", len(found), model._meta.db_table)
        return bool(found)

    def rebuild(self) -> None:
        """Build the dropped indexes again (checks deferred so far run first: PostgreSQL wants none
        pending on a table it indexes)."""
        if not self._definitions:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # Sorts of a million index entries that fit in memory instead of spilling (the default is 64 MB);
            # for the rest of this transaction only.
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{SORT_MEMORY}'")
            for definition in self._definitions:
                cursor.execute(definition)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self._definitions = []
