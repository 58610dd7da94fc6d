"""How much of a vendor's API the mock implements, operation by operation.

Each vendor answers ``Vendor.coverage()`` with one ``OperationCoverage`` per operation of its
contract. REST vendors state it in their OpenAPI contract, per operation (the convention every
contract follows): ``x-coverage: stateful|empty|not-implemented`` with ``x-coverage-reason`` when
it is not ``stateful``, and ``x-fidelity``. A vendor whose contract cannot say it (Severa's WSDL)
derives it from its own code instead (its ``operation_coverage.py``). ``mockserver coverage``
(``mockserver/coverage_table.py``) turns the rows into docs/coverage.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: the coverage marks, in the order the table lists them
STATEFUL = "stateful"
EMPTY = "empty"
NOT_IMPLEMENTED = "not-implemented"
#: an operation whose contract does not say (listed, so the gap is visible)
UNKNOWN = "unknown"
MARKS = (STATEFUL, EMPTY, NOT_IMPLEMENTED, UNKNOWN)

#: OpenAPI's operation keys of a path item (everything else there is not an operation)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class OperationCoverage:
    """One operation: what a client calls (``GET /clients`` or ``IAccount.GetAccountByGUID``),
    whether the mock keeps state for it, how sure we are the vendor behaves so, and why not."""

    operation: str
    coverage: str
    fidelity: str
    reason: str = ""


def from_openapi(document: dict[str, Any]) -> list[OperationCoverage]:
    """The coverage rows an OpenAPI contract states, in the contract's order. A missing
    ``x-coverage`` is ``unknown``, a missing ``x-fidelity`` is ``unknown`` too: the table shows
    the gap instead of guessing."""
    rows = []
    for path, item in (document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict):
                continue
            mark = str(operation.get("x-coverage", UNKNOWN))
            reason = str(operation.get("x-coverage-reason", "")).strip()
            if mark == UNKNOWN and not reason:
                reason = "the contract has no x-coverage for this operation"
            rows.append(
                OperationCoverage(
                    operation=f"{method.upper()} {path}",
                    coverage=mark if mark in MARKS else UNKNOWN,
                    fidelity=str(operation.get("x-fidelity", UNKNOWN)),
                    reason=reason if mark in MARKS else f"unrecognised x-coverage {mark!r}",
                )
            )
    return rows
