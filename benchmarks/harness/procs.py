"""Launching a server process on its own core, waiting for its first answer, reading its memory.

The machine the benchmarks were written for has two cores: the load generator and this harness run
on core 0, every server under test on core 1 (``taskset``), so client and server never compete for
a core. On a one-core machine nothing is pinned.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

CLIENT_CORE = 0
SERVER_CORE = 1


#: the cores this process may use, read once at import (before the harness pins itself)
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def cores() -> int:
    return _CORES


def pinning_enabled() -> bool:
    return cores() >= 2 and shutil.which("taskset") is not None


def pin_self_to_client_core() -> None:
    """Keep the harness (and the load generators it spawns) off the server's core."""
    if pinning_enabled():
        os.sched_setaffinity(0, {CLIENT_CORE})


def on_core(argv: Sequence[str], core: int) -> list[str]:
    return ["taskset", "-c", str(core), *argv] if pinning_enabled() else list(argv)


def on_every_core(argv: Sequence[str]) -> list[str]:
    """Every core, as a user runs it: the harness pins itself to the client core and a child
    inherits that, so an unpinned server or load generator is given all cores back explicitly."""
    return ["taskset", "-c", f"0-{cores() - 1}", *argv] if pinning_enabled() else list(argv)


def placed(argv: Sequence[str], pinned: bool, core: int) -> list[str]:
    return on_core(argv, core) if pinned else on_every_core(argv)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Probe:
    """The request whose first successful answer marks a server as ready."""

    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    expect: int = 200


def answer(port: int, probe: Probe, timeout: float = 2.0) -> tuple[int, bytes] | None:
    """One request on a fresh connection; None when nothing listens yet."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(probe.method, probe.path, body=probe.body, headers=probe.headers)
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


@dataclass
class Launched:
    """A running server process and how long it took from launch to its first good answer."""

    name: str
    process: subprocess.Popen
    port: int
    ready_seconds: float
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_mb(self) -> float:
        """Resident memory of the process and its children (Prism and gunicorn fork)."""
        return sum(_rss_kb(pid) for pid in _tree(self.process.pid)) / 1024

    def settled_rss_mb(self, quiet_seconds: float = 1.0, limit_seconds: float = 15.0) -> float:
        """Resident memory once it stops growing: background warm-up (ours), JIT compilation and
        class loading (WireMock) keep allocating for a while after the first answer."""
        deadline = time.perf_counter() + limit_seconds
        last, still_since = self.rss_mb(), time.perf_counter()
        while time.perf_counter() < deadline:
            time.sleep(0.2)
            now = self.rss_mb()
            if abs(now - last) > 0.5:
                last, still_since = now, time.perf_counter()
            elif time.perf_counter() - still_since >= quiet_seconds:
                break
        return last

    def stop(self) -> None:
        stop(self.process)

    def pause(self) -> None:
        """SIGSTOP the process group: while another server is measured on the same core, this one
        gets no CPU at all (a JVM's background GC threads would otherwise steal it)."""
        _signal_group(self.process, signal.SIGSTOP)

    def resume(self) -> None:
        _signal_group(self.process, signal.SIGCONT)


def launch(
    name: str,
    argv: Sequence[str],
    port: int,
    probe: Probe,
    log_dir: Path,
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    pinned: bool = True,
) -> Launched:
    """Start ``argv`` on the server core (``pinned``) or on every core; return once ``probe`` is
    answered with its status.

    The clock starts just before ``fork``/``exec`` and stops at the first answer with the expected
    status, polled every 2 ms: that is what a CI job waiting for the server sees."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name}.log"
    handle = log.open("ab")
    started = time.perf_counter()
    process = subprocess.Popen(
        placed(argv, pinned, SERVER_CORE),
        stdout=handle,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        start_new_session=True,
    )
    handle.close()
    deadline = started + timeout
    while time.perf_counter() < deadline:
        got = answer(port, probe, timeout=1.0)
        if got is not None and got[0] == probe.expect:
            return Launched(name, process, port, time.perf_counter() - started, log)
        if process.poll() is not None:
            break
        time.sleep(0.002)
    stop(process)
    tail = log.read_text("utf-8", errors="replace")[-1500:]
    raise RuntimeError(f"{name} did not answer {probe.method} {probe.path} with {probe.expect}:\n{tail}")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the process group, SIGKILL it after 5 s."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)


def _tree(pid: int) -> list[int]:
    found = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        for child in children.read_text().split():
            found.extend(_tree(int(child)))
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
