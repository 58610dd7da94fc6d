"""Severa entities as stored records and as wire values.

Records are JSON documents keyed by the catalogue's field names (``GUID``, ``InsertTS``, ...), so
what a client sent is what it reads back. Timestamps are stored as ISO-8601 text, decimals as text
(no float rounding). Two hidden fields, ``_ins`` and ``_upd`` (mock-clock epoch seconds), drive every
``…ChangedSince`` operation whatever the entity's own timestamp fields are called.

``to_wire`` turns a record into what Spyne serialises (datetimes, ``Decimal``, defaults for value
types: WCF always writes a non-nullable member, ``false``/``0``/``0001-01-01T00:00:00``).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from mockserver.core.store import Collection, VendorData
from mockserver.vendors.severa import catalog

#: stored entity kinds: collection name and the fields looked up without a scan
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Account": ("accounts", ("GUID", "Name", "Number", "VatNumber")),
    "Company": ("companies", ("GUID",)),
    "Address": ("addresses", ("GUID",)),
    "Contact": ("contacts", ("GUID",)),
    "Case": ("cases", ("GUID", "CaseNumber")),
    "Phase": ("phases", ("GUID",)),
    "HourEntry": ("hour_entries", ("GUID",)),
    "Invoice": ("invoices", ("GUID", "Number")),
    "InvoiceStatus": ("invoice_statuses", ("Name",)),
    "User": ("users", ("GUID", "Code")),
    "WorkType": ("work_types", ("GUID",)),
    "Product": ("products", ("GUID", "Code")),
    "TravelExpense": ("travel_expenses", ("GUID", "Code")),
    "BusinessUnit": ("business_units", ("GUID", "Code")),
}

#: a fixed namespace, so GUIDs follow from (tenant data, sequence): deterministic for a seed
GUID_NAMESPACE = uuid.UUID("6d1b3a52-5c1e-4f55-9b0e-5e7e2a0c5e11")
MIN_DATETIME = datetime(1, 1, 1)
HIDDEN = ("_ins", "_upd")


def collection(data: VendorData, kind: str) -> Collection:
    name, unique = KINDS[kind]
    return data.collection(name, unique=unique)


def new_guid(data: VendorData, kind: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{data.next_number('guid')}"))


# -- values ---------------------------------------------------------------------------------------
def parse_datetime(text: Any) -> datetime | None:
    if text is None or isinstance(text, datetime):
        return text
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None


def epoch(moment: datetime) -> float:
    """Seconds since the epoch; a time without zone is taken as UTC (Severa sends local times
    without zone; the mock keeps one clock)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None).isoformat(timespec="milliseconds")


def _to_json(ref: str, value: Any) -> Any:
    """A value Spyne parsed (datetime, Decimal, model instance, list) as JSON-ready data."""
    if value is None:
        return None
    base = ref.rstrip("?")
    if base.endswith("[]"):
        return [_to_json(base[:-2], v) for v in value]
    if base == "DateTime":
        return value.replace(tzinfo=None).isoformat() if value.tzinfo is None else value.isoformat()
    if base == "decimal":
        return str(value)
    if base in ("string", "bool", "int", "long", "byte"):
        return value
    spec = catalog.load().types.get(catalog.type_key(base))
    if spec is None or spec["kind"] == "enum":
        return str(value)
    return from_wire(base, value)


def from_wire(type_name: str, instance: Any) -> dict[str, Any]:
    """A Spyne instance of a catalogue class as a record with the fields the client sent."""
    record: dict[str, Any] = {}
    for field in catalog.load().fields(catalog.type_key(type_name)):
        value = getattr(instance, field["name"], None)
        if value is not None:
            record[field["name"]] = _to_json(field["type"], value)
    return record


def _default(ref: str) -> Any:
    if ref.endswith("?") or ref.endswith("[]"):
        return None
    return {
        "bool": False,
        "int": 0,
        "long": 0,
        "decimal": Decimal(0),
        "DateTime": MIN_DATETIME,
        "byte": 0,
    }.get(ref)


def _wire_value(ref: str, value: Any) -> Any:
    if value is None:
        return _default(ref)
    base = ref.rstrip("?")
    if base.endswith("[]"):
        return [_wire_value(base[:-2], v) for v in value]
    if base == "DateTime":
        return parse_datetime(value) or _default(ref)
    if base == "decimal":
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return _default(ref)
    if base in ("string", "bool", "int", "long", "byte"):
        return value
    spec = catalog.load().types.get(catalog.type_key(base))
    if spec is None or spec["kind"] == "enum":
        return value
    return to_wire(base, value)


def to_wire(type_name: str, record: dict[str, Any] | None) -> dict[str, Any] | None:
    """A record as the dict Spyne serialises: every catalogue field, in order, typed."""
    if record is None:
        return None
    return {
        field["name"]: _wire_value(field["type"], record.get(field["name"]))
        for field in catalog.load().fields(catalog.type_key(type_name))
    }


def decimal_of(value: Any, default: Decimal = Decimal(0)) -> Decimal:
    try:
        return Decimal(str(value)) if value is not None else default
    except InvalidOperation:
        return default


def seed(data: VendorData, fixtures: dict[str, list[dict[str, Any]]]) -> None:
    """Load fixtures through the indexed collections, so lookups by GUID never scan."""
    by_collection = {name: kind for kind, (name, _unique) in KINDS.items()}
    for name, records in fixtures.items():
        kind = by_collection.get(name)
        target = collection(data, kind) if kind else data.collection(name)
        target.insert_many(records)
