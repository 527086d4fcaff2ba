"""Per-request service time of the benchmarked pages, in-process: the WSGI app called in a loop.

No server and no network: each request goes through the whole Django stack (middleware, session, login,
views, queries, templates) exactly as gunicorn would call it, one at a time. With 8 clients and no think
time on 2 cores, a page's latency is roughly the queue depth times this service time, so this is the
figure to shrink; it is also steady on a busy machine when read as CPU time.

Run by bench_web.py (`--in-process`) on its seeded store, or on its own on a store already seeded:

    MEETFIRST_HOME=DIR python bench/web_service_times.py [--requests N] [--heavy PERSON_ID] [--profile DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from machine import BENCH_NOW, summarize_profile

Call = tuple[str, str, bytes, dict[str, str]]


class InProcessClient:
    """A logged-in browser, minus the browser and the network: WSGI environ in, status and body out."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self.cookies: dict[str, str] = {}

    def call(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        path, _, query = path.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if body:
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        answer: dict[str, Any] = {}

        def start_response(
            status: str, response_headers: list[tuple[str, str]], exc_info: Any = None
        ) -> None:
            answer["status"] = int(status.split()[0])
            answer["headers"] = response_headers

        chunks = self.app(environ, start_response)
        try:
            content = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        for name, value in answer["headers"]:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return answer["status"], content


class QueryCounter:
    """A database execute wrapper that counts the statements."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def measure(requests: int, heavy: int, profile_dir: Path | None) -> dict[str, Any]:
    os.environ.setdefault("MEETFIRST_NOW", BENCH_NOW.isoformat())
    from meetfirst import bootstrap

    bootstrap.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    from meetfirst.services import access, triage

    client = InProcessClient(get_wsgi_application())
    status, _ = client.call("GET", f"/login/token/{access.issue_login_token()}/")
    if status != 302:
        raise RuntimeError(f"the login link answered {status}")
    _, page = client.call("GET", "/triage/")
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    csrf = found.group(1).decode() if found else ""
    ids = triage.pending_ids()
    decide_headers = {"HX-Request": "true", "X-CSRFToken": csrf, "Referer": "http://127.0.0.1:8000/triage/"}
    pages: dict[str, Callable[[int], Call]] = {
        "board": lambda i: ("GET", "/", b"", {}),
        "triage_queue": lambda i: ("GET", f"/triage/{ids[(i * 7) % len(ids)]}/", b"", {}),
        "person_2000_items": lambda i: ("GET", f"/people/{heavy}/", b"", {}),
        # Each decision on a request of its own, from the end of the queue (the web run decides from the top).
        "decision_round_trip": lambda i: (
            "POST",
            f"/triage/{ids[-1 - i]}/decide/",
            f"verdict=stranger&csrfmiddlewaretoken={csrf}".encode(),
            decide_headers,
        ),
    }
    results: dict[str, Any] = {}
    for name, make in pages.items():
        client.call(*make(0))  # warm-up: templates compiled, caches filled
        cpu: list[float] = []
        wall: list[float] = []
        profiler = cProfile.Profile() if profile_dir else None
        for i in range(1, requests + 1):
            call = make(i)
            started, started_cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            status, _ = client.call(*call)
            if profiler:
                profiler.disable()
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
            if status >= 400:
                raise RuntimeError(f"{name} answered {status}")
        # The queries of one more request, in the steady state the timed ones ran in.
        statements = QueryCounter()
        with connection.execute_wrapper(statements):
            status, content = client.call(*make(requests + 1))
        if status >= 400:
            raise RuntimeError(f"{name} answered {status}")
        if profiler and profile_dir:
            dump = profile_dir / f"web-{name}.prof"
            profiler.dump_stats(str(dump))
            summarize_profile(dump)
        cpu.sort()
        results[name] = {
            "n": requests,
            "queries": statements.count,
            "bytes": len(content),
            "cpu_ms_median": round(statistics.median(cpu), 2),
            "cpu_ms_p90": round(cpu[int(0.9 * len(cpu)) - 1], 2),
            "wall_ms_median": round(statistics.median(wall), 2),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=100, help="requests per page (default 100)")
    parser.add_argument("--heavy", type=int, default=1, help="the person with 2,000 timeline items")
    parser.add_argument("--profile", type=Path, help="write a cProfile dump of each page to this folder")
    args = parser.parse_args()
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    print(json.dumps(measure(args.requests, args.heavy, args.profile)))


if __name__ == "__main__":
    main()
