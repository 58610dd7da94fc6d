"""Known vendor quirks: the ONE place where a fuzzer finding is declared right, with the reason.

A quirk names a contract, an operation (``"*"`` for all), a schemathesis check and the statuses it
applies to; optionally what the answer's body and the request sent must look like, so that it
excuses exactly the behaviour its reason describes. Server errors and response-schema violations
can never be quirks: a vendor quirk that changes an answer's shape belongs in the contract itself
(WerkbonApp's HTTP 200 errors are there: every 200 answer is ``anyOf`` the data or the error
envelope).
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
    #: and the request sent must satisfy this
    sent: Callable[[Sent], bool] | None = None


@dataclass(frozen=True)
class Sent:
    """What a quirk may ask about the request: its method and query parameter names, the names its
    operation declares, and the ones the fuzzer fixed itself (credentials, FLOWii's companyId)."""

    method: str
    query: tuple[str, ...]
    declared: frozenset[str]
    fixed: frozenset[str]


def _werkbonapp_error_envelope(body: Any) -> bool:
    return isinstance(body, dict) and isinstance(body.get("code"), int) and body["code"] != 200


def _only_undeclared_query_names(sent: Sent) -> bool:
    """A read whose only generated query parameters are names the operation does not declare: no
    declared parameter (which could carry the invalid value) was generated."""
    generated = [name for name in sent.query if name not in sent.fixed]
    return sent.method == "GET" and bool(generated) and not any(n in sent.declared for n in generated)


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
    Quirk(
        contract="flowii",
        operation="*",
        check="negative_data_rejection",
        statuses=(200,),
        sent=_only_undeclared_query_names,
        reason=(
            "FLOWii ignores query parameters an operation does not declare (GET /companies?zzz=1), "
            "as most JSON:API servers and HTTP frameworks do; FLOWii documents nothing else, and the "
            "contract's description says so. Parameters that would mislead if ignored (sort, "
            "include, fields[...], unknown filter[...]/page[...] members) are refused with 400."
        ),
    ),
)

NEVER_QUIRKS = ("not_a_server_error", "response_schema_conformance")
assert not [q for q in KNOWN_QUIRKS if q.check in NEVER_QUIRKS], "5xx and schema violations are never quirks"


def is_known(contract: str, operation: str, check: str, response: Any, sent: Sent | None = None) -> bool:
    """Whether a failed check on this answer is a declared quirk (``response``: requests'; a quirk
    about the request never matches when ``sent`` is not given)."""
    return any(
        q.contract == contract
        and q.operation in ("*", operation)
        and q.check == check
        and (not q.statuses or response.status_code in q.statuses)
        and (q.body is None or q.body(_json(response)))
        and (q.sent is None or (sent is not None and q.sent(sent)))
        for q in KNOWN_QUIRKS
    )


def _json(response: Any) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None
