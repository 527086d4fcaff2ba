"""Keep-in-touch benchmark (issue 5): the day's list and the health of every relationship, on a big store.

Seeds 30,000 people who all have a kind of relationship (the worst case: everyone is tracked), 1,000,000
interactions spread evenly over the last three years (`--spread-days`), and 5,000 follow-ups, then times,
warm, the median of five runs (wall clock, and this process's CPU time, since the machine may be shared):
- `today`: the service behind `meetfirst today` (target under 300 ms), and the whole command run in-process
  (`meetfirst today --json`, output discarded);
- `health`: the health of all 30,000 relationships with their 30-day trend (target under 2 s).
On SQLite, and on PostgreSQL when a server answers (in a database of its own, dropped after).

    python bench/bench_nurture.py [--people N] [--interactions N] [--spread-days N] [--no-postgres]

The health query reads every interaction of the last 210 days (the 180-day window, 30 days ago and now),
so its time grows with how many fall there: a third of a three-year history by default; `--spread-days 400`
puts half of the million there, a harsher case.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from machine import (
    BENCH_NOW,
    ROOT,
    describe,
    insert_interactions,
    pg_bench_url,
    pg_recreate,
    pg_server_url,
    run_child,
)

TODAY_TARGET_MS = 300.0
HEALTH_TARGET_MS = 2000.0
RUNS = 5
FOLLOW_UPS = 5_000
KINDS = ["friend", "mentor", "compatriot", "mentee", "peer", "colleague", "customer", "acquaintance"]
SCRIPT = str(Path(__file__).resolve())


def child_seed(people: int, interactions: int, spread_days: int) -> dict[str, Any]:
    from meetfirst import bootstrap

    bootstrap.setup()
    from django.db import connection, transaction

    rng = random.Random(5)
    now = BENCH_NOW
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO store_person (display_name, first_name, last_name, name_key, company, position,"
            " headline, location, is_connection, connected_on, relationship_kind, relationship_since,"
            " cadence_days, snoozed_until, created_at, updated_at)"
            " VALUES (%s, 'Person', %s, %s, '', '', '', '', TRUE, NULL, %s, %s, %s, %s, %s, %s)",
            [
                (
                    f"Person {i}",
                    str(i),
                    f"person {i}",
                    KINDS[i % len(KINDS)],
                    (now - timedelta(days=30 + i % 700)).date(),
                    21 if i % 10 == 0 else None,
                    (now + timedelta(days=3)).date() if i % 50 == 0 else None,
                    now,
                    now,
                )
                for i in range(people)
            ],
        )
        cursor.execute("SELECT id FROM store_person ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
        insert_interactions(
            cursor,
            (
                (
                    ids[rng.randrange(len(ids))],
                    rng.choice(("in", "out", "")),
                    now - timedelta(minutes=rng.randrange(spread_days * 24 * 60)),
                    f"message {n}",
                    f"bench:{n}",
                    now,
                )
                for n in range(interactions)
            ),
        )
        cursor.executemany(
            "INSERT INTO store_followup (person_id, meeting_id, text, due_on, done_at, snoozed_until,"
            " created_at) VALUES (%s, NULL, %s, %s, %s, NULL, %s)",
            [
                (
                    ids[rng.randrange(len(ids))],
                    f"follow-up {n}",
                    (now + timedelta(days=rng.randrange(-60, 30))).date(),
                    now - timedelta(days=1) if n % 4 == 0 else None,
                    now,
                )
                for n in range(FOLLOW_UPS)
            ],
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"seed_seconds": round(time.perf_counter() - started, 1)}


def _median_ms(work: Callable[[], Any]) -> tuple[float, float, Any]:
    """Median wall-clock and CPU milliseconds of RUNS warm runs, and the last result."""
    result = work()  # warm-up: caches, compiled queries, the day's thought recorded
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = work()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return round(statistics.median(wall), 1), round(statistics.median(cpu), 1), result


def child_measure() -> dict[str, Any]:
    from meetfirst import bootstrap

    bootstrap.setup()
    from meetfirst.cli.main import main
    from meetfirst.services import health, nurture

    now = BENCH_NOW
    today_ms, today_cpu, today = _median_ms(lambda: nurture.today(now=now))

    def cli() -> int:
        with contextlib.redirect_stdout(io.StringIO()):
            return main(["today", "--json"])

    cli_ms, _, code = _median_ms(cli)
    health_ms, health_cpu, scores = _median_ms(lambda: health.health_all(now=now))
    colours = {c: sum(1 for h in scores if h.colour == c) for c in ("red", "amber", "green")}
    return {
        "today_ms": today_ms,
        "today_cpu_ms": today_cpu,
        "today_items": len(today.items),
        "today_cli_in_process_ms": cli_ms,
        "today_cli_exit": code,
        "health_ms": health_ms,
        "health_cpu_ms": health_cpu,
        "health_scored": len(scores),
        "health_colours": colours,
        "today_ok": today_ms < TODAY_TARGET_MS,
        "health_ok": health_ms < HEALTH_TARGET_MS,
    }


def run_on(label: str, env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    env = {**env, "MEETFIRST_NOW": BENCH_NOW.isoformat()}
    sizes = [str(args.people), str(args.interactions), str(args.spread_days)]
    seeded = run_child([SCRIPT, "--child-seed", *sizes], env)
    measured = run_child([SCRIPT, "--child-measure"], env)
    return {
        "store": label,
        "people": args.people,
        "interactions": args.interactions,
        "spread_days": args.spread_days,
        **seeded,
        **measured,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--spread-days", type=int, default=3 * 365)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child-seed", nargs=3, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_seed:
        print(json.dumps(child_seed(*args.child_seed)))
        return
    if args.child_measure:
        print(json.dumps(child_measure()))
        return

    pg = None if args.no_postgres else pg_server_url()
    report: dict[str, Any] = {"machine": describe(pg), "runs": []}
    with tempfile.TemporaryDirectory(prefix="meetfirst-bench-nurture-") as folder:
        home = Path(folder) / "sqlite"
        home.mkdir()
        report["runs"].append(run_on("sqlite", {"MEETFIRST_HOME": str(home)}, args))
        if pg:
            pg_recreate(pg)
            try:
                pg_home = Path(folder) / "pg"
                pg_home.mkdir()
                env = {"MEETFIRST_HOME": str(pg_home), "MEETFIRST_DATABASE_URL": pg_bench_url(pg)}
                report["runs"].append(run_on("postgresql", env, args))
            finally:
                pg_recreate(pg, drop_only=True)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    name = "nurture.json" if args.spread_days == 3 * 365 else f"nurture-{args.spread_days}d.json"
    (out / name).write_text(json.dumps(report, indent=2), encoding="utf-8")
    for run in report["runs"]:
        print(
            f"{run['store']}: seeded in {run['seed_seconds']} s; "
            f"today {run['today_ms']} ms, cpu {run['today_cpu_ms']} ms ({run['today_items']} items; CLI "
            f"{run['today_cli_in_process_ms']} ms, target {TODAY_TARGET_MS:.0f}) "
            f"{'ok' if run['today_ok'] else 'MISSED'}; "
            f"health of {run['health_scored']} in {run['health_ms']} ms, cpu {run['health_cpu_ms']} ms"
            f" (target {HEALTH_TARGET_MS:.0f}) "
            f"{'ok' if run['health_ok'] else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
