"""Seed data: three companies (a Slovak and a Hungarian one the API user may access, and a Slovak one
it may not), each with users, reference lists in Slovak, partners with addresses and contacts,
orders with invoices, tasks with activities, and a few records of every inferred module.

Deterministic: Faker seeded from ``seed`` and fixed base dates, never the wall clock. Ids are global
per collection (as in one database), so an id of one company is a foreign id in another.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from mockserver.core import fixtures as core_fixtures
from mockserver.core.store import VendorData
from mockserver.vendors.flowii.models import serial_number, serial_sequence
from mockserver.vendors.flowii.resources import RESOURCES
from mockserver.vendors.flowii.schemas import DOCUMENT_INVOICE, INVOICE_ISSUED, INVOICE_PAID, LOCAL_FORMAT

BASE = datetime(2024, 1, 8, 8, 0, 0)
API_USER_EMAIL = "demo@example.com"

COUNTRIES = [
    ("Slovensko", "SK"),
    ("Maďarsko", "HU"),
    ("Česko", "CZ"),
    ("Rakúsko", "AT"),
    ("Poľsko", "PL"),
    ("Nemecko", "DE"),
    ("Ukrajina", "UA"),
]
ORDER_TYPES = [("Zákazka", None), ("Servis", None), ("Servisná zmluva", 1), ("Projekt", None)]
ORDER_STATES = ["Nová", "Prijatá", "V riešení", "Dokončená", "Zrušená"]
ACTIVITY_TYPES = ["Telefonát", "Stretnutie", "E-mail", "Úloha", "Obhliadka"]
CUSTOM_FIELDS = [("Číslo objednávky zákazníka", 3), ("Poznámka pre technika", 3)]
ORDER_NAMES = ["Montáž", "Servisná prehliadka", "Dodávka materiálu", "Oprava", "Revízia", "Inštalácia"]
TASK_CAPTIONS = ["Zavolať zákazníkovi", "Pripraviť ponuku", "Naplánovať obhliadku", "Poslať faktúru"]
PRODUCTS = [("Montážna hodina", "hod", 35.0), ("Kábel CYKY 3x2,5", "m", 1.2), ("Istič 16A", "ks", 8.9)]
BUSINESS_CASES = ["Rekonštrukcia kancelárií", "Nová prevádzka", "Rozšírenie servisnej zmluvy"]

#: (Faker locale, accessible to the API user, partners, orders)
COMPANIES = [
    ("sk_SK", True, 10, 25),
    ("hu_HU", True, 8, 7),
    ("sk_SK", False, 3, 3),
]


def _at(offset_minutes: int) -> str:
    return (BASE + timedelta(minutes=offset_minutes)).strftime(LOCAL_FORMAT)


def _day(offset_days: int) -> str:
    return (BASE + timedelta(days=offset_days)).strftime("%Y-%m-%dT00:00:00")


class _Builder:
    """Appends records with global, sequential ids per collection."""

    def __init__(self) -> None:
        self.collections: dict[str, list[dict[str, Any]]] = {key: [] for key in RESOURCES}

    def add(self, key: str, record: dict[str, Any]) -> int:
        rows = self.collections[key]
        record_id = len(rows) + 1
        rows.append({"id": record_id, **record})
        return record_id


def generate(seed: int) -> dict[str, list[dict[str, Any]]]:
    out = _Builder()
    country_ids = {code: out.add("countries", {"name": name, "code": code}) for name, code in COUNTRIES}
    for index, (locale, accessible, partner_count, order_count) in enumerate(COMPANIES):
        fake = core_fixtures.faker(locale, seed + index)
        _company(out, fake, index + 1, locale, accessible, partner_count, order_count, country_ids)
    return {key: rows for key, rows in out.collections.items() if rows}


def _company(
    out: _Builder,
    fake: Any,
    company_id: int,
    locale: str,
    accessible: bool,
    partner_count: int,
    order_count: int,
    country_ids: dict[str, int],
) -> None:
    scoped = {"company_id": company_id}
    country = "HU" if locale == "hu_HU" else "SK"
    vat_prefix = country
    company_name = fake.company()
    user_ids = []
    if accessible:
        user_ids.append(
            out.add(
                "users",
                {
                    **scoped,
                    "name": "Demo API",
                    "first_name": "Demo",
                    "last_name": "API",
                    "email": API_USER_EMAIL,
                },
            )
        )
    for _ in range(3):
        first, last = fake.first_name(), fake.last_name()
        user_ids.append(
            out.add(
                "users",
                {
                    **scoped,
                    "name": f"{first} {last}",
                    "first_name": first,
                    "last_name": last,
                    "email": fake.email(),
                },
            )
        )
    out.add("companies", {"name": company_name, "user_id": user_ids[0] if accessible else None})
    dic = fake.numerify("20########")
    company_data_id = out.add(
        "companydata",
        {
            **scoped,
            "name": company_name,
            "ico": fake.numerify("########"),
            "dic": dic,
            "ic_dph": f"{vat_prefix}{dic}",
            "street": fake.street_address(),
            "city": fake.city(),
            "zip": fake.postcode(),
        },
    )
    type_ids: list[int] = []
    for name, parent in ORDER_TYPES:
        rel = {"parent": type_ids[parent]} if parent is not None else {}
        type_ids.append(out.add("ordertypes", {**scoped, "name": name, "rel": rel}))
    state_ids = [out.add("orderstates", {**scoped, "name": name}) for name in ORDER_STATES]
    activity_type_ids = [out.add("activitytypes", {**scoped, "name": name}) for name in ACTIVITY_TYPES]
    field_ids = [
        out.add("customfields", {**scoped, "name": name, "value_type": kind}) for name, kind in CUSTOM_FIELDS
    ]

    partner_ids = []
    for number in range(partner_count):
        is_person = number % 4 == 3
        address_id = out.add(
            "addresses",
            {
                **scoped,
                "street": fake.street_address(),
                "city": fake.city(),
                "zip": fake.postcode(),
                "rel": {"country": country_ids[country]},
            },
        )
        partner_dic = fake.numerify("20########")
        partner_id = len(out.collections["partners"]) + 1
        contact_ids = []
        for _ in range(1 + number % 2):
            contact_ids.append(
                out.add(
                    "contacts",
                    {
                        **scoped,
                        "first_name": fake.first_name(),
                        "last_name": fake.last_name(),
                        "email": fake.email(),
                        "phone": fake.phone_number(),
                        "rel": {"partner": partner_id},
                    },
                )
            )
        name = fake.name() if is_person else fake.company()
        partner_ids.append(
            out.add(
                "partners",
                {
                    **scoped,
                    "name": name,
                    "type": 2 if is_person else 1,
                    "comment": None,
                    "ico": None if is_person else fake.numerify("########"),
                    "dic": None if is_person else partner_dic,
                    "ic_dph": None if is_person else f"{vat_prefix}{partner_dic}",
                    "email": fake.company_email() if not is_person else fake.email(),
                    "phone": fake.phone_number(),
                    "rel": {
                        "billing-address": address_id,
                        "responsible-user": user_ids[number % len(user_ids)],
                        "key-contact": contact_ids[0],
                        "contacts": contact_ids,
                    },
                },
            )
        )

    order_ids = []
    for number in range(order_count):
        minutes = number * 1440 + fake.random_int(0, 600)
        order_id = len(out.collections["orders"]) + 1
        value_ids = []
        if number % 3 == 0:
            value_ids.append(
                out.add(
                    "customfieldvalues",
                    {
                        **scoped,
                        "value": fake.numerify("OBJ-#####"),
                        "rel": {"custom-field": field_ids[0], "order": order_id},
                    },
                )
            )
        document_ids = []
        if number % 2 == 0:
            gross = float(fake.random_int(100, 5000))
            paid = number % 4 == 0
            taxed = round(gross * 1.2, 2)
            document_ids.append(
                out.add(
                    "documents",
                    {
                        **scoped,
                        "serial_nr": serial_number("FA", "2024", number + 1),
                        "type": DOCUMENT_INVOICE,
                        "issued_date": _day(number + 7),
                        "delivery_date": _day(number + 7),
                        "due_date": _day(number + 21),
                        "paid_date": _day(number + 15) if paid else None,
                        "gross_amount": gross,
                        "taxed_gross_amount": taxed,
                        "unpaid": 0.0 if paid else taxed,
                        "invoice_state": INVOICE_PAID if paid else INVOICE_ISSUED,
                        "rel": {"order": order_id},
                    },
                )
            )
        order_ids.append(
            out.add(
                "orders",
                {
                    **scoped,
                    "name": f"{ORDER_NAMES[number % len(ORDER_NAMES)]} {fake.city()}",
                    "created": _at(minutes),
                    "accepted": _at(minutes + 120) if number % 5 else None,
                    "deadline": _day(number + 30),
                    "description": fake.sentence(nb_words=8),
                    "serial_nr": serial_number("ZAK", "2024", number + 1),
                    "rel": {
                        "type": type_ids[number % len(type_ids)],
                        "state": state_ids[number % len(state_ids)],
                        "partner": partner_ids[number % len(partner_ids)],
                        "user": user_ids[0],
                        "responsible-users": [user_ids[(1 + number) % len(user_ids)]],
                        "company-data": company_data_id,
                        "custom-field-string-values": value_ids,
                        "documents": document_ids,
                    },
                },
            )
        )

    for number, caption in enumerate(TASK_CAPTIONS):
        task_id = len(out.collections["tasks"]) + 1
        activity_ids = [
            out.add(
                "activities",
                {
                    **scoped,
                    "state": 4 if step == 0 else 1,
                    "deadline": _at(number * 1440 + step * 60 + 600),
                    "description": fake.sentence(nb_words=6),
                    "rel": {
                        "activity-type": activity_type_ids[(number + step) % len(activity_type_ids)],
                        "user": user_ids[step % len(user_ids)],
                        "task": task_id,
                    },
                },
            )
            for step in range(1 + number % 2)
        ]
        out.add(
            "tasks",
            {
                **scoped,
                "caption": caption,
                "description": fake.sentence(nb_words=10),
                "deadline": _day(number + 3),
                "rel": {
                    "activities": activity_ids,
                    "order": order_ids[number % len(order_ids)],
                    "partner": partner_ids[number % len(partner_ids)],
                },
            },
        )

    if not accessible:
        return
    _inferred_modules(out, fake, scoped, partner_ids, order_ids, user_ids)


def _inferred_modules(
    out: _Builder,
    fake: Any,
    scoped: dict[str, int],
    partner_ids: list[int],
    order_ids: list[int],
    user_ids: list[int],
) -> None:
    for number, name in enumerate(BUSINESS_CASES):
        out.add(
            "businesscases",
            {
                **scoped,
                "name": name,
                "description": fake.sentence(nb_words=8),
                "state": 1 + number % 3,
                "created": _at(number * 2880),
                "deadline": _day(number * 14 + 30),
                "expected_value": float(fake.random_int(1000, 50000)),
                "rel": {"partner": partner_ids[number], "responsible-user": user_ids[number % len(user_ids)]},
            },
        )
    for name, unit, price in PRODUCTS:
        out.add(
            "products",
            {
                **scoped,
                "name": name,
                "code": fake.numerify("P-####"),
                "unit": unit,
                "unit_price": price,
                "vat_rate": 20.0,
                "description": None,
            },
        )
    for number in range(3):
        gross = float(fake.random_int(200, 3000))
        taxed = round(gross * 1.2, 2)
        paid = number == 0
        invoice_id = out.add(
            "invoices",
            {
                **scoped,
                "serial_nr": serial_number("FA", "2024", 100 + number),
                "issued_date": _day(number * 10),
                "delivery_date": _day(number * 10),
                "due_date": _day(number * 10 + 14),
                "paid_date": _day(number * 10 + 5) if paid else None,
                "gross_amount": gross,
                "taxed_gross_amount": taxed,
                "unpaid": 0.0 if paid else taxed,
                "invoice_state": INVOICE_PAID if paid else INVOICE_ISSUED,
                "rel": {"partner": partner_ids[number], "order": order_ids[number]},
            },
        )
        if paid:
            out.add(
                "payments",
                {
                    **scoped,
                    "amount": taxed,
                    "paid_date": _day(number * 10 + 5),
                    "variable_symbol": fake.numerify("2024####"),
                    "note": None,
                    "rel": {"invoice": invoice_id},
                },
            )
    for day in range(3):
        out.add(
            "attendance",
            {
                **scoped,
                "arrival": _at(day * 1440 + 15),
                "departure": _at(day * 1440 + 8 * 60 + 45),
                "kind": 1,
                "note": None,
                "rel": {"user": user_ids[1]},
            },
        )


def seed(data: VendorData, collections: dict[str, list[dict[str, Any]]]) -> None:
    """Load the records, then start each serial-number sequence after the highest seeded number,
    so the next order of a company in a year continues where the fixtures stop."""
    for key, rows in collections.items():
        data.collection(key).insert_many(rows)
    highest: dict[str, int] = defaultdict(int)
    for key in ("orders", "invoices"):
        prefix = RESOURCES[key].serial_prefix
        assert prefix is not None
        for row in collections.get(key, []):
            serial = row.get("serial_nr") or ""
            year, number = serial[len(prefix) : len(prefix) + 4], serial[len(prefix) + 4 :]
            if serial.startswith(prefix) and number.isdigit():
                sequence = serial_sequence(prefix, row["company_id"], year)
                highest[sequence] = max(highest[sequence], int(number))
    for sequence, number in highest.items():
        data.next_number(sequence, start=number)
