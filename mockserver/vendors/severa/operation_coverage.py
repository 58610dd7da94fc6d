"""Severa's coverage, derived from the code rather than from the contract: a WSDL has no place for
``x-coverage``, and the truth is the operation registry anyway. An operation with a handler
registered by ``operations.handles`` or given its catalogue rule by ``generic`` (importing
``handlers`` registers them all) keeps state, unless the handler is marked ``empty_because`` (it
answers a setting, no entity); every other operation of the catalogue answers its declared type's
empty value (``operations.default_answer``).

The operation signatures come from the catalogue, which is the client .NET generated from Severa's
WSDL: ``observed`` in the brief's marks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mockserver.core.operation_coverage import EMPTY, STATEFUL, OperationCoverage

if TYPE_CHECKING:
    from mockserver.vendors.severa import SeveraVendor
    from mockserver.vendors.severa.catalog import Operation

FIDELITY = "observed"


def operations(vendor: SeveraVendor) -> list[OperationCoverage]:
    """One row per catalogue operation, contract by contract in catalogue order."""
    from mockserver.vendors.severa import catalog, handlers  # noqa: F401 - registers the handlers
    from mockserver.vendors.severa.operations import HANDLERS

    return [_row(op, HANDLERS.get(op.name)) for ops in catalog.load().contracts.values() for op in ops]


def _row(op: Operation, handler: Callable[..., Any] | None) -> OperationCoverage:
    name = f"{op.contract}.{op.name}"
    constant = getattr(handler, "empty_because", None)
    if handler is None or constant:
        return OperationCoverage(name, EMPTY, FIDELITY, constant or _why_empty(op))
    return OperationCoverage(name, STATEFUL, FIDELITY)


def _why_empty(op: Operation) -> str:
    """What the operation answers without a handler, as ``operations.default_answer`` decides it."""
    returns = op.returns
    listing = returns.endswith("[]") and returns != "byte[]"
    if listing:
        answer = "answers an empty list"
    elif returns == "void":
        answer = "does nothing and answers an empty response"
    elif returns == "bool":
        answer = "answers false"
    elif returns == "string":
        answer = "answers an empty string"
    else:
        answer = "answers nil"
    takes_guid = any(p.name.lower().endswith("guid") for p in op.params)
    if not listing and takes_guid and op.declares("NotFoundException"):
        answer += " (NotFoundException when given a GUID)"
    return f"no stateful handler yet: {answer}"
