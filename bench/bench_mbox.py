"""Mailbox import benchmark: a generated mbox of 200,000 messages of about 10 KB each (2 GB), imported.

The mbox is written by this script (streamed to disk, our own text): 5,000 correspondents, a third of the
messages sent by the owner, one in ten a newsletter, one in four multipart/alternative with an HTML part,
one in twenty with a base64 attachment. The import runs in a fresh child process, so that its peak memory
(ru_maxrss) is its own; the owner's address is not given, so the import also finds it in the mailbox.

Targets (issue 4): at least 5,000 messages a second, peak memory under 300 MB.

    python bench/bench_mbox.py [--messages N] [--kb K] [--no-postgres] [--json]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from machine import (
    BENCH_NOW,
    ROOT,
    describe,
    pg_bench_url,
    pg_recreate,
    pg_server_url,
    run_child,
    runqueue_wait,
)

RATE = 5_000.0
PEAK_MB = 300.0
SCRIPT = str(Path(__file__).resolve())
OWNER = "owner@bench.example"
PEOPLE = 5_000
PG_DB = "meetfirst_bench_mbox"  # a database of its own: other benchmarks may run at the same time
_WORDS = [
    *("meeting", "notes", "project", "plan", "coffee", "budget", "draft", "review", "launch", "garden"),
    *("travel", "family", "weekend", "invoice", "question", "answer", "idea", "proposal", "conference"),
    *("dinner", "workshop", "report", "schedule", "thanks"),
]


def _paragraphs(seed: int, size: int) -> str:
    """About `size` bytes of plain sentences, different for each seed."""
    out: list[str] = []
    total = 0
    n = seed
    while total < size:
        words = [_WORDS[(n * 7 + k * 3) % len(_WORDS)] for k in range(12)]
        line = " ".join(words).capitalize() + ".\n"
        out.append(line)
        total += len(line)
        n += 1
    return "".join(out)


def generate(path: Path, *, messages: int, kb: int) -> float:
    """Write the mbox, one message at a time; returns the seconds it took."""
    started = time.perf_counter()
    bodies = [_paragraphs(seed, kb * 1024 - 700) for seed in range(64)]
    attachment = base64.encodebytes(bytes(range(256)) * 8).decode("ascii")
    first = BENCH_NOW - timedelta(days=730)
    with path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        for i in range(messages):
            when = first + timedelta(seconds=i * 300)
            date = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
            other = f"person{i % PEOPLE}@corp{i % 97}.example"
            name = f"Person {i % PEOPLE}"
            body = bodies[i % len(bodies)]
            if i % 10 == 9:
                sender, to, extra = f"news@letter{i % 13}.example", OWNER, "List-Unsubscribe: <mailto:u@x>\n"
                sender_name = "Newsletter"
            elif i % 3 == 0:
                sender, sender_name, to, extra = OWNER, "Owner", f"{name} <{other}>", ""
            else:
                sender, sender_name, to, extra = other, name, f"Owner <{OWNER}>", ""
            head = (
                f"From {sender} {when:%a %b %d %H:%M:%S %Y}\n"
                f"From: {sender_name} <{sender}>\nTo: {to}\nSubject: Message {i} about {_WORDS[i % 23]}\n"
                f"Date: {date}\nMessage-ID: <bench-{i}@bench.example>\nMIME-Version: 1.0\n{extra}"
            )
            if i % 20 == 7:
                out.write(
                    f'{head}Content-Type: multipart/mixed; boundary="m{i}"\n\n--m{i}\n'
                    f"Content-Type: text/plain; charset=utf-8\n\n{body}\n--m{i}\n"
                    "Content-Type: application/octet-stream\n"
                    'Content-Disposition: attachment; filename="a.bin"\n'
                    f"Content-Transfer-Encoding: base64\n\n{attachment}--m{i}--\n\n"
                )
            elif i % 4 == 1:
                out.write(
                    f'{head}Content-Type: multipart/alternative; boundary="a{i}"\n\n--a{i}\n'
                    f"Content-Type: text/plain; charset=utf-8\n\n{body[: len(body) // 2]}\n--a{i}\n"
                    f"Content-Type: text/html; charset=utf-8\n\n<p>{body[: len(body) // 2]}</p>\n--a{i}--\n\n"
                )
            else:
                out.write(f"{head}Content-Type: text/plain; charset=utf-8\n\n{body}\n")
    return round(time.perf_counter() - started, 3)


def child_import(path: Path) -> dict[str, Any]:
    """Import the mbox into the store named by the environment; time the import call alone."""
    from machine import peak_mb
    from meetfirst import bootstrap

    bootstrap.setup()
    from meetfirst.services.importing import import_paths

    baseline = peak_mb()
    started, cpu, waited = time.perf_counter(), time.process_time(), runqueue_wait()
    summary = import_paths([path], now=BENCH_NOW)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        # Time spent ready to run but waiting for a CPU that other work held (Linux schedstat).
        "runqueue_wait_seconds": round(runqueue_wait() - waited, 3),
        # CPU time of this process: what the import costs when the machine is shared with other work.
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "peak_mb": peak_mb(),
        "baseline_mb": baseline,
        "owner_found": summary.guessed_owner_email,
        "summary": summary.as_dict(),
    }


def measure(path: Path, *, messages: int, env: dict[str, str]) -> dict[str, Any]:
    result = run_child([SCRIPT, "--child", str(path)], env)
    result["messages_per_second"] = round(messages / result["seconds"])
    result["messages_per_cpu_second"] = round(messages / result["cpu_seconds"])
    result["rate_ok"] = result["messages_per_second"] >= RATE
    result["peak_ok"] = result["peak_mb"] < PEAK_MB
    return result


def run(*, messages: int, kb: int, postgres: bool, work: Path | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="meetfirst-bench-mbox-", dir=work) as tmp:
        base = Path(tmp)
        path = base / "All mail.mbox"
        report: dict[str, Any] = {
            "sizes": {"messages": messages, "kb_each": kb},
            "generate_seconds": generate(path, messages=messages, kb=kb),
            "mbox_mb": round(path.stat().st_size / 1e6, 1),
            "targets": {"messages_per_second": RATE, "peak_mb": PEAK_MB},
        }
        server = pg_server_url() if postgres else None
        report["machine"] = describe(server)
        sqlite_env = {"MEETFIRST_HOME": str(base / "home-sqlite"), "MEETFIRST_DATABASE_URL": ""}
        report["sqlite"] = measure(path, messages=messages, env=sqlite_env)
        print(json.dumps({"sqlite": report["sqlite"]}), flush=True)  # a long run keeps what it has
        report["postgresql"] = None
        if server:
            pg_recreate(server, name=PG_DB)
            try:
                url = pg_bench_url(server, PG_DB)
                env = {"MEETFIRST_HOME": str(base / "home-pg"), "MEETFIRST_DATABASE_URL": url}
                report["postgresql"] = measure(path, messages=messages, env=env)
            finally:
                pg_recreate(server, drop_only=True, name=PG_DB)
        report["machine"]["load_average_at_end"] = round(os.getloadavg()[0], 2)
        return report


def show(report: dict[str, Any]) -> None:
    sizes = report["sizes"]
    print(
        f"mbox: {sizes['messages']:,} messages of ~{sizes['kb_each']} KB ({report['mbox_mb']} MB, "
        f"generated in {report['generate_seconds']} s)"
    )
    for db in ("sqlite", "postgresql"):
        figures = report.get(db)
        if not figures:
            print(f"{db}: not run")
            continue
        print(
            f"{db}: {figures['seconds']} s = {figures['messages_per_second']:,} messages/s "
            f"({'ok' if figures['rate_ok'] else 'TOO SLOW'}; {figures['messages_per_cpu_second']:,} per CPU "
            f"second; {figures['runqueue_wait_seconds']} s waiting for a CPU), peak {figures['peak_mb']} MB "
            f"({'ok' if figures['peak_ok'] else 'TOO MUCH'}), owner found: {figures['owner_found']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--kb", type=int, default=10, help="Approximate size of each message.")
    parser.add_argument("--no-postgres", action="store_true", help="Skip the PostgreSQL run.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        if not os.environ.get("MEETFIRST_DATABASE_URL"):
            os.environ.pop("MEETFIRST_DATABASE_URL", None)
        print(json.dumps(child_import(Path(args.child))))
        return 0
    report = run(messages=args.messages, kb=args.kb, postgres=not args.no_postgres)
    report["finished"] = datetime.now().isoformat(timespec="seconds")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "mbox.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        show(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
