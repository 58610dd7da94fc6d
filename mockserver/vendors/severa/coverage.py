"""Severa's coverage, derived from the code rather than from the contract: a WSDL has no place for
``x-coverage``, and the truth is the operation registry anyway. ``operations.coverage()`` says,
per catalogue operation, whether its handler keeps state, or why it answers empty (a handler
registered with ``empty_because``, or no handler at all).

The operation signatures come from the catalogue, which is the client .NET generated from Severa's
WSDL: ``observed`` in the brief's marks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.core.coverage import OperationCoverage

if TYPE_CHECKING:
    from mockserver.vendors.severa import SeveraVendor

FIDELITY = "observed"


def operations(vendor: SeveraVendor) -> list[OperationCoverage]:
    """One row per catalogue operation, in catalogue order."""
    from mockserver.vendors.severa.operations import coverage

    return [
        OperationCoverage(f"{row.contract}.{row.operation}", row.kind, FIDELITY, row.reason or "")
        for row in coverage()
    ]
