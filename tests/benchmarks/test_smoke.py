"""The benchmark harness in its smoke mode, so it cannot rot: it runs (seconds, no peers, no
installs) and writes its Markdown table and JSON. No number is asserted: benchmarks are not tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_run_writes_the_tables(tmp_path: Path) -> None:
    """One smoke run (a second would double the seconds CI spends here), checked section by section."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    table = (tmp_path / "latest.md").read_text("utf-8")
    results = json.loads((tmp_path / "latest.json").read_text("utf-8"))
    _check_earlier_sections(table, results)
    _check_workload_sections(table, results)


def _check_earlier_sections(table: str, results: dict[str, Any]) -> None:
    for heading in ("## Machine", "## Targets", "## Cold start", "## Throughput and latency", "## Memory"):
        assert heading in table
    assert "| Fresh tenant <= 5 ms |" in table
    assert results["mode"] == "smoke"
    names = {t["target"] for t in results["targets"]}
    assert names >= {"Fresh tenant <= 5 ms", "RSS <= 100 MB with 10,000 records"}
    assert results["cold_start"]["servers"]["mockserver"]["median_s"] > 0
    assert any(row.get("available") and row["requests"] > 0 for row in results["throughput"])
    servers = {row["server"] for row in results["throughput"] if row.get("available")}
    assert servers == {"mockserver (granian)", "mockserver (granian, --no-replay)"}
    assert [entry["server"] for entry in results["wsgi"]] == ["granian"]
    assert "## WSGI server" in table


def _check_workload_sections(table: str, results: dict[str, Any]) -> None:
    """The mixed test-suite workload, the access log's cost and the in-process profile (issue 23)."""
    for heading in ("## Mixed test-suite workload", "## Access log cost", "## Profile"):
        assert heading in table
    mixed = {row["workers"]: row for row in results["mixed"]["rows"]}
    assert set(mixed) == {1, 8}
    for row in mixed.values():
        assert row["available"] and row["tests"] > 0 and row["failed_tests"] == 0
        assert set(row["kinds"]) == {
            "tenant",
            "write",
            "read by id",
            "read page",
            "workspace read",
            "tenant delete",
        }
    log = results["access_log"]
    assert log["available"] and log["errors"] == 0 and log["logged_rps"] > 0 and log["quiet_rps"] > 0
    assert log["in_process"]["available"] and log["in_process"]["logged_us"] > 0
    rows = {row["key"]: row for row in results["profile"]["rows"]}
    assert set(rows) == {
        "robaws_list",
        "workspace_get",
        "werkbonapp_workorders",
        "flowii_partners",
        "severa_accounts",
        "write",
    }
    for row in rows.values():
        assert row["available"] and row["cpu_us"] > 0, row
        assert abs(sum(row["layers"].values()) - 1) < 1e-6
    targets = {t["target"]: t for t in results["targets"]}
    assert any(name.startswith("Access log costs < 5 %") for name in targets)
