"""The drift report: differences gathered per operation, known ones set apart, in words and as a
summary table (text) or as one JSON document - pure functions over the comparison's results.

A ``drift-ignore`` file lists differences the mock declares on purpose: one glob a line, matched
against ``OPERATION: DIFFERENCE`` (``GET /clients: header x-ratelimit-*: absent in the mock``);
blank lines and lines starting with ``#`` are ignored.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Operation:
    name: str
    replayed: int = 0
    differences: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    #: why a recorded call could not be replayed (the mock could not be reached, ...)
    errors: list[str] = field(default_factory=list)

    def add(self, found: list[str], ignore: list[str]) -> None:
        self.replayed += 1
        for text in found:
            bucket = self.known if is_known(self.name, text, ignore) else self.differences
            if text not in bucket:
                bucket.append(text)


@dataclass
class Report:
    vendor: str
    operations: dict[str, Operation] = field(default_factory=dict)
    #: writes in the recording, not replayed (``--include-writes`` replays them)
    skipped_writes: int = 0

    def operation(self, name: str) -> Operation:
        return self.operations.setdefault(name, Operation(name))

    @property
    def difference_count(self) -> int:
        return sum(len(op.differences) + len(op.errors) for op in self.operations.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "operations": [op.__dict__ for op in self.operations.values()],
            "summary": {
                "operations": len(self.operations),
                "replayed": sum(op.replayed for op in self.operations.values()),
                "differences": self.difference_count,
                "known": sum(len(op.known) for op in self.operations.values()),
                "skipped_writes": self.skipped_writes,
            },
        }


def parse_ignore(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def is_known(operation: str, difference: str, ignore: list[str]) -> bool:
    full = f"{operation}: {difference}"
    return any(fnmatch.fnmatchcase(full, pattern) for pattern in ignore)


def render_json(report: Report) -> str:
    return json.dumps(report.as_json(), indent=2, ensure_ascii=False)


def render_text(report: Report) -> str:
    """Per operation each difference in words (``GET /clients: items[].email: absent in the
    mock``), the known ones marked, then the summary table."""
    lines: list[str] = []
    for op in report.operations.values():
        lines += [f"{op.name}: {text}" for text in op.errors + op.differences]
        lines += [f"{op.name}: {text} (known)" for text in op.known]
    if not lines:
        lines.append("no difference: the mock answers like the recording in shape")
    lines += ["", *_table(report)]
    summary = report.as_json()["summary"]
    lines.append(
        f"{summary['differences']} differences, {summary['known']} known, "
        f"in {summary['operations']} operations "
        f"({summary['replayed']} calls replayed"
        + (
            f", {report.skipped_writes} writes skipped: --include-writes replays them)"
            if report.skipped_writes
            else ")"
        )
    )
    return "\n".join(lines)


def _table(report: Report) -> list[str]:
    rows = [("operation", "replayed", "differences", "known")]
    rows += [
        (op.name, str(op.replayed), str(len(op.differences) + len(op.errors)), str(len(op.known)))
        for op in report.operations.values()
    ]
    width = max(len(row[0]) for row in rows)
    return [f"{r[0]:<{width}}  {r[1]:>8}  {r[2]:>11}  {r[3]:>5}" for r in rows]
