"""Web load benchmark (issue 3): the running server, driven over loopback by 8 concurrent clients.

Seeds a store with 30,000 people, 3,000 pending requests and 1,000,000 interactions (2,000 of them on one
person's timeline), starts `meetfirst serve` on it in a child process, logs in with the one-time link, and
measures the board, the triage queue, a person page with 2,000 timeline items (first page, newest first)
and the triage decision round trip. Targets: pages under 100 ms at the 95th percentile, a decision under
50 ms. On SQLite, and on PostgreSQL when a server answers (database `meetfirst_bench_web`, dropped after).

    python bench/bench_web.py [--interactions N] [--requests-per-client N] [--no-postgres]
                              [--workers N] [--threads N] [--store DIR] [--seed-into DIR]

After the load run, web_service_times.py measures each page's service time in-process (one request at a
time, CPU time and query count), the figure that the latency under load multiplies.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from machine import (
    BENCH_DIR,
    BENCH_NOW,
    ROOT,
    Browser,
    describe,
    insert_interactions,
    pg_server_url,
    run_child,
)

PAGE_P95_MS = 100.0
DECIDE_P95_MS = 50.0
CLIENTS = 8
PEOPLE = 30_000
PENDING = 3_000
HEAVY_TIMELINE = 2_000
WEB_DB = "meetfirst_bench_web"
SCRIPT = str(Path(__file__).resolve())
STORE_FILE = "meetfirst.sqlite3"
SEED_FILE = "seed.json"
NOTES = [
    "",
    "Hi, I saw your talk on platform teams and would like to connect.",
    "We both work in payments; happy to connect.",
    "Hello! I'm building a data team in Lisbon and enjoy your posts.",
    "Let's connect.",
]


# -- seeding (a child process, so that Django is set up on the store under test) ----------------------


def child_seed(interactions: int) -> dict[str, Any]:
    from meetfirst import bootstrap

    bootstrap.setup()
    from django.db import connection, transaction

    from meetfirst.services import triage
    from meetfirst.store.models import ConnectionRequest, Identity, Owner, Person

    rng = random.Random(11)
    started = time.perf_counter()
    now = BENCH_NOW
    with transaction.atomic():
        Owner.objects.create(first_name="Jordan", last_name="Pike", profile_slug="jordanpike")
        # People, identities and requests through the ORM (the schema grows; this keeps up with it), the
        # million interactions in plain SQL.
        people = Person.objects.bulk_create(
            [
                Person(
                    display_name=f"Person {i}",
                    first_name="Person",
                    last_name=str(i),
                    name_key=f"person {i}",
                    is_connection=i >= PENDING,
                )
                for i in range(PEOPLE)
            ],
            batch_size=2_000,
        )
        ids = (
            [p.pk for p in people]
            if people[0].pk
            else list(Person.objects.order_by("id").values_list("id", flat=True))
        )
        Identity.objects.bulk_create(
            [Identity(person_id=pid, kind="linkedin", value=f"person-{i}") for i, pid in enumerate(ids)],
            batch_size=2_000,
        )
        ConnectionRequest.objects.bulk_create(
            [
                ConnectionRequest(
                    person_id=ids[i],
                    key=f"bench:{i}",
                    direction="in",
                    sent_at=now - timedelta(minutes=37 * i),
                    note=NOTES[i % len(NOTES)],
                )
                for i in range(PENDING)
            ],
            batch_size=2_000,
        )
        with connection.cursor() as cursor:
            heavy = ids[0]
            insert_interactions(
                cursor,
                (
                    (
                        heavy if n < HEAVY_TIMELINE else ids[rng.randrange(PENDING, PEOPLE)],
                        "in" if n % 2 else "out",
                        now - timedelta(minutes=n),
                        f"message {n} about the weekly plan",
                        f"bench:{n}",
                        now,
                    )
                    for n in range(interactions)
                ),
            )
    seeded = time.perf_counter() - started
    started = time.perf_counter()
    triage.triage_new(now=now)
    triaged = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"seed_seconds": round(seeded, 1), "triage_seconds": round(triaged, 2), "heavy_person": heavy}


# -- the server and its clients -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Client(Browser):
    """One logged-in browser-like client: a keep-alive connection with the session cookies."""

    def __init__(self, port: int, login_path: str) -> None:
        super().__init__(port, timeout=30)
        status, _ = self.request("GET", login_path)
        if status != 302:
            raise RuntimeError(f"login link answered {status}")
        _, body = self.request("GET", "/triage/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        self.csrf = match.group(1) if match else ""


def _timed(client: Client, method: str, path: str, **kwargs: Any) -> float:
    started = time.perf_counter()
    status, _ = client.request(method, path, **kwargs)
    elapsed = (time.perf_counter() - started) * 1000
    if status >= 400:
        raise RuntimeError(f"{method} {path} answered {status}")
    return elapsed


def _summary(samples: list[float], target: float) -> dict[str, Any]:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(ordered[-1], 1),
        "target_p95_ms": target,
        "ok": p95 < target,
    }


def drive(
    port: int, login_paths: list[str], heavy: int, per_client: int, pending_ids: list[int]
) -> dict[str, Any]:
    clients = [Client(port, path) for path in login_paths]
    pages = {
        "board": lambda c, i: _timed(c, "GET", "/"),
        "triage_queue": lambda c, i: _timed(c, "GET", f"/triage/{pending_ids[(i * 7) % len(pending_ids)]}/"),
        "person_2000_items": lambda c, i: _timed(c, "GET", f"/people/{heavy}/"),
    }
    results: dict[str, Any] = {}
    for name, hit in pages.items():
        for c in clients:  # one warm-up each
            hit(c, 0)
        results[name] = _summary(_run(clients, per_client, hit), PAGE_P95_MS)
    # Each client decides its own slice of requests, so that no two decide the same one.
    slices = [pending_ids[k::CLIENTS] for k in range(CLIENTS)]

    def decide(c: Client, i: int) -> float:
        rid = slices[clients.index(c)][i]
        body = f"verdict=stranger&csrfmiddlewaretoken={c.csrf}"
        return _timed(
            c,
            "POST",
            f"/triage/{rid}/decide/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "HX-Request": "true",
                "X-CSRFToken": c.csrf,
                "Referer": f"http://127.0.0.1:{port}/triage/",
            },
        )

    results["decision_round_trip"] = _summary(
        _run(clients, min(per_client, len(slices[-1])), decide), DECIDE_P95_MS
    )
    return results


def _run(clients: list[Client], per_client: int, hit: Any) -> list[float]:
    samples: list[float] = []
    lock = threading.Lock()

    def work(c: Client) -> None:
        mine = [hit(c, i) for i in range(per_client)]
        with lock:
            samples.extend(mine)

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        list(pool.map(work, clients))
    return samples


def run_on(label: str, env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    home = Path(env["MEETFIRST_HOME"])
    if args.store:
        # A store seeded earlier (--seed-into): copied, so that the decisions made here do not pile up.
        shutil.copyfile(args.store / STORE_FILE, home / STORE_FILE)
        os.sync()  # the copy's writeback done before the clock starts
        seeded = json.loads((args.store / SEED_FILE).read_text(encoding="utf-8"))
    else:
        seeded = run_child([SCRIPT, "--child-seed", str(args.interactions)], env)
    port = _free_port()
    full_env = {**os.environ, **env, "MEETFIRST_NOW": BENCH_NOW.isoformat()}
    server = subprocess.Popen(
        [
            sys.executable,
            *("-m", "meetfirst", "serve", "--port", str(port)),
            *("--workers", str(args.workers), "--threads", str(args.threads)),
        ],
        env=full_env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        login_paths = []
        assert server.stdout is not None
        for line in server.stdout:
            if "/login/token/" in line:
                login_paths.append(urlsplit(line.strip()).path)
                break
        for _ in range(CLIENTS - 1):
            out = subprocess.run(
                [sys.executable, "-m", "meetfirst", "login-link", "--port", str(port)],
                env=full_env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            login_paths.append(urlsplit(out.strip().splitlines()[-1]).path)
        pending = run_child([SCRIPT, "--child-pending"], env)["ids"]
        results = drive(port, login_paths, seeded["heavy_person"], args.requests_per_client, pending)
    finally:
        server.terminate()
        server.wait(timeout=20)
    # One request at a time, in-process: what each page costs on its own (decides from the queue's end,
    # which the load run above left alone).
    service = run_child(
        [str(BENCH_DIR / "web_service_times.py"), "--heavy", str(seeded["heavy_person"])],
        {**env, "MEETFIRST_NOW": BENCH_NOW.isoformat()},
    )
    service.pop("process_seconds", None)
    server_settings = {"workers": args.workers or "default", "threads": args.threads or "default"}
    return {
        "store": label,
        **seeded,
        "server": server_settings,
        "pages": results,
        "service_times": service,
    }


def child_pending() -> dict[str, Any]:
    from meetfirst import bootstrap

    bootstrap.setup()
    from meetfirst.services import triage

    return {"ids": triage.pending_ids()}


def _pg_url(server_url: str) -> str:
    return urlunsplit(urlsplit(server_url)._replace(path="/" + WEB_DB))


def _pg_recreate(server_url: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {WEB_DB} WITH (FORCE)")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {WEB_DB}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--requests-per-client", type=int, default=50)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: serve's default)")
    parser.add_argument("--threads", type=int, default=0, help="threads in each worker (0: serve's default)")
    parser.add_argument("--store", type=Path, help="use the SQLite store seeded by --seed-into DIR")
    parser.add_argument("--seed-into", type=Path, help="seed a SQLite store into DIR and stop")
    parser.add_argument("--child-seed", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-pending", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_seed is not None:
        print(json.dumps(child_seed(args.child_seed)))
        return
    if args.child_pending:
        print(json.dumps(child_pending()))
        return

    if args.seed_into:
        args.seed_into.mkdir(parents=True, exist_ok=True)
        seeded = run_child(
            [SCRIPT, "--child-seed", str(args.interactions)], {"MEETFIRST_HOME": str(args.seed_into)}
        )
        (args.seed_into / SEED_FILE).write_text(json.dumps(seeded), encoding="utf-8")
        print(f"seeded {args.seed_into / STORE_FILE} in {seeded['seed_seconds']} s")
        return
    pg = None if args.no_postgres or args.store else pg_server_url()
    report: dict[str, Any] = {"machine": describe(pg), "runs": []}
    with tempfile.TemporaryDirectory(prefix="meetfirst-bench-web-") as folder:
        home = Path(folder) / "sqlite"
        home.mkdir()
        report["runs"].append(run_on("sqlite", {"MEETFIRST_HOME": str(home)}, args))
        if pg:
            _pg_recreate(pg)
            try:
                pg_home = Path(folder) / "pg"
                pg_home.mkdir()
                env = {"MEETFIRST_HOME": str(pg_home), "MEETFIRST_DATABASE_URL": _pg_url(pg)}
                report["runs"].append(run_on("postgresql", env, args))
            finally:
                _pg_recreate(pg, drop_only=True)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "web.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    for run in report["runs"]:
        print(f"{run['store']}: seeded in {run['seed_seconds']} s, triage {run['triage_seconds']} s")
        for name, figures in run["pages"].items():
            verdict = "ok" if figures["ok"] else "MISSED"
            print(
                f"  {name:20} p50 {figures['p50_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms"
                f"  (target {figures['target_p95_ms']:.0f})  {verdict}"
            )
        print("  one request at a time, in-process:")
        for name, figures in run["service_times"].items():
            print(
                f"  {name:20} CPU {figures['cpu_ms_median']:6.2f} ms (p90 {figures['cpu_ms_p90']:6.2f})"
                f"  {figures['queries']:3d} queries"
            )


if __name__ == "__main__":
    main()
