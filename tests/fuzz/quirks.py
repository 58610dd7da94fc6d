"""Known vendor quirks: the ONE place where a fuzzer finding is declared right, with the reason.

A quirk names a contract, an operation (``"*"`` for all), a schemathesis check and the statuses it
applies to. Server errors and response-schema violations can never be quirks: a vendor quirk that
changes an answer's shape belongs in the contract itself (WerkbonApp's HTTP 200 errors are there:
every 200 answer is ``anyOf`` the data or the error envelope).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quirk:
    contract: str
    operation: str
    check: str
    statuses: tuple[int, ...]
    reason: str


KNOWN_QUIRKS: tuple[Quirk, ...] = ()

NEVER_QUIRKS = ("not_a_server_error", "response_schema_conformance")
assert not [q for q in KNOWN_QUIRKS if q.check in NEVER_QUIRKS], "5xx and schema violations are never quirks"


def is_known(contract: str, operation: str, check: str, status: int) -> bool:
    return any(
        q.contract == contract
        and q.operation in ("*", operation)
        and q.check == check
        and (not q.statuses or status in q.statuses)
        for q in KNOWN_QUIRKS
    )
