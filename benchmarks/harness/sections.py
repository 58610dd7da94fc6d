"""The sections issue 23 added, each on freshly launched servers of ours (peers have no part):

- ``mixed``: the test-suite workload (``benchmarks.harness.mixed``) at one worker and eight, on our
  default server (replay and access log on, as users run it) and the ``--baseline`` one;
- ``access_log``: the same replayed Robaws page with the default access log and with ``--quiet``,
  interleaved, to show what the log costs;
- ``profile``: CPU per computed request in process and where it goes, by layer
  (``benchmarks.harness.cpuprofile``, in a child process).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from typing import Any

from benchmarks.harness import load, ours
from benchmarks.harness.mixed import median_mixed
from benchmarks.harness.procs import CLIENT_CORE, Launched, placed
from benchmarks.harness.suite import BEFORE, OURS, Run, alone, launch_ours, say, warm
from benchmarks.harness.targets import robaws_page

#: the mixed workload's worker counts: one connection (a test suite run serially) and eight
#: (a suite run with ``pytest -n 8``)
MIXED_WORKERS = (1, 8)
#: the access log's cost is judged at this many connections (or the plan's most, if fewer)
LOG_CONNECTIONS = 32
QUIET = "mockserver (granian, --quiet)"
#: the access log in process, per mode: replayed requests per timed batch, batches per app
LOG_SIZES = {"smoke": (200, 3), "quick": (1000, 5), "full": (3000, 9)}
#: per mode: calls per timed batch, batches (the median kept), calls under cProfile per row
PROFILE_SIZES = {"smoke": (20, 3, 50), "quick": (100, 5, 500), "full": (300, 7, 2000)}


def _child(argv: list[str], timeout: float) -> dict[str, Any]:
    """Run a harness module as a child process on every core (like ``wrk`` unpinned); its last
    line is JSON."""
    done = subprocess.run(
        placed([sys.executable, *argv], False, CLIENT_CORE),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"available": False, "reason": f"{argv[1]} failed: {done.stderr.strip()[-300:]}"}
    return json.loads(lines[-1])


def _mixed_once(port: int, workers: int, seconds: float) -> dict[str, Any]:
    argv = ["-m", "benchmarks.harness.mixed", str(port), str(workers), str(seconds)]
    return _child(argv, seconds + 120)


def mixed(run: Run) -> dict[str, Any]:
    """The test-suite workload on our default server (and the ``--baseline`` one), unpinned; the
    servers take turns for every worker count and repeat (the others paused), as in the load rows."""
    launched: dict[str, Launched] = {}
    try:
        launched[OURS] = launch_ours(run, pinned=False)
        if run.plan.baseline is not None:
            launched[BEFORE] = launch_ours(run, None, pinned=False, code=run.plan.baseline)
        servers = {name: (srv, {}) for name, srv in launched.items()}
        for name, srv in launched.items():
            with alone(servers, name):
                _mixed_once(srv.port, 1, max(0.5, min(1.0, run.plan.warm_seconds)))
        rows = []
        for workers in MIXED_WORKERS:
            samples: dict[str, list[dict[str, Any]]] = {name: [] for name in launched}
            for _ in range(run.plan.repeats):
                for name, srv in launched.items():
                    with alone(servers, name):
                        samples[name].append(_mixed_once(srv.port, workers, run.plan.seconds))
            for name, found in samples.items():
                row = {"server": name, "workers": workers, **median_mixed(found)}
                say(f"  mixed: {name:<24} workers={workers} " + _mixed_line(row))
                rows.append(row)
        return {"rows": rows, "rss_after_mb": {name: srv.rss_mb() for name, srv in launched.items()}}
    finally:
        for server in launched.values():
            server.stop()


def _mixed_line(row: dict[str, Any]) -> str:
    if not row.get("available"):
        return f"not available: {row.get('reason')}"
    return (
        f"{row['tests_per_s']:7.1f} tests/s {row['rps']:7.0f} req/s  p50 {row['p50_ms']:6.2f} ms"
        f"  p99 {row['p99_ms']:7.2f} ms  failed tests {row['failed_tests']}"
    )


def access_log(run: Run) -> dict[str, Any]:
    """The replayed Robaws page on two servers of ours, one with the default access log, one with
    ``--quiet``, loaded in turn (the other paused) for more repeats than a load row: the difference
    is a few percent, the noise between runs on a shared host more."""
    launched: dict[str, Launched] = {}
    connections = min(LOG_CONNECTIONS, max(run.plan.connections))
    repeats = 1 if run.plan.mode == "smoke" else max(3, 2 * run.plan.repeats + 1)
    try:
        launched[OURS] = launch_ours(run, pinned=False)
        launched[QUIET] = launch_ours(run, pinned=False, quiet=True)
        requests = {}
        for name, srv in launched.items():
            client = ours.Client(srv.port)
            page = robaws_page(client)
            client.close()
            if page is None:
                return {"available": False, "reason": "the Robaws vendor is not mounted"}
            requests[name] = page
        servers = {name: (srv, {}) for name, srv in launched.items()}
        for name, srv in launched.items():
            with alone(servers, name):
                warm(run, name, srv.port, requests[name], pinned=False)
        pairs = []
        # one round more than counted: the first is dropped, as each server may still be building
        # its vendors' applications in the background (``MockServer.warm_up``) while it runs
        for _ in range(repeats + 1):
            pair = {}
            for name, srv in launched.items():
                with alone(servers, name):
                    pair[name] = load.run_load(
                        srv.port,
                        requests[name],
                        connections,
                        run.plan.seconds,
                        run.plan.allow_python_load,
                        False,
                    ).as_json()
            pairs.append(pair)
            say(f"  access log: logged {pair[OURS]['rps']:.0f} vs quiet {pair[QUIET]['rps']:.0f} req/s")
        found = _log_cost(pairs[1:], connections)
    finally:
        for server in launched.values():
            server.stop()
    batch, reps = LOG_SIZES.get(run.plan.mode, LOG_SIZES["full"])
    found["in_process"] = _child(["-m", "benchmarks.harness.cpuprofile", "log", str(batch), str(reps)], 600)
    return found


def _log_cost(pairs: list[dict[str, dict[str, Any]]], connections: int) -> dict[str, Any]:
    """The throughput the log costs as a share of the quiet server's (the share of a logged
    request's time spent on the log): per interleaved pair (so drift hits both alike), and the
    median of the pairs as the figure judged."""
    costs = [1 - p[OURS]["rps"] / p[QUIET]["rps"] for p in pairs if p[QUIET]["rps"]]
    return {
        "available": bool(costs),
        "connections": connections,
        "logged_rps": statistics.median(p[OURS]["rps"] for p in pairs),
        "quiet_rps": statistics.median(p[QUIET]["rps"] for p in pairs),
        "logged_p50_ms": statistics.median(p[OURS]["p50_ms"] for p in pairs),
        "quiet_p50_ms": statistics.median(p[QUIET]["p50_ms"] for p in pairs),
        "errors": sum(p[name]["errors"] for p in pairs for name in p),
        "pair_costs": costs,
        "cost": statistics.median(costs) if costs else None,
    }


def profile(run: Run) -> dict[str, Any]:
    """CPU per computed request and its breakdown by layer, in a child process (the harness's own
    state and threads stay out of it); with ``--baseline``, that checkout's CPU per request too
    (no breakdown), the two children alternating twice so drift on the host hits both alike."""
    batch, reps, calls = PROFILE_SIZES.get(run.plan.mode, PROFILE_SIZES["full"])
    argv = ["-m", "benchmarks.harness.cpuprofile", str(batch), str(reps)]
    found = _child([*argv, str(calls)], 600)
    if run.plan.baseline is not None and found.get("available"):
        rounds = [found]
        befores = []
        for _ in range(2):
            befores.append(_child([*argv, "0", str(run.plan.baseline)], 600))
            if len(rounds) < 2:
                rounds.append(_child([*argv, "0"], 600))
        found["before"] = _merged_cpu(befores)
        found["after_rounds"] = _merged_cpu(rounds)
    for row in found.get("rows", []):
        if row.get("available"):
            before = found.get("before", {}).get(row["key"])
            was = f" (before: {before:.1f} us)" if before else ""
            say(f"  profile: {row['key']:<21} {row['cpu_us']:7.1f} us CPU per request{was}")
    return found


def _merged_cpu(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Per row, the median CPU per request over every batch of the runs."""
    batches: dict[str, list[float]] = {}
    for found in runs:
        for row in found.get("rows", []):
            if row.get("available"):
                batches.setdefault(row["key"], []).extend(row["batches_us"])
    return {key: statistics.median(values) for key, values in batches.items()}
