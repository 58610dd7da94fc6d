"""Master data over the tenant's store: bulk upsert by the resource's key, lists, deletes.

One collection per resource, indexed on ``_key`` (the record's upsert key), so an upsert is a
lookup, not a scan, whatever the tenant holds.
"""

from __future__ import annotations

from typing import Any

from mockserver.core.store import Collection, VendorData
from mockserver.vendors.werkbonapp import errors
from mockserver.vendors.werkbonapp.entities import KEY_FIELD, Entity, record_key
from mockserver.vendors.werkbonapp.errors import WerkbonError
from mockserver.vendors.werkbonapp.schemas import Refusal, entity_schema, load_all


def collection(data: VendorData, entity: Entity) -> Collection:
    return data.collection(entity.name, unique=(KEY_FIELD,))


def validate(entity: Entity, records: list[Any]) -> list[dict[str, Any]]:
    """The whole batch loaded, or the entity's error for all of its problems."""
    try:
        return load_all(entity_schema(entity), records)
    except Refusal as refusal:
        required = refusal.missing or entity.invalid_is_required
        code = entity.required_code if required else entity.failed_code
        raise WerkbonError(code, *refusal.messages) from None


def upsert(data: VendorData, entity: Entity, records: list[dict[str, Any]], extra: dict | None = None) -> int:
    """Insert or update each (already validated) record by its key; answers how many were synced.

    Only the fields a record carries change on update, as the vendor's upsert does.
    """
    table = collection(data, entity)
    for record in records:
        fields = {name: value for name, value in record.items() if name in entity.fields}
        fields.update(extra or {})
        key = record_key(entity, fields)
        existing = table.find_by(KEY_FIELD, key)
        if existing is None:
            for name, default in entity.defaults:
                fields.setdefault(name, default)
            table.insert({**fields, KEY_FIELD: key})
        else:
            table.update(existing["id"], fields)
    return len(records)


def render(entity: Entity, record: dict[str, Any]) -> dict[str, str]:
    return {name: record.get(name, "") for name in entity.output_fields}


def listing(data: VendorData, entity: Entity) -> list[dict[str, str]]:
    return [render(entity, r) for r in collection(data, entity).all()]


def delete(data: VendorData, entity: Entity, key: str, value: str) -> int:
    """Rows of ``entity`` whose ``key`` equals ``value`` removed; answers how many."""
    table = collection(data, entity)
    if entity.key == (key,):
        found = table.find_by(KEY_FIELD, value)
        doomed = [found] if found is not None else []
    else:
        doomed = table.filter(lambda r: r.get(key) == value)
    for record in doomed:
        table.remove(record["id"])
    return len(doomed)


def delete_all(data: VendorData, entity: Entity) -> int:
    return collection(data, entity).clear()


def exists(data: VendorData, entity: Entity, value: str) -> bool:
    return collection(data, entity).find_by(KEY_FIELD, value) is not None


def require_array(body: Any) -> list[dict[str, Any]]:
    """Bulk POSTs take a JSON array of objects; anything else cannot be parsed as one."""
    if not isinstance(body, list) or not all(isinstance(item, dict) for item in body):
        raise WerkbonError(errors.UNPARSABLE_BODY, errors.UNABLE_TO_PARSE_BODY)
    return body
