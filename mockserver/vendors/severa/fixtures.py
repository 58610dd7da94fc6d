"""Deterministic Finnish seed data: business units, users, work types, accounts with companies,
head-office addresses and contacts, cases with phases, four weeks of hour entries, products,
travel expenses and invoices in several statuses; then the reference data (``reference``) and what
is built on both (``seed_extras``).

Dates are fixed (January-February 2024), never read from a clock, so the same seed always gives
the same file; ``…ChangedSince`` with any date before 2024 returns everything.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from mockserver.core.fixtures import faker
from mockserver.vendors.severa import reference, seed_extras

LOCALE = "fi_FI"
BASE = datetime(2024, 1, 2, 8, 0, tzinfo=UTC)
FIRST_WORK_DAY = date(2024, 1, 8)
WEEKS_OF_HOURS = 4

#: Severa's standard invoice statuses (names as clients match them)
INVOICE_STATUSES: list[dict[str, Any]] = [
    {
        "Name": "Draft",
        "Description": "Luonnos",
        "SortOrder": 1,
        "IsDefault": True,
        "HasInvoiceNumber": False,
        "IsActive": True,
        "IsPaid": False,
        "IsReadOnly": False,
        "IsSent": False,
        "IsWaitingPayment": False,
    },
    {
        "Name": "Approved",
        "Description": "Hyväksytty",
        "SortOrder": 2,
        "IsDefault": False,
        "HasInvoiceNumber": True,
        "IsActive": True,
        "IsPaid": False,
        "IsReadOnly": False,
        "IsSent": False,
        "IsWaitingPayment": False,
    },
    {
        "Name": "Sent",
        "Description": "Lähetetty",
        "SortOrder": 3,
        "IsDefault": False,
        "HasInvoiceNumber": True,
        "IsActive": True,
        "IsPaid": False,
        "IsReadOnly": True,
        "IsSent": True,
        "IsWaitingPayment": True,
    },
    {
        "Name": "Paid",
        "Description": "Maksettu",
        "SortOrder": 4,
        "IsDefault": False,
        "HasInvoiceNumber": True,
        "IsActive": True,
        "IsPaid": True,
        "IsReadOnly": True,
        "IsSent": True,
        "IsWaitingPayment": False,
    },
    {
        "Name": "Cancelled",
        "Description": "Peruttu",
        "SortOrder": 5,
        "IsDefault": False,
        "HasInvoiceNumber": False,
        "IsActive": True,
        "IsPaid": False,
        "IsReadOnly": True,
        "IsSent": False,
        "IsWaitingPayment": False,
    },
]

WORK_TYPES = [
    ("Suunnittelu", "SUUN", True),
    ("Ohjelmointi", "OHJ", True),
    ("Konsultointi", "KONS", True),
    ("Projektinhallinta", "PM", True),
    ("Sisäinen työ", "SIS", False),
]
PRODUCTS = [
    ("Lisenssi", "LIS", "kpl", "450.00"),
    ("Tukipalvelu", "TUKI", "kk", "120.00"),
    ("Koulutus", "KOUL", "pv", "900.00"),
    ("Palvelin", "PALV", "kk", "75.50"),
    ("Asennus", "ASEN", "h", "95.00"),
]
TRAVEL_EXPENSES = [
    ("Kilometrikorvaus", "KM", "km", "0.57"),
    ("Päiväraha", "PR", "pv", "51.00"),
    ("Pysäköinti", "PARK", "kpl", "12.00"),
]


def _stamp(offset_hours: float) -> tuple[float, str]:
    moment = BASE + timedelta(hours=offset_hours)
    return moment.timestamp(), moment.replace(tzinfo=None).isoformat(timespec="milliseconds")


Records = list[dict[str, Any]]


class _Seeder:
    """The seeded Faker and the stamps' clock (every record stamped a quarter-hour after the last)."""

    def __init__(self, seed: int) -> None:
        self.fake = faker(LOCALE, seed)
        self._clock = iter(range(10_000))

    def stamped(self, record: dict[str, Any], insert_field: str | None = None) -> dict[str, Any]:
        epoch, text = _stamp(next(self._clock) * 0.25)
        record["_ins"] = record["_upd"] = epoch
        if insert_field:
            record[insert_field] = text
        return record


def generate(seed: int) -> dict[str, list[dict[str, Any]]]:
    """Every collection from its own function, called in the order their draws were made (Faker's
    and the stamps' clock: the committed fixtures depend on that order)."""
    s = _Seeder(seed)
    units = _units(s)
    users = _users(s, units)
    work_types = _work_types(s)
    accounts, companies, addresses, contacts = _accounts(s, users)
    cases, phases = _cases(s, units, users, work_types, accounts)
    hour_entries = _hours(s, users, cases, phases)
    products = _products(s)
    travel_expenses = _travel(s)
    invoices = _invoices(s, units, accounts, cases)
    seeded = {
        "business_units": units,
        "users": users,
        "work_types": work_types,
        "companies": companies,
        "addresses": addresses,
        "accounts": accounts,
        "contacts": contacts,
        "cases": cases,
        "phases": phases,
        "hour_entries": hour_entries,
        "products": products,
        "travel_expenses": travel_expenses,
        "invoice_statuses": [dict(status) for status in INVOICE_STATUSES],
        "invoices": invoices,
    }
    epoch, _text = _stamp(0)
    seeded.update(reference.generate({"_ins": epoch, "_upd": epoch}))
    seed_extras.link(seeded)
    seeded.update(seed_extras.generate(seeded, s.stamped))
    return seeded


def _units(s: _Seeder) -> Records:
    units = []
    for index, (name, code) in enumerate([("Helsinki", "HKI"), ("Tampere", "TRE")]):
        units.append(
            s.stamped(
                {
                    "GUID": s.fake.uuid4(),
                    "Code": code,
                    "Name": f"{s.fake.company()} {name}",
                    "CurrencyCode": "EUR",
                    "FormattingCulture": "fi-FI",
                    "LanguageCode": "fi",
                    "IsActive": True,
                    "NextInvoiceNumber": 10001,
                    "OverDueInterest": "8.00",
                    "PaymentTerm": 14,
                    "ShowLogoOnInvoices": True,
                    "ShowLogoOnPdfReports": True,
                    "ParentBusinessUnitGUID": units[0]["GUID"] if index else None,
                    "VatNumber": f"FI{s.fake.random_number(8, True)}",
                },
                "InsertTS",
            )
        )
    return units


def _users(s: _Seeder, units: Records) -> Records:
    users = []
    for index in range(6):
        first, last = s.fake.first_name(), s.fake.last_name()
        unit = units[index % 2]
        users.append(
            s.stamped(
                {
                    "GUID": s.fake.uuid4(),
                    "Code": f"U{index + 1:03d}",
                    "FirstName": first,
                    "LastName": last,
                    "Email": f"{first}.{last}@example.fi".lower(),
                    "Phone": s.fake.phone_number(),
                    "Title": s.fake.job(),
                    "BusinessUnitGUID": unit["GUID"],
                    "BusinessUnitName": unit["Name"],
                    "BusinessUnitCode": unit["Code"],
                    "Culture": "fi-FI",
                    "LanguageCode": "fi",
                    "CountryCode": "FI",
                    "IsActive": index != 5,
                    "SendDailyMail": False,
                    "SendWeeklyMail": True,
                }
            )
        )
    return users


def _work_types(s: _Seeder) -> Records:
    work_types = [
        s.stamped(
            {
                "GUID": s.fake.uuid4(),
                "Name": name,
                "Code": code,
                "IsActive": True,
                "IsDefault": index == 1,
                "IsProductive": productive,
            }
        )
        for index, (name, code, productive) in enumerate(WORK_TYPES)
    ]
    return work_types


def _accounts(s: _Seeder, users: Records) -> tuple[Records, Records, Records, Records]:
    accounts, companies, addresses, contacts = [], [], [], []
    for index in range(8):
        name = s.fake.company()
        vat = f"FI{s.fake.random_number(8, True)}"
        address = s.stamped(
            {
                "GUID": s.fake.uuid4(),
                "Addressline": s.fake.street_address(),
                "PostalCode": s.fake.postcode(),
                "City": s.fake.city(),
                "CountryCode": "FI",
                "CountryName": "Suomi",
                "Phone": s.fake.phone_number(),
                "IsBillingAddress": True,
                "IsPostalAddress": True,
                "IsVisitAddress": index % 2 == 0,
            }
        )
        company = s.stamped(
            {
                "GUID": s.fake.uuid4(),
                "Name": name,
                "VatNumber": vat,
                "HeadOfficeAddressGUID": address["GUID"],
                "Email": f"info@{name.split()[0].lower()}.example.fi",
                "Website": f"https://www.{name.split()[0].lower()}.fi",
                "Employees": s.fake.random_int(3, 400),
            }
        )
        address["CompanyGUID"] = company["GUID"]
        account = s.stamped(
            {
                "GUID": s.fake.uuid4(),
                "Name": name,
                "Number": 1001 + index,
                "CompanyGUID": company["GUID"],
                "VatNumber": vat,
                "CurrencyCode": "EUR",
                "LanguageCode": "fi",
                "IsActive": index != 7,
                "IsInternal": False,
                "PaymentTerm": 14,
                "AccountOwnerUserGUID": users[index % 6]["GUID"],
                "AccountGroupGUIDs": [],
                "Notes": s.fake.sentence(),
            },
            "InsertTS",
        )
        for _ in range(1 + index % 2):
            contacts.append(_contact(s, account, address))
        accounts.append(account)
        companies.append(company)
        addresses.append(address)
    return accounts, companies, addresses, contacts


def _contact(s: _Seeder, account: dict[str, Any], address: dict[str, Any]) -> dict[str, Any]:
    """One contact person of ``account``, at its address."""
    first, last = s.fake.first_name(), s.fake.last_name()
    return s.stamped(
        {
            "GUID": s.fake.uuid4(),
            "AccountGUID": account["GUID"],
            "AddressGUID": address["GUID"],
            "FirstName": first,
            "LastName": last,
            "JobTitle": s.fake.job(),
            "IsActive": True,
            "Keywords": [],
            "CommunicationMethods": [
                {
                    "Type": "EmailAddress",
                    "Name": "Sähköposti",
                    "Value": f"{first}.{last}@example.fi".lower(),
                    "IsForbiddenToUse": False,
                },
                {
                    "Type": "Phone",
                    "Name": "Puhelin",
                    "Value": s.fake.phone_number(),
                    "IsForbiddenToUse": False,
                },
            ],
        }
    )


def _cases(
    s: _Seeder, units: Records, users: Records, work_types: Records, accounts: Records
) -> tuple[Records, Records]:
    cases, phases = [], []
    for index in range(6):
        account = accounts[index]
        unit = units[index % 2]
        owner = users[index % 5]
        name = f"{s.fake.bs().capitalize()}"[:60]
        case = s.stamped(
            {
                "GUID": s.fake.uuid4(),
                "Name": name,
                "CaseNumber": index + 1,
                "AccountGUID": account["GUID"],
                "AccountName": account["Name"],
                "AccountNumber": account["Number"],
                "BusinessUnitGUID": unit["GUID"],
                "BusinessUnitName": unit["Name"],
                "BusinessUnitNumber": unit["Code"],
                "CaseOwnerUserGUID": owner["GUID"],
                "CaseOwnerUserCode": owner["Code"],
                "CurrencyShortform": "EUR",
                "IsClosed": index == 5,
                "IsInternal": False,
                "Priority": 1 + index % 3,
                "Probability": 100,
                "PricingType": "Time and material",
                "StartDate": (FIRST_WORK_DAY - timedelta(days=7)).isoformat() + "T00:00:00",
                "ExpectedValue": "25000.00",
                "_members": [users[(index + k) % 5]["GUID"] for k in range(3)],
            },
            "InsertTs",
        )
        root = s.stamped(
            {
                "GUID": s.fake.uuid4(),
                "CaseGUID": case["GUID"],
                "Name": name,
                "IsCompleted": False,
                "IsLocked": False,
                "OwnerUserGUID": owner["GUID"],
                "SortOrder": 0,
                "_members": [],
            }
        )
        case["RootTaskGUID"] = root["GUID"]
        phases.append(root)
        for number, phase_name in enumerate(("Määrittely", "Toteutus", "Käyttöönotto")[: 2 + index % 2]):
            phases.append(
                s.stamped(
                    {
                        "GUID": s.fake.uuid4(),
                        "CaseGUID": case["GUID"],
                        "ParentPhaseGUID": root["GUID"],
                        "Name": phase_name,
                        "Code": f"P{number + 1}",
                        "IsCompleted": False,
                        "IsLocked": False,
                        "OwnerUserGUID": owner["GUID"],
                        "PricePerHour": f"{95 + 10 * number}.00",
                        "SortOrder": number + 1,
                        "WorkEstimate": "120.0",
                        "WorkTypeGUID": work_types[number % 4]["GUID"],
                        "_members": case["_members"],
                    }
                )
            )
        cases.append(case)
    return cases, phases


def _hours(s: _Seeder, users: Records, cases: Records, phases: Records) -> Records:
    open_phases = [
        p for p in phases if p.get("ParentPhaseGUID") and not cases[_case_index(cases, p)]["IsClosed"]
    ]
    case_by_guid = {c["GUID"]: c for c in cases}
    hour_entries = []
    for day_offset in range(WEEKS_OF_HOURS * 7):
        day = FIRST_WORK_DAY + timedelta(days=day_offset)
        if day.weekday() >= 5:
            continue
        for user in users[:5]:
            phase = open_phases[s.fake.random_int(0, len(open_phases) - 1)]
            hours = s.fake.random_element(("1.5", "2.0", "3.5", "4.0", "6.0", "7.5"))
            hour_entries.append(
                s.stamped(
                    {
                        "GUID": s.fake.uuid4(),
                        "EventDate": f"{day.isoformat()}T00:00:00",
                        "UserGUID": user["GUID"],
                        "PhaseGUID": phase["GUID"],
                        "TaskGUID": phase["GUID"],
                        "CaseGUID": phase["CaseGUID"],
                        "AccountGUID": case_by_guid[phase["CaseGUID"]]["AccountGUID"],
                        "WorkTypeGUID": phase["WorkTypeGUID"],
                        "Quantity": hours,
                        "Description": s.fake.sentence(nb_words=5),
                        "UnitPrice": phase["PricePerHour"],
                        "UnitCost": "45.00",
                        "UnitPriceInBaseCurrency": phase["PricePerHour"],
                        "IsBillable": True,
                        "IsApproved": day_offset < 14,
                        "IsProductive": True,
                        "IsReadOnly": False,
                    }
                )
            )
    return hour_entries


def _products(s: _Seeder) -> Records:
    products = [
        s.stamped(
            {
                "GUID": s.fake.uuid4(),
                "Name": name,
                "Code": code,
                "MeasurementUnit": unit,
                "UnitPrice": price,
                "UnitCost": None,
                "VAT": "24.0",
                "IsActive": True,
                "Type": "Product",
                "UseInWorkTimeEntry": False,
            }
        )
        for name, code, unit, price in PRODUCTS
    ]
    return products


def _travel(s: _Seeder) -> Records:
    travel_expenses = [
        s.stamped(
            {
                "GUID": s.fake.uuid4(),
                "Name": name,
                "Code": code,
                "MeasurementUnit": unit,
                "UnitPrice": price,
                "VAT": "0.0",
                "IsActive": True,
                "Type": "TravelExpense",
                "UseInWorkTimeEntry": True,
                "ExpenseClass": "Travel",
            }
        )
        for name, code, unit, price in TRAVEL_EXPENSES
    ]
    return travel_expenses


def _invoices(s: _Seeder, units: Records, accounts: Records, cases: Records) -> Records:
    invoices = []
    for index, status in enumerate(
        ("Draft", "Draft", "Approved", "Sent", "Sent", "Paid", "Paid", "Cancelled")
    ):
        case = cases[index % 5]
        account = accounts[index % 5]
        unit = units[index % 2]
        day = FIRST_WORK_DAY + timedelta(days=7 * (index % 4))
        numbered = status in ("Approved", "Sent", "Paid")
        invoices.append(
            s.stamped(
                {
                    "GUID": s.fake.uuid4(),
                    "Number": 10001 + index if numbered else None,
                    "InvoiceStatus": status,
                    "AccountGUID": account["GUID"],
                    "AccountName": account["Name"],
                    "AccountNumber": account["Number"],
                    "BusinessUnitGUID": unit["GUID"],
                    "BusinessUnitName": unit["Name"],
                    "BusinessUnitCode": unit["Code"],
                    "MainCaseGUID": case["GUID"],
                    "InvoiceAllowedCaseGUIDs": [case["GUID"]],
                    "Culture": "fi-FI",
                    "CurrencyShortform": "EUR",
                    "CurrencyRate": "1",
                    "Date": f"{day.isoformat()}T00:00:00",
                    "EntryDate": f"{day.isoformat()}T00:00:00",
                    "DueDate": f"{(day + timedelta(days=14)).isoformat()}T00:00:00",
                    "PaymentTerm": 14,
                    "OverDueInterest": "8.0",
                    "Title": f"Lasku {case['Name']}"[:80],
                    "ReferenceNumber": str(1000 + index) if numbered else None,
                    "PaymentDate": f"{(day + timedelta(days=10)).isoformat()}T00:00:00"
                    if status == "Paid"
                    else None,
                    "PaymentStatus": "Paid" if status == "Paid" else "Unpaid",
                    "IsCreditNote": False,
                    "IsReimbursed": False,
                    "IsTaxFree": False,
                    "ReceiverCustomerName": account["Name"],
                    "ReceiverCountry": "Suomi",
                }
            )
        )
    return invoices


def _case_index(cases: list[dict], phase: dict) -> int:
    return next(i for i, c in enumerate(cases) if c["GUID"] == phase["CaseGUID"])
