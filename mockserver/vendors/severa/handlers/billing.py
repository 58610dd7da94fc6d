"""IInvoice, IInvoiceStatus and IProduct (products and travel expenses)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mockserver.vendors.severa import pdf
from mockserver.vendors.severa.operations import Call, handles

NEW_ONLY, INCLUDE_INACTIVE = 1, 2


def _day(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat()[:10] if isinstance(value, datetime) else str(value)[:10]


# -- invoice statuses ---------------------------------------------------------------------------------
@handles("GetAllInvoiceStatuses")
def all_invoice_statuses(call: Call) -> list[dict]:
    """The tenant's statuses; this operation declares no fault, so without a valid key it answers
    the standard statuses rather than refusing."""
    if call.tenant is None:
        from mockserver.vendors.severa.fixtures import INVOICE_STATUSES

        return [dict(s) for s in INVOICE_STATUSES]
    return sorted(call.kind("InvoiceStatus").all(), key=lambda s: s.get("SortOrder", 0))


def invoice_status(call: Call, name: str | None) -> dict:
    status = call.kind("InvoiceStatus").find_by("Name", name) if name else None
    if status is None:
        raise call.fail("NotFoundException", f"Invoice status '{name}' was not found.")
    return status


# -- invoices -----------------------------------------------------------------------------------------
@handles("GetInvoiceByNumber")
def get_invoice_by_number(call: Call, invoiceNumber: int | None = None, businessUnitGUID: str | None = None):
    invoice = call.kind("Invoice").find_by("Number", invoiceNumber) if invoiceNumber is not None else None
    if invoice is None or (businessUnitGUID and invoice.get("BusinessUnitGUID") != businessUnitGUID):
        raise call.fail("NotFoundException", f"Invoice number {invoiceNumber} was not found.")
    return invoice


def invoices_in(call: Call, unit: str | None, start: Any = None, end: Any = None, status: str | None = None):
    first, last = _day(start), _day(end)
    return call.kind("Invoice").filter(
        lambda i: (
            (not unit or i.get("BusinessUnitGUID") == unit)
            and (status is None or i.get("InvoiceStatus") == status)
            and (first is None or (_day(i.get("Date")) or "") >= first)
            and (last is None or (_day(i.get("Date")) or "") <= last)
        )
    )


@handles("GetInvoicesByDate")
def invoices_by_date(
    call: Call,
    businessUnitGUID: str | None = None,
    startDate: Any = None,
    endDate: Any = None,
    options: int | None = None,
) -> list:
    return invoices_in(call, businessUnitGUID, startDate, endDate)


@handles("GetInvoicesByDateAndStatus")
def invoices_by_date_and_status(
    call: Call,
    businessUnitGUID: str | None = None,
    startDate: Any = None,
    endDate: Any = None,
    status: str | None = None,
    options: int | None = None,
):
    return invoices_in(call, businessUnitGUID, startDate, endDate, status)


@handles("GetInvoicesByStatus")
def invoices_by_status(
    call: Call,
    businessUnitGUID: str | None = None,
    status: str | None = None,
    options: int | None = None,
    maxInvoices: int | None = None,
) -> list:
    invoice_status(call, status)
    found = invoices_in(call, businessUnitGUID, status=status)
    return found[:maxInvoices] if maxInvoices is not None and maxInvoices >= 0 else found


@handles("GetInvoicesByStatusAndBusinessUnit")
def invoices_by_status_and_unit(call: Call, status: str | None = None, businessUnitGUID: str | None = None):
    invoice_status(call, status)
    return invoices_in(call, businessUnitGUID, status=status)


@handles("SetInvoiceStatus")
def set_invoice_status(call: Call, invoiceGUID: str | None = None, status: str | None = None) -> None:
    invoice = call.require("Invoice", invoiceGUID, "Invoice")
    new = invoice_status(call, status)
    current = call.kind("InvoiceStatus").find_by("Name", invoice.get("InvoiceStatus")) or {}
    if current.get("IsReadOnly") and not new.get("IsPaid"):
        raise call.fail(
            "NoPermissionException", f"An invoice in status '{current.get('Name')}' cannot be changed."
        )
    changes: dict[str, Any] = {"InvoiceStatus": new["Name"]}
    if new.get("HasInvoiceNumber") and invoice.get("Number") is None:
        changes["Number"] = call.next_free_number(
            "Invoice", "Number", "invoice_number", lambda: _first_invoice_number(call)
        )
    if new.get("IsPaid"):
        changes["PaymentStatus"] = "Paid"
    call.update("Invoice", invoice, changes)


def _first_invoice_number(call: Call) -> int:
    numbers = [i["Number"] for i in call.kind("Invoice").all() if isinstance(i.get("Number"), int)]
    return max([*numbers, 10000]) + 1


@handles("SetInvoicePaymentDate")
def set_invoice_payment_date(call: Call, invoiceGUID: str | None = None, paymentDate: Any = None) -> None:
    invoice = call.require("Invoice", invoiceGUID, "Invoice")
    call.update("Invoice", invoice, {"PaymentDate": paymentDate.isoformat() if paymentDate else None})


@handles("SetInvoiceNumber")
def set_invoice_number(
    call: Call,
    invoiceGUID: str | None = None,
    invoiceNumber: int | None = None,
    referenceNumber: str | None = None,
    status: str | None = None,
) -> None:
    invoice = call.require("Invoice", invoiceGUID, "Invoice")
    if call.number_taken("Invoice", "Number", invoiceNumber, invoice["GUID"]):
        raise call.fail("NoPermissionException", f"Invoice number {invoiceNumber} is already in use.")
    changes: dict[str, Any] = {"Number": invoiceNumber, "ReferenceNumber": referenceNumber}
    if status:
        changes["InvoiceStatus"] = invoice_status(call, status)["Name"]
    call.update("Invoice", invoice, changes)


@handles("GetInvoicePdfByInvoiceGUID")
def invoice_pdf(call: Call, invoiceGuid: str | None = None, getAttachmentOnly: Any = None) -> bytes:
    invoice = call.require("Invoice", invoiceGuid, "Invoice")
    return _pdf(invoice)


@handles("GetInvoicePdf")
def invoice_pdf_by_number(
    call: Call,
    invoiceNumber: int | None = None,
    invoiceNumberingBusinessUnitGUID: str | None = None,
    getAttachmentOnly: Any = None,
):
    return _pdf(get_invoice_by_number(call, invoiceNumber, invoiceNumberingBusinessUnitGUID))


def _pdf(invoice: dict) -> bytes:
    return pdf.document(f"Invoice {invoice.get('Number') or invoice['GUID']}")


@handles("AddNewInvoiceLogEntry")
def add_invoice_log_entry(call: Call, invoiceGuid: str | None = None, **_: Any) -> None:
    call.require("Invoice", invoiceGuid, "Invoice")


# -- products and travel expenses ---------------------------------------------------------------------
def _by_code(call: Call, kind: str, code: str | None, include_inactive: bool, what: str) -> dict:
    found = call.kind(kind).find_by("Code", code) if code else None
    if found is None or (not include_inactive and not found.get("IsActive", True)):
        raise call.fail("NotFoundException", f"{what} with code '{code}' was not found.")
    return found


@handles("GetProductByCode")
def product_by_code(call: Call, productCode: str | None = None) -> dict:
    return _by_code(call, "Product", productCode, False, "Product")


@handles("GetProductByCodeIncludeInactive")
def product_by_code_any(call: Call, productCode: str | None = None) -> dict:
    return _by_code(call, "Product", productCode, True, "Product")


@handles("GetTravelExpenseByCode")
def travel_expense_by_code(call: Call, travelExpenseCode: str | None = None) -> dict:
    return _by_code(call, "TravelExpense", travelExpenseCode, False, "Travel expense")


@handles("GetTravelExpenseByCodeIncludeInactive")
def travel_expense_by_code_any(call: Call, travelExpenseCode: str | None = None) -> dict:
    return _by_code(call, "TravelExpense", travelExpenseCode, True, "Travel expense")
