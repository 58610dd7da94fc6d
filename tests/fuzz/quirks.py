"""Known vendor quirks: the ONE place where a fuzzer finding is declared right, with the reason.

A quirk names a contract, an operation (``"*"`` for all), a schemathesis check and the statuses it
applies to. Server errors and response-schema violations can never be quirks: a vendor quirk that
changes an answer's shape belongs in the contract itself (WerkbonApp's HTTP 200 errors are there:
every 200 answer is ``anyOf`` the data or the error envelope).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Quirk:
    contract: str
    #: ``"GET /clients"``, or ``"*"`` for every operation of the contract
    operation: str
    check: str
    statuses: tuple[int, ...]
    reason: str
    #: the answer's JSON body must also satisfy this, so that a quirk never hides more than it says
    body: Callable[[Any], bool] | None = None


def _werkbonapp_error_envelope(body: Any) -> bool:
    return isinstance(body, dict) and isinstance(body.get("code"), int) and body["code"] != 200


KNOWN_QUIRKS: tuple[Quirk, ...] = (
    Quirk(
        contract="werkbonapp",
        operation="*",
        check="negative_data_rejection",
        statuses=(200,),
        body=_werkbonapp_error_envelope,
        reason=(
            "WerkbonApp refuses input with HTTP 200 and an error envelope whose code is not 200 "
            "(1007, 1009, 1100, ...), as its manual documents; the contract's 200 answer is anyOf "
            "the data and the ErrorEnvelope. Only a 200 that carries such an error code is a quirk."
        ),
    ),
)

NEVER_QUIRKS = ("not_a_server_error", "response_schema_conformance")
assert not [q for q in KNOWN_QUIRKS if q.check in NEVER_QUIRKS], "5xx and schema violations are never quirks"


def is_known(contract: str, operation: str, check: str, response: Any) -> bool:
    """Whether a failed check on this answer is a declared quirk (``response``: requests')."""
    return any(
        q.contract == contract
        and q.operation in ("*", operation)
        and q.check == check
        and (not q.statuses or response.status_code in q.statuses)
        and (q.body is None or q.body(_json(response)))
        for q in KNOWN_QUIRKS
    )


def _json(response: Any) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None
