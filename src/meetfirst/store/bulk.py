"""Plain-SQL bulk writes, for the imports that write a million rows.

The ORM's per-object work (building model instances, preparing every field) costs more than the database
itself at that scale, so these helpers hand rows straight to the DB-API. Each database gets its fastest
form: SQLite an `executemany` of one-row INSERTs (no network, statements are cheap), PostgreSQL one
INSERT ... SELECT FROM unnest(arrays) per batch (one round trip instead of thousands), or a binary COPY
for rows known to be new.
Values arrive as Python values; `datetime_adapter()` gives the form a timestamp must take.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection
from django.db.models import Model

# Rows for a table that a caller copies later: (model, columns, rows), rows known to be new.
CopyJob = tuple[type[Model], Sequence[str], Sequence[Sequence[Any]]]

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
    repeated within `rows`, are skipped silently; "*" does so for any unique constraint of the table.
    """
    if not rows:
        return 0
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    conflict = f" ON CONFLICT ({quote(unless_taken)}) DO NOTHING" if unless_taken else ""
    if unless_taken == "*":
        conflict = " ON CONFLICT DO NOTHING"
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


def copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows that are known to be new (no conflict handling); return how many were written.

    PostgreSQL takes them through COPY, its fastest way in (see `CopyPlan`); SQLite through
    `insert_rows`. Values as for `insert_rows`: already adapted for this database.
    """
    if connection.vendor != "postgresql":
        batch = rows if isinstance(rows, Sequence) else list(rows)
        return insert_rows(model, columns, batch)
    with connection.cursor() as cursor:
        return CopyPlan.of(model, columns).run(cursor.cursor, rows)  # the psycopg cursor under Django's


@dataclass(frozen=True, slots=True)
class CopyPlan:
    """PostgreSQL: a binary COPY into some columns of a table.

    In the binary form psycopg's C dumpers write ints, floats and timestamps as the server stores them,
    which spares both sides most of the text form's formatting and parsing (a third of the time); each
    value must then be of its column's exact type, hence the types read from the fields.
    """

    sql: str
    types: tuple[str, ...]

    @classmethod
    def of(cls, model: type[Model], columns: Sequence[str]) -> CopyPlan:
        quote = connection.ops.quote_name
        by_column = {f.column: f for f in model._meta.concrete_fields}
        names = ", ".join(quote(c) for c in columns)
        return cls(
            sql=f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN (FORMAT BINARY)",
            # A binary COPY names types without their modifiers: "varchar(400)" is "varchar".
            types=tuple(str(by_column[c].db_type(connection)).split("(", 1)[0] for c in columns),
        )

    def run(self, cursor: Any, rows: Iterable[Sequence[Any]]) -> int:
        """Copy the rows through this psycopg cursor (any thread's); return how many were written."""
        count = 0
        with cursor.copy(self.sql) as copy:
            copy.set_types(self.types)
            write = copy.write_row
            for row in rows:
                write(row)
                count += 1
        return count


def update_rows(
    model: type[Model], *, by: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], compare: int
) -> int:
    """Set `columns` on the rows whose `by` column matches; return how many rows changed.

    Each row is (by value, *values in `columns` order). Only the first `compare` columns decide whether
    a row is different: one whose values there are all the same is left alone and not counted (so that
    a column like `source` follows a real change without making one).
    """
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    assigned = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in columns)
    compared = columns[:compare]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            mine = ", ".join(f"t.{quote(c)}" for c in compared)
            theirs = ", ".join(f"v.{quote(c)}" for c in compared)
            names = ", ".join(quote(c) for c in (by, *columns))
            arrays = [list(values) for values in zip(*rows, strict=True)]
            cursor.execute(
                f"UPDATE {table} AS t SET {assigned} "
                f"FROM unnest({_array_params(model, (by, *columns))}) AS v({names}) "
                f"WHERE t.{quote(by)} = v.{quote(by)} AND ({mine}) IS DISTINCT FROM ({theirs})",
                arrays,
            )
            return max(int(cursor.rowcount), 0)
        sets = ", ".join(f"{quote(c)} = %s" for c in columns)
        same = " AND ".join(f"{quote(c)} IS %s" for c in compared)
        params = [(*row[1:], row[0], *row[1 : compare + 1]) for row in rows]
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE {quote(by)} = %s AND NOT ({same})", params)
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
    pk_column = str(model._meta.pk.column) if model._meta.pk else "id"
    pk = quote(pk_column)
    ids: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The ids drawn from the table's own sequence first, then the rows copied with them: a COPY
            # spares the client the arrays an INSERT ... unnest() needs (a Python loop per value).
            ids = draw_ids(model, len(rows))
            with_ids = ([pk_id, *row] for pk_id, row in zip(ids, rows, strict=True))
            CopyPlan.of(model, [pk_column, *columns]).run(cursor.cursor, with_ids)
            return ids
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
    # One statement's new ids rise in the order of its rows, but RETURNING promises no order of its
    # own: sorting restores the order of `rows`.
    return sorted(ids)


def ids_drawn_first() -> bool:
    """Whether this database lets new rows get their ids before they are written (see draw_ids)."""
    return connection.vendor == "postgresql"


def draw_ids(model: type[Model], count: int) -> list[int]:
    """PostgreSQL: `count` new primary keys drawn from the table's sequence, for rows copied with them."""
    pk_column = str(model._meta.pk.column) if model._meta.pk else "id"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk_column, count],
        )
        return [int(r[0]) for r in cursor.fetchall()]


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
