"""A portable dump of the store's tables: gzip'd JSON lines, written and read through the ORM.

The first line says what the file is and which migrations made its schema; then one line per row;
the last line counts the rows of each table, so that a truncated file is noticed. gzip's checksum
catches a damaged one. Used for PostgreSQL (and on request for SQLite).
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

from meetfirst.core.backup import DUMP_FORMAT, DUMP_VERSION, BackupMismatch, BadBackup
from meetfirst.store.export_queries import columns

BATCH = 2_000
# Login links belong to a web session on this server, and point at its user accounts: not store data.
SKIPPED = ("store.LoginToken",)


def dumped_models() -> list[type[models.Model]]:
    """The store's models in declaration order (a model comes after those it points at)."""
    return [m for m in apps.get_app_config("store").get_models() if m._meta.label not in SKIPPED]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def write_dump(path: Path, *, migrations: list[str]) -> dict[str, int]:
    """Write every store table to `path`; return the rows per table. One snapshot on PostgreSQL."""
    counts: dict[str, int] = {}
    outermost = not connection.in_atomic_block
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=5) as out, transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        header = {
            "format": DUMP_FORMAT,
            "version": DUMP_VERSION,
            "migrations": migrations,
            "tables": [m._meta.label for m in dumped_models()],
        }
        out.write(json.dumps(header) + "\n")
        for model in dumped_models():
            label = model._meta.label
            counts[label] = 0
            rows = model._default_manager.order_by("pk").values(*columns(model)).iterator(chunk_size=BATCH)
            for row in rows:
                out.write(json.dumps({"t": label, "r": row}, default=_plain, ensure_ascii=False) + "\n")
                counts[label] += 1
        out.write(json.dumps({"end": True, "counts": counts}) + "\n")
    return counts


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                try:
                    item = json.loads(line)
                except ValueError:
                    raise BadBackup(f"line {number} is not JSON") from None
                if not isinstance(item, dict):
                    raise BadBackup(f"line {number} is not a JSON object")
                yield item
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise BadBackup(f"the compressed data is damaged or cut short ({exc})") from None


def inspect_dump(path: Path, *, known_migrations: set[str]) -> dict[str, int]:
    """Read the whole dump once and check it: header, known tables and columns, the closing counts."""
    lines = _lines(path)
    header = next(lines, None)
    if not header or header.get("format") != DUMP_FORMAT:
        raise BadBackup("it is not a meetfirst dump")
    if header.get("version") != DUMP_VERSION:
        raise BackupMismatch(f"it is a dump of version {header.get('version')}, this meetfirst reads 1")
    newer = sorted(set(header.get("migrations") or []) - known_migrations)
    if newer:
        raise BackupMismatch(f"it was made by a newer meetfirst (migrations {', '.join(newer)})")
    models_by_label = {m._meta.label: m for m in dumped_models()}
    allowed = {label: set(columns(model)) for label, model in models_by_label.items()}
    counts: dict[str, int] = {}
    closing: dict[str, Any] | None = None
    for item in lines:
        if closing is not None:
            raise BadBackup("there are rows after the closing line")
        if item.get("end") is True:
            closing = item
            continue
        label, row = item.get("t"), item.get("r")
        if label not in allowed or not isinstance(row, dict):
            raise BadBackup(f"it holds rows of an unknown table ({label!r})")
        unknown = set(row) - allowed[label]
        if unknown:
            raise BackupMismatch(f"{label} has columns this meetfirst does not know: {sorted(unknown)}")
        counts[label] = counts.get(label, 0) + 1
    if closing is None:
        raise BadBackup("it is cut short (no closing line)")
    stated = {k: v for k, v in dict(closing.get("counts") or {}).items() if v}
    if stated != counts:
        raise BadBackup("its row counts do not match its closing line")
    return counts


def load_dump(path: Path) -> None:
    """Replace every store table's rows with the dump's, in one transaction (all or nothing)."""
    ordered = dumped_models()
    by_label = {m._meta.label: m for m in ordered}
    with transaction.atomic(), connection.cursor() as cursor:
        for model in reversed(ordered):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        batch: list[dict[str, Any]] = []
        current: type[models.Model] | None = None
        for item in _lines(path):
            if "t" not in item:
                continue
            model = by_label[item["t"]]
            if model is not current or len(batch) >= BATCH:
                _insert(cursor, current, batch)
                batch, current = [], model
            batch.append(item["r"])
        _insert(cursor, current, batch)
        for statement in connection.ops.sequence_reset_sql(no_style(), ordered):
            cursor.execute(statement)


def _insert(cursor: Any, model: type[models.Model] | None, rows: list[dict[str, Any]]) -> None:
    """Insert rows as they were: each value goes through its field's own conversion, and timestamps such
    as created_at are kept (bulk_create would stamp them anew). A column the dump lacks gets its default."""
    if model is None or not rows:
        return
    fields = list(model._meta.concrete_fields)
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column or f.attname) for f in fields)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
    values = [
        [
            f.get_db_prep_save(
                f.to_python(row[f.attname]) if f.attname in row else f.get_default(), connection
            )
            for f in fields
        ]
        for row in rows
    ]
    cursor.executemany(sql, values)


def known_store_migrations() -> set[str]:
    """The store's migrations that this version of meetfirst ships."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {name for app, name in loader.disk_migrations if app == "store"}


def applied_store_migrations() -> list[str]:
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(name for app, name in MigrationRecorder(connection).applied_migrations() if app == "store")
