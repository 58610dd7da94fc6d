"""The measurements, in the order they run, each on freshly launched servers.

1. every server under load (every row at 1, 8 and 32 connections): ours, ours with
   ``--no-replay`` (the replayable reads), WireMock and Prism serving our answers, all launched at
   once and loaded in turn, so drift hits every server alike; once unpinned (every core for the
   servers and ``wrk -t2``, what a user gets) and once pinned (servers on one core, ``wrk -t1`` on
   the other)
2. cold starts, interleaved (ours, WireMock, Prism, ours, ...) for the same reason
3. a clean world per test: a fresh tenant vs a peer restart
4. memory and scaling: one tenant loaded to 1k, 10k, 100k records through the API
5. the WSGI server choice: the replayed read and the write on granian, waitress, cheroot and
   gunicorn (one process each)

The sections issue 23 added (the mixed test-suite workload, the access log's cost, the in-process
profile of the computed rows) live in ``benchmarks.harness.sections``.
"""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.harness import load, ours, peers
from benchmarks.harness.load import LoadResult, Request
from benchmarks.harness.procs import Launched, Probe, answer, free_port, launch
from benchmarks.harness.targets import Entity, Target, discover, robaws_entity, robaws_keys

CONNECTIONS = (1, 8, 32)
#: the rows the WSGI server comparison runs: a replayed read (the server's own cost dominates)
#: and a write
WSGI_ROWS = ("robaws_list", "write")


@dataclass
class Plan:
    """How much to measure; ``smoke`` is the CI mode (seconds, no peers)."""

    mode: str
    seconds: float
    repeats: int
    cold_repeats: int
    warm_seconds: float
    connections: tuple[int, ...] = CONNECTIONS
    scaling: tuple[int, ...] = (1_000, 10_000, 100_000)
    memory_records: int = 10_000
    peers: bool = True
    #: our app on each WSGI server in turn, back to back (granian and waitress are the project's)
    wsgi: tuple[str, ...] = ("granian", "waitress", "cheroot", "gunicorn")
    tenant_samples: int = 200
    restarts: int = 3
    allow_python_load: bool = False
    #: how long memory must stay flat before it is read (0: read at once)
    settle_seconds: float = 1.0
    #: the load rows' placements, in order: False = unpinned (as a user runs it), True = pinned
    placements: tuple[bool, ...] = (False, True)
    #: a checkout of an earlier version whose server joins the unpinned load rows ("before")
    baseline: Path | None = None

    @classmethod
    def named(cls, mode: str) -> Plan:
        if mode == "smoke":
            return cls(
                "smoke",
                1.0,
                1,
                1,
                0.0,
                connections=(1,),
                scaling=(100,),
                memory_records=100,
                peers=False,
                wsgi=("granian",),
                tenant_samples=20,
                restarts=0,
                allow_python_load=True,
                settle_seconds=0.0,
                placements=(False,),
            )
        if mode == "quick":
            return cls("quick", 2.0, 1, 2, 1.0, scaling=(1_000, 10_000), restarts=1, tenant_samples=100)
        return cls("full", 5.0, 3, 5, 2.0)


@dataclass
class Run:
    plan: Plan
    work: Path
    results: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    #: peers that could not be launched in this run, with the reason
    failed_peers: dict[str, str] = field(default_factory=dict)

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)


def say(text: str) -> None:
    print(text, flush=True)


# -- launching --------------------------------------------------------------------------------------
def launch_ours(
    run: Run,
    server: str | None = "granian",
    probe: Probe | None = None,
    replay: bool = True,
    pinned: bool = True,
    code: Path | None = None,
    quiet: bool = False,
) -> Launched:
    """Our server; ``code``: a checkout whose ``mockserver`` package runs instead of this one;
    ``quiet``: without the access log (``--quiet``)."""
    port = free_port()
    argv = ours.argv(server, port, replay, quiet)
    log_dir = run.work / "logs"
    env = {"PYTHONPATH": str(code)} if code is not None else None
    name = f"mockserver-{server or 'default'}" + ("-baseline" if code is not None else "")
    name += "-quiet" if quiet else ""
    return launch(name, argv, port, probe or ours.HEALTH, log_dir, pinned=pinned, env=env, cwd=code)


def _probe_of(target: Target | None) -> Probe:
    if target is None or target.answer is None:
        return ours.HEALTH
    answer = target.answer
    return Probe(answer.path, answer.method, answer.headers, answer.request_body or None, answer.status)


def cold_probe(run: Run) -> Probe:
    """The first read row that works (a real vendor answer, with authentication), else health."""
    found = next((t for t in run.targets if t.available and t.answer and t.answer.method == "GET"), None)
    return _probe_of(found)


def peer_names(run: Run) -> list[str]:
    return [n for n in ("wiremock", "prism") if run.plan.peers and n not in run.failed_peers]


def launch_peer(run: Run, name: str, pinned: bool = True) -> Launched:
    """Launch a peer; a peer that fails is recorded and left out of the rest of the run."""
    try:
        return _launch_peer(run, name, pinned)
    except (RuntimeError, ValueError, OSError) as exc:
        run.failed_peers[name] = str(exc).splitlines()[0]
        run.note(f"{name} could not be launched and is left out: {str(exc)[:300]}")
        raise PeerFailed(name) from exc


class PeerFailed(Exception):
    pass


def _launch_peer(run: Run, name: str, pinned: bool) -> Launched:
    answers = [t.answer for t in _served_by(name, run.targets) if t.answer is not None]
    port = free_port()
    if name == "wiremock":
        argv = peers.wiremock_argv(peers.wiremock_root(answers, run.work), port)
    else:
        argv = peers.prism_argv(peers.prism_document(answers, peers.ROOT / "contracts", run.work), port)
    return launch(name, argv, port, cold_probe(run), run.work / "logs", timeout=120, pinned=pinned)


# -- load -------------------------------------------------------------------------------------------
def measure(run: Run, port: int, request: Request, connections: int) -> LoadResult:
    runs = [
        load.run_load(port, request, connections, run.plan.seconds, run.plan.allow_python_load)
        for _ in range(run.plan.repeats)
    ]
    return load.median_result(runs)


def warm(run: Run, name: str, port: int, request: Request, pinned: bool = True) -> None:
    """The peers' runtimes compile hot code while they run (the JVM's JIT, V8): they get the plan's
    warm-up; ours, which answered each row once already (``discover``), one second."""
    seconds = run.plan.warm_seconds if not name.startswith("mockserver") else min(1.0, run.plan.warm_seconds)
    if seconds and load.wrk_available():
        load.wrk(port, request, 8, seconds, pinned)


def _settle_runtime(run: Run, server: Launched, requests: list[Request], pinned: bool) -> None:
    """A freshly launched peer's runtime (the JVM's JIT and heap sizing, V8) takes longer than one
    row's warm-up to settle: every row once more, at 8 connections, before any is measured."""
    if run.plan.warm_seconds and load.wrk_available():
        for request in requests:
            load.wrk(server.port, request, 8, run.plan.warm_seconds, pinned)


def placement(pinned: bool) -> str:
    return "pinned" if pinned else "unpinned"


def load_rows(
    run: Run,
    servers: dict[str, tuple[Launched, dict[str, Request]]],
    connections: tuple[int, ...],
    pinned: bool = True,
    targets: list[Target] | None = None,
) -> list[dict[str, Any]]:
    """Every row on every server (name -> the server and its requests by row), interleaved: for each
    row, connection count and repeat the servers take turns, so drift on a shared machine (other
    work on the host) hits every server alike instead of whichever was measured when it struck.
    The servers not being measured are paused (``Launched.pause``)."""
    rows = []
    where = placement(pinned)
    for target in run.targets if targets is None else targets:
        measured = {
            name: (srv, reqs[target.key]) for name, (srv, reqs) in servers.items() if target.key in reqs
        }
        rows.extend(
            {
                "target": target.key,
                "server": name,
                "placement": where,
                "connections": c,
                "available": False,
                "reason": target.reason or "not available",
            }
            for name in servers
            if name not in measured
            for c in connections
        )
        for name, (srv, request) in measured.items():
            with alone(servers, name):
                warm(run, name, srv.port, request, pinned)
        for c in connections:
            samples: dict[str, list[LoadResult]] = {name: [] for name in measured}
            for _ in range(run.plan.repeats):
                for name, (srv, request) in measured.items():
                    with alone(servers, name):
                        samples[name].append(
                            load.run_load(
                                srv.port, request, c, run.plan.seconds, run.plan.allow_python_load, pinned
                            )
                        )
            for name, results in samples.items():
                result = load.median_result(results)
                say(
                    f"  {where:<8} {name:<34} {target.key:<21} c={c:<3} {result.rps:9.0f} req/s"
                    f"  p50 {result.p50_ms:7.2f} ms  p99 {result.p99_ms:7.2f} ms  errors {result.errors}"
                )
                row = {
                    "target": target.key,
                    "server": name,
                    "placement": where,
                    "connections": c,
                    "available": True,
                }
                rows.append({**row, **result.as_json()})
    return rows


@contextlib.contextmanager
def alone(servers: dict[str, tuple[Launched, dict[str, Request]]], name: str) -> Iterator[None]:
    others = [srv for other, (srv, _reqs) in servers.items() if other != name]
    for srv in others:
        srv.pause()
    try:
        yield
    finally:
        for srv in others:
            srv.resume()


# -- 1. every server under load -------------------------------------------------------------------
OURS = "mockserver (granian)"
OURS_COMPUTED = "mockserver (granian, --no-replay)"
#: the ``--baseline`` checkout on its own default server
BEFORE = "mockserver before"


def throughput(run: Run) -> dict[str, Any]:
    """Every load row, once per placement (``Plan.placements``), each on freshly launched servers."""
    rows: list[dict[str, Any]] = []
    rss: dict[str, float] = {}
    written: dict[str, int | None] = {}
    for pinned in run.plan.placements:
        measured = _throughput_placed(run, pinned)
        rows.extend(measured["rows"])
        rss.update({f"{name} ({placement(pinned)})": mb for name, mb in measured["rss_after_mb"].items()})
        written[placement(pinned)] = measured["write_tenant_records"]
    return {"rows": rows, "rss_after_mb": rss, "write_tenant_records": written}


def _throughput_placed(run: Run, pinned: bool) -> dict[str, Any]:
    """Ours, ours with ``--no-replay`` (its replayable reads only: what such a read costs when the
    vendor's application computes it), WireMock and Prism, all running at once (on the server core
    when ``pinned``, else on every core) and loaded in turn (``load_rows``)."""
    launched: dict[str, Launched] = {}
    servers: dict[str, tuple[Launched, dict[str, Request]]] = {}
    first = not run.targets
    try:
        launched[OURS] = launch_ours(run, pinned=pinned)
        client = ours.Client(launched[OURS].port)
        targets, entity, notes = discover(client)
        if first:
            run.targets = targets
            for text in notes:
                run.note(text)
            for target in targets:
                if not target.available:
                    run.note(f"{target.label}: not available ({target.reason})")
        servers[OURS] = (launched[OURS], _requests(targets))
        launched[OURS_COMPUTED] = launch_ours(run, replay=False, pinned=pinned)
        computed_targets, _entity, _notes = discover(ours.Client(launched[OURS_COMPUTED].port))
        # the trace-id row computed is the plain page computed: measured once
        replayable = {t.key for t in computed_targets if t.replayable and t.key != "robaws_traced"}
        reads = {k: r for k, r in _requests(computed_targets).items() if k in replayable}
        servers[OURS_COMPUTED] = (launched[OURS_COMPUTED], reads)
        if run.plan.baseline is not None and not pinned:
            launched[BEFORE] = launch_ours(run, None, pinned=pinned, code=run.plan.baseline)
            before_targets, _entity, _notes = discover(ours.Client(launched[BEFORE].port))
            servers[BEFORE] = (launched[BEFORE], _requests(before_targets))
        for name in peer_names(run):
            try:
                launched[name] = launch_peer(run, name, pinned)
            except PeerFailed:
                continue
            for target in run.targets:
                if target.available and first and target not in _served_by(name, run.targets):
                    run.note(f"{name} cannot serve {target.label}: it mocks OpenAPI contracts only")
                elif target.available and first:
                    run.note(f"{name} answer to {target.label}: {_compare(launched[name].port, target)}")
            answers = {t.key: t.answer_request() for t in _served_by(name, run.targets)}
            servers[name] = (launched[name], answers)
            _settle_runtime(run, launched[name], list(answers.values()), pinned)
        rows = load_rows(run, servers, run.plan.connections, pinned)
        writes = _records_written(client, entity)
        client.close()
        return {
            "rows": rows,
            "rss_after_mb": {name: server.rss_mb() for name, server in launched.items()},
            "write_tenant_records": writes,
        }
    finally:
        for server in launched.values():
            server.stop()


def discover_targets(run: Run) -> None:
    """The rows and our answers to them, for the sections after the load rows when those are not
    run."""
    launched = launch_ours(run)
    try:
        run.targets, _entity, _notes = discover(ours.Client(launched.port))
    finally:
        launched.stop()


def _served_by(peer: str, targets: list[Target]) -> list[Target]:
    """The rows a peer can serve: WireMock every stub, Prism only what an OpenAPI contract describes."""
    return [t for t in targets if t.available and (peer != "prism" or t.openapi)]


def _requests(targets: list[Target]) -> dict[str, Request]:
    return {t.key: t.request for t in targets if t.available and t.request is not None}


def our_throughputs(run: Run, names: list[str], pinned: bool) -> dict[str, dict[str, Any]]:
    """The WSGI comparison's rows on our app served by each WSGI server, all launched at once and
    loaded in turn (``load_rows``), so drift hits every server alike (section 5)."""
    launched: dict[str, Launched] = {}
    servers: dict[str, tuple[Launched, dict[str, Request]]] = {}
    try:
        for name in names:
            launched[name] = launch_ours(run, name, pinned=pinned)
            client = ours.Client(launched[name].port)
            targets, _entity, _notes = discover(client)
            client.close()
            servers[f"mockserver ({name})"] = (launched[name], _requests(targets))
        compared = [t for t in run.targets if t.key in WSGI_ROWS]
        rows = load_rows(run, servers, run.plan.connections, pinned, targets=compared)
        return {
            name: {
                "rows": [r for r in rows if r["server"] == f"mockserver ({name})"],
                "rss_after_mb": launched[name].rss_mb(),
            }
            for name in names
        }
    finally:
        for server in launched.values():
            server.stop()


def _records_written(client: ours.Client, entity: Entity | None) -> int | None:
    if entity is None:
        return None
    status, _h, body = client.request("GET", entity.first_page, None, entity.headers)
    try:
        import json

        return int(json.loads(body)["totalItems"]) if status == 200 else None
    except (ValueError, KeyError, TypeError):
        return None


# -- 2. cold starts ---------------------------------------------------------------------------------
def cold_starts(run: Run) -> dict[str, Any]:
    names = ["mockserver", *peer_names(run)]
    times: dict[str, list[float]] = {n: [] for n in names}
    rss: dict[str, list[float]] = {n: [] for n in names}
    probe = cold_probe(run)
    for _ in range(run.plan.cold_repeats):
        for name in names:
            if name in run.failed_peers:
                continue
            try:
                launched = launch_ours(run, probe=probe) if name == "mockserver" else launch_peer(run, name)
            except PeerFailed:
                continue
            times[name].append(launched.ready_seconds)
            rss[name].append(_rss(run, launched))
            launched.stop()
            say("  cold start: " + ", ".join(f"{n} {times[n][-1] * 1000:.0f} ms" for n in names if times[n]))
    return {
        "probe": f"{probe.method} {probe.path}",
        "servers": {
            n: {
                "median_s": statistics.median(times[n]),
                "runs_s": times[n],
                "rss_mb": statistics.median(rss[n]),
            }
            for n in names
            if times[n]
        },
    }


def _rss(run: Run, launched: Launched) -> float:
    if not run.plan.settle_seconds:
        return launched.rss_mb()
    return launched.settled_rss_mb(quiet_seconds=run.plan.settle_seconds)


def _compare(port: int, target: Target) -> str:
    """Whether a peer serves the same bytes as we do for this request."""
    import json

    request, mine = target.answer_request(), target.answer
    assert mine is not None
    got = answer(port, Probe(request.path, request.method, request.headers, request.body or None))
    if got is None:
        return "no answer"
    status, body = got
    if status != mine.status:
        return f"status {status} (ours {mine.status})"
    if body == mine.body:
        return "identical bytes"
    try:
        same = json.loads(body) == json.loads(mine.body)
    except ValueError:
        same = False
    return "same JSON, other bytes (number formatting)" if same else "DIFFERENT body"


# -- 3. clean world per test ------------------------------------------------------------------------
def clean_world(run: Run) -> dict[str, Any]:
    launched = launch_ours(run)
    out: dict[str, Any] = {}
    try:
        client = ours.Client(launched.port)
        creates, deletes = [], []
        for _ in range(run.plan.tenant_samples):
            started = time.perf_counter()
            tenant = ours.create_tenant(client)
            creates.append(time.perf_counter() - started)
            deletes.append(client.timed("DELETE", f"/_mock/tenants/{tenant['id']}"))
        out["create_ms"] = statistics.median(creates) * 1000
        out["create_p99_ms"] = _p99(creates) * 1000
        out["delete_ms"] = statistics.median(deletes) * 1000
        seeded = _first_request_costs(run, client)
        if seeded:
            out["create_and_first_request_ms"] = statistics.median(seeded) * 1000
        client.close()
    finally:
        launched.stop()
    for name in peer_names(run):
        try:
            out[f"{name}_restart_s"] = _restart(run, name)
            if name == "wiremock":
                out["wiremock_mappings_reset_ms"] = _wiremock_reset(run)
        except PeerFailed:
            continue
    say("  clean world: " + ", ".join(f"{k} {v:.3f}" for k, v in out.items() if isinstance(v, float)))
    return out


def _first_request_costs(run: Run, client: ours.Client) -> list[float]:
    """A fresh tenant plus its first vendor request, which seeds the tenant's data (lazily)."""
    target = next((t for t in run.targets if t.key == "robaws_list" and t.available), None)
    keys = robaws_keys(client)
    if target is None or target.request is None or keys is None:
        return []
    costs = []
    for _ in range(max(5, run.plan.tenant_samples // 10)):
        started = time.perf_counter()
        tenant = ours.create_tenant(client)
        creds = tenant["credentials"]["robaws"]
        headers = {**target.request.headers, "Authorization": ours.basic(creds[keys[0]], creds[keys[1]])}
        status, _h, _body = client.request("GET", target.request.path, None, headers)
        costs.append(time.perf_counter() - started)
        if status != 200:
            run.note(f"first request of a fresh tenant answered {status}")
            return []
        client.request("DELETE", f"/_mock/tenants/{tenant['id']}")
    return costs


def _restart(run: Run, name: str) -> float | None:
    if run.plan.restarts == 0:
        return None
    launched = launch_peer(run, name)
    samples = []
    for _ in range(run.plan.restarts):
        started = time.perf_counter()
        launched.stop()
        launched = launch_peer(run, name)
        samples.append(time.perf_counter() - started)
    launched.stop()
    return statistics.median(samples)


def _wiremock_reset(run: Run) -> float:
    launched = launch_peer(run, "wiremock")
    try:
        client = ours.Client(launched.port)
        samples = [client.timed("POST", "/__admin/mappings/reset") for _ in range(30)]
        client.close()
        return statistics.median(samples) * 1000
    finally:
        launched.stop()


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


# -- 4. memory and scaling ---------------------------------------------------------------------------
def memory_and_scaling(run: Run) -> dict[str, Any]:
    target = next((t for t in run.targets if t.key == "robaws_list" and t.available), None)
    if target is None:
        return {"available": False, "reason": "needs the Robaws clients endpoints"}
    # without replay: the same record asked again would otherwise be answered from the replay
    # store, and this section is about what the store's size does to a computed answer
    launched = launch_ours(run, replay=False)
    try:
        client = ours.Client(launched.port)
        out: dict[str, Any] = {"available": True, "rss_start_mb": _rss(run, launched), "levels": []}
        entity = robaws_entity(client, target.mount, [], fixtures="empty")
        assert entity is not None
        status, _h, body = client.request(
            "POST", entity.create.path, entity.create.body, entity.create.headers
        )
        if status != 201:
            return {"available": False, "reason": f"create answered {status}"}
        record_id = entity.id_of(body)
        loaded = 1
        levels = sorted({*run.plan.scaling, run.plan.memory_records})
        for level in levels:
            started = time.perf_counter()
            loaded = _load_records(run, launched.port, entity, client, level)
            load_seconds = time.perf_counter() - started
            row = {"records": loaded, "load_seconds": load_seconds, "rss_mb": launched.rss_mb()}
            if level in run.plan.scaling:
                by_id = measure_latency(run, launched.port, entity.get(entity.by_id.format(id=record_id)))
                page = measure_latency(run, launched.port, entity.get(entity.first_page))
                row.update(
                    by_id_p50_ms=by_id.p50_ms,
                    by_id_p99_ms=by_id.p99_ms,
                    by_id_errors=by_id.errors,
                    page_p50_ms=page.p50_ms,
                    page_p99_ms=page.p99_ms,
                    page_errors=page.errors,
                )
            if level == run.plan.memory_records:
                out["rss_loaded_mb"] = row["rss_mb"]
                out["memory_records"] = loaded
            say(f"  scaling: {row}")
            out["levels"].append(row)
        client.close()
        return out
    finally:
        launched.stop()


def measure_latency(run: Run, port: int, request: Request) -> LoadResult:
    """One connection, back to back: the latency of a single client (p50 is what a test sees)."""
    if run.plan.warm_seconds:
        load.run_load(port, request, 1, run.plan.warm_seconds, run.plan.allow_python_load)
    return measure(run, port, request, 1)


def _count(client: ours.Client, entity: Entity) -> int:
    import json

    status, _h, body = client.request("GET", entity.first_page, None, entity.headers)
    if status != 200:
        raise RuntimeError(f"list answered {status}: {body[:200]!r}")
    return int(json.loads(body)["totalItems"])


def _load_records(run: Run, port: int, entity: Entity, client: ours.Client, level: int) -> int:
    """Create records through the API (8 connections) until the tenant holds ``level``."""
    have = _count(client, entity)
    if level > have:
        created = load.send_count(port, entity.create, level - have)
        if created != level - have:
            raise RuntimeError(f"only {created} of {level - have} creates succeeded")
    return _count(client, entity)


# -- 5. WSGI servers ---------------------------------------------------------------------------------
def wsgi_servers(run: Run) -> list[dict[str, Any]]:
    names = []
    for server in run.plan.wsgi:
        if ours.wsgi_available(server):
            names.append(server)
        else:
            run.note(f"WSGI server {server} not installed; skipped (pip install {server})")
    ready = {}
    for server in names:
        launched = launch_ours(run, server, cold_probe(run))
        ready[server] = launched.ready_seconds
        launched.stop()
    measured = {server: {"rows": [], "rss_after_mb": {}} for server in names}
    for pinned in run.plan.placements:
        for server, found in our_throughputs(run, names, pinned).items():
            measured[server]["rows"].extend(found["rows"])
            measured[server]["rss_after_mb"][placement(pinned)] = found["rss_after_mb"]
    return [
        {
            "server": server,
            "cold_start_s": ready[server],
            "rss_after_mb": measured[server]["rss_after_mb"],
            "rows": measured[server]["rows"],
        }
        for server in names
    ]


def timed(label: str, step: Callable[[], Any]) -> Any:
    say(f"== {label}")
    started = time.perf_counter()
    result = step()
    say(f"   ({time.perf_counter() - started:.0f} s)")
    return result
