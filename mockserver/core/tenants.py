"""Tenants: isolated worlds, each with its own credentials, data, settings and runtime state.

A credential maps to exactly one tenant through an index, so authenticating never scans and no
request can reach another tenant's data. A tenant's data for a vendor is seeded lazily on first
use, which makes creating a tenant cost microseconds whatever the fixtures weigh.
"""

from __future__ import annotations

import json
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mockserver.core import datadir, fixtures
from mockserver.core.merge import merge_patch
from mockserver.core.state import StateStore
from mockserver.core.store import VendorData, write_atomically

if TYPE_CHECKING:
    from mockserver.core.snapshots import Snapshot
    from mockserver.core.vendor import Vendor

DEMO = "demo"
T = TypeVar("T")
_MISSING = object()


def _merged(settings: dict[str, Any]) -> dict[str, Any]:
    return settings


class TenantError(Exception):
    """A refused admin operation on tenants; ``status`` is the HTTP status the admin API answers."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(eq=False)
class Tenant:
    id: str
    name: str
    seed: int | None
    fixtures: str
    credentials: dict[str, dict[str, str]]
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    created: float = field(default_factory=time.time)
    #: held while a request of this tenant runs: TinyDB is not thread-safe
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _data: dict[str, VendorData] = field(default_factory=dict, repr=False)
    #: per-vendor runtime state that is not data (tokens, buckets, idempotency keys)
    _runtime: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    #: per-vendor runtime state that must survive a restart (``core.state``)
    _state: dict[str, StateStore] = field(default_factory=dict, repr=False)
    _registry: TenantRegistry | None = field(default=None, repr=False)
    #: settings_for / parsed_settings results, dropped whenever the settings change
    _parsed: dict[tuple[str, Callable], Any] = field(default_factory=dict, repr=False)
    #: the snapshot this tenant's data was loaded from (``core.snapshots``): a reset goes back to
    #: it instead of the seed
    snapshot: Snapshot | None = field(default=None, repr=False)
    #: bumped whenever how this tenant answers may change other than by a write to its data
    #: (settings, credentials, reset, deletion): answers kept for replay are only valid for one
    generation: int = field(default=0, repr=False)

    def data(self, vendor: str) -> VendorData:
        """This tenant's store for ``vendor``, seeded on first use."""
        return self._once(self._data, vendor, lambda: self._registry_()._open_data(self, vendor))

    def opened_data(self, vendor: str) -> VendorData | None:
        """This tenant's store for ``vendor`` if a request has opened it, without seeding it: a
        listing of many tenants must not seed them all."""
        return self._data.get(vendor)

    def runtime(self, vendor: str, key: str, factory: Callable[[], Any]) -> Any:
        """Runtime state of a vendor for this tenant (dropped on reset), created on first use."""
        return self._once(self._runtime.setdefault(vendor, {}), key, factory)

    def state(self, vendor: str) -> StateStore:
        """This tenant's durable runtime state for ``vendor`` (tokens, idempotency answers, delivery
        log): persisted with ``--data-dir``, never part of the data, dropped on reset/deletion."""
        return self._once(self._state, vendor, lambda: self._registry_()._open_state(self, vendor))

    def _once(self, table: dict[str, Any], key: str, create: Callable[[], Any]) -> Any:
        """``table[key]``, created under the tenant's lock the first time (lock-free afterwards)."""
        found = table.get(key)
        if found is None:
            with self.lock:
                found = table.get(key)
                if found is None:
                    found = table[key] = create()
        return found

    def _registry_(self) -> TenantRegistry:
        assert self._registry is not None
        return self._registry

    def runtime_bytes(self) -> int:
        """What this tenant's runtime state holds, in bytes, as its objects report it: every
        runtime object that grows with traffic is bounded and says how much it holds in a
        ``bytes`` attribute (docs/durability.md lists the bounds)."""
        held = [found for bucket in list(self._runtime.values()) for found in list(bucket.values())]
        return sum(getattr(found, "bytes", 0) for found in held)

    def settings_for(self, vendor: str) -> dict[str, Any]:
        """Defaults merged with this tenant's overrides; computed once per settings change, since
        every request of every vendor asks. Treat the result as read-only."""
        return self.parsed_settings(vendor, _merged)

    def parsed_settings(self, vendor: str, parse: Callable[[dict[str, Any]], T]) -> T:
        """``parse(settings_for(vendor))``, kept until the next settings patch: a vendor that turns
        its knobs into policy objects does so once per change, not on every request."""
        key = (vendor, parse)
        found = self._parsed.get(key, _MISSING)
        if found is _MISSING:
            assert self._registry is not None
            raw = merge_patch(self._registry.vendors[vendor].default_settings, self.settings.get(vendor, {}))
            found = self._parsed[key] = raw if parse is _merged else parse(raw)
        return found

    def _close(self, destroy: bool) -> None:
        for data in self._data.values():
            data.destroy() if destroy else data.close()
        self._data.clear()
        self._runtime.clear()
        for state in self._state.values():
            state.close(destroy)
        self._state.clear()


class TenantRegistry:
    """Creates, finds, resets and deletes tenants; owns the credential index."""

    def __init__(
        self, vendors: dict[str, Vendor], data_dir: Path | None = None, demo_seed: int | None = None
    ) -> None:
        self.vendors = vendors
        self.data_dir = data_dir
        #: the seed of the ``demo`` tenant's data (``serve --seed``); the committed fixtures' own
        #: seed loads them as they are, another seed generates
        self.demo_seed = demo_seed
        #: tenants held at most (``--max-tenants``): one more is refused with 429, never evicted, so
        #: no test loses a tenant it still uses; ``demo`` is always re-creatable
        self.max_tenants: int | None = None
        self._lock = threading.RLock()
        self._tenants: dict[str, Tenant] = {}
        self._by_credential: dict[tuple[str, str, str], str] = {}
        #: bumped whenever any tenant changes (see ``Tenant.generation``); ``core.replay`` keeps no
        #: answer of a request during which it moved
        self.revision = 0

    # -- lookups -----------------------------------------------------------------------------------
    def get(self, tenant_id: str) -> Tenant | None:
        return self._tenants.get(tenant_id)

    def require(self, tenant_id: str) -> Tenant:
        tenant = self._tenants.get(tenant_id)
        if tenant is None:
            raise TenantError(404, f"no tenant {tenant_id!r}")
        return tenant

    def all(self) -> list[Tenant]:
        return list(self._tenants.values())

    def by_credential(self, vendor: str, kind: str, value: str | None) -> Tenant | None:
        """The tenant whose ``vendor`` credential ``kind`` equals ``value``, if any."""
        if not value:
            return None
        tenant_id = self._by_credential.get((vendor, kind, value))
        return self._tenants.get(tenant_id) if tenant_id else None

    # -- lifecycle ---------------------------------------------------------------------------------
    def create(
        self,
        name: str | None = None,
        seed: int | None = None,
        fixtures_mode: str = "default",
        tenant_id: str | None = None,
        credentials: dict[str, dict[str, str]] | None = None,
    ) -> Tenant:
        if fixtures_mode not in ("default", "empty"):
            raise TenantError(400, "fixtures must be 'default' or 'empty'")
        with self._lock:
            tenant_id = tenant_id or f"t-{secrets.token_hex(6)}"
            if tenant_id in self._tenants:
                raise TenantError(409, f"tenant {tenant_id!r} exists")
            if self.max_tenants is not None and len(self._tenants) >= self.max_tenants and tenant_id != DEMO:
                raise TenantError(
                    429,
                    f"this server holds its maximum of {self.max_tenants} tenants (--max-tenants): "
                    "delete tenants you no longer use (DELETE /_mock/tenants/{id}) or reset the server",
                )
            creds = credentials or {name_: vendor.new_credentials() for name_, vendor in self.vendors.items()}
            tenant = Tenant(
                id=tenant_id,
                name=name or tenant_id,
                seed=seed,
                fixtures=fixtures_mode,
                credentials=creds,
                _registry=self,
            )
            self._tenants[tenant_id] = tenant
            self._index(tenant)
            try:
                self._save_index()
            except OSError:  # not durable (a full disk): the tenant was never created
                self._unindex(tenant)
                del self._tenants[tenant_id]
                raise
        return tenant

    def create_demo(self) -> Tenant:
        creds = {name: dict(v.demo_credentials) for name, v in self.vendors.items()}
        return self.create(name=DEMO, seed=self.demo_seed, tenant_id=DEMO, credentials=creds)

    def delete(self, tenant_id: str) -> None:
        """The index without the tenant is saved before its files go: a kill in between leaves
        files of a deleted tenant, which start-up removes (``core.datadir``), never a listed
        tenant without its data."""
        with self._lock:
            tenant = self.require(tenant_id)
            with tenant.lock:
                self._unindex(tenant)
                del self._tenants[tenant_id]
                self._save_index()
                tenant._close(destroy=True)
                self._changed(tenant)
                if self.data_dir is not None:
                    for root in datadir.TENANT_ROOTS:
                        shutil.rmtree(self.data_dir / root / tenant.id, ignore_errors=True)

    def reset(self, tenant_id: str) -> Tenant:
        """Back to the seed: data is dropped and re-seeded on next use; runtime state cleared."""
        tenant = self.require(tenant_id)
        with tenant.lock:
            tenant._close(destroy=True)
            self._changed(tenant)
        return tenant

    def reset_all(self) -> Tenant:
        with self._lock:
            for tenant_id in list(self._tenants):
                self.delete(tenant_id)
            return self.create_demo()

    def patch_settings(self, tenant_id: str, patch: Any) -> Tenant:
        tenant = self.require(tenant_id)
        if not isinstance(patch, dict):
            raise TenantError(400, "settings patch must be a JSON object keyed by vendor")
        for vendor_name, vendor_patch in patch.items():
            vendor = self.vendors.get(vendor_name)
            if vendor is None:
                raise TenantError(400, f"unknown vendor {vendor_name!r}")
            if vendor_patch is not None:
                _check_settings(vendor.default_settings, vendor_patch, vendor_name)
        # the registry's lock orders every snapshot of the index: without it, this snapshot could
        # be taken before a concurrent create's and written after it, losing that tenant
        with self._lock, tenant.lock:
            tenant.settings = merge_patch(tenant.settings, patch)
            self._changed(tenant)
            self._save_index()
        return tenant

    def load_snapshot(self, tenant_id: str, snapshot: Snapshot) -> Tenant:
        """Replace the tenant's data and settings with a checked snapshot (``core.snapshots``):
        its data and runtime state are dropped and each vendor loads the snapshot on next use,
        as a reset would re-seed it. Credentials stay."""
        tenant = self.require(tenant_id)
        with self._lock, tenant.lock:
            tenant._close(destroy=True)
            tenant.snapshot = snapshot
            tenant.settings = dict(snapshot.settings)
            self._changed(tenant)
            self._save_index()
        return tenant

    def replace_credential(self, tenant_id: str, vendor: str, kind: str, value: str) -> Tenant:
        """Swap one credential (key regeneration): the old value stops working at once."""
        tenant = self.require(tenant_id)
        with self._lock, tenant.lock:
            self._unindex(tenant)
            tenant.credentials.setdefault(vendor, {})[kind] = value
            self._index(tenant)
            self._changed(tenant)
            self._save_index()
        return tenant

    def _changed(self, tenant: Tenant) -> None:
        """Anything but a data write that may change how ``tenant`` answers: drop its parsed
        settings and move its generation and the registry's revision (``core.replay``)."""
        tenant._parsed.clear()
        tenant.generation += 1
        self.revision += 1

    def close(self) -> None:
        for tenant in self._tenants.values():
            tenant._close(destroy=False)

    # -- data --------------------------------------------------------------------------------------
    def _tenant_dir(self, tenant: Tenant) -> Path | None:
        return self.data_dir / datadir.TENANTS / tenant.id if self.data_dir is not None else None

    def _open_data(self, tenant: Tenant, vendor_name: str) -> VendorData:
        tenant_dir = self._tenant_dir(tenant)
        data = VendorData(tenant_dir / f"{vendor_name}.json" if tenant_dir is not None else None)
        if data.is_empty:
            vendor = self.vendors[vendor_name]
            with data.batch():
                if tenant.snapshot is not None:
                    tenant.snapshot.fill(vendor, data, tenant)
                elif tenant.fixtures == "default":
                    vendor.seed(data, fixtures.load(vendor, tenant.seed), tenant)
                data.mark_seeded()
        return data

    def _open_state(self, tenant: Tenant, vendor_name: str) -> StateStore:
        path = None
        if self.data_dir is not None:
            path = self.data_dir / datadir.RUNTIME / tenant.id / vendor_name
        return StateStore(path)

    # -- credential index --------------------------------------------------------------------------
    def _index(self, tenant: Tenant) -> None:
        for vendor_name, creds in tenant.credentials.items():
            vendor = self.vendors.get(vendor_name)
            if vendor is None:
                continue
            for kind, value in vendor.identifying(creds):
                key = (vendor_name, kind, value)
                owner = self._by_credential.get(key)
                if owner is not None and owner != tenant.id:
                    raise TenantError(409, f"credential {kind} of {vendor_name} is taken")
                self._by_credential[key] = tenant.id

    def _unindex(self, tenant: Tenant) -> None:
        stale = [k for k, v in self._by_credential.items() if v == tenant.id]
        for key in stale:
            del self._by_credential[key]

    # -- persistence (with --data-dir) -------------------------------------------------------------
    def _index_file(self) -> Path | None:
        return self.data_dir / datadir.INDEX if self.data_dir is not None else None

    def _save_index(self) -> None:
        """Snapshot the index; every caller holds the registry's lock, so snapshots reach the
        file in the order they were taken."""
        path = self._index_file()
        if path is None:
            return
        rows = [
            {
                "id": t.id,
                "name": t.name,
                "seed": t.seed,
                "fixtures": t.fixtures,
                "credentials": t.credentials,
                "settings": t.settings,
                "created": t.created,
            }
            for t in self._tenants.values()
        ]
        write_atomically(path, json.dumps({"tenants": rows}, indent=1))

    def restore(self) -> bool:
        """Load the tenants saved in ``data_dir``, after cleaning up and verifying it
        (``core.datadir.prepare``, which raises ``DataDirError`` for a corrupt file); False when
        there is nothing to restore."""
        if self.data_dir is None:
            return False
        rows = datadir.prepare(self.data_dir)
        if rows is None:
            return False
        with self._lock:
            for row in rows:
                tenant = Tenant(
                    id=row["id"],
                    name=row["name"],
                    seed=row["seed"],
                    fixtures=row["fixtures"],
                    credentials=row["credentials"],
                    settings=row.get("settings", {}),
                    created=row.get("created", time.time()),
                    _registry=self,
                )
                # vendors added since the state was saved get fresh credentials
                for name, vendor in self.vendors.items():
                    if name not in tenant.credentials:
                        tenant.credentials[name] = (
                            dict(vendor.demo_credentials) if tenant.id == DEMO else vendor.new_credentials()
                        )
                self._tenants[tenant.id] = tenant
                self._index(tenant)
        return True


def _check_settings(defaults: dict[str, Any], patch: Any, where: str) -> None:
    """Refuse unknown knobs and values of the wrong type, naming the offending key."""
    if not isinstance(patch, dict):
        raise TenantError(400, f"{where}: expected an object")
    for key, value in patch.items():
        path = f"{where}.{key}"
        if key not in defaults:
            raise TenantError(400, f"{path}: unknown setting (known: {', '.join(defaults)})")
        if value is None:
            continue
        default = defaults[key]
        if isinstance(default, dict):
            _check_settings(default, value, path)
        elif not _same_type(default, value):
            raise TenantError(400, f"{path}: expected {type(default).__name__}")


#: the settings check, for other modules that take settings (snapshots, the start-up file)
check_settings = _check_settings


def _same_type(default: Any, value: Any) -> bool:
    if default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))
