"""Team report queries (issue 6): the mirror's SQL on a big PostgreSQL store, cold and from the cache.

Runs against an existing, already filled database (for example the one bench_team_web.py seeds, or one
filled with generate_series): MEETFIRST_DATABASE_URL names it. For each scope (the whole desk, a team, an
agent) it times the computation with an empty cache and no saved report (median of --repeat runs), and the
read of a report another process saved (this process's cache empty), then lets --clients threads
ask for random team and agent reports for --seconds, the way 50 agents opening the page would, and prints
p50/p95/p99 of that.

    MEETFIRST_DATABASE_URL=postgresql://127.0.0.1:5432/big python bench/bench_team_report.py --json
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--today", default="2026-12-07", help="the report's day (YYYY-MM-DD)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from meetfirst import bootstrap

    bootstrap.setup()
    from django.core.cache import cache
    from django.db import connection

    from meetfirst.services import team_report
    from meetfirst.store import team_report_queries as queries
    from meetfirst.store.models import SavedTeamReport

    def forget() -> None:
        """No report anywhere: not in this process's cache, not saved in the store."""
        cache.clear()
        SavedTeamReport.objects.all().delete()

    today = date.fromisoformat(args.today)
    teams = list(queries.team_names())
    agents = list(queries.agent_names())
    scopes = [
        team_report.Choice("all", None, "Whole desk"),
        team_report.Choice("team", teams[0], "a team"),
        team_report.Choice("agent", agents[0], "an agent"),
    ]
    results: dict[str, Any] = {"database": connection.vendor, "cold_ms": {}, "saved_ms": {}}
    for choice in scopes:
        times, saved = [], []
        for _ in range(args.repeat):
            forget()
            started = time.perf_counter()
            team_report.build_report(choice, today=today)
            times.append((time.perf_counter() - started) * 1000)
            cache.clear()
            started = time.perf_counter()
            team_report.build_report(choice, today=today)
            saved.append((time.perf_counter() - started) * 1000)
        results["cold_ms"][choice.kind] = round(statistics.median(times), 1)
        results["saved_ms"][choice.kind] = round(statistics.median(saved), 2)

    # Warm: every team and agent computed once, then many readers at once.
    forget()
    choices = [team_report.Choice("team", pk, "") for pk in teams] + [
        team_report.Choice("agent", pk, "") for pk in agents
    ]
    started = time.perf_counter()
    for choice in choices:
        team_report.build_report(choice, today=today)
    results["fill_all_s"] = round(time.perf_counter() - started, 2)
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + args.seconds

    def reader() -> None:
        mine = []
        rng = random.Random()
        while time.perf_counter() < stop:
            choice = rng.choice(choices)
            begun = time.perf_counter()
            team_report.build_report(choice, today=today)
            mine.append((time.perf_counter() - begun) * 1000)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=reader) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results["warm"] = {
        "clients": args.clients,
        "requests": len(latencies),
        "p50_ms": round(_percentile(latencies, 0.5), 2),
        "p95_ms": round(_percentile(latencies, 0.95), 2),
        "p99_ms": round(_percentile(latencies, 0.99), 2),
    }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for key, value in results.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
