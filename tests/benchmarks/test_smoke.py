"""The benchmark harness in its smoke mode, so it cannot rot: it runs (seconds, no peers, no
installs) and writes its Markdown table and JSON. No number is asserted: benchmarks are not tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_run_writes_the_tables(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    table = (tmp_path / "latest.md").read_text("utf-8")
    for heading in ("## Machine", "## Targets", "## Cold start", "## Throughput and latency", "## Memory"):
        assert heading in table
    assert "| Fresh tenant <= 5 ms |" in table
    results = json.loads((tmp_path / "latest.json").read_text("utf-8"))
    assert results["mode"] == "smoke"
    names = {t["target"] for t in results["targets"]}
    assert names >= {"Fresh tenant <= 5 ms", "RSS <= 100 MB with 10,000 records"}
    assert results["cold_start"]["servers"]["mockserver"]["median_s"] > 0
    assert any(row.get("available") and row["requests"] > 0 for row in results["throughput"])
    servers = {row["server"] for row in results["throughput"] if row.get("available")}
    assert servers == {"mockserver (granian)", "mockserver (granian, --no-replay)"}
    assert [entry["server"] for entry in results["wsgi"]] == ["granian"]
    assert "## WSGI server" in table
