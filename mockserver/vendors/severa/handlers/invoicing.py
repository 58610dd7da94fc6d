"""IInvoice beyond reading and numbering invoices (``billing``): creating invoices from items,
attachments, origin details (which hour entries and items an invoice bills) and Finvoice, the
Finnish e-invoice XML, rendered from the stored invoice.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from mockserver.vendors.severa import entities
from mockserver.vendors.severa.handlers.billing import invoice_status, invoices_in
from mockserver.vendors.severa.handlers.expenses import file_bytes
from mockserver.vendors.severa.operations import Call, handles

FINVOICE_VERSION = "3.0"


# -- creating invoices ------------------------------------------------------------------------------
@handles("CreateInvoices")
def create_invoices(call: Call, invoiceInformation: Any = None) -> list[dict]:
    """One invoice per case of the given items, in the default status; the items are then
    invoiced (``InvoiceGUID``). Items already invoiced, or unknown, are refused."""
    info = entities.from_wire("InvoiceInformation", invoiceInformation) if invoiceInformation else {}
    guids = [g for g in info.pop("ItemGUIDs", None) or [] if g]
    if not guids:
        raise call.fail("ValidationException", "ItemGUIDs is required.")
    items = []
    for guid in guids:
        item = call.get("Item", guid)
        if item is None or item.get("InvoiceGUID"):
            raise call.fail("ValidationException", f"Item '{guid}' is unknown or already invoiced.")
        items.append(item)
    default = next((s for s in call.kind("InvoiceStatus").all() if s.get("IsDefault")), None)
    status = info.pop("InvoiceStatus", None) or (default or {}).get("Name")
    invoice_status(call, status)
    created = []
    for case_guid in dict.fromkeys(i["CaseGUID"] for i in items):
        invoice = call.insert("Invoice", _invoice_for(call, case_guid, status, info))
        for item in items:
            if item["CaseGUID"] == case_guid:
                call.update("Item", item, {"InvoiceGUID": invoice["GUID"]})
        created.append(invoice)
    return created


def _invoice_for(call: Call, case_guid: str, status: str | None, info: dict[str, Any]) -> dict[str, Any]:
    case = call.require("Case", case_guid, "Case")
    account = call.get("Account", case.get("AccountGUID")) or {}
    unit = call.get("BusinessUnit", case.get("BusinessUnitGUID")) or {}
    return {
        **info,
        "InvoiceStatus": status,
        "AccountGUID": account.get("GUID"),
        "AccountName": account.get("Name"),
        "AccountNumber": account.get("Number"),
        "BusinessUnitGUID": unit.get("GUID"),
        "BusinessUnitName": unit.get("Name"),
        "BusinessUnitCode": unit.get("Code"),
        "MainCaseGUID": case_guid,
        "InvoiceAllowedCaseGUIDs": [case_guid],
        "CurrencyShortform": case.get("CurrencyShortform"),
        "CurrencyGUID": case.get("CurrencyGUID"),
        "CurrencyRate": "1",
        "ReceiverCustomerName": info.get("ReceiverCustomerName") or account.get("Name"),
        "PaymentStatus": "Unpaid",
        "Title": case.get("Name"),
    }


# -- attachments and origin -------------------------------------------------------------------------
@handles("GetInvoiceAttachmentFileGUIDs")
def invoice_attachments(call: Call, invoiceGuid: str | None = None) -> list[dict]:
    invoice = call.require("Invoice", invoiceGuid, "Invoice")
    files = call.kind("File").filter(lambda f: f.get("_owner") == invoice["GUID"])
    return [
        {"GUID": f["GUID"], "MIMEtype": f.get("ContentType"), "Name": f.get("Name"), "PrintOrder": order}
        for order, f in enumerate(files, start=1)
    ]


@handles("GetInvoiceAttachmentFile")
def invoice_attachment(call: Call, attachmentGuid: str | None = None) -> bytes:
    found = call.get("File", attachmentGuid)
    if found is None or call.get("Invoice", found.get("_owner")) is None:
        raise call.not_found("Invoice attachment", attachmentGuid)
    return file_bytes(found)


@handles("GetInvoiceOriginDetailsByInvoiceGUID")
def invoice_origin(call: Call, invoiceGUID: str | None = None) -> dict:
    """The invoice's cases (with their phases) and what it bills: its hour entries and items."""
    invoice = call.require("Invoice", invoiceGUID, "Invoice")
    case_guids = list(
        dict.fromkeys([invoice.get("MainCaseGUID"), *(invoice.get("InvoiceAllowedCaseGUIDs") or [])])
    )
    cases = [
        {**case, "Phases": call.kind("Phase").filter(lambda p, g=case["GUID"]: p.get("CaseGUID") == g)}
        for case in (call.get("Case", g) for g in case_guids if g)
        if case is not None
    ]
    billed = {
        "HourEntries": call.kind("HourEntry").filter(lambda h: h.get("InvoiceGUID") == invoice["GUID"]),
        "Items": call.kind("Item").filter(lambda i: i.get("InvoiceGUID") == invoice["GUID"]),
        "InvoiceRowGUID": None,
    }
    return {"Cases": cases, "InvoiceRowOrigins": [billed]}


# -- Finvoice ---------------------------------------------------------------------------------------
def finvoice(invoice: dict[str, Any], version: str = FINVOICE_VERSION) -> str:
    """A minimal Finvoice message for the invoice (seller, buyer, number, dates, total)."""
    root = etree.Element("Finvoice", Version=version)
    seller = etree.SubElement(root, "SellerPartyDetails")
    etree.SubElement(seller, "SellerOrganisationName").text = invoice.get("BusinessUnitName") or ""
    buyer = etree.SubElement(root, "BuyerPartyDetails")
    etree.SubElement(buyer, "BuyerOrganisationName").text = invoice.get("ReceiverCustomerName") or ""
    details = etree.SubElement(root, "InvoiceDetails")
    etree.SubElement(details, "InvoiceTypeCode").text = "INV02" if invoice.get("IsCreditNote") else "INV01"
    etree.SubElement(details, "InvoiceNumber").text = str(invoice.get("Number") or "")
    for tag, field in (("InvoiceDate", "Date"), ("InvoiceDueDate", "DueDate")):
        if invoice.get(field):
            etree.SubElement(details, tag, Format="CCYYMMDD").text = str(invoice[field])[:10].replace("-", "")
    etree.SubElement(details, "SellerReferenceIdentifier").text = invoice.get("ReferenceNumber") or ""
    return etree.tostring(root, encoding="unicode")


@handles("GetFinvoicesByStatus")
def finvoices_by_status(
    call: Call, businessUnitGUID: str | None = None, status: str | None = None, options: int | None = None
) -> list[dict]:
    invoice_status(call, status)
    return [
        {"GUID": i["GUID"], "FinvoiceMember": finvoice(i)}
        for i in invoices_in(call, businessUnitGUID, status=status)
    ]


@handles("GetFinvoicesByStatusAndDate")
def finvoices_by_status_and_date(
    call: Call,
    finvoiceVersion: str | None = None,
    businessUnitGUID: str | None = None,
    invoiceStatus: str | None = None,
    invoiceDateStart: Any = None,
    invoiceDateEnd: Any = None,
    options: int | None = None,
) -> list[dict]:
    invoice_status(call, invoiceStatus)
    invoices = invoices_in(call, businessUnitGUID, invoiceDateStart, invoiceDateEnd, invoiceStatus)
    return [
        {"GUID": i["GUID"], "Finvoice": finvoice(i, finvoiceVersion or FINVOICE_VERSION)} for i in invoices
    ]
