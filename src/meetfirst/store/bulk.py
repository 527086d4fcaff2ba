"""Plain-SQL bulk writes, for the imports that write a million rows.

The ORM's per-object work (building model instances, preparing every field) costs more than the database
itself at that scale, so these helpers hand rows straight to the DB-API. Each database gets its fastest
form: SQLite an `executemany` of one-row INSERTs (no network, statements are cheap), PostgreSQL one
INSERT ... SELECT FROM unnest(arrays) per batch (one round trip instead of thousands).
Values arrive as Python values; `datetime_adapter()` gives the form a timestamp must take.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection
from django.db.models import Model

# Rows per multi-row INSERT on SQLite, kept well below its 32,766 parameters.
SQLITE_PARAMETERS = 30_000
KEYS_PER_LOOKUP = 500


def datetime_adapter() -> Callable[[datetime], Any]:
    """How this database wants an aware datetime: SQLite as Django writes it (naive UTC text)."""
    return _sqlite_datetime if connection.vendor == "sqlite" else _unchanged


def date_adapter() -> Callable[[date | None], Any]:
    return _sqlite_date if connection.vendor == "sqlite" else _unchanged


def insert_rows(
    model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]], *, unless_taken: str = ""
) -> int:
    """Insert rows (values in `columns` order, already adapted); return how many were inserted.

    With `unless_taken` (a column under a unique constraint), rows whose value is already stored, or
    repeated within `rows`, are skipped silently.
    """
    if not rows:
        return 0
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    conflict = f" ON CONFLICT ({quote(unless_taken)}) DO NOTHING" if unless_taken else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = [list(values) for values in zip(*rows, strict=True)]
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({names}) "
                f"SELECT * FROM unnest({_array_params(model, columns)}){conflict}",
                arrays,
            )
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks}){conflict}", rows
            )
        return max(int(cursor.rowcount), 0)


def insert_returning_ids(
    model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[int]:
    """Insert rows and return their new primary keys, in the order of `rows`."""
    if not rows:
        return []
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    pk = quote(str(model._meta.pk.column) if model._meta.pk else "id")
    ids: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = [list(values) for values in zip(*rows, strict=True)]
            sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({_array_params(model, columns)})"
            cursor.execute(f"{sql} RETURNING {pk}", arrays)
            ids = [int(r[0]) for r in cursor.fetchall()]
        else:
            one = "(" + ", ".join(["%s"] * len(columns)) + ")"
            step = max(1, SQLITE_PARAMETERS // len(columns))
            for start in range(0, len(rows), step):
                chunk = rows[start : start + step]
                params = [value for row in chunk for value in row]
                cursor.execute(
                    f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))} RETURNING {pk}",
                    params,
                )
                ids.extend(int(r[0]) for r in cursor.fetchall())
    # One statement's new ids rise in the order of its rows on both databases, but RETURNING promises
    # no order of its own: sorting restores the order of `rows`.
    return sorted(ids)


def stored_values(model: type[Model], column: str, values: Sequence[str]) -> set[str]:
    """Which of these values of a (unique, indexed) column are already stored."""
    quote = connection.ops.quote_name
    select = f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} WHERE {quote(column)}"
    found: set[str] = set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{select} = ANY(%s)", [list(values)])
            found.update(row[0] for row in cursor.fetchall())
            return found
        for start in range(0, len(values), KEYS_PER_LOOKUP):
            chunk = values[start : start + KEYS_PER_LOOKUP]
            cursor.execute(f"{select} IN ({', '.join(['%s'] * len(chunk))})", chunk)
            found.update(row[0] for row in cursor.fetchall())
    return found


def _array_params(model: type[Model], columns: Sequence[str]) -> str:
    by_column = {f.column: f for f in model._meta.concrete_fields}
    return ", ".join(f"%s::{by_column[c].db_type(connection)}[]" for c in columns)


def _sqlite_datetime(moment: datetime) -> str:
    if moment.tzinfo is UTC:  # the usual case, once per imported message: drop the "+00:00"
        return moment.isoformat(" ")[:-6]
    if moment.utcoffset():
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(" ")


def column_defaults(model: type[Model], columns: Sequence[str]) -> tuple[list[str], tuple[Any, ...]]:
    """The other columns of a model, and the defaults the ORM would give them, adapted for this database.

    Plain-SQL inserts name their columns; a field added later (with a default but no database default)
    would otherwise fail NOT NULL.
    """
    moment, day = datetime_adapter(), date_adapter()
    names: list[str] = []
    values: list[Any] = []
    for each in model._meta.concrete_fields:
        if each.primary_key or each.column in columns:
            continue
        value = each.get_default()
        if isinstance(value, datetime):
            value = moment(value)
        elif isinstance(value, date):
            value = day(value)
        names.append(str(each.column))
        values.append(value)
    return names, tuple(values)


def _sqlite_date(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _unchanged(value: Any) -> Any:
    return value
