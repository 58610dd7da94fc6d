"""Robaws rules over the tenant's store: rendering (ids as digit strings, ``include=``), creating,
replacing and patching entities, work-order time entries and invoice amounts.

Invoice amounts (our formula; Robaws documents only that adjusted lines are "already adjusted for
financial discount, credit limit and line discount"):

    line amount     = round(quantity * unitPrice * (1 - discountPercentage / 100), 2)
    adjusted amount = round(line amount * (1 - financialDiscountPercentage / 100), 2)
    adjusted VAT    = round(adjusted amount * VAT rate of the line's vatTariffId / 100, 2)
    totalExclVat    = sum of adjusted amounts;  totalVat = sum of adjusted VAT;
    totalInclVat    = totalExclVat + totalVat

Credit limits do not change amounts in the mock. Rounding is half-up on cents.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from marshmallow import ValidationError

from mockserver.core.store import VendorData
from mockserver.vendors.robaws import ledger
from mockserver.vendors.robaws.errors import RobawsError, bad_request, not_found
from mockserver.vendors.robaws.listing import Includes
from mockserver.vendors.robaws.resources import RESOURCES, Resource
from mockserver.vendors.robaws.schemas import complete, error_message

Doc = dict[str, Any]

CENT = Decimal("0.01")


def cents(value: Decimal) -> float:
    return float(value.quantize(CENT, rounding=ROUND_HALF_UP))


# -- rendering ---------------------------------------------------------------------------------------
def render(resource: Resource, doc: Doc, includes: Includes, data: VendorData) -> Doc:
    """The entity as a client sees it (id first, as a digit string). ``doc`` is a copy from the
    store and is consumed."""
    doc = {"id": str(doc.pop("id")), **doc}
    for name in resource.included_only:
        if name not in includes:
            doc.pop(name, None)
    for name, sub in includes.items():
        if name in resource.line_lists and isinstance(doc.get(name), list):
            doc[name] = ledger.embed(doc[name], sub)
            continue
        relation = resource.relations.get(name)
        if relation is None:
            continue
        target = RESOURCES[relation.target]
        collection = data.collection(target.collection)
        if relation.kind == "one":
            found = collection.get(doc.get(relation.key))
            doc[name] = render(target, found, sub, data) if found is not None else None
        else:
            matches = collection.filter(lambda d, key=relation.key, own=doc["id"]: d.get(key) == own)
            doc[name] = [render(target, d, sub, data) for d in matches]
    return doc


def fetch(resource: Resource, data: VendorData, record_id: str) -> Doc:
    found = data.collection(resource.collection).get(record_id)
    if found is None:
        raise not_found(resource.label, record_id)
    return found


# -- validation --------------------------------------------------------------------------------------
def load(resource: Resource, body: Any, data: VendorData) -> Doc:
    """Validate a whole body (fields and foreign keys) before anything is written."""
    if not isinstance(body, dict):
        raise bad_request("Request body must be a JSON object")
    assert resource.schema is not None
    try:
        parsed = resource.schema.load(body)
    except ValidationError as exc:
        raise bad_request(error_message(exc)) from exc
    check_refs(resource, parsed, data)
    return complete(resource.schema, parsed)


def check_refs(resource: Resource, parsed: Doc, data: VendorData) -> None:
    for path, target_path in resource.refs.items():
        target = RESOURCES[target_path]
        collection = data.collection(target.collection)
        head, _, sub = path.partition(".")
        values = (
            [(head, parsed.get(head))]
            if not sub
            else [(f"{head}[{i}].{sub}", item.get(sub)) for i, item in enumerate(parsed.get(head) or [])]
        )
        for where, value in values:
            if value is not None and value not in collection:
                raise bad_request(f"Validation failed: {where}: {target.label} {value} does not exist")


# -- computed fields ---------------------------------------------------------------------------------
def hours_between(entry: Doc) -> float:
    start = entry["startTime"]["hour"] * 60 + entry["startTime"]["minute"]
    end = entry["endTime"]["hour"] * 60 + entry["endTime"]["minute"]
    return round((end - start) / 60 - entry.get("breakHours", 0.0), 2)


def work_order_lines(record: Doc) -> None:
    for index, entry in enumerate(record["timeEntries"]):
        hours = hours_between(entry)
        if hours < 0:
            raise bad_request(
                f"Validation failed: timeEntries[{index}]: endTime minus breakHours is before startTime"
            )
        entry["hours"] = hours


def line_amount(line: Doc) -> Decimal:
    if line.get("type", "LINE") != "LINE":
        return Decimal(0)
    gross = Decimal(str(line.get("quantity") or 0)) * Decimal(str(line.get("unitPrice") or 0))
    return gross * (1 - Decimal(str(line.get("discountPercentage") or 0)) / 100)


def offer_totals(record: Doc) -> None:
    record["totalExclVat"] = cents(
        sum((line_amount(line) for line in record.get("lineItems") or []), Decimal(0))
    )


def invoice_amounts(record: Doc) -> Doc:
    """Fill ``lineItems[].amount``, ``adjustedLineItems`` and the totals of an invoice record."""
    financial = Decimal(str(record.get("financialDiscountPercentage") or 0))
    adjusted_lines, total, vat_total = [], Decimal(0), Decimal(0)
    for line in record["lineItems"]:
        amount = Decimal(str(cents(line_amount(line))))
        line["amount"] = float(amount)
        adjusted = Decimal(str(cents(amount * (1 - financial / 100))))
        vat = Decimal(str(cents(adjusted * Decimal(str(ledger.vat_rate(line.get("vatTariffId")))) / 100)))
        adjusted_lines.append({**line, "amount": float(adjusted), "vatAmount": float(vat)})
        total += adjusted
        vat_total += vat
    record["adjustedLineItems"] = adjusted_lines
    record["totalExclVat"] = float(total)
    record["totalVat"] = float(vat_total)
    record["totalInclVat"] = float(total + vat_total)
    return record


def compute(resource: Resource, record: Doc, data: VendorData, creating: bool) -> None:
    if resource.path == "work-orders":
        work_order_lines(record)
        if creating:
            record["number"] = f"WO{data.next_number('work-orders', 9001):06d}"
            record["status"] = "PLANNED"
    elif resource.path == "offers":
        offer_totals(record)


# -- writes ------------------------------------------------------------------------------------------
def create(resource: Resource, body: Any, data: VendorData, now: str, fixed: Doc | None = None) -> Doc:
    record = load(resource, body, data)
    if fixed:
        record.update(fixed)
    if resource.path == "offers":
        record["number"] = f"OFF{data.next_number('offers', 9001):06d}"
    compute(resource, record, data, creating=True)
    record["createdAt"] = record["updatedAt"] = now
    return data.collection(resource.collection).insert(record)


def replace(resource: Resource, current: Doc, body: Any, data: VendorData, now: str) -> Doc:
    """Full replacement: fields the body omits are cleared; identity and server fields are kept."""
    record = load(resource, body, data)
    for name in resource.read_only:
        if name in current:
            record[name] = current[name]
    for name in ("number", "status"):
        if name in current and name not in record:
            record[name] = current[name]
    compute(resource, record, data, creating=False)
    record["updatedAt"] = now
    stored = data.collection(resource.collection).replace(current["id"], record)
    assert stored is not None
    return stored


def patched_body(resource: Resource, patched: Doc) -> Doc:
    """The patched entity as a PUT body: read-only fields dropped (their changes are ignored)."""
    return {k: v for k, v in patched.items() if k not in resource.read_only}


def action(resource: Resource, current: Doc, status_field: str, allowed: tuple[str, ...], new: str) -> Doc:
    if current.get(status_field) not in allowed:
        raise RobawsError(
            409, f"{resource.label} {current['id']} is {current.get(status_field)}; cannot become {new}"
        )
    return {status_field: new}
