"""The machine a benchmark ran on, and helpers shared by the benchmarks (child processes, PostgreSQL)."""

from __future__ import annotations

import http.client
import json
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_PG_SERVER = "postgresql://127.0.0.1:5432/postgres"
# Benchmarks may run side by side on one server, so each run gets a database of its own.
BENCH_DB = f"meetfirst_bench_{os.getpid()}"
# Every benchmark dates its data from this moment, so that runs compare like with like.
BENCH_NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def _first(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def describe(pg_url: str | None) -> dict[str, Any]:
    """CPU, cores, memory, OS, and the versions of Python, SQLite, Django and PostgreSQL."""
    import django

    mem_kb = _first("/proc/meminfo", "MemTotal")
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "ram_gb": round(int(mem_kb.split()[0]) / 1024 / 1024, 1) if mem_kb != "unknown" else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "django": django.get_version(),
        "postgresql": pg_version(pg_url) if pg_url else None,
        # Other work on the machine skews every figure; the 1-minute load average says how much there was.
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }


def pg_server_url() -> str | None:
    """MEETFIRST_BENCH_PG_URL, else the local server when it answers; None when there is none."""
    url = os.environ.get("MEETFIRST_BENCH_PG_URL", "").strip() or DEFAULT_PG_SERVER
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception:  # any failure means: no PostgreSQL run
        return None
    return url


def pg_version(server_url: str) -> str:
    import psycopg

    with psycopg.connect(server_url, connect_timeout=3) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"


def pg_bench_url(server_url: str, name: str = BENCH_DB) -> str:
    """The URL of the dedicated benchmark database on the same server."""
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path="/" + name))


def pg_recreate(server_url: str, *, drop_only: bool = False, name: str = BENCH_DB) -> None:
    """Drop the benchmark database (and create it afresh unless told only to drop it)."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {name}")


def run_child(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run `python <args>` with extra environment; return the JSON object it prints last, plus wall time."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"child {args} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = round(wall, 3)
    return result


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports ru_maxrss in KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def summarize_profile(prof: Path, top: int = 25) -> Path:
    """Write the top functions of a cProfile dump (by own time, then cumulative) next to it, as text."""
    import io
    import pstats

    text = io.StringIO()
    stats = pstats.Stats(str(prof), stream=text)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    out = prof.with_suffix(".txt")
    out.write_text(text.getvalue(), encoding="utf-8")
    return out


def insert_interactions(cursor: Any, rows: Iterable[tuple[Any, ...]], *, batch_size: int = 20_000) -> None:
    """Insert LinkedIn-message interactions straight into the store, in batches, for seeding benchmarks.

    Each row is (person_id, direction, occurred_at, text, key, created_at); `rows` may be a generator, so a
    million rows never sit in memory at once.
    """
    sql = (
        "INSERT INTO store_interaction (person_id, kind, direction, channel, occurred_at, subject, text,"
        " conversation_id, source, key, created_at)"
        " VALUES (%s, 'message', %s, 'linkedin', %s, '', %s, '', '', %s, %s)"
    )
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == batch_size:
            cursor.executemany(sql, batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)


class Browser:
    """A browser-like client of a local server: one keep-alive connection and the cookies it was given."""

    def __init__(self, port: int, *, timeout: float = 30) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        try:
            self.conn.request(method, path, body=body, headers=sent)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed an idle keep-alive connection: open a new one, as a browser does.
            self.conn.close()
            self.conn.request(method, path, body=body, headers=sent)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text


def runqueue_wait() -> float:
    """Seconds this process has waited for a CPU so far (Linux schedstat; 0 where it does not say)."""
    try:
        with open("/proc/self/schedstat", encoding="ascii") as handle:
            return int(handle.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0
