"""``python -m benchmarks [--quick | --smoke] [--out DIR]``: run every benchmark, write the tables.

Full run (default): installs wrk and the peers when missing, measures ours, WireMock and Prism,
writes ``benchmarks/results/latest.md`` and ``latest.json``. ``--smoke`` is the CI mode: a few
seconds, no peers, no installs; it only proves the harness still produces a table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.harness import machine, peers, report, sections, suite
from benchmarks.harness.procs import pin_self_to_client_core

RESULTS = Path(__file__).resolve().parent / "results"
#: the sections, which ``--skip`` may leave out
SECTIONS = ("load", "cold_start", "clean_world", "mixed", "access_log", "memory_scaling", "wsgi", "profile")
#: the sections after the load rows, in the order they run: (label, step)
STEPS = {
    "cold_start": ("cold start", suite.cold_starts),
    "clean_world": ("clean world per test", suite.clean_world),
    "mixed": ("mixed test-suite workload", sections.mixed),
    "access_log": ("access log cost", sections.access_log),
    "memory_scaling": ("memory and scaling", suite.memory_and_scaling),
    "wsgi": ("WSGI servers", suite.wsgi_servers),
    "profile": ("profile of the computed rows, in process", sections.profile),
}


def _parse(argv: list[str] | None) -> tuple[argparse.Namespace, suite.Plan, set[str]]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--smoke", action="store_true", help="CI mode: seconds, no peers, no installs")
    mode.add_argument("--quick", action="store_true", help="shorter runs, one repeat, scaling to 10k")
    parser.add_argument("--out", type=Path, help=f"where to write latest.md/json (default {RESULTS})")
    parser.add_argument("--no-peers", action="store_true", help="measure our server only")
    parser.add_argument("--seconds", type=float, help="length of each load run (default: the mode's)")
    parser.add_argument("--repeats", type=int, help="load runs per row, median kept (default: the mode's)")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a checkout of an earlier commit (git archive): its server joins the unpinned load rows and"
        " the mixed workload, its app the profile's CPU per request",
    )
    parser.add_argument(
        "--skip",
        default="",
        help=f"comma-separated sections not to run, of: {', '.join(SECTIONS)} (noted in the results)",
    )
    args = parser.parse_args(argv)
    plan = suite.Plan.named("smoke" if args.smoke else "quick" if args.quick else "full")
    if args.no_peers:
        plan.peers = False
    plan.seconds = args.seconds or plan.seconds
    plan.repeats = args.repeats or plan.repeats
    plan.baseline = args.baseline.resolve() if args.baseline else None
    skipped = {name.strip() for name in args.skip.split(",") if name.strip()}
    unknown = skipped - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    return args, plan, skipped


def _prepare(run: suite.Run) -> dict[str, Any]:
    """wrk and the peers installed when missing; the header of the results."""
    plan = run.plan
    if plan.mode != "smoke":
        problem = peers.ensure_wrk()
        if problem:
            run.note(f"wrk: {problem}")
    if plan.peers:
        problem = peers.ensure_peers()
        if problem:
            run.note(f"peers skipped: {problem}")
            plan.peers = False
    versions = peers.peer_versions() if plan.peers else {}
    return {
        "mode": plan.mode,
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine.describe(versions),
        "plan": {
            "seconds": plan.seconds,
            "repeats": plan.repeats,
            "cold_repeats": plan.cold_repeats,
            "connections": list(plan.connections),
            "placements": [suite.placement(p) for p in plan.placements],
            "baseline": str(plan.baseline) if plan.baseline else None,
        },
    }


def _load(run: suite.Run, results: dict[str, Any], skipped: set[str]) -> None:
    """The load rows (or, skipped, only the rows' discovery the other sections need)."""
    if "load" in skipped:
        run.note("section load not run in this run (--skip)")
        suite.discover_targets(run)
    else:
        measured = suite.timed("every server under load, interleaved", lambda: suite.throughput(run))
        results["throughput"] = measured["rows"]
        results["rss_after_load"] = measured["rss_after_mb"]
        for where, written in measured.get("write_tenant_records", {}).items():
            if written is not None:
                run.note(f"the write rows ({where}) grew their tenant to {written} records")
    results["rows_order"] = [
        {
            "key": t.key,
            "label": t.label,
            "kind": t.kind,
            "replayable": t.replayable,
            "available": t.available,
            "reason": t.reason,
        }
        for t in run.targets
    ]


def main(argv: list[str] | None = None) -> int:
    args, plan, skipped = _parse(argv)
    pin_self_to_client_core()
    with tempfile.TemporaryDirectory(prefix="mockserver-bench-") as tmp:
        run = suite.Run(plan, Path(tmp))
        started = time.perf_counter()
        results = _prepare(run)
        _load(run, results, skipped)
        for section, (label, step) in STEPS.items():
            if section in skipped:
                run.note(f"section {section} not run in this run (--skip)")
                continue
            results[section] = suite.timed(label, lambda step=step: step(run))
        results["targets"] = report.evaluate(results)
        results["notes"] = run.notes
        results["duration_s"] = round(time.perf_counter() - started, 1)
        md, js = report.write(results, args.out or RESULTS)
    print(report.markdown(results))
    print(f"wrote {md} and {js}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
