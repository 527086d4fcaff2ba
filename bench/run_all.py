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


def markdown(report: dict[str, Any]) -> str:
    """The figures as the Markdown tables docs/benchmarks.md shows."""
    machine, imp, tri = report["machine"], report["import"], report["triage"]
    sizes = imp["sizes"]
    lines = [
        "| Machine | |",
        "|---|---|",
        f"| CPU | {machine['cpu']}, {machine['cores']} cores |",
        f"| RAM | {machine['ram_gb']} GB |",
        f"| OS | {machine['os']} |",
        f"| Python / Django | {machine['python']} / {machine['django']} |",
        f"| SQLite | {machine['sqlite']} |",
        f"| PostgreSQL | {machine['postgresql'] or 'not run'} |",
        f"| Date | {machine['date']} |",
        f"| Load average (start, end) | {machine.get('load_average_at_start')}, "
        f"{machine.get('load_average_at_end')} |",
        "",
        f"Export: {sizes['connections']:,} connections, {sizes['invitations']:,} invitations, "
        f"{sizes['messages']:,} messages, {imp['export_mb']} MB (generated in {imp['generate_seconds']} s). "
        f"csv.reader pass: **{imp['csv_pass']['seconds']} s** (fastest of {imp['csv_pass']['all_seconds']}).",
        "",
        "| Run | Wall time | x csv pass | Target | Peak memory | Target | |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    floor = imp.get("sqlite_insert_floor")
    if floor:
        lines.append(
            f"| SQLite alone inserting the messages (floor) | {floor['seconds']} s "
            f"| {floor['ratio']}x | | | | |"
        )
    for db in ("sqlite", "postgresql"):
        for step, run in (imp.get(db) or {}).items():
            ok = "ok" if run["ratio_ok"] and run["peak_ok"] else "**missed**"
            lines.append(
                f"| {db} {step} | {run['seconds']} s | {run['ratio']}x | <= {run['ratio_limit']}x "
                f"| {run['peak_mb']} MB | < 300 MB | {ok} |"
            )
    lines += [
        "",
        f"Triage of {tri['pending']:,} pending requests on SQLite: **{tri['triage_seconds']} s** "
        f"(median of {tri['triage_runs']}; target < {tri['target_seconds']} s: "
        f"{'ok' if tri['ok'] else '**missed**'}). "
        f"Re-triage {tri['retriage_seconds']} s; listing them {tri['list_seconds']} s.",
    ]
    return "\n".join(lines) + "\n"


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
    (out / "latest.md").write_text(markdown(report), encoding="utf-8")
    print(f"figures written to {Path('bench/out') / 'latest.json'} and latest.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
