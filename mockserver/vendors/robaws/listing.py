"""Collections: paging, sorting, ``include=``, ``updatedFrom``, ``extraFields[Name]=value`` and the
per-resource filters, read from the query string once and applied in one pass over the records.

Choices (see README): a size above the maximum is clamped; page and size that are not
non-negative integers are a 400; unknown parameters, unknown sort fields and unknown includes are
ignored. The default order is creation order (ids ascend with it); an explicit sort always
ends on the id, so paging is stable either way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from mockserver.core.clock import iso_utc, parse_iso
from mockserver.core.store import Collection
from mockserver.vendors.robaws.errors import bad_request
from mockserver.vendors.robaws.resources import Resource

_EXTRA = re.compile(r"^extraFields\[(.+)\]$")
_SORT_DIRECTIONS = {"asc": False, "desc": True}
MAX_INCLUDE_DEPTH = 4

Doc = dict[str, Any]
Includes = dict[str, "Includes"]


@dataclass
class ListQuery:
    page: int = 0
    size: int = 10
    sort: list[tuple[str, bool]] = field(default_factory=list)
    includes: Includes = field(default_factory=dict)
    predicates: list[Callable[[Doc], bool]] = field(default_factory=list)


def _non_negative(args: MultiDict, name: str, default: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise bad_request(f"Parameter '{name}' must be a non-negative integer")
    return int(raw)


def parse_includes(raw: str | None) -> Includes:
    """``employer,employer.contacts`` -> ``{"employer": {"contacts": {}}}``."""
    tree: Includes = {}
    if not raw:
        return tree
    for path in raw.split(",")[:50]:
        node = tree
        for part in path.strip().split(".")[:MAX_INCLUDE_DEPTH]:
            if part:
                node = node.setdefault(part, {})
    return tree


def parse(args: MultiDict, resource: Resource, default_size: int, max_size: int) -> ListQuery:
    query = ListQuery(page=_non_negative(args, "page", 0), size=_non_negative(args, "size", default_size))
    if query.size == 0:
        raise bad_request("Parameter 'size' must be at least 1")
    query.size = min(query.size, max_size)
    query.sort = _parse_sort(args.get("sort"))
    query.includes = parse_includes(args.get("include"))
    updated_from = args.get("updatedFrom")
    if updated_from:
        try:
            bound = iso_utc(parse_iso(updated_from))
        except ValueError:
            raise bad_request("Parameter 'updatedFrom' must be an ISO-8601 date-time") from None
        query.predicates.append(lambda d: (d.get("updatedAt") or "") >= bound)
    for key, value in args.items(multi=True):
        match = _EXTRA.match(key)
        if match:
            query.predicates.append(_extra_field_filter(match.group(1), value))
    if "type" in resource.filters and args.get("type"):
        wanted = args["type"]
        if wanted not in ("INVOICE", "CREDIT_NOTE"):
            raise bad_request("Parameter 'type' must be INVOICE or CREDIT_NOTE")
        query.predicates.append(lambda d: d.get("type") == wanted)
    if "dates" in resource.filters:
        for name, keep in (("fromDate", lambda v, b: v >= b), ("toDate", lambda v, b: v <= b)):
            raw = args.get(name)
            if raw:
                query.predicates.append(_date_filter(name, raw, keep))
    for name in resource.filters:
        if name.endswith("Id") and args.get(name):
            query.predicates.append(_reference_filter(name, args[name]))
    return query


def _reference_filter(name: str, raw: str) -> Callable[[Doc], bool]:
    """Equality on a reference (``articleGroupId``, ``clientId``): ids are digit strings."""
    wanted = raw.lstrip("0")
    return lambda d: d.get(name) == wanted


def _date_filter(name: str, raw: str, keep: Callable[[str, str], bool]) -> Callable[[Doc], bool]:
    try:
        bound = date.fromisoformat(raw[:10]).isoformat()
    except ValueError:
        raise bad_request(f"Parameter '{name}' must be a date (YYYY-MM-DD)") from None
    return lambda d: bool(d.get("date")) and keep(d["date"], bound)


def _parse_sort(raw: str | None) -> list[tuple[str, bool]]:
    keys: list[tuple[str, bool]] = []
    if not raw:
        return keys
    for part in raw.split(",")[:10]:
        name, _, direction = part.strip().partition(":")
        if not name:
            continue
        direction = (direction or "asc").strip().lower()
        if direction not in _SORT_DIRECTIONS:
            raise bad_request(f"Sort direction of '{name}' must be asc or desc")
        keys.append((name.strip(), _SORT_DIRECTIONS[direction]))
    return keys


def _extra_field_filter(name: str, raw: str) -> Callable[[Doc], bool]:
    """Equality on a custom field, typed by the field's own value type in each record."""
    number: float | None
    try:
        number = float(raw)
        if not math.isfinite(number):
            number = None
    except ValueError:
        number = None
    boolean = {"true": True, "false": False}.get(raw)

    def matches(doc: Doc) -> bool:
        extra = doc.get("extraFields") or {}
        entry = extra.get(name)
        if not isinstance(entry, dict) or not entry:
            return False
        kind, value = next(iter(entry.items()))
        if value is None:
            return False
        if kind == "booleanValue":
            return boolean is not None and value is boolean
        if kind in ("decimalValue", "integerValue"):
            return number is not None and float(value) == number
        return value == raw

    return matches


def _sort_key(name: str) -> Callable[[Doc], tuple]:
    def key(doc: Doc) -> tuple:
        value = doc.get(name)
        if value is None:
            return (1, 0, "")
        if isinstance(value, bool):
            return (0, 0, int(value))
        if isinstance(value, int | float):
            return (0, 1, value)
        if isinstance(value, str):
            return (0, 2, value.casefold())
        return (0, 3, str(value))

    return key


def select(
    collection: Collection, query: ListQuery, scope: Callable[[Doc], bool] | None = None
) -> tuple[list[Doc], int]:
    """(the page's records, total matching). Without filters or sort the page is sliced straight
    from the store (creation order), so an unfiltered page costs the page, not the table."""
    start = query.page * query.size
    predicates = [scope, *query.predicates] if scope is not None else query.predicates
    if not predicates and not query.sort:
        return collection.slice(start, start + query.size), len(collection)
    records = collection.filter(lambda d: all(p(d) for p in predicates)) if predicates else collection.all()
    if query.sort:
        records.sort(key=lambda d: d["id"])
        for name, descending in reversed(query.sort):
            records.sort(key=_sort_key(name), reverse=descending)
    return records[start : start + query.size], len(records)


def envelope(items: list[Doc], query: ListQuery, total: int, size_reading: str = "items") -> Doc:
    """The page envelope. ``size`` is the number of items on this page [obs: a real client loops
    ``while (data.size > 0)``], or with ``size_reading="requested"`` the page size asked for (our
    first reading, kept as the tenant setting ``paging.envelope_size``)."""
    return {
        "items": items,
        "currentPage": query.page,
        "size": query.size if size_reading == "requested" else len(items),
        "totalPages": -(-total // query.size),
        "totalItems": total,
    }
