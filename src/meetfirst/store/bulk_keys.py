"""PostgreSQL: a bulk load whose foreign keys are checked once at the end instead of row by row.

PostgreSQL checks a foreign key with a trigger per inserted row (a lookup and a row lock each): for a
ticket, three of them cost twice the COPY itself. When the import's database role may set
`session_replication_role` (a superuser, or a role granted it), the loads run with it set to `replica`,
which turns those triggers off for them alone, and `check()` then does the same work once per key column:
it locks every referenced row the load named (FOR KEY SHARE, as the triggers would have) and fails the
import when one is missing. Everything stays inside the import's transaction, so a failure leaves nothing.
Unique and check constraints are not triggers: they hold row by row as always.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, connection
from django.db.models import ForeignKey, Model

log = logging.getLogger(__name__)

# Statements the loading cursor runs before and after its rows (SET LOCAL: the transaction's end undoes it).
TRIGGERS_OFF = "SET LOCAL session_replication_role = replica"
TRIGGERS_ON = "SET LOCAL session_replication_role = origin"


class KeysCheckedLater:
    """The tables of one bulk load, with the highest id each held before it: newer rows get checked."""

    def __init__(self, models: Sequence[type[Model]]) -> None:
        self._before: dict[type[Model], int] = {}
        with connection.cursor() as cursor:
            for model in models:
                pk = connection.ops.quote_name(str(model._meta.pk.column))
                cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {_table(model)}")
                self._before[model] = int(cursor.fetchone()[0])

    @staticmethod
    def possible() -> bool:
        """Whether this connection may turn the key triggers off, inside a transaction (PostgreSQL)."""
        if connection.vendor != "postgresql" or not connection.in_atomic_block:
            return False
        with connection.cursor() as cursor:
            if connection.pg_version >= 150000:  # type: ignore[attr-defined]  # PostgreSQL only
                cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
            else:  # PostgreSQL 14 grants no single setting: only a superuser may
                cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            return bool(cursor.fetchone()[0])

    def check(self) -> None:
        """Lock the rows the new rows refer to, and raise IntegrityError when one of them is missing."""
        with connection.cursor() as cursor:
            for model, before in self._before.items():
                for field in model._meta.concrete_fields:
                    if isinstance(field, ForeignKey):
                        _check_key(cursor, model, field, before)

    def __repr__(self) -> str:
        return f"KeysCheckedLater({', '.join(m.__name__ for m in self._before)})"


def _check_key(cursor: Any, model: type[Model], field: ForeignKey[Any, Any], before: int) -> None:
    quote = connection.ops.quote_name
    table, column, pk = _table(model), quote(field.column), quote(str(model._meta.pk.column))
    target = field.target_field
    referenced, key = _table(target.model), quote(str(target.column))
    # Led by the distinct keys named (a few per thousand rows), each found by the referenced primary key.
    newer = f"{pk} > %s AND " if before else ""
    cursor.execute(
        f"WITH named AS MATERIALIZED (SELECT DISTINCT {column} AS id FROM {table} "
        f"WHERE {newer}{column} IS NOT NULL) "
        f"SELECT (SELECT COUNT(*) FROM named), (SELECT COUNT(*) FROM (SELECT 1 FROM {referenced} AS r "
        f"JOIN named ON r.{key} = named.id FOR KEY SHARE OF r) AS locked)",
        [before] if before else [],
    )
    wanted, locked = cursor.fetchone()
    if wanted == locked:
        return
    cursor.execute(
        f"SELECT t.{column} FROM {table} AS t WHERE t.{pk} > %s AND t.{column} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM {referenced} AS r WHERE r.{key} = t.{column}) LIMIT 1",
        [before],
    )
    missing = cursor.fetchone()
    raise IntegrityError(
        f"insert or update on table {model._meta.db_table} violates foreign key constraint: "
        f"key ({field.column})=({missing[0] if missing else '?'}) is not present in table "
        f"{target.model._meta.db_table}"
    )


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)
