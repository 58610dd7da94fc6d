"""Memory stays bounded under maximum-size envelopes: a real server process, eight concurrent
4.6 MiB envelopes, resident memory read from /proc (``benchmarks/severa_memory.py`` measures the
same with every shape and prints the figures). Memory is asserted, never time."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import severa_memory as bench

#: the issue's bound for the server process during the burst
PEAK_LIMIT_MB = 300
#: "near its idle size": what the process may keep once the burst is over. Measured over the
#: largest tree: +15 to +32 MiB with the parse's memory handed back (the allocator's noise; 25 was
#: crossed on main too), +188 MiB without it (``memory.release`` removed): 50 tells them apart
AFTER_MARGIN_MB = 50


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    launched = bench.start(Path(tmp_path_factory.mktemp("severa-memory")))
    yield launched
    launched.stop()


@pytest.mark.parametrize(
    ("shape", "status"),
    [("unknown-elements", 200), ("one-string", 200), ("many-guids", 500)],
    ids=["largest-tree-accepted", "largest-text-accepted", "over-the-element-quota"],
)
def test_eight_concurrent_maximum_size_envelopes_stay_under_300_mb(server, shape, status):
    body = bench.SHAPES[shape]()
    assert len(body) > 4.5 * 1024 * 1024
    idle = bench.settled_mb(server.pid)
    bench.reset_peak(server.pid)
    statuses = bench.concurrently(f"http://127.0.0.1:{server.port}{bench.PATH}", body)
    peak = bench.status_mb(server.pid, "VmHWM")
    assert statuses == [status] * bench.CONCURRENT
    assert peak < PEAK_LIMIT_MB, f"peak {peak:.0f} MiB (idle {idle:.0f} MiB)"
    # the memory a large call's parse used is handed back before its answer is sent
    # (``endpoint._soap``), so it is back near idle once every answer has arrived
    after = bench.status_mb(server.pid, "VmRSS")
    assert after <= idle + AFTER_MARGIN_MB, f"after {after:.0f} MiB, idle {idle:.0f} MiB"
