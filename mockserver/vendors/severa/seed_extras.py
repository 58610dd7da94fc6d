"""The rest of the seeded organisation: ``link`` points the core seed at the reference data
(currencies, countries, languages, time zones, VAT rates, industries, statuses, ...) and lets sent
and paid invoices bill the approved hours of their case, and
``generate`` adds what is built on both: product items on cases, travel reimbursements whose rows
are items (``TravelReimbursementRow``), files, activities with participants, employments, resource
allocations, billing forecasts, sales statuses, tags and the organisation's own billing address.

No Faker here: everything follows from the records it is given, so the core seed's random draws,
and hence its names and GUIDs, do not move when this module changes.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from mockserver.vendors.severa import reference
from mockserver.vendors.severa.reference import guid, home

Records = dict[str, list[dict[str, Any]]]
Stamped = Callable[[dict[str, Any]], dict[str, Any]]


def link(seed: Records) -> None:
    """Fill the reference GUIDs of the core seed in place (codes already there stay as they are)."""
    currency, language, zone, country = home("Currency"), home("Language"), home("Timezone"), home("Country")
    profiles = [guid("AccessRightsProfile", name) for name, _d, _r in reference.ACCESS_RIGHTS_PROFILES]
    for unit in seed["business_units"]:
        unit.update(CurrencyGUID=currency, LanguageGUID=language, TimeZoneGUID=zone)
    for index, user in enumerate(seed["users"]):
        profile = profiles[0] if index == 0 else profiles[1] if index < 3 else profiles[2]
        user.update(CountryGUID=country, LanguageGUID=language, TimezoneGUID=zone, ProfileGUID=profile)
    industries = [guid("Industry", code) for _name, code in reference.INDUSTRIES]
    for index, company in enumerate(seed["companies"]):
        company.update(
            IndustryGUID=industries[index % len(industries)], LanguageGUID=language, TimezoneGUID=zone
        )
    for address in seed["addresses"]:
        address["CountryGUID"] = guid("Country", address.get("CountryCode") or "FI")
    key_accounts = guid("AccountGroup", reference.ACCOUNT_GROUPS[0])
    pricelist = guid("Pricelist", reference.PRICELISTS[0][0])
    for index, account in enumerate(seed["accounts"]):
        account.update(
            CurrencyGUID=guid("Currency", account["CurrencyCode"]),
            LanguageGUID=language,
            PricelistGUID=pricelist,
            InvoicingVat=f"{reference.GENERAL_VAT}.0",
            AccountGroupGUIDs=[key_accounts] if index < 2 else [],
        )
    for contact in seed["contacts"]:
        contact.update(LanguageGUID=language, TimeZoneGUID=zone)
    won = guid("SalesProcess", "Voitettu")
    for case in seed["cases"]:
        status = "Suljettu" if case["IsClosed"] else "Käynnissä"
        case.update(
            CurrencyGUID=guid("Currency", case["CurrencyShortform"]),
            CurrentCaseStatusGUID=guid("CaseStatus", status),
            CurrentCaseStatusDescription=status,
            SalesProcessGUID=won,
            PricelistGUID=pricelist,
        )
    category = guid("ProductCategory", reference.PRODUCT_CATEGORIES[0][1])
    for product in seed["products"]:
        product.update(ProductCategoryGUID=category, VAT=f"{reference.GENERAL_VAT}.0")
    for expense in seed["travel_expenses"]:
        expense.update(CostCurrencyGUID=currency, VAT=f"{reference.TRAVEL_VAT}.0")
    for invoice in seed["invoices"]:
        invoice.update(CurrencyGUID=guid("Currency", invoice["CurrencyShortform"]), LanguageGUID=language)
    _bill_hours(seed)


#: statuses of invoices that were sent to the customer, and so bill hours
BILLING_STATUSES = ("Sent", "Paid")


def _bill_hours(seed: Records) -> None:
    """Each sent or paid invoice bills the approved hours of its main case up to its date that no
    earlier invoice billed (``InvoiceGUID``; an invoiced entry is read-only)."""
    for invoice in seed["invoices"]:
        if invoice["InvoiceStatus"] not in BILLING_STATUSES:
            continue
        for entry in seed["hour_entries"]:
            if (
                entry["CaseGUID"] == invoice["MainCaseGUID"]
                and entry["IsApproved"]
                and "InvoiceGUID" not in entry
                and entry["EventDate"] <= invoice["Date"]
            ):
                entry["InvoiceGUID"] = invoice["GUID"]
                entry["InvoiceQuantity"] = entry["Quantity"]


def _file(name: str, content_type: str, text: str, owner: str, stamped: Stamped) -> dict[str, Any]:
    data = text.encode("utf-8")
    return stamped(
        {
            "GUID": guid("File", name),
            "Name": name,
            "ContentType": content_type,
            "Description": text.splitlines()[0],
            "Size": len(data),
            "_content": base64.b64encode(data).decode("ascii"),
            "_owner": owner,
        }
    )


def generate(seed: Records, stamped: Stamped) -> Records:
    """The extra collections, each from its own function, called in the order the stamps were
    drawn (``stamped`` may count: the committed fixtures depend on that order)."""
    users, cases = seed["users"], seed["cases"]
    items = [_product_item(seed, index, stamped) for index in range(3)]
    reimbursements, rows, files = _travel(seed, stamped)
    invoice = next(i for i in seed["invoices"] if i["InvoiceStatus"] == "Sent")
    files.append(_file("Liite.txt", "text/plain", "Laskun liite\nErittely", invoice["GUID"], stamped))
    activities = _activities(seed, stamped)
    billing_address = _billing_address(stamped)
    return {
        "addresses": [*seed["addresses"], billing_address],
        "items": items + rows,
        "travel_reimbursements": reimbursements,
        "files": files,
        "activities": activities,
        "employments": _employments(users, stamped),
        "resource_allocations": _resource_allocations(cases, stamped),
        "billing_and_expense_forecasts": _forecasts(cases, stamped),
        "sales_statuses": _sales_statuses(cases, stamped),
        "tags": _tags(cases, users, stamped),
    }


def _activities(seed: Records, stamped: Stamped) -> list[dict[str, Any]]:
    users, cases, accounts = seed["users"], seed["cases"], seed["accounts"]
    meeting, call = guid("ActivityType", "MEET"), guid("ActivityType", "CALL")
    return [
        stamped(
            {
                "GUID": guid("Activity", str(index)),
                "Name": name,
                "ActivityTypeGUID": kind,
                "AccountGUID": accounts[index]["GUID"],
                "TaskGUID": cases[index]["RootTaskGUID"],
                "OwnerUserGUID": users[index]["GUID"],
                "StartDateTime": f"2024-01-{10 + index}T10:00:00",
                "EndDateTime": f"2024-01-{10 + index}T11:00:00",
                "Location": "Helsinki",
                "IsAllDay": False,
                "IsClosed": False,
                "IsDuration": False,
                "IsPrivate": False,
                "IsReadOnly": False,
                "_participants": [{"UserGUID": users[index]["GUID"], "Status": 1}],
            }
        )
        for index, (name, kind) in enumerate((("Aloituspalaveri", meeting), ("Tilannekatsaus", call)))
    ]


def _billing_address(stamped: Stamped) -> dict[str, Any]:
    return stamped(
        {
            "GUID": guid("Address", "organisation"),
            "Addressline": "Esimerkkikatu 1",
            "PostalCode": "00100",
            "City": "Helsinki",
            "CountryCode": "FI",
            "CountryName": "Suomi",
            "CountryGUID": home("Country"),
            "IsBillingAddress": True,
            "IsPostalAddress": True,
            "IsVisitAddress": False,
            "_organisation": True,
        }
    )


def _employments(users: list[dict[str, Any]], stamped: Stamped) -> list[dict[str, Any]]:
    return [
        stamped(
            {
                "GUID": guid("Employment", user["Code"]),
                "UserGUID": user["GUID"],
                "Title": user["Title"],
                "StartDate": "2020-01-01T00:00:00",
                "DailyHours": "7.5",
                "HourCost": "45.00",
                "IsOvertimeAllowed": True,
            }
        )
        for user in users
    ]


def _resource_allocations(cases: list[dict[str, Any]], stamped: Stamped) -> list[dict[str, Any]]:
    return [
        stamped(
            {
                "GUID": guid("ResourceAllocation", f"{case['CaseNumber']}:{member}"),
                "CaseGUID": case["GUID"],
                "UserGUID": member,
                "AllocatedHours": "40.0",
                "StartDate": "2024-01-08T00:00:00",
                "EndDate": "2024-02-02T00:00:00",
            }
        )
        for case in cases[:2]
        for member in case["_members"][:2]
    ]


def _forecasts(cases: list[dict[str, Any]], stamped: Stamped) -> list[dict[str, Any]]:
    return [
        stamped(
            {
                "GUID": guid("BillingAndExpenseForecast", str(month)),
                "CaseGUID": cases[0]["GUID"],
                "Year": 2024,
                "Month": month,
                "BillingForecast": "8000.00",
                "ExpenseForecast": "500.00",
            }
        )
        for month in (1, 2)
    ]


def _sales_statuses(cases: list[dict[str, Any]], stamped: Stamped) -> list[dict[str, Any]]:
    return [
        stamped(
            {
                "GUID": guid("SalesStatus", str(case["CaseNumber"])),
                "CaseGUID": case["GUID"],
                "SalesProcessGUID": case["SalesProcessGUID"],
                "TimeStamp": case["StartDate"],
            }
        )
        for case in cases
    ]


def _tags(cases: list[dict[str, Any]], users: list[dict[str, Any]], stamped: Stamped) -> list[dict[str, Any]]:
    return [
        stamped(
            {
                "GUID": guid("Tag", "Case:Kiireellinen"),
                "Keyword": "Kiireellinen",
                "Context": "Case",
                "IsActive": True,
                "Weight": 1,
                "_links": [cases[0]["GUID"]],
            }
        ),
        stamped(
            {
                "GUID": guid("Tag", "User:Python"),
                "Keyword": "Python",
                "Context": "User",
                "IsActive": True,
                "Weight": 1,
                "_links": [users[1]["GUID"]],
            }
        ),
    ]


def _product_item(seed: Records, index: int, stamped: Stamped) -> dict[str, Any]:
    case, product = seed["cases"][index], seed["products"][index]
    return stamped(
        {
            "GUID": guid("Item", f"{case['CaseNumber']}:{product['Code']}"),
            "Name": product["Name"],
            "CaseGUID": case["GUID"],
            "CaseNumber": case["CaseNumber"],
            "TaskGUID": case["RootTaskGUID"],
            "ProductGUID": product["GUID"],
            "ProductCode": product["Code"],
            "ProductType": "Product",
            "MeasurementUnit": product["MeasurementUnit"],
            "Quantity": "2",
            "UnitPrice": product["UnitPrice"],
            "UnitPriceInBaseCurrency": product["UnitPrice"],
            "VAT": product["VAT"],
            "EventDate": f"2024-01-{15 + index}T00:00:00",
            "UserGUID": case["CaseOwnerUserGUID"],
            "UserCode": case["CaseOwnerUserCode"],
            "PurchaseOrderNumber": f"PO-{1000 + index}",
            "IsApproved": True,
            "IsBillable": True,
            "IsOutSourcingCost": False,
            "IsReadOnly": False,
            "IsRealised": True,
            "RecurrenceEndType": 0,
        }
    )


def _travel(seed: Records, stamped: Stamped) -> tuple[list[dict], list[dict], list[dict]]:
    """Two travel reimbursements of two rows each; the first with a receipt file."""
    statuses = ("Lähetetty", "Hyväksytty")
    reimbursements, rows, files = [], [], []
    for number, status in enumerate(statuses, start=1):
        user, case = seed["users"][number - 1], seed["cases"][number - 1]
        reimbursement_guid = guid("TravelReimbursement", str(number))
        receipt = []
        if number == 1:
            files.append(
                _file("Kuitti.txt", "text/plain", "Pysäköintikuitti\n12,00 EUR", reimbursement_guid, stamped)
            )
            receipt = [files[0]["GUID"]]
        for row_number, expense in enumerate(seed["travel_expenses"][:2], start=1):
            rows.append(
                stamped(
                    {
                        "GUID": guid("Item", f"TR{number}:{row_number}"),
                        "_type": "TravelReimbursementRow",
                        "_reimbursement": reimbursement_guid,
                        "rowNumber": row_number,
                        "FileGUIDs": receipt,
                        "IsTravelReimbursementRequired": True,
                        "Name": expense["Name"],
                        "CaseGUID": case["GUID"],
                        "CaseNumber": case["CaseNumber"],
                        "TaskGUID": case["RootTaskGUID"],
                        "ProductGUID": expense["GUID"],
                        "ProductCode": expense["Code"],
                        "ProductType": "TravelExpense",
                        "MeasurementUnit": expense["MeasurementUnit"],
                        "Quantity": "40" if expense["Code"] == "KM" else "1",
                        "UnitPrice": expense["UnitPrice"],
                        "UnitPriceInBaseCurrency": expense["UnitPrice"],
                        "VAT": expense["VAT"],
                        "EventDate": f"2024-01-{20 + number}T00:00:00",
                        "UserGUID": user["GUID"],
                        "UserCode": user["Code"],
                        "IsApproved": status == "Hyväksytty",
                        "IsBillable": True,
                        "IsOutSourcingCost": False,
                        "IsReadOnly": False,
                        "IsRealised": True,
                        "RecurrenceEndType": 0,
                    }
                )
            )
        reimbursements.append(
            stamped(
                {
                    "GUID": reimbursement_guid,
                    "Number": number,
                    "Date": f"2024-01-{22 + number}T00:00:00",
                    "TravelReimbursementStatus": status,
                    "UserGUID": user["GUID"],
                    "CurrencyShortform": "EUR",
                    "CurrencyGUID": home("Currency"),
                    "Notes": "Asiakaskäynti",
                    "ApprovedByUserGUID": seed["users"][0]["GUID"] if status == "Hyväksytty" else None,
                    "ApprovalDate": f"2024-01-{23 + number}T00:00:00" if status == "Hyväksytty" else None,
                    "BusinessUnitGUID": user["BusinessUnitGUID"],
                }
            )
        )
    return reimbursements, rows, files
