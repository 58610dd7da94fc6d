"""FLOWii's rules over a tenant's store, always inside one company.

``Company`` is the ``companyId`` scope of a call: every lookup goes through it, so a record of
another company is simply not found. Creates and updates are two-phase: ``draft`` validates the
whole request (attributes, every relationship, every inline record, collecting all errors), and only
then ``commit`` / ``apply`` write, so a refused request leaves nothing behind. A delete removes the
record with the records it owns, and is refused (409) while anything else still points at them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from marshmallow import ValidationError

from mockserver.core.store import VendorData
from mockserver.vendors.flowii.errors import ApiError, error_object
from mockserver.vendors.flowii.jsonapi import attribute_names, parse_id
from mockserver.vendors.flowii.resources import RESOURCES, Relation, Resource
from mockserver.vendors.flowii.schemas import INVOICE_ISSUED, INVOICE_PAID, LOCAL_FORMAT


def local_time(timestamp: float, timezone: str) -> str:
    """FLOWii's local ``YYYY-MM-DDTHH:mm:ss`` (no offset) for a unix time."""
    try:
        zone: Any = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    return datetime.fromtimestamp(timestamp, zone).strftime(LOCAL_FORMAT)


def serial_sequence(prefix: str, company_id: int, year: str) -> str:
    return f"serial:{prefix}:{company_id}:{year}"


def serial_number(prefix: str, year: str, number: int) -> str:
    return f"{prefix}{year}{number:04d}"


@dataclass
class Draft:
    """A validated, not yet stored record; relationship values are ids or inline Drafts."""

    resource: Resource
    fields: dict[str, Any]
    rel: dict[str, Any] = field(default_factory=dict)


class Company:
    """One company of a tenant, as the API user sees it."""

    def __init__(self, data: VendorData, record: dict[str, Any], now: float, timezone: str) -> None:
        self.data = data
        self.record = record
        self.id: int = record["id"]
        self.user_id: int = record["user_id"]
        self.now = now
        self.timezone = timezone

    # -- reads -------------------------------------------------------------------------------------
    def find(self, resource: Resource, record_id: Any) -> dict[str, Any] | None:
        record = self.data.collection(resource.key).get(parse_id(record_id))
        if record is None or (resource.scoped and record.get("company_id") != self.id):
            return None
        return record

    def require(self, resource: Resource, record_id: Any) -> dict[str, Any]:
        record = self.find(resource, record_id)
        if record is None:
            raise ApiError(404, f"{resource.type} {record_id} does not exist in company {self.id}")
        return record

    def all(self, resource: Resource) -> list[dict[str, Any]]:
        if not resource.scoped:
            return self.data.collection(resource.key).all()
        return self.data.collection(resource.key).filter(lambda r: r.get("company_id") == self.id)

    def related(self, record: dict[str, Any], relation: Relation) -> list[dict]:
        """The records a relationship of ``record`` points at, in order (missing ones skipped)."""
        target = RESOURCES[relation.target]
        found = (self.find(target, i) for i in linked_ids(record, relation.name))
        return [r for r in found if r is not None]

    # -- creates -----------------------------------------------------------------------------------
    def draft(
        self,
        resource: Resource,
        data: dict[str, Any],
        pointer: str,
        errors: list[dict],
        partial: bool = False,
    ) -> Draft:
        """Validate ``data`` (a resource object) as a new ``resource``, or with ``partial`` as the
        members an update changes (absent ones stay as they are); problems go to ``errors``."""
        attributes = data.get("attributes", {})
        loaded: dict[str, Any] = {}
        if attributes is None:
            attributes = {}
        if not isinstance(attributes, dict):
            errors.append(error_object(422, "attributes must be an object", f"{pointer}/attributes"))
        else:
            try:
                loaded = resource.schema().load(attributes, partial=partial)
            except ValidationError as exc:
                messages = exc.messages if isinstance(exc.messages, dict) else {"": exc.messages}
                for name, problem in messages.items():
                    text = " ".join(map(str, problem)) if isinstance(problem, list) else str(problem)
                    errors.append(error_object(422, f"{name}: {text}", f"{pointer}/attributes/{name}"))
        draft = Draft(resource, loaded)
        relationships = data.get("relationships", {})
        if relationships is None:
            relationships = {}
        if not isinstance(relationships, dict):
            errors.append(error_object(422, "relationships must be an object", f"{pointer}/relationships"))
            relationships = {}
        for relation in resource.relations:
            if relation.writable and not (partial and relation.name not in relationships):
                self._draft_relation(relation, relationships, f"{pointer}/relationships", draft, errors)
        return draft

    def _draft_relation(
        self, relation: Relation, members: dict, pointer: str, draft: Draft, errors: list[dict]
    ) -> None:
        where = f"{pointer}/{relation.name}"
        member = members.get(relation.name)
        if member is None:
            if relation.required:
                errors.append(error_object(422, f"The relationship '{relation.name}' is required", where))
            return
        if not isinstance(member, dict) or "data" not in member:
            errors.append(error_object(422, f"'{relation.name}' must be an object with 'data'", where))
            return
        linkage = member["data"]
        if relation.many:
            if linkage is None:
                linkage = []
            if not isinstance(linkage, list):
                errors.append(error_object(422, f"'{relation.name}' data must be an array", f"{where}/data"))
                return
            if relation.required and not linkage:
                errors.append(error_object(422, f"The relationship '{relation.name}' is required", where))
            draft.rel[relation.name] = [
                self._draft_linkage(relation, item, f"{where}/data/{i}", errors)
                for i, item in enumerate(linkage)
            ]
        elif linkage is None:
            if relation.required:
                errors.append(error_object(422, f"The relationship '{relation.name}' is required", where))
        else:
            draft.rel[relation.name] = self._draft_linkage(relation, linkage, f"{where}/data", errors)

    def _draft_linkage(self, relation: Relation, item: Any, where: str, errors: list[dict]) -> Any:
        target = RESOURCES[relation.target]
        if not isinstance(item, dict):
            errors.append(error_object(422, "A resource linkage must be an object", where))
            return None
        if item.get("id") is not None:
            record_id = parse_id(item["id"])
            if record_id is None:
                errors.append(error_object(422, "id must be a numeric string", f"{where}/id"))
                return None
            if self.find(target, record_id) is None:
                detail = f"{target.type} {record_id} does not exist in company {self.id}"
                errors.append(error_object(422, detail, f"{where}/id"))
                return None
            return record_id
        if relation.inline and "attributes" in item:
            return self.draft(target, item, where, errors)
        errors.append(error_object(422, f"'{relation.name}' needs an id", f"{where}/id"))
        return None

    def create(self, resource: Resource, data: dict[str, Any]) -> dict[str, Any]:
        errors: list[dict] = []
        draft = self.draft(resource, data, "/data", errors)
        if errors:
            raise ApiError.many(422, errors)
        return self.commit(draft)

    def commit(self, draft: Draft) -> dict[str, Any]:
        resource = draft.resource
        rel, inline_children = self._store_relations(draft)
        if resource.author_relation is not None and rel.get(resource.author_relation) is None:
            rel[resource.author_relation] = self.user_id
        record = {**self._defaults(resource), **draft.fields, "rel": rel}
        if resource.scoped:
            record["company_id"] = self.id
        before = BEFORE_INSERT.get(resource.key)
        if before is not None:
            before(self, record)
        created = self.data.collection(resource.key).insert(record)
        created = self._link_children(resource, created, inline_children)
        after = AFTER_INSERT.get(resource.key)
        if after is not None:
            after(self, created)
        return created

    def _store_relations(self, draft: Draft) -> tuple[dict[str, Any], list[tuple[Relation, int]]]:
        """The drafted relationships as stored ids, inline records committed first."""
        rel: dict[str, Any] = {}
        inline_children: list[tuple[Relation, int]] = []
        for relation in draft.resource.relations:
            if relation.name not in draft.rel:
                continue
            value = draft.rel[relation.name]
            values = value if isinstance(value, list) else [value]
            stored = []
            for item in values:
                if isinstance(item, Draft):
                    child_id = self.commit(item)["id"]
                    inline_children.append((relation, child_id))
                    stored.append(child_id)
                else:
                    stored.append(item)
            rel[relation.name] = stored if relation.many else stored[0]
        return rel, inline_children

    def _defaults(self, resource: Resource) -> dict[str, Any]:
        """Server-assigned attributes: creation time, serial number, the API user as author."""
        now = local_time(self.now, self.timezone)
        defaults: dict[str, Any] = {}
        if "created" in attribute_names(resource):
            defaults["created"] = now
        if resource.serial_prefix is not None:
            year = now[:4]
            number = self.data.next_number(serial_sequence(resource.serial_prefix, self.id, year))
            defaults["serial_nr"] = serial_number(resource.serial_prefix, year, number)
        return defaults

    def _link_children(
        self, resource: Resource, record: dict[str, Any], children: list[tuple[Relation, int]]
    ) -> dict[str, Any]:
        rel = dict(record["rel"])
        changed = False
        for relation, child_id in children:
            if relation.back_ref is not None:
                collection = self.data.collection(relation.target)
                child = collection.get(child_id)
                assert child is not None
                collection.update(
                    child_id, {"rel": {**child.get("rel", {}), relation.back_ref: record["id"]}}
                )
            if relation.collect_into is not None:
                rel[relation.collect_into] = [*rel.get(relation.collect_into, []), child_id]
                changed = True
        if changed:
            record = self.data.collection(resource.key).update(record["id"], {"rel": rel}) or record
        return record

    # -- updates -----------------------------------------------------------------------------------
    def update(self, resource: Resource, record: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
        """JSON:API PATCH: the attributes and relationships given replace the stored ones, the
        rest stay. A ``data.id`` other than the record's is a 409, as JSON:API prescribes."""
        given_id = data.get("id")
        if given_id is not None and str(given_id) != str(record["id"]):
            raise ApiError(409, f"data.id {str(given_id)[:32]!r} does not match the URL", pointer="/data/id")
        errors: list[dict] = []
        draft = self.draft(resource, data, "/data", errors, partial=True)
        if errors:
            raise ApiError.many(422, errors)
        return self.apply(record, draft)

    def apply(self, record: dict[str, Any], draft: Draft) -> dict[str, Any]:
        resource = draft.resource
        changed, inline_children = self._store_relations(draft)
        collection = self.data.collection(resource.key)
        updated = collection.update(record["id"], {**draft.fields, "rel": {**record["rel"], **changed}})
        assert updated is not None
        updated = self._link_children(resource, updated, inline_children)
        for relation in resource.relations:
            if relation.owned and relation.name in changed:
                kept = set(linked_ids(updated, relation.name))
                target = RESOURCES[relation.target]
                for dropped in linked_ids(record, relation.name):
                    if dropped not in kept:
                        self._remove_owned(target, dropped)
        return updated

    # -- deletes -----------------------------------------------------------------------------------
    def delete(self, resource: Resource, record: dict[str, Any]) -> None:
        """Remove ``record`` and what it owns (a partner's address and contacts, an order's custom
        field values, a task's activities); 409 while another record still points at any of them."""
        doomed = self._owned_tree(resource, record["id"])
        referrer = self._referrer(doomed)
        if referrer is not None:
            by, by_id, target, target_id = referrer
            detail = f"{target.type} {target_id} is still referenced by {by.type} {by_id}"
            raise ApiError(409, detail)
        for target, target_id in doomed:
            self.data.collection(target.key).remove(target_id)

    def _remove_owned(self, resource: Resource, record_id: int) -> None:
        """Garbage-collect a record an update dropped from its owner, unless something else
        still points at it."""
        doomed = self._owned_tree(resource, record_id)
        if self._referrer(doomed) is None:
            for target, target_id in doomed:
                self.data.collection(target.key).remove(target_id)

    def _owned_tree(self, resource: Resource, record_id: int) -> list[tuple[Resource, int]]:
        record = self.find(resource, record_id)
        if record is None:
            return []
        tree = [(resource, record_id)]
        for relation in resource.relations:
            if relation.owned:
                for child_id in linked_ids(record, relation.name):
                    tree.extend(self._owned_tree(RESOURCES[relation.target], child_id))
        return tree

    def _referrer(self, doomed: list[tuple[Resource, int]]) -> tuple[Resource, int, Resource, int] | None:
        """(referring type, its id, referred type, its id) of a record outside ``doomed`` that
        points at one inside it, or None. Scans the types that can point at them."""
        gone = {(r.key, i) for r, i in doomed}
        keys = {key for key, _ in gone}
        for other in RESOURCES.values():
            pointing = [r for r in other.relations if r.target in keys]
            if not pointing:
                continue
            for candidate in self.all(other):
                if (other.key, candidate["id"]) in gone:
                    continue
                for relation in pointing:
                    for target_id in linked_ids(candidate, relation.name):
                        if (relation.target, target_id) in gone:
                            return other, candidate["id"], RESOURCES[relation.target], target_id
        return None


def linked_ids(record: dict[str, Any], relation_name: str) -> list[int]:
    """The ids a stored relationship holds (to-one or to-many) as a list."""
    value = record.get("rel", {}).get(relation_name)
    return value if isinstance(value, list) else ([] if value is None else [value])


# -- per-type rules ---------------------------------------------------------------------------------
def _invoice_defaults(company: Company, record: dict[str, Any]) -> None:
    """A new invoice is issued today, its VAT-inclusive amount defaults to the standard rate, and
    all of it is unpaid [inf]."""
    if record.get("issued_date") is None:
        record["issued_date"] = local_time(company.now, company.timezone)[:10] + "T00:00:00"
    if record.get("taxed_gross_amount") is None:
        record["taxed_gross_amount"] = round(record["gross_amount"] * (1 + STANDARD_VAT), 2)
    record["unpaid"] = record["taxed_gross_amount"]
    record["invoice_state"] = INVOICE_ISSUED


def _apply_payment(company: Company, payment: dict[str, Any]) -> None:
    """A payment lowers its invoice's ``unpaid``; paid in full, the invoice turns paid (6) [inf]."""
    invoices = company.data.collection("invoices")
    invoice = invoices.get(payment["rel"]["invoice"])
    if invoice is None:
        return
    unpaid = round((invoice.get("unpaid") or 0.0) - payment["amount"], 2)
    changes: dict[str, Any] = {"unpaid": max(unpaid, 0.0)}
    if unpaid <= 0:
        changes.update(invoice_state=INVOICE_PAID, paid_date=payment["paid_date"])
    invoices.update(invoice["id"], changes)


STANDARD_VAT = 0.20
BEFORE_INSERT: dict[str, Callable[[Company, dict[str, Any]], None]] = {"invoices": _invoice_defaults}
AFTER_INSERT: dict[str, Callable[[Company, dict[str, Any]], None]] = {"payments": _apply_payment}
