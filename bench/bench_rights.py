"""Data-rights benchmark (issue 5): full export memory, and backup and restore times.

Seeds a store with 30,000 people, 3,000 triaged requests and 1,000,000 interactions (the same data as
bench_web.py), then, each in a fresh child process so that its peak memory (ru_maxrss) is its own:
a full JSON export to a file, the vCard and both CSV exports, a backup, and a restore of that backup.
Targets: the JSON export stays under 300 MB of memory; a SQLite backup takes under 10 s.
On SQLite, and on PostgreSQL when a server answers (database `meetfirst_bench_rights`, dropped after).

    python bench/bench_rights.py [--interactions N] [--no-postgres]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from machine import BENCH_NOW, ROOT, describe, insert_interactions, peak_mb, pg_server_url, run_child

EXPORT_PEAK_MB = 300.0
BACKUP_SECONDS = 10.0
RIGHTS_DB = "meetfirst_bench_rights"
SCRIPT = str(Path(__file__).resolve())
PEOPLE = 30_000
PENDING = 3_000
KINDS = ["", "", "", "friend", "mentor", "peer", "colleague", "acquaintance"]
EXPORTS = [("json", "people"), ("vcard", "people"), ("csv", "people"), ("csv", "interactions")]


def child_seed(interactions: int) -> dict[str, Any]:
    """The store of bench_web.py (people, slugs, e-mails, pending requests, interactions), triaged."""
    from meetfirst import bootstrap

    bootstrap.setup()
    from django.db import connection, transaction

    from meetfirst.services import triage
    from meetfirst.store.models import Owner

    rng = random.Random(11)
    started = time.perf_counter()
    now = BENCH_NOW
    with transaction.atomic(), connection.cursor() as cursor:
        Owner.objects.create(first_name="Jordan", last_name="Pike", profile_slug="jordanpike")
        cursor.executemany(
            "INSERT INTO store_person (display_name, first_name, last_name, name_key, company, position,"
            " headline, location, is_connection, connected_on, relationship_kind, relationship_since,"
            " cadence_days, snoozed_until, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, 'Engineer', '', 'Lisbon', %s, NULL, %s, NULL, NULL, NULL, %s, %s)",
            [
                (
                    f"Person {i}",
                    "Person",
                    str(i),
                    f"person {i}",
                    f"Company {i % 500}",
                    i >= PENDING,
                    KINDS[i % len(KINDS)],
                    now,
                    now,
                )
                for i in range(PEOPLE)
            ],
        )
        cursor.execute("SELECT id FROM store_person ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        cursor.executemany(
            "INSERT INTO store_identity (person_id, kind, value, source, created_at)"
            " VALUES (%s, %s, %s, '', %s)",
            [(pid, "linkedin", f"person-{i}", now) for i, pid in enumerate(ids)]
            + [(pid, "email", f"person{i}@example.org", now) for i, pid in enumerate(ids) if i % 3 == 0],
        )
        cursor.executemany(
            "INSERT INTO store_connectionrequest (person_id, key, channel, direction, sent_at, note, state,"
            " stage, verdict, verdict_by_user, replied_at, answered_at, source, created_at, updated_at)"
            " VALUES (%s, %s, 'linkedin', 'in', %s, %s, 'pending', 'new', '', FALSE, NULL, NULL, '', %s, %s)",
            [
                (ids[i], f"bench:{i}", now - timedelta(minutes=37 * i), "Let's connect.", now, now)
                for i in range(PENDING)
            ],
        )
        insert_interactions(
            cursor,
            (
                (
                    ids[rng.randrange(PEOPLE)],
                    "in" if n % 2 else "out",
                    now - timedelta(minutes=n),
                    f"message {n} about the weekly plan, and what we said at the meetup",
                    f"bench:{n}",
                    now,
                )
                for n in range(interactions)
            ),
        )
    seeded = time.perf_counter() - started
    triage.triage_new(now=now)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"seed_seconds": round(seeded, 1)}


def child_export(fmt: str, what: str, out: str) -> dict[str, Any]:
    from meetfirst import bootstrap

    bootstrap.setup()
    from meetfirst.services import export

    before = peak_mb()
    started = time.perf_counter()
    with Path(out).open("w", encoding="utf-8", newline="") as handle:
        count = export.export(handle, fmt=fmt, what=what, now=BENCH_NOW)
    seconds = time.perf_counter() - started
    size = Path(out).stat().st_size
    Path(out).unlink()
    return {
        "format": fmt if what == "people" else f"{fmt}:{what}",
        "rows": count,
        "seconds": round(seconds, 2),
        "mb_written": round(size / 1e6, 1),
        "peak_mb": peak_mb(),
        "peak_mb_before_export": before,
    }


def child_backup(target: str, kind: str) -> dict[str, Any]:
    from meetfirst import bootstrap

    bootstrap.setup()
    from meetfirst.services import backup

    started = time.perf_counter()
    made = backup.backup(Path(target), kind=kind)
    return {"kind": kind, "seconds": round(time.perf_counter() - started, 2), "mb": round(made.size / 1e6, 1)}


def child_restore(source: str) -> dict[str, Any]:
    from meetfirst import bootstrap

    bootstrap.setup()
    from meetfirst.services import backup

    started = time.perf_counter()
    done = backup.restore(Path(source), force=True)
    seconds = time.perf_counter() - started
    people = done.counts.get("person", done.counts.get("store.Person", 0))
    return {"seconds": round(seconds, 2), "people": people, "peak_mb": peak_mb()}


def run_on(label: str, env: dict[str, str], interactions: int, folder: Path) -> dict[str, Any]:
    seeded = run_child([SCRIPT, "--child-seed", str(interactions)], env)
    run: dict[str, Any] = {"store": label, "seed_seconds": seeded["seed_seconds"], "exports": []}
    for fmt, what in EXPORTS:
        out = str(folder / f"{label}-export.{fmt}")
        run["exports"].append(run_child([SCRIPT, "--child-export", fmt, what, out], env))
    kinds = ["sqlite", "dump"] if label == "sqlite" else ["dump"]
    run["backups"], run["restores"] = [], []
    for kind in kinds:
        target = folder / f"{label}-backup.{kind}"
        made = run_child([SCRIPT, "--child-backup", str(target), kind], env)
        run["backups"].append(made)
        restored = run_child([SCRIPT, "--child-restore", str(target)], env)
        run["restores"].append({"kind": kind, **restored})
        target.unlink()
    return run


def _pg_url(server_url: str) -> str:
    return urlunsplit(urlsplit(server_url)._replace(path="/" + RIGHTS_DB))


def _pg_recreate(server_url: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {RIGHTS_DB} WITH (FORCE)")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {RIGHTS_DB}")


def show(report: dict[str, Any]) -> None:
    for run in report["runs"]:
        print(f"{run['store']}: seeded in {run['seed_seconds']} s")
        for item in run["exports"]:
            target = f"(target {EXPORT_PEAK_MB:.0f} MB)" if item["format"] == "json" else ""
            print(
                f"  export {item['format']:20} {item['rows']:>9} rows {item['seconds']:7.1f} s"
                f" {item['mb_written']:8.1f} MB written  peak {item['peak_mb']:6.1f} MB {target}"
            )
        for item in run["backups"]:
            target = f"(target {BACKUP_SECONDS:.0f} s)" if item["kind"] == "sqlite" else ""
            print(f"  backup  {item['kind']:7} {item['seconds']:7.2f} s {item['mb']:8.1f} MB {target}")
        for item in run["restores"]:
            print(f"  restore {item['kind']:7} {item['seconds']:7.2f} s  peak {item['peak_mb']:6.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child-seed", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-export", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child-backup", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-restore", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_seed is not None:
        print(json.dumps(child_seed(args.child_seed)))
        return
    if args.child_export:
        print(json.dumps(child_export(*args.child_export)))
        return
    if args.child_backup:
        print(json.dumps(child_backup(*args.child_backup)))
        return
    if args.child_restore:
        print(json.dumps(child_restore(args.child_restore)))
        return

    pg = None if args.no_postgres else pg_server_url()
    report: dict[str, Any] = {"machine": describe(pg), "interactions": args.interactions, "runs": []}
    with tempfile.TemporaryDirectory(prefix="meetfirst-bench-rights-") as name:
        folder = Path(name)
        home = folder / "sqlite"
        home.mkdir()
        report["runs"].append(run_on("sqlite", {"MEETFIRST_HOME": str(home)}, args.interactions, folder))
        if pg:
            _pg_recreate(pg)
            try:
                pg_home = folder / "pg"
                pg_home.mkdir()
                env = {"MEETFIRST_HOME": str(pg_home), "MEETFIRST_DATABASE_URL": _pg_url(pg)}
                report["runs"].append(run_on("postgresql", env, args.interactions, folder))
            finally:
                _pg_recreate(pg, drop_only=True)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "rights.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    show(report)


if __name__ == "__main__":
    main()
