"""IItem, ITravelReimbursement, IFile and the reimbursed views of IHourEntry: what the generic
rules do not cover.

Items are product and expense rows on a case. A travel reimbursement's rows are items too, stored
with the items with ``_type`` ``TravelReimbursementRow`` (so an ``Item[]`` answer carries them with
``xsi:type``) and ``_reimbursement`` naming their reimbursement. "Reimbursed" hour entries and items
are those on a credited invoice (``IsReimbursed``), or with ``inCreditNote`` on the credit note.
Files keep their bytes base64 in ``_content`` and what they are attached to in ``_owner``.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from mockserver.vendors.severa import entities, pdf
from mockserver.vendors.severa.generic import Rule, enriches, new_record, run
from mockserver.vendors.severa.handlers.work import day_of, hour_entries_in, in_range
from mockserver.vendors.severa.operations import Call, changed_since, handles


# -- items ------------------------------------------------------------------------------------------
@enriches("Item")
def complete_item(call: Call, item: dict[str, Any]) -> dict[str, Any]:
    """What Severa derives for an item: from its product (name, code, type, unit, price, VAT), its
    case (number, root phase) and its user (code)."""
    product = call.get("Product", item.get("ProductGUID"))
    kind = "Product"
    if product is None:
        product, kind = call.get("TravelExpense", item.get("ProductGUID")) or {}, "TravelExpense"
    case = call.get("Case", item.get("CaseGUID")) or {}
    user = call.get("User", item.get("UserGUID")) or {}
    derived = {
        "Name": product.get("Name"),
        "MeasurementUnit": product.get("MeasurementUnit"),
        "UnitPrice": product.get("UnitPrice"),
        "VAT": product.get("VAT"),
        "TaskGUID": case.get("RootTaskGUID"),
        "Quantity": "1",
    }
    item = {**{k: v for k, v in derived.items() if v is not None}, **item}
    item.update(ProductCode=product.get("Code"), ProductType=kind, CaseNumber=case.get("CaseNumber"))
    if user:
        item["UserCode"] = user.get("Code")
    item.pop("_type", None)
    return item


@handles("AddNewItem")
def add_item(call: Call, itemInfo: Any = None, currencyCode: str | None = None) -> dict:
    if currencyCode and call.kind("Currency").find_by("IsoCode", currencyCode) is None:
        raise call.fail("ValidationException", f"Currency '{currencyCode}' was not found.")
    return run(call, Rule("add", "Item"), {"itemInfo": itemInfo})


@handles("AddNewExpenseToProductByPoNumber")
def add_expense_by_po(call: Call, poNumber: str | None = None, itemInfo: Any = None) -> dict:
    """A purchase cost booked against the item ordered with purchase order ``poNumber``."""
    ordered = call.kind("Item").find_by("PurchaseOrderNumber", poNumber) if poNumber else None
    if ordered is None:
        raise call.fail("NotFoundException", f"Item with purchase order number '{poNumber}' was not found.")
    owners = {
        "CaseGUID": ordered["CaseGUID"],
        "ProductGUID": ordered["ProductGUID"],
        "PurchaseOrderNumber": poNumber,
    }
    record = new_record(call, "Item", itemInfo, owners)
    record.setdefault("IsOutSourcingCost", True)
    return call.insert("Item", record)


@handles("GetTravelExpensesByDate")
def travel_expenses_by_date(
    call: Call, businessUnitGUID: str | None = None, startDate: Any = None, endDate: Any = None
) -> list[dict]:
    cases = None
    if businessUnitGUID:
        cases = {c["GUID"] for c in call.kind("Case").all() if c.get("BusinessUnitGUID") == businessUnitGUID}
    return call.kind("Item").filter(
        lambda i: (
            i.get("ProductType") == "TravelExpense"
            and in_range(day_of(i.get("EventDate")), startDate, endDate)
            and (cases is None or i.get("CaseGUID") in cases)
        )
    )


# -- reimbursed hour entries and items --------------------------------------------------------------
def _reimbursed(call: Call, records: list[dict], in_credit_note: bool | None) -> list[dict]:
    invoices = {i["GUID"]: i for i in call.kind("Invoice").all()}

    def credited(record: dict) -> bool:
        invoice = invoices.get(record.get("InvoiceGUID") or "")
        if invoice is None:
            return False
        on_credit_note = bool(invoice.get("IsCreditNote"))
        if in_credit_note is None:
            return on_credit_note or bool(invoice.get("IsReimbursed"))
        return on_credit_note if in_credit_note else bool(invoice.get("IsReimbursed"))

    return [r for r in records if credited(r)]


def _reimbursed_one(call: Call, kind: str, guid: str | None) -> dict:
    found = _reimbursed(call, [r for r in [call.get(kind, guid)] if r is not None], None)
    if not found:
        raise call.not_found(f"Reimbursed {entities.display(kind).lower()}", guid)
    return found[0]


@handles("GetReimbursedHourEntryByGUID")
def reimbursed_hour_entry(call: Call, hourEntryGUID: str | None = None) -> dict:
    return _reimbursed_one(call, "HourEntry", hourEntryGUID)


@handles("GetReimbursedItemByGUID")
def reimbursed_item(call: Call, itemGUID: str | None = None) -> dict:
    return _reimbursed_one(call, "Item", itemGUID)


@handles("GetReimbursedHourEntriesByDate")
def reimbursed_hour_entries_by_date(
    call: Call,
    businessUnitGUID: str | None = None,
    startdate: Any = None,
    enddate: Any = None,
    inCreditNote: bool | None = None,
) -> list[dict]:
    return _reimbursed(call, hour_entries_in(call, businessUnitGUID, startdate, enddate), inCreditNote)


@handles("GetReimbursedHourEntriesChangedSince")
def reimbursed_hour_entries_changed(
    call: Call, startDate: datetime | None = None, inCreditNote: bool | None = None
) -> list[dict]:
    return _reimbursed(call, changed_since(call.kind("HourEntry").all(), startDate), inCreditNote)


@handles("GetReimbursedItemsChangedSince")
def reimbursed_items_changed(
    call: Call, startDate: datetime | None = None, inCreditNote: bool | None = None
) -> list[dict]:
    return _reimbursed(call, changed_since(call.kind("Item").all(), startDate), inCreditNote)


# -- time entries: the start/end view of hour entries ------------------------------------------------
@handles("GetTimeEntriesByDate")
def time_entries_by_date(call: Call, eventDate: Any = None) -> list[dict]:
    return hour_entries_in(call, None, eventDate, eventDate) if eventDate is not None else []


@handles("GetTimeEntriesByDateAndUserGUID")
def time_entries_by_user(call: Call, eventDate: Any = None, userGUID: str | None = None) -> list[dict]:
    call.require("User", userGUID, "User")
    return hour_entries_in(call, None, eventDate, eventDate, userGUID) if eventDate is not None else []


@handles("GetTimeEntriesChangedSince")
def time_entries_changed(call: Call, startDateTime: datetime | None = None) -> list[dict]:
    return changed_since(call.kind("HourEntry").all(), startDateTime)


# -- travel reimbursements --------------------------------------------------------------------------
def _with_rows(call: Call, reimbursement: dict) -> dict:
    rows = call.kind("Item").filter(lambda i: i.get("_reimbursement") == reimbursement["GUID"])
    return {**reimbursement, "TravelReimbursementRows": sorted(rows, key=lambda r: r.get("rowNumber", 0))}


def _reimbursements(call: Call, keep: Any) -> list[dict]:
    return [_with_rows(call, r) for r in call.kind("TravelReimbursement").filter(keep)]


def _status(call: Call, name: str | None) -> dict:
    found = call.kind("TravelReimbursementStatus").find_by("Name", name) if name else None
    if found is None:
        raise call.fail("NotFoundException", f"Travel reimbursement status '{name}' was not found.")
    return found


@handles("GetTravelReimbursementByGUID")
def travel_reimbursement(call: Call, travelReimbursementGUID: str | None = None) -> dict:
    return _with_rows(
        call, call.require("TravelReimbursement", travelReimbursementGUID, "Travel reimbursement")
    )


@handles("GetTravelReimbursementByNumber")
def travel_reimbursement_by_number(
    call: Call,
    travelReimbursementNumber: int | None = None,
    travelReimbursementNumberingBusinessUnitGUID: str | None = None,
) -> dict:
    unit = travelReimbursementNumberingBusinessUnitGUID
    found = _reimbursements(
        call,
        lambda r: (
            r.get("Number") == travelReimbursementNumber and (not unit or r.get("BusinessUnitGUID") == unit)
        ),
    )
    if not found:
        raise call.fail(
            "NotFoundException", f"Travel reimbursement {travelReimbursementNumber} was not found."
        )
    return found[0]


@handles("GetTravelReimbursementsByDate")
def travel_reimbursements_by_date(
    call: Call, startDate: Any = None, endDate: Any = None, options: int | None = None
) -> list[dict]:
    return _reimbursements(call, lambda r: in_range(day_of(r.get("Date")), startDate, endDate))


@handles("GetTravelReimbursementsByStatus")
def travel_reimbursements_by_status(
    call: Call, status: str | None = None, options: int | None = None, businessUnitGUID: str | None = None
) -> list[dict]:
    name = _status(call, status)["Name"]
    return _reimbursements(
        call,
        lambda r: (
            r.get("TravelReimbursementStatus") == name
            and (not businessUnitGUID or r.get("BusinessUnitGUID") == businessUnitGUID)
        ),
    )


@handles("GetTravelReimbursementsByStatusGUID")
def travel_reimbursements_by_status_guid(
    call: Call, travelReimbursementStatusGUID: str | None = None, options: int | None = None
) -> list[dict]:
    status = call.require(
        "TravelReimbursementStatus", travelReimbursementStatusGUID, "Travel reimbursement status"
    )
    return _reimbursements(call, lambda r: r.get("TravelReimbursementStatus") == status["Name"])


@handles("SetTravelReimbursementStatus")
def set_travel_reimbursement_status(
    call: Call, travelReimbursementGUID: str | None = None, status: str | None = None
) -> None:
    """A locked status (sent, approved, paid) only moves forward; approving stamps the date and
    approves the rows."""
    reimbursement = call.require("TravelReimbursement", travelReimbursementGUID, "Travel reimbursement")
    new = _status(call, status)
    current = call.kind("TravelReimbursementStatus").find_by(
        "Name", reimbursement.get("TravelReimbursementStatus")
    )
    if (
        current is not None
        and current.get("IsLocked")
        and new.get("SortOrder", 0) < current.get("SortOrder", 0)
    ):
        raise call.fail(
            "NoPermissionException", f"A travel reimbursement in status '{current['Name']}' is locked."
        )
    changes: dict[str, Any] = {"TravelReimbursementStatus": new["Name"]}
    if new.get("IsApproved") and not reimbursement.get("ApprovalDate"):
        changes["ApprovalDate"] = entities.timestamp(call.now())
    call.update("TravelReimbursement", reimbursement, changes)
    for row in call.kind("Item").filter(lambda i: i.get("_reimbursement") == reimbursement["GUID"]):
        call.update("Item", row, {"IsApproved": bool(new.get("IsApproved"))})


@handles("GetTravelReimbursementAttachments")
def travel_reimbursement_attachments(call: Call, guid: str | None = None) -> list[dict]:
    reimbursement = call.require("TravelReimbursement", guid, "Travel reimbursement")
    return call.kind("File").filter(lambda f: f.get("_owner") == reimbursement["GUID"])


@handles("GetTravelReimbursementPdf")
def travel_reimbursement_pdf(call: Call, guid: str | None = None) -> bytes:
    reimbursement = call.require("TravelReimbursement", guid, "Travel reimbursement")
    return pdf.document(f"Travel reimbursement {reimbursement.get('Number')}")


# -- files ------------------------------------------------------------------------------------------
def file_bytes(record: dict) -> bytes:
    return base64.b64decode(record.get("_content") or "")


@handles("GetFileBytesByGUID")
def file_bytes_by_guid(call: Call, guid: str | None = None) -> bytes:
    return file_bytes(call.require("File", guid, "File"))
