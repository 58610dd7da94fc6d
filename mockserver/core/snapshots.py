"""Tenant snapshots: a tenant's world (every vendor's data and its settings) as one JSON document.

A snapshot is what a person built by hand in the sandbox, saved to a file, committed, and loaded in
CI or on a colleague's machine. So it never holds credentials (they stay with the tenant that loads
it), and loaded data must behave as if the vendors had created it: records keep their ids and new
ones continue after the highest, the vendors' numbering (``VendorData`` sequences: Severa case
numbers, Workspace codes, WerkbonApp OrderNr) continues where it stood, and lookups use the same
indexes. Loading therefore goes through each vendor's own loader (``Vendor.load_snapshot``, which
is how fixtures are seeded too) and then moves every sequence to at least its saved value.

A snapshot is checked whole before anything changes; a refusal names the place
(``vendors.robaws.collections.clients[3].id``) and leaves the tenant as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockserver.core.store import VendorData
    from mockserver.core.tenants import Tenant
    from mockserver.core.vendor import Vendor

FORMAT_VERSION = 1
TOP_LEVEL = ("format_version", "settings", "vendors")
VENDOR_PARTS = ("collections", "sequences")
#: larger ids than this cannot be a TinyDB document id the store accepts
MAX_ID = 10**18 - 1


class SnapshotError(ValueError):
    """A snapshot that cannot be loaded; the message starts with the place that is wrong."""


@dataclass(frozen=True)
class Snapshot:
    """A checked snapshot: settings overrides and, per vendor, collections and sequences."""

    settings: dict[str, Any]
    vendors: dict[str, dict[str, Any]]

    def fill(self, vendor: Vendor, data: VendorData, tenant: Tenant) -> None:
        """Load this snapshot's part for ``vendor`` into its fresh ``data`` (empty if it has none)."""
        part = self.vendors.get(vendor.name, {})
        collections = {name: [dict(r) for r in rows] for name, rows in part.get("collections", {}).items()}
        vendor.load_snapshot(data, collections, tenant)
        for name, value in part.get("sequences", {}).items():
            data.raise_number(name, value)


def take(tenant: Tenant, vendors: dict[str, Vendor]) -> dict[str, Any]:
    """The tenant's snapshot document: its settings overrides and every vendor's records and
    sequences (seeding a vendor that was never used, so the snapshot is the whole world)."""
    document: dict[str, Any] = {"format_version": FORMAT_VERSION, "settings": {}, "vendors": {}}
    with tenant.lock:
        document["settings"] = {k: v for k, v in tenant.settings.items() if k in vendors}
        for name in vendors:
            data = tenant.data(name)
            document["vendors"][name] = {"collections": data.export(), "sequences": data.sequences()}
    return document


def parse(raw: Any, vendors: dict[str, Vendor]) -> Snapshot:
    """Check a snapshot document whole (``SnapshotError`` naming the place)."""
    if not isinstance(raw, dict):
        raise SnapshotError("snapshot: expected a JSON object")
    unknown = sorted(set(raw) - set(TOP_LEVEL))
    if unknown:
        raise SnapshotError(f"snapshot.{unknown[0]}: unknown field (known: {', '.join(TOP_LEVEL)})")
    version = raw.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise SnapshotError(f"format_version: expected {FORMAT_VERSION}, not {version!r}")
    settings = raw.get("settings", {})
    _check_settings(settings, vendors)
    parts = raw.get("vendors", {})
    if not isinstance(parts, dict):
        raise SnapshotError("vendors: expected an object keyed by vendor")
    for name, part in parts.items():
        vendor = vendors.get(name)
        if vendor is None:
            raise SnapshotError(f"vendors.{name}: unknown vendor (known: {', '.join(vendors)})")
        _check_vendor(f"vendors.{name}", part, vendor)
    return Snapshot(settings, parts)


def _check_settings(settings: Any, vendors: dict[str, Vendor]) -> None:
    from mockserver.core.tenants import TenantError, check_settings

    if not isinstance(settings, dict):
        raise SnapshotError("settings: expected an object keyed by vendor")
    for name, patch in settings.items():
        vendor = vendors.get(name)
        if vendor is None:
            raise SnapshotError(f"settings.{name}: unknown vendor (known: {', '.join(vendors)})")
        try:
            check_settings(vendor.default_settings, patch, f"settings.{name}")
        except TenantError as exc:
            raise SnapshotError(exc.message) from None


def _check_vendor(where: str, part: Any, vendor: Vendor) -> None:
    if not isinstance(part, dict):
        raise SnapshotError(f"{where}: expected an object with collections and sequences")
    unknown = sorted(set(part) - set(VENDOR_PARTS))
    if unknown:
        raise SnapshotError(f"{where}.{unknown[0]}: unknown field (known: {', '.join(VENDOR_PARTS)})")
    collections = part.get("collections", {})
    if not isinstance(collections, dict):
        raise SnapshotError(f"{where}.collections: expected an object of collections")
    known = vendor.snapshot_collections()
    for name, records in collections.items():
        if name not in known:
            raise SnapshotError(f"{where}.collections.{name}: unknown collection of {vendor.name}")
        _check_records(f"{where}.collections.{name}", records)
    sequences = part.get("sequences", {})
    if not isinstance(sequences, dict):
        raise SnapshotError(f"{where}.sequences: expected an object of counters")
    for name, value in sequences.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_ID:
            raise SnapshotError(f"{where}.sequences.{name}: expected a non-negative integer")


def _check_records(where: str, records: Any) -> None:
    if not isinstance(records, list):
        raise SnapshotError(f"{where}: expected an array of records")
    seen: set[int] = set()
    for index, record in enumerate(records):
        place = f"{where}[{index}]"
        if not isinstance(record, dict):
            raise SnapshotError(f"{place}: expected a record (an object)")
        record_id = record.get("id")
        if record_id is None:
            raise SnapshotError(f"{place}.id: missing; every record needs its id")
        if not isinstance(record_id, int) or isinstance(record_id, bool) or not 0 < record_id <= MAX_ID:
            raise SnapshotError(f"{place}.id: expected a positive integer, not {record_id!r}")
        if record_id in seen:
            raise SnapshotError(f"{place}.id: {record_id} appears twice")
        seen.add(record_id)
