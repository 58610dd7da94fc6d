"""Load generators: ``wrk`` (pinned: one thread on the client core; unpinned: two threads on every
core, as a user runs it beside the server) and a Python fallback for smoke runs.

Both report the same ``LoadResult``: requests per second, p50/p99 latency and the number of
answers that were not the expected success, so a run that measured errors is visible as such.
"""

from __future__ import annotations

import http.client
import itertools
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.harness.procs import CLIENT_CORE, placed


@dataclass
class Request:
    """One HTTP request, replayed by the load generator."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""
    #: a header sent with a value unique to each request (a client's trace id), or None
    trace_header: str | None = None


@dataclass
class LoadResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    generator: str

    def as_json(self) -> dict:
        return asdict(self)


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def _lua_string(value: str | bytes) -> str:
    text = value.decode("utf-8") if isinstance(value, bytes) else value
    # a JSON string literal with raw UTF-8 is a valid Lua string literal (LuaJIT has no \\uXXXX)
    return json.dumps(text, ensure_ascii=False)


_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "\\nRESULT {\\"requests\\": %d, \\"duration_us\\": %d, \\"errors\\": %d, \\"status_errors\\": %d," ..
    " \\"p50_us\\": %d, \\"p99_us\\": %d}\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


#: a trace id unique to each request: the thread's number (set in ``setup``) and a counter
_TRACED = """
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
local sent = 0
request = function()
  sent = sent + 1
  wrk.headers[%s] = "bench-" .. thread_id .. "-" .. sent
  return wrk.format()
end
"""


def _script(request: Request) -> str:
    lines = [f"wrk.method = {_lua_string(request.method)}"]
    for name, value in request.headers.items():
        lines.append(f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}")
    if request.body:
        lines.append(f"wrk.body = {_lua_string(request.body)}")
    traced = _TRACED % _lua_string(request.trace_header) if request.trace_header else ""
    return "\n".join(lines) + "\n" + traced + _DONE


def wrk(port: int, request: Request, connections: int, seconds: float, pinned: bool = True) -> LoadResult:
    """``wrk -t1 -c<connections>`` on the client core for ``seconds``; unpinned, ``-t2`` (one
    thread with one connection) on every core."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(_script(request))
        script = handle.name
    try:
        argv = [
            "wrk",
            f"-t{1 if pinned or connections < 2 else 2}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            script,
            f"http://127.0.0.1:{port}{request.path}",
        ]
        placed_argv = placed(argv, pinned, CLIENT_CORE)
        out = subprocess.run(placed_argv, capture_output=True, text=True, timeout=seconds + 120, check=False)
    finally:
        Path(script).unlink(missing_ok=True)
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {out.stdout[-500:]} {out.stderr[-500:]}")
    found = json.loads(line[len("RESULT ") :])
    seconds_run = found["duration_us"] / 1e6
    return LoadResult(
        rps=found["requests"] / seconds_run if seconds_run else 0.0,
        p50_ms=found["p50_us"] / 1000,
        p99_ms=found["p99_us"] / 1000,
        requests=found["requests"],
        errors=found["errors"] + found["status_errors"],
        generator="wrk",
    )


def python_load(port: int, request: Request, connections: int, seconds: float) -> LoadResult:
    """A closed-loop generator on threads with keep-alive connections. Slower than wrk (the GIL
    caps it near a few thousand requests per second), so it is used only by the smoke mode."""
    latencies: list[float] = []
    errors = [0]
    traces = itertools.count()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            headers = request.headers
            if request.trace_header:
                headers = {**headers, request.trace_header: f"bench-{next(traces)}"}
            try:
                conn.request(request.method, request.path, body=request.body or None, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if not latencies:
        return LoadResult(0.0, 0.0, 0.0, 0, errors[0], "python")
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return LoadResult(
        rps=len(latencies) / elapsed,
        p50_ms=statistics.median(ordered) * 1000,
        p99_ms=p99 * 1000,
        requests=len(latencies),
        errors=errors[0],
        generator="python",
    )


def run_load(
    port: int, request: Request, connections: int, seconds: float, allow_python: bool, pinned: bool = True
) -> LoadResult:
    if wrk_available():
        return wrk(port, request, connections, seconds, pinned)
    if not allow_python:
        raise RuntimeError("wrk is not installed (apt-get install -y wrk)")
    return python_load(port, request, connections, seconds)


def median_result(results: list[LoadResult]) -> LoadResult:
    """The median of repeated runs, field by field."""
    return LoadResult(
        rps=statistics.median(r.rps for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        requests=sum(r.requests for r in results),
        errors=sum(r.errors for r in results),
        generator=results[0].generator,
    )


def send_count(port: int, request: Request, count: int, connections: int = 8, expect: int = 201) -> int:
    """Send exactly ``count`` requests over ``connections`` keep-alive connections (loading data:
    wrk runs for a duration, not a count). Returns how many were answered with ``expect``."""
    lock = threading.Lock()
    left = [count]
    good = [0]

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = 0
        while True:
            with lock:
                if left[0] <= 0:
                    break
                left[0] -= 1
            conn.request(request.method, request.path, body=request.body or None, headers=request.headers)
            response = conn.getresponse()
            response.read()
            mine += response.status == expect
        conn.close()
        with lock:
            good[0] += mine

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return good[0]
