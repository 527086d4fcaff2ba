"""PostgreSQL: a bulk load whose foreign keys are checked once at the end instead of row by row.

PostgreSQL checks a foreign key with a trigger per inserted row (a lookup and a row lock each): for a
ticket, three of them cost twice the COPY itself. When the import's database role may set
`session_replication_role` (a superuser, or a role granted it), the loads run with it set to `replica`,
which turns those triggers off for them alone. The keys the rows name are noted as they are sent, and
`check()` then does the triggers' work once per distinct key: it locks every referenced row (FOR KEY
SHARE, as the triggers would have) and fails the import when one is missing. Everything stays inside the
import's transaction, so a failure leaves nothing. Unique and check constraints are not triggers: they
hold row by row as always.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from django.db import IntegrityError, connection
from django.db.models import ForeignKey, Model

# Statements the loading cursor runs before and after its rows (SET LOCAL: the transaction's end undoes it).
TRIGGERS_OFF = "SET LOCAL session_replication_role = replica"
TRIGGERS_ON = "SET LOCAL session_replication_role = origin"


class KeysCheckedLater:
    """The keys that rows loaded with the triggers off refer to, noted as they are sent, checked at the end.

    Noting the keys on their way out costs a set update per key column and batch; the check is then an
    index lookup per distinct key (a desk's 100,000 customers, its teams and agents) instead of a scan of
    every loaded table per key column.
    """

    def __init__(self) -> None:
        self._named: dict[ForeignKey[Any, Any], set[Any]] = {}
        self._columns: dict[tuple[type[Model], tuple[str, ...]], list[tuple[int, ForeignKey[Any, Any]]]] = {}

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

    def note(self, model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Remember the keys these rows (in `columns` order) refer to; call it for every row loaded
        with the triggers off."""
        plan = self._columns.get((model, tuple(columns)))
        if plan is None:
            by_column = {f.column: f for f in model._meta.concrete_fields if isinstance(f, ForeignKey)}
            plan = [(i, by_column[c]) for i, c in enumerate(columns) if c in by_column]
            self._columns[(model, tuple(columns))] = plan
        for index, field in plan:
            self._named.setdefault(field, set()).update(map(itemgetter(index), rows))

    def check(self) -> None:
        """Lock the rows the noted keys name, and raise IntegrityError when one of them is missing."""
        with connection.cursor() as cursor:
            for field, named in self._named.items():
                named.discard(None)
                keys = sorted(named)
                for start in range(0, len(keys), KEYS_PER_CHECK):
                    _check_keys(cursor, field, keys[start : start + KEYS_PER_CHECK])
        self._named.clear()

    def named(self) -> dict[str, set[Any]]:
        """The keys noted so far, by `Model.field`, without nulls."""
        return {f"{field.model.__name__}.{field.name}": ids - {None} for field, ids in self._named.items()}

    def __repr__(self) -> str:
        return f"KeysCheckedLater({', '.join(sorted(self.named()))})"


KEYS_PER_CHECK = 50_000


def _check_keys(cursor: Any, field: ForeignKey[Any, Any], keys: list[Any]) -> None:
    """Lock the rows these keys of `field` name (FOR KEY SHARE, as its trigger would); IntegrityError
    for the first one missing."""
    target = field.target_field
    referenced, column = _table(target.model), connection.ops.quote_name(str(target.column))
    array = f"%s::{target.rel_db_type(connection)}[]"
    cursor.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {referenced} AS r WHERE r.{column} = ANY({array}) "
        f"FOR KEY SHARE OF r) AS locked",
        [keys],
    )
    if cursor.fetchone()[0] == len(keys):
        return
    cursor.execute(
        f"SELECT k FROM unnest({array}) AS k WHERE NOT EXISTS "
        f"(SELECT 1 FROM {referenced} AS r WHERE r.{column} = k) LIMIT 1",
        [keys],
    )
    missing = cursor.fetchone()
    raise IntegrityError(
        f"insert or update on table {field.model._meta.db_table} violates foreign key constraint: "
        f"key ({field.column})=({missing[0] if missing else '?'}) is not present in table "
        f"{target.model._meta.db_table}"
    )


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)
