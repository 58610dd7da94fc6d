"""``python -m benchmarks.soak [--minutes 10] [--workers 4] [--data-dir]``: does memory level off?

Starts ``mockserver serve`` and runs workers that each, over and over: create a tenant, write to all
five vendors (unique records; Robaws creates with unique ``Idempotency-Key``s), read every vendor's
list with a unique 64 KB query string, read the demo tenant the same way, patch the tenant's
settings, and delete the tenant. Every 30 s it prints the server's RSS (``/proc/<pid>/status``),
the requests sent and the 5xx answers; at the end, the RSS growth over the second half of the run.
Every store that grows with traffic is bounded (docs/durability.md), so after warm-up the curve
should be flat.
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import requests

from benchmarks.crash import LIFT, TIMEOUT, VENDORS, Vendors, _admin

REPORT_EVERY = 30.0
PAD = 64 * 1024


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Counters:
    def __init__(self) -> None:
        self.requests = 0
        self.errors = 0
        self.lock = threading.Lock()

    def add(self, status: int) -> None:
        with self.lock:
            self.requests += 1
            self.errors += (status >= 500 and status != 500) or status == 0


def _count(counters: Counters, call: Callable[..., int], *args: Any) -> None:
    """Send one request (``call(*args)`` answers its status); no answer counts as an error."""
    try:
        counters.add(call(*args))
    except requests.RequestException:
        counters.add(0)


def _idempotent_create(api: Vendors) -> int:
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    url = api.base["robaws"] + "/clients"
    return api.http.post(
        url, json={"name": "idem"}, headers=headers, auth=api._robaws(), timeout=TIMEOUT
    ).status_code


def one_tenant(url: str, demo: Vendors, counters: Counters, markers: Iterator[str]) -> None:
    """A tenant's life: created, written to and read on every vendor, patched, deleted."""
    made = _admin(url, "POST", "/tenants", {"name": "soak", "fixtures": "default"})
    counters.add(made.status_code)
    tenant = made.json()
    counters.add(_admin(url, "PATCH", f"/tenants/{tenant['id']}/settings", LIFT).status_code)
    api = Vendors(url, tenant)
    for vendor in VENDORS:
        for _ in range(3):
            _count(counters, lambda v, m: api.create(v, m)[0], vendor, next(markers))
        pad = uuid.uuid4().hex * (PAD // 32)
        _count(counters, api.listing, vendor, pad)
        _count(counters, demo.listing, vendor, pad)
    for _ in range(3):
        _count(counters, _idempotent_create, api)
    counters.add(_admin(url, "DELETE", f"/tenants/{tenant['id']}").status_code)


def worker(url: str, demo: dict, stop: threading.Event, counters: Counters, seed: int) -> None:
    markers = (f"s{seed}-{n}" for n in itertools.count())
    demo_api = Vendors(url, demo)
    while not stop.is_set():
        try:
            one_tenant(url, demo_api, counters, markers)
        except (requests.RequestException, ValueError, KeyError):
            counters.add(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--data-dir", action="store_true", help="serve with a --data-dir (a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mockserver-soak-") as tmp:
        command = [sys.executable, "-m", "mockserver.cli", "serve", "--port", "0", "--quiet"]
        if args.data_dir:
            command += ["--data-dir", tmp]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=os.environ.copy())
        try:
            url = server.stdout.readline().split("listening on ", 1)[1].split()[0]
            demo = _admin(url, "GET", "/tenants/demo").json()
            _admin(url, "PATCH", "/tenants/demo/settings", LIFT)
            stop, counters = threading.Event(), Counters()
            threads = [
                threading.Thread(target=worker, args=(url, demo, stop, counters, n), daemon=True)
                for n in range(args.workers)
            ]
            for thread in threads:
                thread.start()
            started = time.monotonic()
            samples: list[tuple[float, float]] = []
            print(f"{'elapsed':>8} {'RSS MB':>8} {'requests':>9} {'5xx':>5}", flush=True)
            while (elapsed := time.monotonic() - started) < args.minutes * 60:
                stop.wait(min(REPORT_EVERY, args.minutes * 60 - elapsed))
                elapsed = time.monotonic() - started
                samples.append((elapsed, rss_mb(server.pid)))
                print(
                    f"{elapsed:>7.0f}s {samples[-1][1]:>8.1f} {counters.requests:>9} {counters.errors:>5}",
                    flush=True,
                )
            stop.set()
            for thread in threads:
                thread.join(60)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    half = [rss for at, rss in samples if at >= args.minutes * 30]
    growth = half[-1] - half[0] if len(half) > 1 else 0.0
    print(f"RSS over the second half: {half[0]:.1f} -> {half[-1]:.1f} MB ({growth:+.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
