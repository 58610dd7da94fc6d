"""The 42 WCF service contracts as Spyne services, generated from the catalogue.

Each contract (``IAccount``, ``ICase``, ...) is one ``ServiceBase`` with its own WSDL portType and
binding; all share the one endpoint. Every generated method only forwards to
``operations.dispatch``, which finds the operation's behaviour (stateful handler or the declared
default answer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spyne import ServiceBase, rpc

from mockserver.vendors.severa import catalog
from mockserver.vendors.severa.catalog import Operation
from mockserver.vendors.severa.spyne_types import FAULTS, TypeRegistry

Dispatch = Callable[[Any, Operation, tuple], Any]

#: every contract is exposed under the one WSDL service, like WCF's ``API.svc``
SERVICE_NAME = "API"


def _method(op: Operation, types: TypeRegistry, dispatch: Dispatch) -> Any:
    params = [types.reference(p.type) for p in op.params]
    returns = None if op.returns == "void" else types.reference(op.returns)

    def call(ctx: Any, *args: Any) -> Any:
        return dispatch(ctx, op, args)

    call.__name__ = op.name
    call.__doc__ = f"{op.contract}.{op.name}"
    return rpc(
        *params,
        _returns=returns,
        _args=[p.name for p in op.params],
        _throws=[FAULTS[name] for name in op.faults],
        _port_type=op.contract,
    )(call)


def build_services(types: TypeRegistry, dispatch: Dispatch) -> list[type[ServiceBase]]:
    services = []
    for contract, ops in catalog.load().contracts.items():
        namespace: dict[str, Any] = {
            "__service_name__": SERVICE_NAME,
            "__port_types__": (contract,),
            "__module__": __name__,
        }
        for op in ops:
            namespace[op.name] = _method(op, types, dispatch)
        services.append(type(contract, (ServiceBase,), namespace))
    return services
