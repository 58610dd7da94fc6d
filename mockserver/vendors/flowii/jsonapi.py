"""JSON:API documents as FLOWii writes and reads them.

Rendering: a stored record becomes ``{"type", "id", "attributes", "relationships"}`` (ids are numeric
strings, every attribute present, ``null`` when unset). Reading: the top-level ``data`` object of a
create, checked member by member so each problem gets its own ``source.pointer``.
"""

from __future__ import annotations

from typing import Any

from mockserver.core.dumping import Dumper, dumper
from mockserver.vendors.flowii.errors import ApiError
from mockserver.vendors.flowii.resources import RESOURCES, Relation, Resource

_dump_cache: dict[str, Any] = {}
_dumpers: dict[str, Dumper] = {}
_names: dict[str, tuple[str, ...]] = {}


def _schema(resource: Resource) -> Any:
    schema = _dump_cache.get(resource.key)
    if schema is None:
        schema = _dump_cache[resource.key] = resource.schema()
    return schema


def _dumper(resource: Resource) -> Dumper:
    """The type's schema compiled for reads (``core.dumping``): every listed record is dumped."""
    found = _dumpers.get(resource.key)
    if found is None:
        found = _dumpers[resource.key] = dumper(_schema(resource))
    return found


def attribute_names(resource: Resource) -> tuple[str, ...]:
    """The kebab-case attribute names of a type, in declaration order."""
    found = _names.get(resource.key)
    if found is None:
        fields = _schema(resource).fields.items()
        found = _names[resource.key] = tuple(field.data_key or name for name, field in fields)
    return found


def attribute_keys(resource: Resource) -> dict[str, str]:
    """Kebab-case attribute name -> the key it is stored under (``serial-nr`` -> ``serial_nr``)."""
    return {
        field.data_key or name: field.attribute or name for name, field in _schema(resource).fields.items()
    }


def linkage(relation: Relation, record: dict) -> Any:
    target = RESOURCES[relation.target].type
    value = record.get("rel", {}).get(relation.name)
    if relation.many:
        return [{"type": target, "id": str(v)} for v in value or []]
    return {"type": target, "id": str(value)} if value is not None else None


def resource_object(resource: Resource, record: dict) -> dict[str, Any]:
    dumped = _dumper(resource)(record)
    attributes = {name: dumped.get(name) for name in attribute_names(resource)}
    body: dict[str, Any] = {"type": resource.type, "id": str(record["id"]), "attributes": attributes}
    if resource.relations:
        body["relationships"] = {r.name: {"data": linkage(r, record)} for r in resource.relations}
    return body


# -- reading ---------------------------------------------------------------------------------------
def data_member(body: Any) -> dict[str, Any]:
    """The ``data`` object of a create request, or a 422 pointing at what is wrong."""
    if not isinstance(body, dict):
        raise ApiError(422, "The request document must be a JSON object", pointer="")
    data = body.get("data")
    if not isinstance(data, dict):
        raise ApiError(422, "The request document must have a 'data' object", pointer="/data")
    return data


def parse_id(value: Any) -> int | None:
    """A resource id from a path or a linkage: a positive integer, as a string or a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 2**63 else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        number = int(value)
        return number if number > 0 else None
    return None
