"""What each operation does: the stateful handlers, and the declared default answer for the rest.

``dispatch`` is what every generated Spyne method calls. It finds the handler registered for the
operation (``@handles``) and turns its result (records) into wire values; an operation without
a handler answers its declared type: an empty list, ``nil``, ``false``, or the NotFound fault where
the operation declares one and was asked for something by GUID.

Handlers raise faults through ``Call.fail``, which only ever raises a fault the operation
declares (WCF clients treat an undeclared fault as a protocol error).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from spyne import Fault

from mockserver.core.store import Collection, VendorData
from mockserver.vendors.severa import entities, rights
from mockserver.vendors.severa.catalog import Operation
from mockserver.vendors.severa.spyne_types import FAULTS

if TYPE_CHECKING:
    from mockserver.core.tenants import Tenant
    from mockserver.vendors.severa import SeveraVendor

log = logging.getLogger("mockserver")

CALL_KEY = "mockserver.severa.call"

Handler = Callable[..., Any]
HANDLERS: dict[str, Handler] = {}


def handles(*names: str, empty_because: str | None = None) -> Callable[[Handler], Handler]:
    """Register a hand-written handler; ``empty_because`` marks one that answers a constant or a
    setting (no entity), with the reason the coverage table shows (``operation_coverage.py``)."""

    def register(fn: Handler) -> Handler:
        if empty_because:
            fn.empty_because = empty_because  # type: ignore[attr-defined]
        for name in names:
            HANDLERS[name] = fn
        return fn

    return register


@dataclass
class Call:
    """One operation call: the tenant (None only for the few operations without authentication),
    the operation, and access to the tenant's Severa data and the mock clock."""

    vendor: SeveraVendor
    tenant: Tenant | None
    operation: Operation
    _data: VendorData | None = field(default=None, repr=False)
    #: whether the operation read the mock clock: its answer then depends on the moment, and it is
    #: not replayed (``endpoint``)
    read_clock: bool = False

    @property
    def data(self) -> VendorData:
        if self._data is None:
            assert self.tenant is not None
            self._data = self.tenant.data(self.vendor.name)
        return self._data

    @property
    def settings(self) -> dict[str, Any]:
        if self.tenant is None:
            return dict(self.vendor.default_settings)
        return self.tenant.settings_for(self.vendor.name)

    def now(self) -> float:
        self.read_clock = True
        return self.vendor.server.clock.time()

    def kind(self, kind: str) -> Collection:
        return entities.collection(self.data, kind)

    # -- faults ------------------------------------------------------------------------------------
    def fail(self, kind: str, message: str) -> Fault:
        """The fault to raise: ``kind`` if declared, else GeneralFailure, else the first declared."""
        declared = self.operation.faults
        chosen = kind if kind in declared else "GeneralFailureException"
        if chosen not in declared:
            chosen = next((f for f in declared if f != "AuthenticationFailureException"), chosen)
        return FAULTS[chosen](message)

    def not_found(self, what: str, guid: Any) -> Fault:
        return self.fail("NotFoundException", f"{what} with GUID '{guid}' was not found.")

    # -- records -----------------------------------------------------------------------------------
    def get(self, kind: str, guid: Any) -> dict[str, Any] | None:
        if not guid:
            return None
        return self.kind(kind).find_by("GUID", str(guid).lower()) or self.kind(kind).find_by("GUID", guid)

    def require(self, kind: str, guid: Any, what: str | None = None) -> dict[str, Any]:
        found = self.get(kind, guid)
        if found is None:
            raise self.not_found(what or kind, guid)
        return found

    def insert(self, kind: str, record: dict[str, Any]) -> dict[str, Any]:
        now = self.now()
        record = dict(record)
        record["GUID"] = entities.new_guid(self.data, kind, self.tenant.id if self.tenant else "")
        record["_ins"] = record["_upd"] = now
        for stamp in ("InsertTS", "InsertTs"):
            if entities.has_field(kind, stamp):
                record[stamp] = entities.timestamp(now)
        return self.kind(kind).insert(record)

    # -- numbers ---------------------------------------------------------------------------------------
    def number_taken(self, kind: str, field: str, number: Any, guid: str | None = None) -> bool:
        """Whether another record of ``kind`` than ``guid`` already has ``number``."""
        clash = self.kind(kind).find_by(field, number) if number is not None else None
        return clash is not None and clash.get("GUID") != guid

    def next_free_number(self, kind: str, field: str, sequence: str, first: Callable[[], int]) -> int:
        """The tenant's next automatic number for ``field``, skipping any a client set explicitly,
        so explicit and automatic numbering never produce the same number twice. ``first`` gives
        the sequence's starting point (one past the highest number in use) on its first use."""
        number = self.data.next_number(sequence, start=first())
        while self.number_taken(kind, field, number):
            number = self.data.next_number(sequence)
        return number

    def update(self, kind: str, current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        now = self.now()
        changes = {
            k: v for k, v in changes.items() if k not in ("GUID", "InsertTS", "InsertTs", *entities.HIDDEN)
        }
        changes["_upd"] = now
        for stamp in ("UpdatedTS", "UpdatedTs"):
            if entities.has_field(kind, stamp):
                changes[stamp] = entities.timestamp(now)
        updated = self.kind(kind).update(current["id"], changes)
        assert updated is not None
        return updated


def changed_since(
    records: list[dict[str, Any]], since: datetime | None, new_only: bool = False
) -> list[dict]:
    """Records inserted (``new_only``) or changed at or after ``since`` by the mock clock."""
    if since is None:
        return records
    threshold = entities.epoch(since)
    key = "_ins" if new_only else "_upd"
    return [r for r in records if r.get(key, 0) >= threshold]


# -- dispatch ---------------------------------------------------------------------------------------
def dispatch(ctx: Any, op: Operation, args: tuple) -> Any:
    call: Call = ctx.transport.req_env[CALL_KEY]
    kwargs = {param.name: value for param, value in zip(op.params, args, strict=False)}
    handler = HANDLERS.get(op.name)
    rights.check_write(call)
    if handler is None or rights.hidden(call):
        handler = default_answer
    try:
        result = handler(call, **kwargs)
    except Fault:
        raise
    except Exception:
        log.exception("severa operation %s crashed", op.name)
        raise call.fail("GeneralFailureException", "An unexpected error occurred.") from None
    return _wire(op.returns, result)


def _wire(returns: str, result: Any) -> Any:
    if returns == "void" or result is None:
        return None
    base = returns.rstrip("?")
    if base in ("string", "bool", "int", "long", "byte[]", "string[]"):
        return result
    if base.endswith("[]"):
        return [entities.to_wire(base[:-2], r) for r in result]
    return entities.to_wire(base, result)


def default_answer(call: Call, **kwargs: Any) -> Any:
    """The declared type's empty answer: for a read the user's rights hide (``rights.hidden``), and
    for any operation without a handler."""
    op = call.operation
    returns = op.returns
    guid_args = [v for k, v in kwargs.items() if k.lower().endswith("guid") and isinstance(v, str)]
    if op.declares("NotFoundException") and guid_args and not returns.endswith("[]"):
        raise call.fail("NotFoundException", f"Object with GUID '{guid_args[0]}' was not found.")
    if returns.endswith("[]") and returns != "byte[]":
        return []
    if returns == "bool":
        return False
    if returns == "string":
        return ""
    return None
