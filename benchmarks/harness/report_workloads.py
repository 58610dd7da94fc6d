"""Tables and targets of the sections issue 23 added: the mixed test-suite workload, the access
log's cost and the in-process profile of the computed rows (``benchmarks.harness.sections``)."""

from __future__ import annotations

from typing import Any

from benchmarks.harness.cpuprofile import LAYERS
from benchmarks.harness.suite import OURS, OURS_COMPUTED

NA = "not available"
#: the access log may cost at most this share of a replayed request (issue 23)
LOG_BUDGET = 0.05


def _pct(share: float) -> str:
    return f"{share * 100:.1f} %"


def log_target(results: dict[str, Any]) -> dict[str, Any]:
    """The access log's cost below ``LOG_BUDGET``, judged on the median of the interleaved pairs."""
    name = f"Access log costs < {LOG_BUDGET * 100:g} % of a replayed request (Robaws page, unpinned)"
    found = results.get("access_log", {})
    if not found.get("available") or found.get("cost") is None:
        return {"target": name, "value": NA, "pass": None}
    value = (
        f"{_pct(found['cost'])} (median of {len(found['pair_costs'])} interleaved pairs at "
        f"{found['connections']} conns; {found['logged_rps']:.0f} logged vs "
        f"{found['quiet_rps']:.0f} req/s quiet)"
    )
    inside = found.get("in_process", {})
    if inside.get("available"):
        value += f"; in process {_pct(inside['cost'])} of a logged request's CPU"
    return {"target": name, "value": value, "pass": found["cost"] < LOG_BUDGET}


def annotate_misses(targets: list[dict[str, Any]], results: dict[str, Any]) -> None:
    """A missed computed-read or write target names where the time goes (the profile section)."""
    rows = {r["key"]: r for r in results.get("profile", {}).get("rows", []) if r.get("available")}
    for target in targets:
        row = rows.get(target.get("row", ""))
        if target.get("pass") is False and row is not None:
            layers = sorted(row["layers"].items(), key=lambda item: -item[1])[:3]
            shares = ", ".join(f"{layer} {_pct(share)}" for layer, share in layers)
            target["value"] += f"; in process {row['cpu_us']:.0f} us CPU per request: {shares} (see Profile)"


def mixed_lines(results: dict[str, Any]) -> list[str]:
    found = results.get("mixed")
    if not found:
        return []
    lines = [
        "## Mixed test-suite workload (unpinned; each test: fresh tenant, 3 Robaws creates, each read"
        " back by id, the first page, a Workspace read, tenant deleted: 10 requests)",
        "",
        "| server | workers | tests/s | req/s | p50 ms | p99 ms | failed tests |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in found["rows"]:
        if not row.get("available"):
            lines.append(f"| {row['server']} | {row['workers']} | {NA}: {row.get('reason')} | | | | |")
            continue
        lines.append(
            f"| {row['server']} | {row['workers']} | {row['tests_per_s']:.1f} | {row['rps']:.0f} "
            f"| {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | {row['failed_tests']} |"
        )
    return [*lines, "", *_kind_lines(found["rows"]), ""]


def _kind_lines(rows: list[dict[str, Any]]) -> list[str]:
    """Per kind of request, p50 / p99 in ms for each server and worker count."""
    columns = [r for r in rows if r.get("available")]
    if not columns:
        return []
    kinds = list(dict.fromkeys(kind for r in columns for kind in r["kinds"]))
    head = "| request |" + "".join(f" {r['server']}, {r['workers']} w p50 / p99 ms |" for r in columns)
    lines = [head, "|---|" + "---|" * len(columns)]
    for kind in kinds:
        cells = "".join(
            f" {r['kinds'][kind]['p50_ms']:.2f} / {r['kinds'][kind]['p99_ms']:.2f} |"
            if kind in r["kinds"]
            else " — |"
            for r in columns
        )
        lines.append(f"| {kind} |{cells}")
    return lines


def access_log_lines(results: dict[str, Any]) -> list[str]:
    found = results.get("access_log")
    if not found:
        return []
    lines = [
        "## Access log cost (the replayed Robaws page, default access log vs `--quiet`, interleaved)",
        "",
    ]
    if not found.get("available"):
        return [*lines, f"{NA}: {found.get('reason')}", ""]
    pairs = ", ".join(_pct(c) for c in found["pair_costs"])
    return [
        *lines,
        "| server | conns | req/s (median) | p50 ms (median) |",
        "|---|---|---|---|",
        f"| default (access log on) | {found['connections']} | {found['logged_rps']:.0f} "
        f"| {found['logged_p50_ms']:.3f} |",
        f"| `--quiet` | {found['connections']} | {found['quiet_rps']:.0f} | {found['quiet_p50_ms']:.3f} |",
        "",
        f"Cost of the log, per interleaved pair: {pairs}; median {_pct(found['cost'])}"
        f" (errors: {found['errors']}).",
        "",
        *_log_in_process(found.get("in_process", {})),
    ]


def _log_in_process(inside: dict[str, Any]) -> list[str]:
    if not inside.get("available"):
        return [f"In process: {NA} ({inside.get('reason')}).", ""] if inside else []
    return [
        f"In process (CPU of every thread, the log's writer too, per replayed request; alternated"
        f" batches): quiet {inside['quiet_us']:.1f} us, logged {inside['logged_us']:.1f} us: the log"
        f" is {_pct(inside['cost'])} of a logged request.",
        "",
    ]


def profile_lines(results: dict[str, Any]) -> list[str]:
    found = results.get("profile")
    if not found:
        return []
    lines = [
        "## Profile: where a computed request's time goes (in process, no HTTP, replay and access log"
        " off; CPU per request = median batch of `thread_time`; layers = shares of cProfile's own time)",
        "",
    ]
    if not found.get("available"):
        return [*lines, f"{NA}: {found.get('reason')}", ""]
    rows = [r for r in found["rows"] if r.get("available")]
    lines += _before_lines(found, rows)
    lines += [
        "| row | CPU us/request | over HTTP: p50 us at 1 conn | bytes |"
        + "".join(f" {layer} % |" for layer in LAYERS),
        "|---|---|---|---|" + "---|" * len(LAYERS),
    ]
    for row in rows:
        shares = "".join(f" {row['layers'][layer] * 100:.0f} |" for layer in LAYERS)
        http = _http_p50_us(results, row["key"])
        lines.append(f"| {row['label']} | {row['cpu_us']:.0f} | {http} | {row['bytes']} |{shares}")
    lines += [f"| {r['label']} | {NA}: {r.get('reason')} |" for r in found["rows"] if not r.get("available")]
    lines += ["", "Hot spots (own time, share of the row's profile):", ""]
    for row in rows:
        spots = "; ".join(f"`{name}` {_pct(share)}" for name, share in row["top"])
        lines.append(f"- {row['label']}: {spots}")
    return [*lines, ""]


def _before_lines(found: dict[str, Any], rows: list[dict[str, Any]]) -> list[str]:
    """With ``--baseline``: CPU per computed request before and after, from children that
    alternated (after, before, after, before), medians over their batches."""
    before, after = found.get("before"), found.get("after_rounds")
    if not before or not after:
        return []
    lines = [
        "CPU per computed request in process, before (the `--baseline` checkout) and after, alternated:",
        "",
        "| row | before us | after us | after/before |",
        "|---|---|---|---|",
    ]
    for row in rows:
        was, now = before.get(row["key"]), after.get(row["key"])
        if was and now:
            lines.append(f"| {row['label']} | {was:.0f} | {now:.0f} | {now / was:.2f}x |")
    return [*lines, ""]


def _http_p50_us(results: dict[str, Any], key: str) -> str:
    """The same row computed over HTTP (the load rows: the ``--no-replay`` server for a read, ours for
    the write; unpinned, one connection): what the server and the network add to the Python."""
    for row in results.get("throughput", []):
        computed = row["server"] == OURS_COMPUTED or (key == "write" and row["server"] == OURS)
        if (
            computed
            and row["target"] == key
            and row["connections"] == 1
            and row.get("placement") == "unpinned"
            and row.get("available")
        ):
            return f"{row['p50_ms'] * 1000:.0f}"
    return "—"


def workload_lines(results: dict[str, Any]) -> list[str]:
    """Every table of this module, in report order."""
    return [*mixed_lines(results), *access_log_lines(results), *profile_lines(results)]
