"""The JSON:API query parameters FLOWii answers to: ``include`` (dotted paths), ``sort``, ``page[...]``
and ``filter[...]``; and the ones it refuses, so that no answer silently ignores what a client asked.

JSON:API: a server that cannot honour ``sort`` or an ``include`` path MUST answer 400; one that does
not support a query parameter family should too. We apply ``include`` and ``sort`` as the
specification defines them and refuse sparse fieldsets (``fields[type]``) and unknown
``filter[...]``/``page[...]`` members with a 400 whose ``source.parameter`` names the parameter.
Fieldsets are refused rather than applied because FLOWii's observed answers always carry every
attribute, and the contract promises that to clients.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mockserver.core.http import request
from mockserver.vendors.flowii.errors import ApiError
from mockserver.vendors.flowii.jsonapi import attribute_keys
from mockserver.vendors.flowii.resources import RESOURCES, Relation, Resource

#: an include path is a chain of relationship names; more steps than this is a 400
MAX_INCLUDE_DEPTH = 4
#: at most this many include paths and sort fields per request
MAX_MEMBERS = 32
#: paging members FLOWii understands [obs]
PAGE_MEMBERS = ("page[size]", "page[number]")

IncludePath = tuple[Relation, ...]


def _members(name: str) -> list[str]:
    raw = request.args.get(name, "")
    members = [m.strip() for m in raw.split(",") if m.strip()]
    if len(members) > MAX_MEMBERS:
        raise ApiError(400, f"{name} names more than {MAX_MEMBERS} members", parameter=name)
    return members


# -- parameters a FLOWii answer never applies --------------------------------------------------------
def refuse_unsupported(filters: Iterable[str] = (), collection: bool = True) -> None:
    """400 for a sparse fieldset, a ``filter[...]`` member this list does not understand, or a
    ``page[...]`` member other than size and number (on one resource: any): answering without
    applying it would mislead the client. Unpaged lists accept the two paging members, since their
    answer (everything, no ``links``) already tells the client there is no next page."""
    allowed = {*filters, *(PAGE_MEMBERS if collection else ())}
    for name in request.args:
        if name.startswith("fields["):
            detail = "Sparse fieldsets are not supported: every answer carries all attributes"
            raise ApiError(400, detail, parameter=name)
        if name.startswith(("filter[", "page[")) and name not in allowed:
            raise ApiError(400, f"The query parameter {name[:64]} is not supported here", parameter=name)


def refuse_sort() -> None:
    """``sort`` orders a collection; on one resource it would be silently meaningless."""
    if "sort" in request.args:
        raise ApiError(400, "sort applies to collections only", parameter="sort")


# -- include -----------------------------------------------------------------------------------------
def include_paths(resource: Resource, defaults: bool = True) -> list[IncludePath]:
    """``include=key-contact,billing-address.country``: each path a chain of relationships; without
    the parameter, the type's default includes for one resource and nothing for a list."""
    if "include" not in request.args:
        names = resource.default_include if defaults else ()
        return [(_relation(resource, name, name),) for name in names]
    paths = []
    for text in _members("include"):
        steps = text.split(".")
        if len(steps) > MAX_INCLUDE_DEPTH:
            raise ApiError(400, f"include paths have at most {MAX_INCLUDE_DEPTH} steps", parameter="include")
        current, path = resource, []
        for step in steps:
            relation = _relation(current, step, text)
            path.append(relation)
            current = RESOURCES[relation.target]
        paths.append(tuple(path))
    return paths


def _relation(resource: Resource, name: str, path: str) -> Relation:
    relation = resource.relation(name)
    if relation is None:
        raise ApiError(400, f"{resource.type} cannot include {path[:64]!r}", parameter="include")
    return relation


# -- sort ---------------------------------------------------------------------------------------------
def sort_records(resource: Resource, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``sort=-created,name``: ascending by each field in turn, ``-`` for descending; ``id`` and any
    attribute of the type. Strings compare case-insensitively; ``null`` sorts last ascending and
    first descending. Without ``sort`` the order is the store's (creation order)."""
    keys = attribute_keys(resource)
    fields = _members("sort")
    order = list(records)
    for field in reversed(fields):
        descending = field.startswith("-")
        name = field.removeprefix("-")
        if name == "id":
            order.sort(key=lambda r: r["id"], reverse=descending)
            continue
        attribute = keys.get(name)
        if attribute is None:
            detail = f"{resource.type} cannot be sorted by {name[:64]!r}"
            raise ApiError(400, detail, parameter="sort")
        order.sort(key=lambda r, a=attribute: _sort_key(r.get(a)), reverse=descending)
    return order


def _sort_key(value: Any) -> tuple[bool, Any]:
    if isinstance(value, str):
        value = value.casefold()
    return (value is None, 0 if value is None else value)
