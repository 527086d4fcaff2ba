"""Ticket import benchmark: a generated Zendesk CSV export of 1,000,000 tickets into the store.

The export holds ~100,000 customers (one in ten rows), 50 agents in 10 groups, and a satisfaction
answer on a share of the tickets. Each step runs in a fresh child process, so that peak memory is its own:
  (a) a plain csv.reader pass over the file (the yardstick),
  (b) the importer alone: every row parsed into a TicketRecord, nothing stored,
  (c) a fresh import into an empty store,
  (d) a re-import of the same file (recognised by its fingerprint: nothing is read),
  (e) a re-import forced to read every row (`--force`), which must change nothing.
(c)-(e) run on PostgreSQL (a database of their own, `bench_tickets_<pid>`, created and dropped here;
server from MEETFIRST_BENCH_PG_URL, else 127.0.0.1:5432) and on SQLite.

Target (issue 6): on PostgreSQL, at least 20,000 rows a second with peak memory under 300 MB.

    python bench/bench_ticket_import.py [--rows N] [--no-sqlite] [--no-postgres] [--profile] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from machine import (
    BENCH_NOW,
    ROOT,
    describe,
    peak_mb,
    pg_bench_url,
    pg_recreate,
    pg_server_url,
    run_child,
    runqueue_wait,
)

ROWS_PER_SECOND = 20_000
PEAK_MB = 300.0
SCRIPT = str(Path(__file__).resolve())
BENCH_DB = f"bench_tickets_{os.getpid()}"


def _split(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


HEADER = _split(
    "Summation column,Id,Requester,Requester id,Requester external id,Requester email,Requester domain,"
    "Submitter,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Updated at,"
    "Assigned at,Organization,Due date,Initially assigned at,Solved at,Resolution time,Satisfaction Score,"
    "Group stations,Assignee stations,Reopens,Replies,First reply time in minutes,"
    "First resolution time in minutes,Full resolution time in minutes,Agent wait time in minutes,"
    "Requester wait time in minutes,On hold time in minutes",
    ",",
)
FIRST = _split(
    "Dana Ravi Lee Ama Chen Olivia Noah Mia Liam Zoe Omar Ines Yuki Lars Nia Pablo Sara Tom Eva Ken Lina "
    "Jonas Aisha Marco Hana Ivan Rosa Felix Maya Sven Leila Diego Anja Kofi Elena Hugo Priya Mateo Alma "
    "Bruno Chloe Dmitri Emeka Farah Gustav Hiro Ilse Jamal Kira Luca"
)
LAST = _split(
    "Whitfield Menon Chan Owusu Li Brown Garcia Muller Rossi Kowalski Haddad Silva Tanaka Berg Okafor "
    "Costa Novak Smith Jensen Ito Moreau Fischer Ahmed Russo Park Petrov Lopez Weber Nair Lindqvist "
    "Karimi Torres Schmidt Mensah Popescu Laurent Sharma Ruiz Romano Dubois Yilmaz Kim Nguyen Adeyemi"
)
SUBJECTS = (
    "Printer on floor 3 jams", "VPN drops every hour", "Cannot log in to payroll", "New laptop request",
    "Mailbox full", "Password reset", "Teams calls echo", "Access to shared drive", "Monitor flickers",
    "Phone not syncing mail",
)  # fmt: skip
STATUSES = ("Solved", "Closed", "Open", "Pending", "New")
VIAS = ("Email", "Web form", "Phone call", "Chat")
GROUPS = tuple(
    f"Level {n} {area}" for n, area in zip(range(1, 11), ["Desk"] * 5 + ["Field"] * 5, strict=True)
)


def generate(path: Path, *, rows: int, seed: int = 6) -> dict[str, int]:
    """Write the export: ticket i is opened a minute or so after ticket i-1, by one of rows/10 customers."""
    rng = random.Random(seed)
    customers = max(1, rows // 10)
    agents = [f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]}-Agent" for n in range(50)]
    start = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for n in range(rows):
            customer = rng.randrange(customers)
            first, last = FIRST[customer % len(FIRST)], LAST[(customer // len(FIRST)) % len(LAST)]
            name = f"{first} {last}"
            email = f"{first}.{last}.{customer}@client{customer % 997}.example".lower()
            organization = f"Client {customer % 997} Ltd"
            group = customer % 10 if rng.random() < 0.85 else rng.randrange(10)
            agent = agents[group * 5 + rng.randrange(5)]
            opened = start + timedelta(seconds=n * 50 + rng.randrange(40))
            status = STATUSES[rng.randrange(len(STATUSES))]
            solved = (
                opened + timedelta(minutes=rng.randrange(30, 6000))
                if status in ("Solved", "Closed")
                else None
            )
            updated = solved or opened + timedelta(minutes=rng.randrange(5, 600))
            roll = rng.random()
            score = (
                "Good, I'm satisfied" if roll < 0.25
                else "Bad, I'm unsatisfied" if roll < 0.30
                else "Offered" if roll < 0.40
                else "Unoffered"
            )  # fmt: skip
            reply = rng.randrange(1, 600)
            out.writerow(
                (
                    "", 100_000 + n, name, 360_000_000 + customer, f"CRM-{customer}", email,
                    email.split("@")[1], name, agent, GROUPS[group], SUBJECTS[n % len(SUBJECTS)],
                    "hardware", status, "Normal", VIAS[n % len(VIAS)], "Incident", _when(opened),
                    _when(updated), _when(opened + timedelta(minutes=5)), organization, "",
                    _when(opened + timedelta(minutes=5)), _when(solved), "", score, 1, 1,
                    1 if rng.random() < 0.05 else 0, rng.randrange(1, 6), reply, reply * 3, reply * 4,
                    0, rng.randrange(0, 300), 0,
                )
            )  # fmt: skip
    return {"rows": rows, "customers": customers, "agents": len(agents), "groups": len(GROUPS)}


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment is not None else ""


# -- children ---------------------------------------------------------------------------------------


def child_csv_pass(path: Path) -> dict[str, Any]:
    started = time.perf_counter()
    rows = 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for _row in csv.reader(handle):
            rows += 1
    return {"seconds": round(time.perf_counter() - started, 3), "rows": rows - 1, "peak_mb": peak_mb()}


def child_parse(path: Path) -> dict[str, Any]:
    """The importer's own share: every row read into a record, nothing stored."""
    from zoneinfo import ZoneInfo

    from meetfirst import importers

    started = time.perf_counter()
    records = errors = 0
    for item in importers.read([path], zone=ZoneInfo("UTC")):
        if type(item).__name__ == "RowError":
            errors += 1
        else:
            records += 1
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "records": records,
        "errors": errors,
        "peak_mb": peak_mb(),
    }


def child_import(path: Path, profile_to: str | None, *, force: bool) -> dict[str, Any]:
    """Import the file into the store the environment names; time the import call alone.

    Besides the wall time, the CPU time of this process and of its PostgreSQL backend (when the server
    runs on this machine) and the time spent waiting for a CPU: on a shared machine these tell the work
    done from the waiting for others.
    """
    from meetfirst import bootstrap

    bootstrap.setup()
    from django.db import connection

    from meetfirst.services.importing import import_paths

    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = int(cursor.fetchone()[0])
    baseline = peak_mb()
    marks = (time.perf_counter(), time.process_time(), runqueue_wait(), _process_cpu(backend))
    call: Any = import_paths
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
        summary = profiler.runcall(call, [path], now=BENCH_NOW, force=force)
        profiler.dump_stats(profile_to)
    else:
        summary = call([path], now=BENCH_NOW, force=force)
    server_cpu = _process_cpu(backend)
    return {
        "seconds": round(time.perf_counter() - marks[0], 3),
        "cpu_seconds": round(time.process_time() - marks[1], 3),
        "runqueue_wait_seconds": round(runqueue_wait() - marks[2], 3),
        "server_cpu_seconds": None if server_cpu is None else round(server_cpu - (marks[3] or 0.0), 3),
        "peak_mb": peak_mb(),
        "baseline_mb": baseline,
        "summary": summary.as_dict(),
    }


def _process_cpu(pid: int | None) -> float | None:
    """CPU seconds (user + system) of a local process, such as this import's PostgreSQL backend."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- the benchmark ----------------------------------------------------------------------------------


def import_steps(
    path: Path, *, env: dict[str, str], rows: int, profile_dir: Path | None, label: str
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for step in ("import", "reimport", "reimport_forced"):
        args = [SCRIPT, "--child", "import", str(path)]
        if step == "reimport_forced":
            args.append("--force")
        if profile_dir is not None and step != "reimport":
            args += ["--profile-to", str(profile_dir / f"tickets-{label}-{step}.prof")]
        result = run_child(args, env)
        result["rows_per_second"] = round(rows / result["seconds"]) if result["seconds"] else None
        result["peak_ok"] = result["peak_mb"] < PEAK_MB
        if step != "reimport":
            result["rate_ok"] = (result["rows_per_second"] or 0) >= ROWS_PER_SECOND
        results[step] = result
    return results


def run(
    *, rows: int, sqlite: bool, postgres: bool, profile: bool, work: Path | None = None
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="meetfirst-bench-tickets-", dir=work) as tmp:
        base = Path(tmp)
        path = base / "zendesk-tickets.csv"
        started = time.perf_counter()
        sizes = generate(path, rows=rows)
        server = pg_server_url() if postgres else None
        report: dict[str, Any] = {
            "machine": describe(server),
            "sizes": sizes,
            "generate_seconds": round(time.perf_counter() - started, 3),
            "export_mb": round(path.stat().st_size / 1e6, 1),
            "targets": {"rows_per_second": ROWS_PER_SECOND, "peak_mb": PEAK_MB, "on": "postgresql"},
        }
        profile_dir = ROOT / "bench" / "out" if profile else None
        if profile_dir is not None:
            profile_dir.mkdir(parents=True, exist_ok=True)
        report["csv_pass"] = run_child([SCRIPT, "--child", "csv", str(path)], {})
        report["parse_only"] = run_child([SCRIPT, "--child", "parse", str(path)], {})
        report["postgresql"] = None
        if server:
            pg_recreate(server, name=BENCH_DB)
            try:
                env = {
                    "MEETFIRST_HOME": str(base / "home-pg"),
                    "MEETFIRST_DATABASE_URL": pg_bench_url(server, BENCH_DB),
                }
                report["postgresql"] = import_steps(
                    path, env=env, rows=rows, profile_dir=profile_dir, label="pg"
                )
            finally:
                pg_recreate(server, drop_only=True, name=BENCH_DB)
        report["sqlite"] = None
        if sqlite:
            env = {"MEETFIRST_HOME": str(base / "home-sqlite"), "MEETFIRST_DATABASE_URL": ""}
            report["sqlite"] = import_steps(path, env=env, rows=rows, profile_dir=profile_dir, label="sqlite")
        return report


def show(report: dict[str, Any]) -> None:
    sizes, machine = report["sizes"], report["machine"]
    print(
        f"export: {sizes['rows']:,} Zendesk ticket rows, {sizes['customers']:,} customers, "
        f"{sizes['agents']} agents, {sizes['groups']} groups ({report['export_mb']} MB, "
        f"generated in {report['generate_seconds']} s)"
    )
    load = machine["load_average_at_start"]
    print(f"machine: {machine['cpu']}, {machine['cores']} cores, load {load} at start")
    csv_run, parse = report["csv_pass"], report["parse_only"]
    print(f"csv.reader pass: {csv_run['seconds']} s; importer alone (parse, no store): {parse['seconds']} s, "
          f"peak {parse['peak_mb']} MB")  # fmt: skip
    for db in ("postgresql", "sqlite"):
        figures = report.get(db)
        if not figures:
            print(f"{db}: not run")
            continue
        for step, result in figures.items():
            verdict = (
                ""
                if step == "reimport"
                else " -> " + ("ok" if result["rate_ok"] and result["peak_ok"] else "MISSED")
            )
            rate = result["rows_per_second"] or 0
            print(
                f"{db:10} {step:15}: {result['seconds']:8.2f} s = {rate:>8,} rows/s, "
                f"peak {result['peak_mb']} MB{verdict}; CPU {result.get('cpu_seconds')} s, server CPU "
                f"{result.get('server_cpu_seconds')} s, "
                f"{result.get('runqueue_wait_seconds')} s waiting for a CPU"
            )
            print(f"{'':27}created {json.dumps(result['summary']['created'])}")
            print(f"{'':27}updated {json.dumps(result['summary']['updated'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true", help="Skip the PostgreSQL runs.")
    parser.add_argument("--no-sqlite", action="store_true", help="Skip the SQLite runs.")
    parser.add_argument("--profile", action="store_true", help="Write cProfile stats to bench/out/.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    parser.add_argument("--child", choices=("csv", "parse", "import"), help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", help=argparse.SUPPRESS)
    parser.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "csv":
        print(json.dumps(child_csv_pass(Path(args.path))))
        return 0
    if args.child == "parse":
        print(json.dumps(child_parse(Path(args.path))))
        return 0
    if args.child == "import":
        if not os.environ.get("MEETFIRST_DATABASE_URL"):
            os.environ.pop("MEETFIRST_DATABASE_URL", None)
        print(json.dumps(child_import(Path(args.path), args.profile_to, force=args.force)))
        return 0
    report = run(
        rows=args.rows, sqlite=not args.no_sqlite, postgres=not args.no_postgres, profile=args.profile
    )
    report["finished"] = datetime.now().isoformat(timespec="seconds")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        show(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
