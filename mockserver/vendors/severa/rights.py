"""The API user's access rights, narrowed per tenant: the setting ``access_rights`` maps a contract
(``IAccount``, ``IInvoice``, ...) to ``none``, ``read`` or ``read+write`` (the default for a
contract the setting does not name).

Severa filters everything by the rights of the user the API key belongs to. The mock models that
per contract: an operation whose name starts with ``Get`` reads, every other one writes. A write
without ``read+write`` -> ``NoPermissionException``. A read the user may not make (its contract, or
the contract that owns the kind it returns, is ``none``) answers as if there were nothing: an empty
list, nil, or ``NotFoundException`` where declared for a GUID.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from mockserver.vendors.severa import catalog, entities

if TYPE_CHECKING:
    from mockserver.vendors.severa.operations import Call

NONE, READ, READ_WRITE = "none", "read", "read+write"
LEVELS = (NONE, READ, READ_WRITE)


def is_write(op: catalog.Operation) -> bool:
    return not op.name.startswith("Get")


@cache
def owner_contract(kind: str) -> str | None:
    """The contract that adds or reads ``kind`` by GUID (``Item`` -> ``IItem``)."""
    for contract, ops in catalog.load().contracts.items():
        if any(op.name in (f"AddNew{kind}", f"Get{kind}ByGUID") for op in ops):
            return contract
    return None


def right(call: Call, contract: str | None) -> str:
    """The user's right on ``contract``; a value that is not one of ``LEVELS`` counts as ``none``."""
    if contract is None or call.tenant is None:
        return READ_WRITE
    rights = call.settings.get("access_rights") or {}
    value = rights.get(contract, READ_WRITE) if isinstance(rights, dict) else READ_WRITE
    return value if value in LEVELS else NONE


def check_write(call: Call) -> None:
    op = call.operation
    if is_write(op) and right(call, op.contract) != READ_WRITE:
        raise call.fail(
            "NoPermissionException", f"The user has no right to change data through {op.contract}."
        )


def hidden(call: Call) -> bool:
    """A read whose answer the user may not see."""
    op = call.operation
    if is_write(op):
        return False
    kind = catalog.type_key(op.returns.rstrip("?").removesuffix("[]"))
    owner = owner_contract(kind) if kind in entities.kinds() else None
    return NONE in (right(call, op.contract), right(call, owner))
