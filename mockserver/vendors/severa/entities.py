"""Severa entities as stored records and as wire values.

Records are JSON documents keyed by the catalogue's field names (``GUID``, ``InsertTS``, ...), so
what a client sent is what it reads back. Timestamps are stored as ISO-8601 text, decimals as text
(no float rounding). Two hidden fields, ``_ins`` and ``_upd`` (mock-clock epoch seconds), drive every
``…ChangedSince`` operation whatever the entity's own timestamp fields are called.

``to_wire`` turns a record into what Spyne serialises (datetimes, ``Decimal``, defaults for value
types: WCF always writes a non-nullable member, ``false``/``0``/``0001-01-01T00:00:00``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from mockserver.core.store import Collection, VendorData
from mockserver.core.tenants import DEMO
from mockserver.vendors.severa import catalog

#: a fixed namespace, so GUIDs follow from (tenant, sequence): deterministic for a seed
GUID_NAMESPACE = uuid.UUID("6d1b3a52-5c1e-4f55-9b0e-5e7e2a0c5e11")
MIN_DATETIME = datetime(1, 1, 1)
HIDDEN = ("_ins", "_upd")

#: catalogue classes that are views of stored entities or parts of one, never stored on their own
VIEWS = frozenset(
    {
        "AccountTiny",  # a page of accounts
        "Customer",  # an account merged with its company
        "PhaseTreeNode",  # a phase as a tree node
        "TimeEntry",  # an hour entry's start/end view
        "InvoiceFile",  # a file attached to an invoice
        "InvoiceRow",  # part of an invoice
        "ExtranetCase",  # a case's extranet sharing
        "ExtranetContact",
        "SeveraFinvoice",  # an invoice rendered as Finvoice XML
        "Finvoice",
        "WorkDayActivity",
        "ProductBase",  # abstract: products and travel expenses are stored apart
        "TravelReimbursementRow",  # an item (``xsi:type``), stored with the items
        "InvoiceOriginDetailsCaseDetails",
    }
)
#: fields looked up without a scan, beside ``GUID``
LOOKUPS: dict[str, tuple[str, ...]] = {
    "Account": ("Name", "Number", "VatNumber"),
    "Case": ("CaseNumber",),
    "Invoice": ("Number",),
    "User": ("Code",),
    "Product": ("Code",),
    "TravelExpense": ("Code",),
    "BusinessUnit": ("Code",),
    "Country": ("IsoCodea2",),
    "Currency": ("IsoCode",),
}
#: stored kinds without a GUID, and their key
KEYED_BY_NAME = {"InvoiceStatus": ("Name",)}


def _words(name: str, separator: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", separator, name)


def _plural(word: str) -> str:
    if word.endswith("y"):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith("s") else "s")


def display(kind: str) -> str:
    """The kind as fault texts name it: ``HourEntry`` -> ``Hour entry``."""
    return _words(kind, " ").capitalize()


@cache
def kinds() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every stored entity kind of the catalogue: a class with a ``GUID`` that is not a view. Each
    has a collection (``HourEntry`` -> ``hour_entries``) and the fields indexed for lookups."""
    cat = catalog.load()
    found = {
        name: (_plural(_words(name, "_").lower()), ("GUID", *LOOKUPS.get(name, ())))
        for name, spec in cat.types.items()
        if spec["kind"] == "class"
        and name not in VIEWS
        and any(f["name"] == "GUID" for f in cat.fields(name))
    }
    for name, keys in KEYED_BY_NAME.items():
        found[name] = (_plural(_words(name, "_").lower()), keys)
    return found


def collection(data: VendorData, kind: str) -> Collection:
    name, unique = kinds()[kind]
    return data.collection(name, unique=unique)


def new_guid(data: VendorData, kind: str, tenant_id: str) -> str:
    """A GUID unique across tenants (the tenant's id is part of the name) and deterministic for a
    tenant's history."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{tenant_id}:{kind}:{data.next_number('guid')}"))


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


def _converter(ref: str) -> Callable[[Any], Any]:
    """``_wire_value`` for one catalogue reference, with its branches and default decided once:
    an answer converts every field of every record, so this is per value work."""
    default = _default(ref)
    base = ref.rstrip("?")
    if base in ("string", "bool", "int", "long", "byte"):
        return lambda value: default if value is None else value
    if base == "DateTime":
        return lambda value: default if value is None else (parse_datetime(value) or default)
    return lambda value: _wire_value(ref, value)


@cache
def _converters(kind: str) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """Each field of a catalogue type in wire order, with its converter."""
    return tuple((field["name"], _converter(field["type"])) for field in catalog.load().fields(kind))


@cache
def _subtypes(declared: str) -> tuple[str, ...]:
    return tuple(catalog.load().types.get(declared, {}).get("known_subtypes", ()))


def to_wire(type_name: str, record: dict[str, Any] | None) -> Any:
    """A record as what Spyne serialises: every catalogue field, in order, typed. A record of a
    derived type the catalogue declares (``_type``: ``TravelReimbursementRow`` where ``Item`` is
    declared) becomes an instance of the derived Spyne class, which the polymorphic output
    protocol writes with ``xsi:type``."""
    if record is None:
        return None
    declared = catalog.type_key(type_name)
    actual = record.get("_type")
    if actual is None or actual not in _subtypes(declared):
        actual = declared
    get = record.get
    values = {name: convert(get(name)) for name, convert in _converters(actual)}
    if actual == declared:
        return values
    from mockserver.vendors.severa.spyne_types import registry

    return registry().named(actual)(**values)


def blank(value: Any) -> bool:
    """A missing or whitespace-only value (what Severa's "is required" checks refuse)."""
    return value is None or (isinstance(value, str) and not value.strip())


def decimal_of(value: Any, default: Decimal = Decimal(0)) -> Decimal:
    try:
        return Decimal(str(value)) if value is not None else default
    except InvalidOperation:
        return default


def seed(
    data: VendorData, fixtures: dict[str, list[dict[str, Any]]], tenant_id: str, rename: bool = True
) -> None:
    """Load fixtures through the indexed collections, so lookups by GUID never scan. Every tenant
    but ``demo`` (whose data is the committed fixture file, GUIDs included) gets the seed's GUIDs
    renamed for it, so no GUID is shared by two tenants."""
    if rename and tenant_id != DEMO:
        fixtures = _renamed(fixtures, tenant_id)
    by_collection = {name: kind for kind, (name, _unique) in kinds().items()}
    for name, records in fixtures.items():
        kind = by_collection.get(name)
        target = collection(data, kind) if kind else data.collection(name)
        target.insert_many(records)


def _renamed(fixtures: dict[str, list[dict[str, Any]]], tenant_id: str) -> dict[str, list[dict[str, Any]]]:
    """The fixtures with every GUID (wherever it is referenced) replaced by a tenant's own."""
    names = {
        record["GUID"]: str(uuid.uuid5(GUID_NAMESPACE, f"{tenant_id}:{record['GUID']}"))
        for records in fixtures.values()
        for record in records
        if isinstance(record.get("GUID"), str)
    }

    def rename(value: Any) -> Any:
        if isinstance(value, str):
            return names.get(value, value)
        if isinstance(value, list):
            return [rename(v) for v in value]
        if isinstance(value, dict):
            return {k: rename(v) for k, v in value.items()}
        return value

    return {name: [rename(r) for r in records] for name, records in fixtures.items()}


# -- references between kinds -----------------------------------------------------------------------
#: ``…GUID`` field stems that name a kind other than by its own name
REFERENCE_ALIASES: dict[str, tuple[str, ...]] = {
    "task": ("Phase",),  # Severa's API calls phases tasks in places (TaskGUID, RootTaskGUID)
    "profile": ("AccessRightsProfile",),
    "product": ("Product", "TravelExpense"),  # an item's product is either
}
#: ``…GUID`` stems of things the API does not expose (ledger accounts, cost centres, organisation)
NOT_REFERENCES = ("salesaccount", "costcenter", "organization", "hierarchy", "contactrole")


@cache
def references(kind: str, field: str) -> tuple[str, ...]:
    """The stored kinds a ``…GUID``/``…GUIDs`` field of ``kind`` points at (empty if none):
    ``OwnerUserGUID`` -> User, ``TaskGUID`` -> Phase, ``ParentGUID`` -> the kind itself."""
    lower = field.lower()
    if lower.endswith("guids"):
        stem = lower[:-5]
    elif lower.endswith("guid") and lower != "guid":
        stem = lower[:-4]
    else:
        return ()
    if stem == "parent":
        return (kind,)
    if stem.endswith(NOT_REFERENCES):
        return ()
    for alias, targets in REFERENCE_ALIASES.items():
        if stem.endswith(alias):
            return targets
    matches = [k for k, (_name, keys) in kinds().items() if "GUID" in keys and stem.endswith(k.lower())]
    return (max(matches, key=len),) if matches else ()


@cache
def referrers(kind: str) -> tuple[tuple[str, str], ...]:
    """Every (kind, field) that holds a GUID of ``kind``: what a replacement must re-point."""
    cat = catalog.load()
    return tuple(
        (other, field["name"])
        for other in kinds()
        if other not in KEYED_BY_NAME
        for field in cat.fields(other)
        if field["name"] != "GUID" and field["type"] == "string" and kind in references(other, field["name"])
    )


def has_field(kind: str, name: str) -> bool:
    return any(f["name"] == name for f in catalog.load().fields(catalog.type_key(kind)))
