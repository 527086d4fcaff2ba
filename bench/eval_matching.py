"""Precision and recall of identity matching on our labelled evaluation set, and its speed.

    python bench/eval_matching.py [--humans N] [--json] [--speed]

Accuracy: every request is matched against the known people (with blocking, as in the product). An
automatic link is right when both records are the same human. Targets: automatic links precision at
least 0.995; recall of automatic links plus suggestions at least 0.95.
Speed (`--speed`): 3,000 requests against 100,000 known people under 5 s in all, one request under 20 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from matching_data import EvaluationSet, evaluation_set, profiles
from meetfirst.core.matching import Decision, MatchIndex

PRECISION_TARGET = 0.995
RECALL_TARGET = 0.95
ALL_SECONDS = 5.0
ONE_MS = 20.0


def evaluate(data: EvaluationSet) -> dict[str, Any]:
    """Counts, precision and recall, and the mistakes by kind of noise."""
    index = MatchIndex(data.known)
    links = right_links = 0
    found_by_link = found_by_either = 0
    same = 0
    missed: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    suggestions = 0
    examples: list[str] = []
    for request in data.requests:
        truth = data.truth[request.id]
        same += truth is not None
        hit_link = hit_any = False
        for match in index.matches(request):
            correct = data.human_of[match.second_id] == data.human_of[request.id]
            if match.decision is Decision.LINK:
                links += 1
                right_links += correct
                if not correct:
                    wrong[data.kind[request.id]] += 1
                    if len(examples) < 10:
                        examples.append(f"{request.name} ~ {match.explanation}")
            else:
                suggestions += 1
            if correct:
                hit_link |= match.decision is Decision.LINK
                hit_any = True
        if truth is not None:
            found_by_link += hit_link
            found_by_either += hit_any
            if not hit_any:
                missed[data.kind[request.id]] += 1
    precision = right_links / links if links else 1.0
    recall_links = found_by_link / same if same else 1.0
    recall = found_by_either / same if same else 1.0
    return {
        "requests": len(data.requests),
        "known": len(data.known),
        "true_pairs": same,
        "automatic_links": links,
        "suggestions": suggestions,
        "automatic_precision": round(precision, 4),
        "automatic_recall": round(recall_links, 4),
        "links_and_suggestions_recall": round(recall, 4),
        "precision_ok": precision >= PRECISION_TARGET,
        "recall_ok": recall >= RECALL_TARGET,
        "missed_by_kind": dict(missed),
        "wrong_links_by_kind": dict(wrong),
        "wrong_link_examples": examples,
    }


def speed(known: int = 100_000, requests: int = 3000) -> dict[str, Any]:
    """Build an index of `known` people and match `requests` new ones; time each part."""
    people = list(profiles(known, seed=7))
    started, cpu = time.perf_counter(), time.process_time()
    index = MatchIndex(people)
    build, build_cpu = time.perf_counter() - started, time.process_time() - cpu
    asks = list(profiles(requests, seed=8, first_id=10**7))
    timings = []
    started, cpu = time.perf_counter(), time.process_time()
    found = 0
    for request in asks:
        one = time.perf_counter()
        found += len(index.matches(request))
        timings.append((time.perf_counter() - one) * 1000)
    matching, matching_cpu = time.perf_counter() - started, time.process_time() - cpu
    total = build + matching
    worst = max(timings)
    return {
        "known": known,
        "requests": requests,
        "index_seconds": round(build, 2),
        "index_cpu_seconds": round(build_cpu, 2),
        "matching_cpu_seconds": round(matching_cpu, 2),
        "load_average": os.getloadavg()[0],
        "matching_seconds": round(matching, 2),
        "total_seconds": round(total, 2),
        "one_request_ms_median": round(statistics.median(timings), 2),
        "one_request_ms_p99": round(sorted(timings)[int(len(timings) * 0.99)], 2),
        "one_request_ms_max": round(worst, 2),
        "matches_found": found,
        "total_ok": total < ALL_SECONDS,
        "one_ok": sorted(timings)[int(len(timings) * 0.99)] < ONE_MS,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--humans", type=int, default=3000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--speed", action="store_true", help="also time 3,000 requests against 100,000 people"
    )
    args = parser.parse_args()
    report: dict[str, Any] = {"accuracy": evaluate(evaluation_set(humans=args.humans))}
    if args.speed:
        report["speed"] = speed()
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        acc = report["accuracy"]
        print(
            f"{acc['true_pairs']} true pairs among {acc['requests']} requests "
            f"and {acc['known']} known people\n"
            f"automatic links: {acc['automatic_links']}, precision {acc['automatic_precision']} "
            f"(target {PRECISION_TARGET}), recall {acc['automatic_recall']}\n"
            f"links + suggestions recall: {acc['links_and_suggestions_recall']} (target {RECALL_TARGET}); "
            f"{acc['suggestions']} suggestions\n"
            f"missed: {acc['missed_by_kind']}; wrong links: {acc['wrong_links_by_kind']}"
        )
        for example in acc["wrong_link_examples"]:
            print("  wrong:", example)
        if "speed" in report:
            s = report["speed"]
            print(
                f"speed: index of {s['known']:,} in {s['index_seconds']} s, {s['requests']:,} requests in "
                f"{s['matching_seconds']} s, total {s['total_seconds']} s (target {ALL_SECONDS}); "
                "one request "
                f"median {s['one_request_ms_median']} ms, p99 {s['one_request_ms_p99']} ms, "
                f"max {s['one_request_ms_max']} ms (target {ONE_MS}); CPU: index {s['index_cpu_seconds']} s, "
                f"matching {s['matching_cpu_seconds']} s; load average {s['load_average']}"
            )
    ok = report["accuracy"]["precision_ok"] and report["accuracy"]["recall_ok"]
    if "speed" in report:
        ok = ok and report["speed"]["total_ok"] and report["speed"]["one_ok"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
