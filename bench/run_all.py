"""Run every benchmark and write the figures, with the machine they ran on, to bench/out/ as JSON.

    python bench/run_all.py [--quick] [--profile] [--no-postgres]

`--quick` runs a tenth of the sizes (a smoke test of the benchmarks themselves, not figures to quote).
`--profile` also writes cProfile dumps and their text summaries to bench/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bench_import
import bench_triage
from machine import BENCH_DIR, describe, pg_server_url, summarize_profile


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="A tenth of the sizes, to check the benchmarks run."
    )
    parser.add_argument("--profile", action="store_true", help="Write cProfile dumps and summaries.")
    parser.add_argument("--no-postgres", action="store_true", help="Skip the PostgreSQL import run.")
    args = parser.parse_args(argv)
    scale = 10 if args.quick else 1
    server = None if args.no_postgres else pg_server_url()
    out = BENCH_DIR / "out"
    out.mkdir(parents=True, exist_ok=True)

    report: dict[str, Any] = {"machine": describe(server), "quick": args.quick}
    busy = report["machine"]["load_average_at_start"]
    if busy > (os.cpu_count() or 1) / 2:
        print(
            f"warning: the machine is busy (load average {busy}); the figures will be slower than they should"
        )
    print("import benchmark ...", flush=True)
    report["import"] = bench_import.run(
        connections=30_000 // scale,
        invitations=3_000 // scale,
        messages=1_000_000 // scale,
        postgres=server is not None,
        profile=args.profile,
    )
    bench_import.show(report["import"])
    print("triage benchmark ...", flush=True)
    report["triage"] = bench_triage.run(pending=10_000 // scale, profile=args.profile)
    bench_triage.show(report["triage"])
    report["machine"]["load_average_at_end"] = round(os.getloadavg()[0], 2)
    if args.profile:
        report["profiles"] = [
            str(summarize_profile(p).relative_to(BENCH_DIR)) for p in sorted(out.glob("*.prof"))
        ]

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    (out / f"bench-{stamp}{'-quick' if args.quick else ''}.json").write_text(text, encoding="utf-8")
    (out / "latest.json").write_text(text, encoding="utf-8")
    print(f"figures written to {Path('bench/out') / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
