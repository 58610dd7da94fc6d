"""Where a computed request's time goes: CPU per request and a breakdown by layer, in process.

The app is built as the server builds it, with replay off (``Config(replay=False)``: every read is
computed by the vendor's application, as on the ``--no-replay`` server of the load rows) and no
access log, and called as a WSGI application with an environ prebuilt per row (``EnvironBuilder``,
a fresh ``BytesIO`` body per call): no HTTP server, no client, so the figures are our Python alone.
The rows are found by the same ``targets.discover`` as over HTTP, through ``WsgiClient``.

- CPU per request: ``time.thread_time`` over batches of calls, the median batch;
- layers: cProfile's own time per function, grouped by the package it lives in (a C builtin is
  charged to the layer that called it, except orjson's and lxml's, which are layers of their own),
  as shares of the whole: cProfile inflates absolute times, the shares are what to read.

``python -m benchmarks.harness.cpuprofile BATCH REPEATS CALLS [CHECKOUT]`` prints one JSON line
(with ``CHECKOUT``, that checkout's app: the ``--baseline`` figures); ``... log BATCH REPEATS``
the access log's CPU per replayed request (``log_cost``).
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from werkzeug.test import EnvironBuilder

from benchmarks.harness.ours import outgoing

#: the computed rows (the trace-id row computed is the plain page)
ROWS = (
    "robaws_list",
    "workspace_get",
    "werkbonapp_workorders",
    "flowii_partners",
    "severa_accounts",
    "write",
)
#: the layers, in the order the report shows them
LAYERS = (
    "flask",
    "werkzeug",
    "gateway",
    "journal",
    "pipeline",
    "core (store, state)",
    "vendor",
    "marshmallow",
    "spyne/lxml",
    "orjson",
    "rest",
)
#: modules of ``mockserver`` (relative paths) by layer; the rest of ``mockserver`` outside the
#: vendors' packages is "core (store, state)"
OWN_LAYERS = {
    "journal": ("core/journal.py", "core/accesslog.py"),
    "pipeline": (
        "core/pipeline.py",
        "core/ratelimit.py",
        "core/idempotency.py",
        "core/tokens.py",
        "core/vendor.py",
    ),
    "gateway": (
        "core/gateway.py",
        "core/http.py",
        "core/bodies.py",
        "core/faults.py",
        "core/replay.py",
        "core/contracts.py",
        "core/upstream.py",
        "core/matching.py",
        "core/selfcall.py",
        "server.py",
        "app.py",
        "httpd/",
    ),
}
LIBRARIES = {
    "/flask/": "flask",
    "/werkzeug/": "werkzeug",
    "/marshmallow/": "marshmallow",
    "/spyne/": "spyne/lxml",
}
LIBRARIES |= {"/lxml/": "spyne/lxml", "/orjson/": "orjson"}

Stats = dict[tuple[str, int, str], tuple[Any, ...]]


def environ(method: str, path: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """A WSGI environ for one request (the path may carry its query string)."""
    return EnvironBuilder(path=path, method=method, headers=headers, data=body).get_environ()


def call(app: Callable[..., Any], env: dict[str, Any], body: bytes) -> tuple[int, dict[str, str], bytes]:
    """One request through the app, as a WSGI server makes it: a fresh body stream, the answer's
    iterable drained and closed."""
    fresh = {**env, "wsgi.input": io.BytesIO(body)}
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started.append((status, headers))
        return lambda data: None

    result = app(fresh, start_response)
    try:
        out = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, headers = started[0]
    return int(status.split()[0]), dict(headers), out


class WsgiClient:
    """``ours.Client``'s calls (``request``, ``json``) on the WSGI app itself, so the rows are set
    up in process exactly as over HTTP (``targets.discover``)."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        raw, sent = outgoing(body, headers)
        return call(self.app, environ(method, path, sent, raw or b""), raw or b"")

    def json(self, method: str, path: str, body: Any = None, expect: int | None = None) -> Any:
        status, _headers, raw = self.request(method, path, body)
        if expect is not None and status != expect:
            raise RuntimeError(f"{method} {path} answered {status}: {raw[:300]!r}")
        return json.loads(raw) if raw else None

    def close(self) -> None:
        """Nothing to close: no connection."""


def cpu_per_request(
    app: Callable[..., Any], env: dict[str, Any], body: bytes, batch: int, reps: int
) -> list[float]:
    """CPU microseconds per request of each batch (this thread's CPU only: a background thread
    of the app is not charged)."""
    figures = []
    for _ in range(reps):
        started = time.thread_time()
        for _ in range(batch):
            call(app, env, body)
        figures.append((time.thread_time() - started) / batch * 1e6)
    return figures


def layer_of(filename: str, function: str) -> str | None:
    """The layer a function's own time belongs to; None for a C builtin charged to its caller."""
    path = filename.replace("\\", "/")
    if path == "~" or path.startswith("<"):
        if "orjson" in function:
            return "orjson"
        return "spyne/lxml" if "lxml" in function else None
    if "/mockserver/" in path:
        relative = path.rsplit("/mockserver/", 1)[1]
        if relative.startswith("vendors/"):
            return "vendor"
        for layer, modules in OWN_LAYERS.items():
            if any(relative == m or (m.endswith("/") and relative.startswith(m)) for m in modules):
                return layer
        return "core (store, state)"
    return next((layer for marker, layer in LIBRARIES.items() if marker in path), "rest")


def layer_shares(stats: Stats) -> dict[str, float]:
    """Each layer's share of the profiled time; a builtin's own time is split over its callers'
    layers in proportion to the time it spent for each."""
    totals = dict.fromkeys(LAYERS, 0.0)
    for (filename, _line, function), (_cc, _nc, own, _cum, callers) in stats.items():
        layer = layer_of(filename, function)
        if layer is not None:
            totals[layer] += own
            continue
        spent = {caller: figures[2] for caller, figures in callers.items()}
        whole = sum(spent.values())
        if not whole:
            totals["rest"] += own
            continue
        for (caller_file, _cl, caller_function), part in spent.items():
            totals[layer_of(caller_file, caller_function) or "rest"] += own * part / whole
    everything = sum(totals.values()) or 1.0
    return {layer: value / everything for layer, value in totals.items()}


def _short(filename: str, line: int, function: str) -> str:
    path = filename.replace("\\", "/")
    if path == "~":
        return function
    for marker in ("/mockserver/", "/site-packages/", "/dist-packages/"):
        if marker in path:
            path = ("mockserver/" if marker == "/mockserver/" else "") + path.rsplit(marker, 1)[1]
            break
    else:
        path = re.sub(r"^.*/lib/python3\.\d+/", "", path)
    return f"{path}:{line}({function})"


def hot_spots(stats: Stats, count: int = 6) -> list[tuple[str, float]]:
    """The functions with the most own time, with their share."""
    everything = sum(figures[2] for figures in stats.values()) or 1.0
    ranked = sorted(stats.items(), key=lambda item: -item[1][2])[:count]
    return [(_short(*key), figures[2] / everything) for key, figures in ranked]


def profile_row(app: Callable[..., Any], env: dict[str, Any], body: bytes, calls: int) -> dict[str, Any]:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        call(app, env, body)
    profiler.disable()
    stats: Stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    return {"layers": layer_shares(stats), "top": hot_spots(stats)}


def use_checkout(code: str) -> None:
    """Profile another checkout's ``mockserver`` (``--baseline``) with this harness: the harness
    imported this checkout's ``mockserver.config`` for a constant; forget every ``mockserver``
    module and put the checkout first, so the app is built from its code."""
    for name in [m for m in sys.modules if m == "mockserver" or m.startswith("mockserver.")]:
        del sys.modules[name]
    sys.path.insert(0, code)


def measure(batch: int, reps: int, calls: int, code: str | None = None) -> dict[str, Any]:
    """Every computed row: found on a fresh app, answered once (must succeed), timed, profiled
    (``calls=0``: not profiled); ``code``: an earlier checkout's app instead of this one's."""
    from benchmarks.harness.targets import discover

    if code is not None:
        use_checkout(code)
    from mockserver.app import create_app
    from mockserver.config import Config

    app = create_app(Config(replay=False))
    targets, _entity, notes = discover(WsgiClient(app))
    rows = []
    for target in (t for key in ROWS for t in targets if t.key == key):
        row: dict[str, Any] = {"key": target.key, "label": target.label, "available": target.available}
        if target.request is None or not target.available:
            rows.append({**row, "reason": target.reason})
            continue
        request = target.request
        env = environ(request.method, request.path, request.headers, request.body)
        status, _headers, answer = call(app, env, request.body)
        if not 200 <= status < 300:
            rows.append({**row, "available": False, "reason": f"answered {status}"})
            continue
        batches = cpu_per_request(app, env, request.body, batch, reps)
        row |= {"status": status, "bytes": len(answer), "cpu_us": statistics.median(batches)}
        profiled = profile_row(app, env, request.body, calls) if calls else {}
        rows.append({**row, "batches_us": batches, **profiled})
    return {
        "available": True,
        "batch": batch,
        "repeats": reps,
        "profiled_calls": calls,
        "rows": rows,
        "notes": notes,
    }


def _flush_log(app: Any) -> None:
    """Write the access log's queued lines now, so a batch pays for its own lines."""
    log = getattr(getattr(app, "gateway", None), "access_log", None)
    if log is not None:
        log.flush()


def log_cost(batch: int, reps: int) -> dict[str, Any]:
    """The access log's CPU in process: the replayed Robaws page on two apps in this process, one
    with the default text log (to a temporary file, as the server's log goes to a file in the load
    rows), one without, timed alternately with ``process_time`` (every thread: the log's writer
    thread too); each logged batch ends with the log flushed."""
    import tempfile

    from benchmarks.harness.targets import robaws_page
    from mockserver.app import create_app
    from mockserver.config import Config

    sys.stderr = tempfile.TemporaryFile("w+")  # noqa: SIM115 (the log's stream until exit)
    apps = {"quiet": create_app(Config()), "logged": create_app(Config(access_log="text"))}
    envs = {}
    for name, app in apps.items():
        page = robaws_page(WsgiClient(app))
        if page is None:
            return {"available": False, "reason": "the Robaws vendor is not mounted"}
        envs[name] = environ(page.method, page.path, page.headers, b"")
        call(app, envs[name], b"")  # computed once; every later call is replayed
    figures: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(reps):
        for name, app in apps.items():
            started = time.process_time()
            for _ in range(batch):
                call(app, envs[name], b"")
            _flush_log(app)
            figures[name].append((time.process_time() - started) / batch * 1e6)
    quiet, logged = statistics.median(figures["quiet"]), statistics.median(figures["logged"])
    return {"available": True, "quiet_us": quiet, "logged_us": logged, "cost": (logged - quiet) / logged}


def main(argv: list[str]) -> int:
    if argv[0] == "log":
        print(json.dumps(log_cost(int(argv[1]), int(argv[2]))), flush=True)
        return 0
    batch, reps, calls = (int(a) for a in argv[:3])
    print(json.dumps(measure(batch, reps, calls, argv[3] if len(argv) > 3 else None)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
