"""The results as Markdown (for people) and JSON (for tools), with each target's pass/fail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

NA = "not available"


def _row(rows: list[dict], server: str, target: str, connections: int) -> dict | None:
    return next(
        (
            r
            for r in rows
            if r["server"] == server and r["target"] == target and r["connections"] == connections
        ),
        None,
    )


def _ok(row: dict | None) -> bool:
    return bool(row and row.get("available") and not row.get("errors"))


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue as ``{"target", "value", "pass"}``; ``pass`` is None when the run
    could not measure it (a missing endpoint, peers skipped)."""
    out = []
    cold = results.get("cold_start", {}).get("servers", {})
    ours = cold.get("mockserver", {}).get("median_s")
    peers = [cold[p]["median_s"] for p in ("wiremock", "prism") if p in cold]
    value = f"{ours:.3f} s" + "".join(
        f"; {p} {cold[p]['median_s']:.3f} s" for p in ("wiremock", "prism") if p in cold
    )
    passed = (
        None if ours is None else ours <= 0.5 and (all(ours < p for p in peers) if len(peers) == 2 else None)
    )
    out.append({"target": "Cold start <= 0.5 s and faster than both peers", "value": value, "pass": passed})

    rows = results.get("throughput", [])
    mine = _row(rows, "mockserver (waitress)", "robaws_list", 32)
    for peer, factor in (("wiremock", 1.0), ("prism", 3.0)):
        theirs = _row(rows, peer, "robaws_list", 32)
        if _ok(mine) and _ok(theirs):
            ratio = mine["rps"] / theirs["rps"]
            out.append(
                {
                    "target": f"Stateful GET throughput at 32 conns >= {factor:g}x {peer}",
                    "value": f"{ratio:.2f}x ({mine['rps']:.0f} vs {theirs['rps']:.0f} req/s)",
                    "pass": ratio >= factor,
                }
            )
        else:
            out.append(
                {
                    "target": f"Stateful GET throughput at 32 conns >= {factor:g}x {peer}",
                    "value": NA,
                    "pass": None,
                }
            )
    theirs = _row(rows, "wiremock", "robaws_list", 32)
    if _ok(mine) and _ok(theirs):
        out.append(
            {
                "target": "p99 at 32 conns below WireMock's",
                "value": f"{mine['p99_ms']:.2f} ms vs {theirs['p99_ms']:.2f} ms",
                "pass": mine["p99_ms"] < theirs["p99_ms"],
            }
        )
    else:
        out.append({"target": "p99 at 32 conns below WireMock's", "value": NA, "pass": None})

    clean = results.get("clean_world", {})
    create = clean.get("create_ms")
    out.append(
        {
            "target": "Fresh tenant <= 5 ms",
            "value": f"{create:.2f} ms" if create is not None else NA,
            "pass": create <= 5 if create is not None else None,
        }
    )

    memory = results.get("memory_scaling", {})
    rss = memory.get("rss_loaded_mb")
    out.append(
        {
            "target": "RSS <= 100 MB with 10,000 records",
            "value": f"{rss:.1f} MB ({memory.get('memory_records')} records)" if rss else NA,
            "pass": rss <= 100 if rss else None,
        }
    )

    levels = {lv["records"]: lv for lv in memory.get("levels", []) if "by_id_p50_ms" in lv}
    small, big = (levels[min(levels)], levels[max(levels)]) if len(levels) >= 2 else (None, None)
    if small and big and small["records"] <= 1_100 and big["records"] >= 99_000:
        ratio = big["by_id_p50_ms"] / small["by_id_p50_ms"]
        out.append(
            {
                "target": "GET-by-id at 100k records within 1.2x of 1k",
                "value": f"{ratio:.2f}x ({big['by_id_p50_ms']:.3f} vs {small['by_id_p50_ms']:.3f} ms p50)",
                "pass": ratio <= 1.2,
            }
        )
    else:
        out.append(
            {
                "target": "GET-by-id at 100k records within 1.2x of 1k",
                "value": NA + " (needs 1k and 100k levels)",
                "pass": None,
            }
        )
    return out


def _mark(passed: bool | None) -> str:
    return {True: "PASS", False: "FAIL", None: "n/a"}[passed]


def _f(value: Any, digits: int = 2) -> str:
    return f"{value:.{digits}f}" if isinstance(value, int | float) else ("—" if value is None else str(value))


def markdown(results: dict[str, Any]) -> str:
    lines = [f"# mockserver benchmarks ({results['mode']} run, {results['started']})", ""]
    lines += ["## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in results["machine"].items()]
    lines += ["", "## Targets", "", "| target | measured | result |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['value']} | {_mark(t['pass'])} |" for t in results["targets"]]

    cold = results.get("cold_start", {})
    lines += [
        "",
        f"## Cold start (launch to first successful answer of `{cold.get('probe')}`; median)",
        "",
        "| server | median | runs | RSS after start |",
        "|---|---|---|---|",
    ]
    for name, c in cold.get("servers", {}).items():
        runs = ", ".join(f"{r * 1000:.0f}" for r in c["runs_s"])
        lines.append(f"| {name} | {c['median_s'] * 1000:.0f} ms | {runs} ms | {c['rss_mb']:.1f} MB |")

    lines += ["", "## Throughput and latency (median of repeated runs)", ""]
    for target in results.get("rows_order", []):
        lines += [f"### {target['label']}", ""]
        if not target["available"]:
            lines += [f"{NA}: {target['reason']}", ""]
            continue
        lines += ["| server | conns | req/s | p50 ms | p99 ms | errors |", "|---|---|---|---|---|---|"]
        for row in results.get("throughput", []):
            if row["target"] == target["key"] and row.get("available"):
                lines.append(
                    f"| {row['server']} | {row['connections']} | {row['rps']:.0f} | {_f(row['p50_ms'])} "
                    f"| {_f(row['p99_ms'])} | {row['errors']} |"
                )
        lines.append("")

    clean = results.get("clean_world", {})
    lines += ["## Clean world per test", "", "| how | time |", "|---|---|"]
    labels = {
        "create_ms": "mockserver: POST /_mock/tenants (median)",
        "create_p99_ms": "mockserver: POST /_mock/tenants (p99)",
        "delete_ms": "mockserver: DELETE /_mock/tenants/{id}",
        "create_and_first_request_ms": "mockserver: new tenant + its first Robaws GET (seeds the data)",
        "wiremock_restart_s": "WireMock: restart (stop + launch to first answer)",
        "prism_restart_s": "Prism: restart (stop + launch to first answer)",
        "wiremock_mappings_reset_ms": "WireMock: POST /__admin/mappings/reset (in-process, stubs only)",
    }
    for key, label in labels.items():
        if clean.get(key) is not None:
            unit = "s" if key.endswith("_s") else "ms"
            lines.append(f"| {label} | {clean[key]:.3f} {unit} |")

    memory = results.get("memory_scaling", {})
    lines += ["", "## Memory (resident set size)", "", "| server | state | RSS |", "|---|---|---|"]
    for name, c in cold.get("servers", {}).items():
        lines.append(f"| {name} | after start | {c['rss_mb']:.1f} MB |")
    if memory.get("available"):
        lines.append(f"| mockserver | fresh launch, before loading | {memory['rss_start_mb']:.1f} MB |")
        for level in memory["levels"]:
            lines.append(
                f"| mockserver | {level['records']} records in one tenant | {level['rss_mb']:.1f} MB |"
            )
    for name, rss in results.get("rss_after_load", {}).items():
        lines.append(f"| {name} | after the throughput runs | {rss:.1f} MB |")

    lines += ["", "## Scaling (one connection; p50 / p99)", ""]
    if not memory.get("available"):
        lines.append(f"{NA}: {memory.get('reason')}")
    else:
        lines += [
            "| records | GET by id p50 | by id p99 | first page p50 | first page p99 | load time |",
            "|---|---|---|---|---|---|",
        ]
        for lv in memory["levels"]:
            if "by_id_p50_ms" in lv:
                lines.append(
                    f"| {lv['records']} | {lv['by_id_p50_ms']:.3f} ms | {lv['by_id_p99_ms']:.3f} ms "
                    f"| {lv['page_p50_ms']:.3f} ms | {lv['page_p99_ms']:.3f} ms "
                    f"| {lv['load_seconds']:.1f} s |"
                )

    wsgi = results.get("wsgi", [])
    if wsgi:
        lines += [
            "",
            "## WSGI server (our app, one process)",
            "",
            "| server | cold start | row | conns | req/s | p50 ms | p99 ms | errors |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for entry in wsgi:
            for row in entry["rows"]:
                if row.get("available"):
                    lines.append(
                        f"| {entry['server']} | {entry['cold_start_s'] * 1000:.0f} ms | {row['target']} "
                        f"| {row['connections']} | {row['rps']:.0f} | {_f(row['p50_ms'])} "
                        f"| {_f(row['p99_ms'])} | {row['errors']} |"
                    )
    if results.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {n}" for n in results["notes"]]
    return "\n".join(lines) + "\n"


def write(results: dict[str, Any], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    md, js = out / "latest.md", out / "latest.json"
    md.write_text(markdown(results), "utf-8")
    js.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return md, js
