"""Team web benchmark (issue 6): 50 agents on one team server over PostgreSQL.

Seeds (once; see team_data.py) a PostgreSQL database with 100,000 customers, 2,000,000 tickets and their
interactions, 10 teams and 50 agents, starts `meetfirst serve --team` on it on a free port, logs every agent
in through the login form, then lets 50 clients (one thread and one keep-alive connection each) request the
agent board `/`, the page of a customer of the agent's teams `/people/<id>/` and the team report
`/team/report/`, in turn, for a fixed time. Reports p50/p95/p99 per page, errors and requests per second.
Target: every page under 200 ms at the 95th percentile.

    python bench/bench_team_web.py                 # seed if needed, then run (50 clients, 60 s, no pause)
    python bench/bench_team_web.py --think 2       # each agent pauses ~2 s (exponential) between clicks
    python bench/bench_team_web.py --profile       # query count, SQL time and EXPLAIN ANALYZE per page
    python bench/bench_team_web.py --quick         # 5,000 customers, 100,000 tickets, 10 clients, 15 s
    python bench/bench_team_web.py --seed-only [--reseed]

The seeded database (`meetfirst_bench_team`, or `..._quick`) is kept between runs and reused while its
marker row matches the requested sizes; `--reseed` (or a change of sizes) seeds it again; `--drop` drops it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

from machine import BENCH_NOW, ROOT, Browser, describe, pg_bench_url, pg_recreate, pg_server_url, run_child
from team_data import AGENT_PASSWORD, FULL, QUICK, Sizes, agent_username, matches, read_marker

TARGET_P95_MS = 200.0
SCRIPT = str(Path(__file__).resolve())
OUT = ROOT / "bench" / "out"
PAGES = ("board", "customer", "report")
REPORT_PATH = "/team/report/"
CUSTOMERS_PER_AGENT = 200


# -- seeding, in a child process so that Django runs on the benchmark database -----------------------


def child_seed(sizes: Sizes) -> dict[str, Any]:
    """Migrate the empty database through the normal start-up, then fill it in one transaction."""
    from meetfirst import bootstrap

    started = time.perf_counter()
    bootstrap.setup()
    migrated = time.perf_counter() - started
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    import team_data

    # One hash for every account: hashing is slow by design, and the accounts share one password.
    password_hash = make_password(AGENT_PASSWORD)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        timings: dict[str, Any] = team_data.seed(cursor, sizes, password_hash=password_hash)
        timings["migrate"] = round(migrated, 1)
        timings["total"] = round(time.perf_counter() - started, 1)
        team_data.write_marker(cursor, sizes, timings)
    return timings


def child_migrate() -> dict[str, Any]:
    from meetfirst import bootstrap

    bootstrap.configure()
    started = time.perf_counter()
    applied = bootstrap.migrate_if_needed()
    return {"migrated": applied, "seconds": round(time.perf_counter() - started, 1)}


def child_prepare() -> dict[str, Any]:
    """Compute every customer's health, as the nightly `meetfirst customers` refresh leaves it.

    Lists and the board show kept health and recompute a few hundred stale customers per view; a new day on
    an unrefreshed server would measure that catch-up, not the pages.
    """
    from meetfirst import bootstrap

    bootstrap.setup()
    try:
        from meetfirst.services import customers
    except ImportError:
        return {"refreshed": 0, "seconds": 0.0, "note": "no customer health in this version"}
    started = time.perf_counter()
    refreshed = customers.refresh_stale(None, now=BENCH_NOW, limit=None)
    return {"refreshed": refreshed, "seconds": round(time.perf_counter() - started, 1)}


def _database_exists(server_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(server_url, connect_timeout=3) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _sql(db_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)  # type: ignore[arg-type]


def ensure_seeded(
    server_url: str, name: str, sizes: Sizes, env: dict[str, str], reseed: bool
) -> dict[str, Any]:
    """Reuse the database when its marker matches; else create, migrate and seed it. Returns what happened."""
    import psycopg

    db_url = pg_bench_url(server_url, name)
    if not reseed and _database_exists(server_url, name):
        with psycopg.connect(db_url) as conn, conn.cursor() as cursor:
            found = read_marker(cursor)
        if matches(found, sizes):
            migrated = run_child([SCRIPT, "--child-migrate"], env)
            if migrated["migrated"]:  # new migrations (indexes, columns) on the kept data
                _sql(db_url, "ANALYZE")
            return {"reused": True, "marker": found, "migrate": migrated}
    print(f"seeding {name}: {sizes.customers:,} customers, {sizes.tickets:,} tickets ...", flush=True)
    started = time.perf_counter()
    pg_recreate(server_url, name=name)
    timings = run_child([SCRIPT, "--child-seed", json.dumps(asdict(sizes))], env)
    vacuum_started = time.perf_counter()
    # A server in use is vacuumed and analysed by autovacuum; do it now rather than mid-run.
    _sql(db_url, "VACUUM ANALYZE")
    timings["vacuum_analyze"] = round(time.perf_counter() - vacuum_started, 1)
    timings["wall"] = round(time.perf_counter() - started, 1)
    print(f"seeded in {timings['wall']} s: {timings}", flush=True)
    return {"reused": False, "seed": timings}


# -- the server -------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve_has_team_flag(env: dict[str, str]) -> bool:
    out = subprocess.run(
        [sys.executable, "-m", "meetfirst", "serve", "--help"],
        env={**os.environ, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return "--team" in out


def start_server(
    env: dict[str, str], port: int, workers: int, threads: int, log: Path
) -> subprocess.Popen[str]:
    """`meetfirst serve --team` (or `serve` with MEETFIRST_TEAM=1 where --team is not there yet)."""
    command = [sys.executable, "-m", "meetfirst", "serve", "--port", str(port), "--threads", str(threads)]
    if workers:
        command += ["--workers", str(workers)]
    if _serve_has_team_flag(env):
        command.append("--team")
    handle = log.open("w", encoding="utf-8")
    server = subprocess.Popen(
        command, env={**os.environ, **env}, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, text=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped ({server.returncode}); see {log}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/login/")
            conn.getresponse().read()
            conn.close()
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError(f"the server did not answer within two minutes; see {log}")


# -- clients ----------------------------------------------------------------------------------------------


class Client(Browser):
    """One agent's browser: a keep-alive connection and the session cookies."""

    def __init__(self, port: int, username: str) -> None:
        super().__init__(port, timeout=60)
        self.port = port
        self.username = username
        self.customers: list[int] = []

    def log_in(self) -> bool:
        """The login form, as a person uses it; False when it does not let the agent in."""
        status, body = self.request("GET", "/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if not match or 'name="password"' not in body:
            return False
        form = f"username={self.username}&password={AGENT_PASSWORD}&csrfmiddlewaretoken={match.group(1)}"
        status, _ = self.request(
            "POST",
            "/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/login/",
            },
        )
        return status == 302


def child_sessions(usernames: list[str]) -> dict[str, str]:
    """Sessions written straight into the store, for a server whose login form cannot be used here."""
    from meetfirst import bootstrap

    bootstrap.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    keys = {}
    for user in User.objects.filter(username__in=usernames):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys[user.username] = str(session.session_key)
    return keys


def log_in_all(port: int, usernames: list[str], env: dict[str, str]) -> tuple[list[Client], dict[str, int]]:
    clients = [Client(port, name) for name in usernames]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(Client.log_in, clients))
    refused = [c for c, ok in zip(clients, results, strict=True) if not ok]
    if refused:
        keys = run_child([SCRIPT, "--child-sessions", json.dumps([c.username for c in refused])], env)
        for client in refused:
            client.cookies["meetfirst_session"] = keys[client.username]
    return clients, {"login_form": len(clients) - len(refused), "direct_session": len(refused)}


def sample_customers(db_url: str, clients: list[Client]) -> None:
    """For each agent, customers of their teams: half drawn evenly, half behind the team's recent tickets."""
    import psycopg

    with psycopg.connect(db_url) as conn:
        conn.execute("SELECT setseed(0.7)")
        for client in clients:
            teams = [
                row[0]
                for row in conn.execute(
                    "SELECT st.team_id FROM store_staffprofile_teams st"
                    " JOIN store_staffprofile s ON s.id = st.staffprofile_id"
                    " JOIN auth_user u ON u.id = s.user_id WHERE u.username = %s",
                    [client.username],
                )
            ]
            even = conn.execute(
                "SELECT person_id FROM store_person_teams WHERE team_id = ANY(%s) ORDER BY random() LIMIT %s",
                [teams, CUSTOMERS_PER_AGENT // 2],
            ).fetchall()
            behind_tickets = conn.execute(
                "SELECT person_id FROM store_ticket WHERE team_id = ANY(%s)"
                " AND opened_at > %s::timestamptz - interval '90 days' ORDER BY random() LIMIT %s",
                [teams, BENCH_NOW, CUSTOMERS_PER_AGENT // 2],
            ).fetchall()
            client.customers = [row[0] for row in even + behind_tickets]
            random.Random(client.username).shuffle(client.customers)


def _paths(client: Client, i: int) -> dict[str, str]:
    return {
        "board": "/",
        "customer": f"/people/{client.customers[i % len(client.customers)]}/",
        "report": REPORT_PATH,
    }


def drive(clients: list[Client], pages: list[str], seconds: float, think: float) -> dict[str, Any]:
    """Every client requests the pages in turn (each starting at a different one) until time is up."""
    samples: dict[str, list[float]] = {page: [] for page in pages}
    errors: dict[str, list[str]] = {page: [] for page in pages}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(number: int) -> None:
        client = clients[number]
        rng = random.Random(number)
        mine: list[tuple[str, float, str | None]] = []
        i = number
        if think > 0:
            # Agents working on their own are at random points of their pause when the measure starts; all
            # fifty clicking in the same millisecond would measure a burst that real agents never make.
            time.sleep(rng.uniform(0, think))
        while time.monotonic() < deadline:
            page = pages[i % len(pages)]
            path = _paths(client, i)[page]
            started = time.perf_counter()
            try:
                status, _ = client.request("GET", path)
                problem = None if status == 200 else f"{path} answered {status}"
            except (OSError, http.client.HTTPException) as exc:
                problem = f"{path}: {exc!r}"
                client.conn.close()
            mine.append((page, (time.perf_counter() - started) * 1000, problem))
            i += 1
            if think > 0:
                time.sleep(min(rng.expovariate(1 / think), 10 * think))
        with lock:
            for page, ms, problem in mine:
                (errors[page].append(problem) if problem else samples[page].append(ms))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        list(pool.map(work, range(len(clients))))
    wall = time.perf_counter() - started
    done = sum(len(s) for s in samples.values())
    return {
        "seconds": round(wall, 1),
        "requests": done,
        "requests_per_second": round(done / wall, 1),
        "pages": {page: _summary(samples[page], errors[page]) for page in pages},
    }


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def _summary(samples: list[float], errors: list[str]) -> dict[str, Any]:
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0, "errors": len(errors), "first_errors": errors[:3], "ok": False}
    p95 = _percentile(ordered, 0.95)
    return {
        "n": len(ordered),
        "errors": len(errors),
        "first_errors": sorted(set(errors))[:3],
        "p50_ms": round(_percentile(ordered, 0.50), 1),
        "p95_ms": round(p95, 1),
        "p99_ms": round(_percentile(ordered, 0.99), 1),
        "max_ms": round(ordered[-1], 1),
        "target_p95_ms": TARGET_P95_MS,
        "ok": p95 < TARGET_P95_MS and not errors,
    }


def pages_that_exist(client: Client) -> tuple[list[str], dict[str, str]]:
    """The pages this server has: a page not built yet (404) is left out of the mix and said so."""
    present, missing = [], {}
    for page, path in _paths(client, 0).items():
        status, _ = client.request("GET", path)
        if status == 200:
            present.append(page)
        else:
            missing[page] = f"{path} answered {status}"
    return present, missing


# -- profiling: queries per page, through Django's test client on the same database ----------------------


def child_profile(username: str) -> dict[str, Any]:
    from meetfirst import bootstrap

    bootstrap.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    user = User.objects.get(username=username)
    browser = DjangoClient()
    browser.force_login(user)
    teams = list(user.staff.teams.values_list("pk", flat=True)) if hasattr(user, "staff") else []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_id FROM store_ticket WHERE team_id = ANY(%s) GROUP BY person_id"
            " ORDER BY count(*) DESC LIMIT 1",
            [teams],
        )
        busiest = cursor.fetchone()
        # Tickets are skewed toward the first customers: the middle one has a typical dozen or two.
        cursor.execute(
            "SELECT person_id FROM store_person_teams WHERE team_id = ANY(%s) ORDER BY person_id"
            " OFFSET (SELECT count(*) / 2 FROM store_person_teams WHERE team_id = ANY(%s)) LIMIT 1",
            [teams, teams],
        )
        ordinary = cursor.fetchone()
    paths = {"board": "/", "report": REPORT_PATH}
    if ordinary:
        paths["customer"] = f"/people/{ordinary[0]}/"
    if busiest:
        paths["busiest_customer"] = f"/people/{busiest[0]}/"
    result: dict[str, Any] = {"user": username}
    for page, path in paths.items():
        # The first view fills the caches (a report is kept in the store by scope and day); the second is
        # timed as the pages are under load. The slowest queries of the first are the ones worth explaining.
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = browser.get(path)
            ms = (time.perf_counter() - started) * 1000
        with CaptureQueriesContext(connection) as warm:
            started = time.perf_counter()
            browser.get(path)
            warm_ms = (time.perf_counter() - started) * 1000
        timed = sorted(queries.captured_queries, key=lambda q: float(q["time"]), reverse=True)
        slow = []
        for query in timed[:3]:
            plan = ""
            if float(query["time"]) > 0.005 and query["sql"].lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                    plan = "\n".join(row[0] for row in cursor.fetchall())
            slow.append({"ms": round(float(query["time"]) * 1000, 1), "sql": query["sql"], "plan": plan})
        result[page] = {
            "path": path,
            "status": response.status_code,
            "ms": round(ms, 1),
            "queries": len(queries.captured_queries),
            "warm_ms": round(warm_ms, 1),
            "warm_queries": len(warm.captured_queries),
            "sql_ms": round(sum(float(q["time"]) for q in queries.captured_queries) * 1000, 1),
            "slowest": slow,
        }
    return result


def write_profile(profile: dict[str, Any], out: Path) -> None:
    lines = [f"# Queries per page for {profile['user']}", ""]
    for page, data in profile.items():
        if not isinstance(data, dict):
            continue
        lines.append(
            f"## {page} {data['path']}: {data['status']}; first view {data['ms']} ms,"
            f" {data['queries']} queries, {data['sql_ms']} ms in SQL;"
            f" second view {data['warm_ms']} ms, {data['warm_queries']} queries"
        )
        for query in data["slowest"]:
            lines += ["", f"### {query['ms']} ms", query["sql"], "", query["plan"]]
        lines.append("")
    out.write_text("\n".join(lines), encoding="utf-8")


# -- the whole run ----------------------------------------------------------------------------------------


def run(args: argparse.Namespace, sizes: Sizes, pg: str, name: str, env: dict[str, str]) -> dict[str, Any]:
    seeded = ensure_seeded(pg, name, sizes, env, args.reseed)
    db_url = pg_bench_url(pg, name)
    # Sessions and login attempts of earlier runs would pile up (and trip the login rate limit).
    _sql(db_url, "DELETE FROM django_session", "DELETE FROM store_loginattempt")
    prepared = run_child([SCRIPT, "--child-prepare"], env)
    if prepared["refreshed"]:
        _sql(db_url, "VACUUM ANALYZE store_customerhealth")
    print(f"customer health: {prepared}", flush=True)
    report: dict[str, Any] = {
        "sizes": asdict(sizes),
        "seeded": seeded,
        "health_refresh": prepared,
        "machine": describe(pg),
    }
    if args.profile:
        profile = run_child([SCRIPT, "--child-profile", agent_username(1)], env)
        OUT.mkdir(exist_ok=True)
        write_profile(profile, OUT / "team_profile.md")
        report["profile"] = {
            page: {k: v for k, v in data.items() if k not in ("slowest", "path")}
            for page, data in profile.items()
            if isinstance(data, dict)
        }
        print(f"profile written to {OUT / 'team_profile.md'}", flush=True)
    # Reports kept in the store by earlier runs (or by the profile above) would make this run's reports warm.
    _sql(db_url, "DELETE FROM store_savedteamreport")
    port = _free_port()
    OUT.mkdir(exist_ok=True)
    server = start_server(env, port, args.workers, args.threads, OUT / "team_server.log")
    try:
        usernames = [agent_username(a) for a in range(1, min(args.clients, sizes.agents) + 1)]
        started = time.perf_counter()
        clients, logins = log_in_all(port, usernames, env)
        logins["seconds"] = round(time.perf_counter() - started, 1)
        sample_customers(db_url, clients)
        pages, missing = pages_that_exist(clients[0])
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(clients)) as pool:  # warm-up: each client opens each page
            list(pool.map(lambda c: [c.request("GET", _paths(c, 0)[page]) for page in pages], clients))
        report["warm_up_seconds"] = round(time.perf_counter() - started, 1)
        report["logins"] = logins
        report["missing_pages"] = missing
        report["load"] = {
            "clients": len(clients),
            "think_seconds": args.think,
            "workers": args.workers or "serve's default",
            "threads": args.threads,
            **drive(clients, pages, args.seconds, args.think),
        }
        report["machine"]["load_average_at_end"] = round(os.getloadavg()[0], 2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return report


def print_report(report: dict[str, Any]) -> None:
    load = report["load"]
    machine = report["machine"]
    print(
        f"{load['clients']} clients, think {load['think_seconds']} s, {load['seconds']} s:"
        f" {load['requests']} requests, {load['requests_per_second']} req/s"
        f" (load average {machine['load_average_at_start']} -> {machine['load_average_at_end']})"
    )
    for page, f in load["pages"].items():
        if not f["n"]:
            print(f"  {page:10} no answers; errors {f['errors']}: {f['first_errors']}")
            continue
        print(
            f"  {page:10} p50 {f['p50_ms']:7.1f}  p95 {f['p95_ms']:7.1f}  p99 {f['p99_ms']:7.1f} ms"
            f"  n {f['n']:5}  errors {f['errors']}  {'ok' if f['ok'] else 'MISSED'}"
        )
    for page, why in report["missing_pages"].items():
        print(f"  {page:10} not measured: {why}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small data, 10 clients, 15 s")
    parser.add_argument("--customers", type=int)
    parser.add_argument("--tickets", type=int)
    parser.add_argument("--clients", type=int, help="concurrent agents (default 50; quick 10)")
    parser.add_argument("--seconds", type=float, help="measured time (default 60; quick 15)")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between an agent's clicks (s)")
    parser.add_argument("--workers", type=int, default=0, help="server processes (0: serve's default)")
    parser.add_argument("--threads", type=int, default=8, help="threads per server process")
    parser.add_argument("--profile", action="store_true", help="also count queries and EXPLAIN the slowest")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--drop", action="store_true", help="drop the kept database and stop")
    parser.add_argument("--child-seed", help=argparse.SUPPRESS)
    parser.add_argument("--child-migrate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-sessions", help=argparse.SUPPRESS)
    parser.add_argument("--child-profile", help=argparse.SUPPRESS)
    args = parser.parse_args()
    children: dict[str, Callable[[], Any]] = {
        "child_seed": lambda: child_seed(Sizes(**json.loads(args.child_seed))),
        "child_migrate": child_migrate,
        "child_prepare": child_prepare,
        "child_sessions": lambda: child_sessions(json.loads(args.child_sessions)),
        "child_profile": lambda: child_profile(args.child_profile),
    }
    for option, job in children.items():
        if getattr(args, option):
            print(json.dumps(job(), default=str))
            return

    base = QUICK if args.quick else FULL
    sizes = Sizes(
        customers=args.customers or base.customers,
        tickets=args.tickets or base.tickets,
        teams=base.teams,
        agents_per_team=base.agents_per_team,
    )
    args.clients = args.clients or (10 if args.quick else 50)
    args.seconds = args.seconds or (15.0 if args.quick else 60.0)
    pg = pg_server_url()
    if pg is None:
        raise SystemExit("no PostgreSQL server answers (set MEETFIRST_BENCH_PG_URL)")
    name = "meetfirst_bench_team" + ("" if sizes == FULL else f"_{sizes.customers}_{sizes.tickets}")
    if args.drop:
        pg_recreate(pg, drop_only=True, name=name)
        return
    with tempfile.TemporaryDirectory(prefix="meetfirst-bench-team-") as home:
        env = {
            "MEETFIRST_HOME": home,
            "MEETFIRST_DATABASE_URL": pg_bench_url(pg, name),
            "MEETFIRST_TEAM": "1",
            "MEETFIRST_NOW": BENCH_NOW.isoformat(),
            "MEETFIRST_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        }
        if args.seed_only:
            print(json.dumps(ensure_seeded(pg, name, sizes, env, args.reseed), default=str))
            return
        report = run(args, sizes, pg, name, env)
    OUT.mkdir(exist_ok=True)
    (OUT / "team_web.json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print_report(report)


if __name__ == "__main__":
    main()
