"""Catalogue-driven behaviour for the operations every contract shares, for any stored kind:
add (one or many), update, get by GUID, get by a natural key, get all (or the active ones), get by
the GUIDs of what owns them, changed-since, and delete (with an optional replacement).

``classify`` reads what an operation does from its name and signature alone (``AddNew<Kind>``
with a ``<Kind>`` parameter, ``Get<Kind>ByGUID``, ``Get<Kinds>ChangedSince``, ...), so a contract
needs no code unless its semantics are special. The rules are the ones the hand-written handlers
follow: a referenced GUID that names nothing -> ``ValidationException``; a missing entity ->
``NotFoundException`` where declared (``Call.fail`` picks a declared fault); ``…ChangedSince``
compares the mock-clock stamps; ``options`` flags ``NewOnly`` and ``IncludeInactive`` are honoured.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from mockserver.vendors.severa import catalog, entities
from mockserver.vendors.severa.catalog import Operation, Param
from mockserver.vendors.severa.operations import Call, changed_since

NEW_ONLY, INCLUDE_INACTIVE = 1, 2
#: the generic ``…GetOptions`` names (``UserGetOptions``, ``ProductGetOptions``)
GET_OPTIONS = {"None": 0, "NewOnly": NEW_ONLY, "IncludeInactive": INCLUDE_INACTIVE}

#: ``Get<Kind>By<Key>`` keys not spelt as the field(s) they match
KEY_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Country", "ISO"): ("IsoCodea2", "IsoCodea3"),
    ("Country", "Name"): ("Name", "TranslatedName"),
    ("Language", "IetfTag"): ("IetfLanguageTag",),
    ("Case", "Number"): ("CaseNumber",),
    ("Account", "VatNumber"): ("VatNumber",),  # the company's, kept beside the account
}
#: fields a new entity must have (default: ``Name`` where the kind has one)
REQUIRED: dict[str, tuple[str, ...]] = {
    "Tag": ("Keyword",),
    "Item": ("CaseGUID", "ProductGUID"),
    "ResourceAllocation": ("UserGUID",),
    "SalesStatus": ("CaseGUID", "SalesProcessGUID"),
    "Employment": ("StartDate",),
}
#: fields unique within a tenant
UNIQUE: dict[str, tuple[str, ...]] = {
    "Product": ("Code",),
    "TravelExpense": ("Code",),
    "ProductCategory": ("Code",),
    "User": ("Code",),
    "BusinessUnit": ("Code",),
    "Currency": ("IsoCode",),
    "Country": ("IsoCodea2",),
    "Language": ("IetfLanguageTag",),
}
#: fields the service sets and a client cannot change (the ``ProductBase`` discriminator)
FIXED: dict[str, dict[str, Any]] = {
    "Product": {"Type": "Product"},
    "TravelExpense": {"Type": "TravelExpense"},
}

#: per-kind completion of a new or changed record (fill what the service derives), set by handlers
Enricher = Callable[[Call, dict[str, Any]], dict[str, Any]]
ENRICHERS: dict[str, Enricher] = {}


def enriches(kind: str) -> Callable[[Enricher], Enricher]:
    def register(fn: Enricher) -> Enricher:
        ENRICHERS[kind] = fn
        return fn

    return register


@dataclass(frozen=True)
class Rule:
    """What a generic operation does: ``verb`` on ``kind``; ``fields`` are the record fields a
    lookup matches (``by_key``) or filters on (``by_owner``)."""

    verb: str
    kind: str
    fields: tuple[str, ...] = ()


def option_flags(options: Any, names: dict[str, int] = GET_OPTIONS) -> int:
    """An ``options`` value as bit flags: an ``int``, or enum names separated by spaces."""
    if options is None:
        return 0
    if isinstance(options, int):
        return options
    return sum(names.get(part, 0) for part in str(options).split())


def field_of(param: str) -> str:
    """The record field a ``…GUID`` parameter names: ``caseGuid`` -> ``CaseGUID``."""
    return param[0].upper() + param[1:-4] + "GUID"


def _is_owner(param: Param) -> bool:
    """A parameter naming an owning entity by GUID (``caseGUID``), not the entity itself (``guid``)."""
    lower = param.name.lower()
    return param.type == "string" and lower.endswith("guid") and lower != "guid"


def _deleted_kind(name: str) -> str:
    kind = name.removeprefix("Delete")
    return kind.removesuffix("ByGUID")


@cache
def classify(op: Operation) -> Rule | None:
    """The generic rule an operation follows, from its name and signature; None if it has none."""
    stored = entities.kinds()
    returns = op.returns.rstrip("?")
    if op.name.startswith("Delete") and returns in ("bool", "void"):
        kind = _deleted_kind(op.name)
        return Rule("delete", kind) if kind in stored else None
    many = returns.endswith("[]")
    kind = returns[:-2] if many else returns
    if kind not in stored or kind in entities.KEYED_BY_NAME:
        return None
    typed = [p for p in op.params if p.type in (kind, f"{kind}[]")]
    if op.name.startswith("AddNew") and typed and typed[0].type.endswith("[]") == many:
        return Rule("add_many" if many else "add", kind)
    if op.name.startswith("Update") and typed and not many:
        return Rule("update", kind)
    if not op.name.startswith("Get"):
        return None
    return _read_rule(op, kind, many)


def _read_rule(op: Operation, kind: str, many: bool) -> Rule | None:
    params = op.params
    if many:
        if "ChangedSince" in op.name:
            return Rule("changed_since", kind)
        if op.name.endswith("ByInsertDate"):
            return Rule("inserted", kind)
        if all(p.name == "options" for p in params):
            return Rule("active" if op.name.startswith("GetActive") else "all", kind)
        if params and all(_is_owner(p) for p in params):
            return Rule("by_owner", kind, tuple(field_of(p.name) for p in params))
        return None
    if len(params) != 1:
        return None
    if op.name == f"Get{kind}ByGUID":
        return Rule("get", kind)
    key = op.name.removeprefix(f"Get{kind}By")
    if key == op.name:
        return None
    fields = KEY_FIELDS.get((kind, key)) or ((key,) if entities.has_field(kind, key) else ())
    return Rule("by_key", kind, fields) if fields else None


# -- running a rule ---------------------------------------------------------------------------------
def run(call: Call, rule: Rule, kwargs: dict[str, Any]) -> Any:
    """Apply ``rule`` to a call (hand-written handlers use it for the common part of their work)."""
    return VERBS[rule.verb](call, rule, kwargs)


def handler(rule: Rule) -> Callable[..., Any]:
    def run_rule(call: Call, **kwargs: Any) -> Any:
        return run(call, rule, kwargs)

    run_rule.__name__ = f"generic_{rule.verb}"
    return run_rule


def _get(call: Call, rule: Rule, kwargs: dict[str, Any]) -> dict:
    (guid,) = kwargs.values() or (None,)
    return call.require(rule.kind, guid, entities.display(rule.kind))


def _by_key(call: Call, rule: Rule, kwargs: dict[str, Any]) -> dict | None:
    (value,) = kwargs.values() or (None,)
    found = None
    if value not in (None, ""):
        collection = call.kind(rule.kind)
        found = next((r for r in (collection.find_by(f, value) for f in rule.fields) if r is not None), None)
    if found is None and call.operation.declares("NotFoundException"):
        raise call.fail("NotFoundException", f"{entities.display(rule.kind)} '{value}' was not found.")
    return found


def _active(records: list[dict], kind: str) -> list[dict]:
    if not entities.has_field(kind, "IsActive"):
        return records
    return [r for r in records if r.get("IsActive", True)]


def _all(call: Call, rule: Rule, kwargs: dict[str, Any]) -> list[dict]:
    records = call.kind(rule.kind).all()
    if "options" in kwargs and not option_flags(kwargs["options"]) & INCLUDE_INACTIVE:
        records = _active(records, rule.kind)
    return records


def _all_active(call: Call, rule: Rule, kwargs: dict[str, Any]) -> list[dict]:
    return _active(call.kind(rule.kind).all(), rule.kind)


def _by_owner(call: Call, rule: Rule, kwargs: dict[str, Any]) -> list[dict]:
    wanted = dict(zip(rule.fields, kwargs.values(), strict=True))
    if call.operation.declares("NotFoundException"):
        for field, guid in wanted.items():
            owners = entities.references(rule.kind, field)
            if owners and not any(call.get(k, guid) for k in owners):
                raise call.not_found(entities.display(owners[0]), guid)
    return call.kind(rule.kind).filter(lambda r: all(r.get(f) == v for f, v in wanted.items()))


def _changed_since(call: Call, rule: Rule, kwargs: dict[str, Any]) -> list[dict]:
    since: datetime | None = next((v for k, v in kwargs.items() if k.startswith("start")), None)
    flags = option_flags(kwargs.get("options"))
    records = call.kind(rule.kind).all()
    if not flags & INCLUDE_INACTIVE:
        records = _active(records, rule.kind)
    return changed_since(records, since, bool(flags & NEW_ONLY))


def _inserted(call: Call, rule: Rule, kwargs: dict[str, Any]) -> list[dict]:
    """``Get<Kinds>ByInsertDate(insertStartDate, insertEndDate?)``: inserted within the range (mock clock)."""
    start, end = (kwargs.get(p) for p in ("insertStartDate", "insertEndDate"))
    first = entities.epoch(start) if start else float("-inf")
    last = entities.epoch(end) if end else float("inf")
    return call.kind(rule.kind).filter(lambda r: first <= r.get("_ins", 0) <= last)


# -- writes -----------------------------------------------------------------------------------------


def _require_owners(call: Call, kind: str, owners: dict[str, Any]) -> None:
    """The entities named by ``…GUID`` parameters exist (NotFound where declared, else Validation)."""
    fault = "NotFoundException" if call.operation.declares("NotFoundException") else "ValidationException"
    for field, guid in owners.items():
        targets = entities.references(kind, field)
        if targets and not any(call.get(k, guid) for k in targets):
            raise call.fail(fault, f"{entities.display(targets[0])} with GUID '{guid}' was not found.")


def check_references(call: Call, kind: str, record: dict[str, Any], fields: Iterable[str]) -> None:
    """Every GUID ``fields`` of ``record`` reference names a stored entity: ValidationException."""
    for field in fields:
        targets = entities.references(kind, field) if not field.startswith("_") else ()
        value = record.get(field)
        for guid in value if isinstance(value, list) else [value]:
            if targets and guid and not any(call.get(k, guid) for k in targets):
                raise call.fail(
                    "ValidationException", f"{entities.display(targets[0])} with GUID '{guid}' was not found."
                )


def validate(call: Call, kind: str, record: dict[str, Any], changed: Iterable[str]) -> None:
    """Required fields, unique fields and the references among ``changed`` fields."""
    name = entities.display(kind)
    default = ("Name",) if entities.has_field(kind, "Name") else ()
    for field in REQUIRED.get(kind, default):
        if entities.blank(record.get(field)):
            raise call.fail(
                "ValidationException", f"{name} {field if field != 'Name' else 'name'} is required."
            )
    for field in UNIQUE.get(kind, ()):
        value = record.get(field)
        clash = call.kind(kind).find_by(field, value) if value else None
        if clash is not None and clash["GUID"] != record.get("GUID"):
            raise call.fail("ValidationException", f"{name} {field.lower()} '{value}' is already in use.")
    check_references(call, kind, record, changed)


def _entity_param(op: Operation, kind: str) -> Param:
    return next(p for p in op.params if p.type in (kind, f"{kind}[]"))


def new_record(call: Call, kind: str, info: Any, owners: dict[str, Any]) -> dict[str, Any]:
    """A validated, completed record for ``AddNew…`` (not yet stored)."""
    record = {**entities.from_wire(kind, info), **owners, **FIXED.get(kind, {})}
    record.pop("GUID", None)
    if entities.has_field(kind, "IsActive"):
        record.setdefault("IsActive", True)
    enrich = ENRICHERS.get(kind)
    validate(call, kind, record, list(record))
    return enrich(call, record) if enrich else record


def _add(call: Call, rule: Rule, kwargs: dict[str, Any]) -> Any:
    """``AddNew<Kind>(…, info)`` / ``AddNew<Kinds>(infos)``: all validated before any is stored;
    ``…GUID`` parameters (``caseGuid``, ``userGUID``) are stored as the owner's field."""
    op = call.operation
    param = _entity_param(op, rule.kind)
    infos = kwargs.get(param.name)
    if infos is None:
        raise call.fail("ValidationException", f"{param.name} is required.")
    owners = {field_of(p.name): kwargs.get(p.name) for p in op.params if _is_owner(p)}
    _require_owners(call, rule.kind, owners)
    many = rule.verb == "add_many"
    records = [new_record(call, rule.kind, info, owners) for info in (infos if many else [infos])]
    stored = [call.insert(rule.kind, r) for r in records]
    return stored if many else stored[0]


def _update(call: Call, rule: Rule, kwargs: dict[str, Any]) -> dict:
    info = kwargs.get(_entity_param(call.operation, rule.kind).name)
    changes = entities.from_wire(rule.kind, info) if info is not None else {}
    current = call.require(rule.kind, changes.get("GUID"), entities.display(rule.kind))
    for field in FIXED.get(rule.kind, {}):
        changes.pop(field, None)
    validate(call, rule.kind, {**current, **changes}, list(changes))
    enrich = ENRICHERS.get(rule.kind)
    if enrich is not None:
        changes = enrich(call, {**current, **changes})
    return call.update(rule.kind, current, changes)


def _delete(call: Call, rule: Rule, kwargs: dict[str, Any]) -> bool:
    """``Delete<Kind>(guid[, replacementGuid])``: with a replacement, what referred to the deleted
    entity is re-pointed to it; without one, an entity still referred to cannot be deleted."""
    guid, *rest = list(kwargs.values()) or [None]
    current = call.require(rule.kind, guid, entities.display(rule.kind))
    if len(rest) == 1:
        _repoint(call, rule.kind, current["GUID"], rest[0])
    call.kind(rule.kind).remove(current["id"])
    return True


def _repoint(call: Call, kind: str, old: str, new: str | None) -> None:
    using = [
        (other, field, record)
        for other, field in entities.referrers(kind)
        for record in call.kind(other).filter(lambda r, f=field: r.get(f) == old)
    ]
    if not using:
        return
    if not new or new == old or call.get(kind, new) is None:
        raise call.fail(
            "ValidationException", f"{entities.display(kind)} '{old}' is in use: give a replacement."
        )
    for other, field, record in using:
        call.update(other, record, {field: new})


VERBS: dict[str, Callable[[Call, Rule, dict[str, Any]], Any]] = {
    "get": _get,
    "by_key": _by_key,
    "all": _all,
    "active": _all_active,
    "by_owner": _by_owner,
    "changed_since": _changed_since,
    "inserted": _inserted,
    "add": _add,
    "add_many": _add,
    "update": _update,
    "delete": _delete,
}


def register(handlers: dict[str, Callable[..., Any]]) -> None:
    """Give every catalogue operation without a hand-written handler its generic one, if any."""
    for op in catalog.operations().values():
        if op.name not in handlers:
            rule = classify(op)
            if rule is not None:
                handlers[op.name] = handler(rule)
