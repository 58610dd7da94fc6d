"""A mixed test-suite workload: what a CI run against the mock feels.

One "test" is what a test using the pytest plugin's ``mock_tenant`` does: a fresh tenant
(``POST /_mock/tenants``), a few Robaws writes (three clients created), reads of what was written
(each client by id, then the first list page), one Workspace read, and the tenant deleted again.
Workers run tests back to back, each on its own keep-alive connection (``http.client``, one thread
per worker), for a fixed time; every request's latency is kept, so the section reports tests per
second, requests per second and per-request p50/p99, overall and per kind of request.

Run as a module it is the load generator (a child process of the harness, placed on every core like
``wrk``): ``python -m benchmarks.harness.mixed PORT WORKERS SECONDS`` prints one JSON line.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from benchmarks.harness.ours import Client, basic
from benchmarks.harness.targets import ROBAWS_CLIENT, robaws_keys

#: Robaws clients each test creates (and then reads back)
WRITES = 3


class StepFailed(Exception):
    """An answer other than the one a passing test expects: the test stops there."""


@dataclass
class Tally:
    """One worker's measurements: per request kind, the latencies in seconds."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    tests: int = 0
    errors: int = 0

    def add(self, other: Tally) -> None:
        for kind, values in other.latencies.items():
            self.latencies.setdefault(kind, []).extend(values)
        self.tests += other.tests
        self.errors += other.errors


class Worker:
    """One test at a time on one keep-alive connection."""

    def __init__(self, port: int, keys: tuple[str, str]) -> None:
        self.port, self.keys = port, keys
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.tally = Tally()

    def call(
        self, kind: str, method: str, path: str, body: Any, headers: dict[str, str], expect: int
    ) -> bytes:
        raw = None if body is None else json.dumps(body).encode()
        sent = {**headers, "Content-Type": "application/json"} if raw is not None else headers
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=raw, headers=sent)
            response = self.conn.getresponse()
            answer = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            raise StepFailed(f"{kind}: {exc}") from exc
        self.tally.latencies.setdefault(kind, []).append(time.perf_counter() - started)
        if response.status != expect:
            raise StepFailed(f"{kind}: {response.status}")
        return answer

    def test(self, number: int) -> None:
        """One test: fresh tenant, writes, reads of what was written, tenant deleted."""
        tenant = json.loads(self.call("tenant", "POST", "/_mock/tenants", {}, {}, 201))
        mounts = {name: urlsplit(url).path.rstrip("/") for name, url in tenant["base_urls"].items()}
        creds = tenant["credentials"]
        robaws = mounts["robaws"]
        auth = {
            "Authorization": basic(creds["robaws"][self.keys[0]], creds["robaws"][self.keys[1]]),
            "Accept": "application/json",
        }
        try:
            ids = [
                json.loads(self.call("write", "POST", f"{robaws}/clients", _client(number, i), auth, 201))[
                    "id"
                ]
                for i in range(WRITES)
            ]
            for record in ids:
                self.call("read by id", "GET", f"{robaws}/clients/{record}", None, auth, 200)
            self.call("read page", "GET", f"{robaws}/clients?page=0&size=10", None, auth, 200)
            if "workspace" in mounts:
                token = {
                    "Authorization": basic("token", creds["workspace"]["token"]),
                    "Accept": "application/json",
                }
                self.call("workspace read", "GET", f"{mounts['workspace']}/quotations.json", None, token, 200)
        finally:
            self.call("tenant delete", "DELETE", f"/_mock/tenants/{tenant['id']}", None, {}, 204)

    def run(self, deadline: float, first: int, stride: int) -> None:
        number = first
        while time.perf_counter() < deadline:
            try:
                self.test(number)
                self.tally.tests += 1
            except StepFailed:
                self.tally.errors += 1
            number += stride
        self.conn.close()


def _client(test: int, index: int) -> dict[str, Any]:
    return {**ROBAWS_CLIENT, "name": f"Benchmark Bouw {test}-{index}"}


def run_mixed(port: int, workers: int, seconds: float) -> dict[str, Any]:
    """``workers`` workers, each on its own connection, running tests for ``seconds``."""
    keys = robaws_keys(Client(port))
    if keys is None:
        return {"available": False, "reason": "no Robaws credentials on this server"}
    pool = [Worker(port, keys) for _ in range(workers)]
    started = time.perf_counter()
    deadline = started + seconds
    threads = [threading.Thread(target=w.run, args=(deadline, i, workers)) for i, w in enumerate(pool)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    total = Tally()
    for worker in pool:
        total.add(worker.tally)
    return summarise(total, elapsed, workers)


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {"p50_ms": statistics.median(ordered) * 1000, "p99_ms": p99 * 1000, "requests": len(ordered)}


def summarise(tally: Tally, elapsed: float, workers: int) -> dict[str, Any]:
    every = [v for values in tally.latencies.values() for v in values]
    if not every:
        return {"available": False, "reason": f"no answer in {elapsed:.1f} s ({tally.errors} failed tests)"}
    return {
        "available": True,
        "workers": workers,
        "seconds": elapsed,
        "tests": tally.tests,
        "failed_tests": tally.errors,
        "tests_per_s": tally.tests / elapsed,
        "rps": len(every) / elapsed,
        **_percentiles(every),
        "kinds": {kind: _percentiles(values) for kind, values in tally.latencies.items()},
    }


def median_mixed(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Repeated runs of one server and worker count: the median of each figure (the kinds' too)."""
    good = [r for r in runs if r.get("available")]
    if not good:
        return runs[0]
    figures = ("tests_per_s", "rps", "p50_ms", "p99_ms")
    out = {**good[0], **{f: statistics.median(r[f] for r in good) for f in figures}}
    out["tests"] = sum(r["tests"] for r in good)
    out["failed_tests"] = sum(r["failed_tests"] for r in runs if r.get("available"))
    out["kinds"] = {
        kind: {f: statistics.median(r["kinds"][kind][f] for r in good if kind in r["kinds"]) for f in stats}
        for kind, stats in good[0]["kinds"].items()
    }
    return out


def main(argv: list[str]) -> int:
    port, workers, seconds = int(argv[0]), int(argv[1]), float(argv[2])
    print(json.dumps(run_mixed(port, workers, seconds)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
