"""The Severa operation and data-contract catalogue (``catalog.json``, a copy of the brief's
``severa-catalog.json``): the single source of names, field order, parameter names and declared
faults. Everything wire-shaped (Spyne types, services, WSDL) is generated from it, so a name is
spelt in exactly one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SERVICE_NS = "http://soap.severa.com/"
ENTITIES_NS = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
API_NS = "http://schemas.datacontract.org/2004/07/Severa.API"
ENTITY_ENUMS_NS = "http://schemas.datacontract.org/2004/07/Severa.Entities"
ARRAYS_NS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"

#: fault letters of the catalogue -> the exception type names of the faults namespace
FAULT_LETTERS = {
    "A": "AuthenticationFailureException",
    "G": "GeneralFailureException",
    "N": "NotFoundException",
    "P": "NoPermissionException",
    "V": "ValidationException",
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str


@dataclass(frozen=True)
class Operation:
    contract: str
    name: str
    params: tuple[Param, ...]
    returns: str
    faults: tuple[str, ...]

    @property
    def soap_action(self) -> str:
        return f"{SERVICE_NS}{self.contract}/{self.name}"

    def declares(self, fault: str) -> bool:
        return fault in self.faults


@dataclass(frozen=True)
class Catalog:
    contracts: dict[str, tuple[Operation, ...]]
    types: dict[str, dict[str, Any]]

    @property
    def operations(self) -> dict[str, Operation]:
        return {op.name: op for ops in self.contracts.values() for op in ops}

    def fields(self, type_name: str) -> list[dict[str, str]]:
        """The fields of a class, base-class fields first (wire order)."""
        spec = self.types[type_name]
        base = spec.get("base")
        own = list(spec.get("fields", []))
        return (self.fields(base) + own) if base else own


def _path() -> Path:
    return Path(__file__).with_name("catalog.json")


@cache
def load() -> Catalog:
    raw = json.loads(_path().read_text("utf-8"))
    contracts = {
        contract: tuple(
            Operation(
                contract=contract,
                name=op["op"],
                params=tuple(Param(p["name"], p["type"]) for p in op["params"]),
                returns=op["returns"],
                faults=tuple(FAULT_LETTERS[letter] for letter in op["faults"]),
            )
            for op in ops
        )
        for contract, ops in raw["contracts"].items()
    }
    return Catalog(contracts=contracts, types=raw["types"])


@cache
def operations() -> dict[str, Operation]:
    return load().operations


def type_key(reference: str) -> str:
    """The catalogue key of a referenced type: ``Contact.CommunicationMethod`` -> ``CommunicationMethod``
    (WCF names nested classes ``Outer.Inner`` on the wire; the catalogue lists them by inner name)."""
    return reference.rsplit(".", 1)[-1]
