"""A description of the machine and the software versions, printed with every result."""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.harness.procs import CLIENT_CORE, SERVER_CORE, cores, pinning_enabled


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _wrk_version() -> str | None:
    try:
        done = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return (done.stdout or done.stderr).splitlines()[0] if (done.stdout or done.stderr) else None


def describe(extra: dict[str, str] | None = None) -> dict[str, Any]:
    pinned = pinning_enabled()
    return {
        "cpu": _cpu_model(),
        "cores": cores(),
        "memory_gb": _memory_gb(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mockserver": _version("mockserver"),
        "waitress": _version("waitress"),
        "cheroot": _version("cheroot"),
        "gunicorn": _version("gunicorn"),
        "wrk": _wrk_version(),
        "pinning": (
            f"unpinned rows: servers and load generator (wrk -t2) on every core; pinned rows: servers on"
            f" core {SERVER_CORE}, load generator (wrk -t1) on core {CLIENT_CORE} (taskset); harness on"
            f" core {CLIENT_CORE}"
            if pinned
            else "none (fewer than 2 cores or no taskset)"
        ),
        **(extra or {}),
    }
