"""Seed data: three companies (a Slovak and a Hungarian one the API user may access, and a Slovak one
it may not), each with users, reference lists in Slovak, partners with addresses and contacts,
orders with invoices, tasks with activities, and a few records of every inferred module.

Deterministic: Faker seeded from ``seed`` and fixed base dates, never the wall clock. Ids are global
per collection (as in one database), so an id of one company is a foreign id in another.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
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


@dataclass
class _Company:
    """One company's seeding state: the builder, its Faker, and the ids each collection's generator
    leaves for the next (in the order ``_company`` calls them: the fixtures depend on it)."""

    out: _Builder
    fake: Any
    company_id: int
    locale: str
    accessible: bool
    partner_count: int
    order_count: int
    country_ids: dict[str, int]
    user_ids: list[int] = field(default_factory=list)
    company_data_id: int = 0
    type_ids: list[int] = field(default_factory=list)
    state_ids: list[int] = field(default_factory=list)
    activity_type_ids: list[int] = field(default_factory=list)
    field_ids: list[int] = field(default_factory=list)
    partner_ids: list[int] = field(default_factory=list)
    order_ids: list[int] = field(default_factory=list)

    @property
    def scoped(self) -> dict[str, int]:
        return {"company_id": self.company_id}

    @property
    def country(self) -> str:
        return "HU" if self.locale == "hu_HU" else "SK"

    @property
    def vat_prefix(self) -> str:
        return self.country


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
    c = _Company(out, fake, company_id, locale, accessible, partner_count, order_count, country_ids)
    company_name = fake.company()
    _users(c)
    _company_records(c, company_name)
    _catalogues(c)
    _partners(c)
    _orders(c)
    _tasks(c)
    if accessible:
        _inferred_modules(out, fake, c.scoped, c.partner_ids, c.order_ids, c.user_ids)


def _users(c: _Company) -> None:
    c.user_ids = []
    if c.accessible:
        c.user_ids.append(
            c.out.add(
                "users",
                {
                    **c.scoped,
                    "name": "Demo API",
                    "first_name": "Demo",
                    "last_name": "API",
                    "email": API_USER_EMAIL,
                },
            )
        )
    for _ in range(3):
        first, last = c.fake.first_name(), c.fake.last_name()
        c.user_ids.append(
            c.out.add(
                "users",
                {
                    **c.scoped,
                    "name": f"{first} {last}",
                    "first_name": first,
                    "last_name": last,
                    "email": c.fake.email(),
                },
            )
        )


def _company_records(c: _Company, company_name: str) -> None:
    c.out.add("companies", {"name": company_name, "user_id": c.user_ids[0] if c.accessible else None})
    dic = c.fake.numerify("20########")
    c.company_data_id = c.out.add(
        "companydata",
        {
            **c.scoped,
            "name": company_name,
            "ico": c.fake.numerify("########"),
            "dic": dic,
            "ic_dph": f"{c.vat_prefix}{dic}",
            "street": c.fake.street_address(),
            "city": c.fake.city(),
            "zip": c.fake.postcode(),
        },
    )


def _catalogues(c: _Company) -> None:
    c.type_ids = []
    for name, parent in ORDER_TYPES:
        rel = {"parent": c.type_ids[parent]} if parent is not None else {}
        c.type_ids.append(c.out.add("ordertypes", {**c.scoped, "name": name, "rel": rel}))
    c.state_ids = [c.out.add("orderstates", {**c.scoped, "name": name}) for name in ORDER_STATES]
    c.activity_type_ids = [c.out.add("activitytypes", {**c.scoped, "name": name}) for name in ACTIVITY_TYPES]
    c.field_ids = [
        c.out.add("customfields", {**c.scoped, "name": name, "value_type": kind})
        for name, kind in CUSTOM_FIELDS
    ]


def _partners(c: _Company) -> None:
    c.partner_ids = []
    for number in range(c.partner_count):
        is_person = number % 4 == 3
        address_id = c.out.add(
            "addresses",
            {
                **c.scoped,
                "street": c.fake.street_address(),
                "city": c.fake.city(),
                "zip": c.fake.postcode(),
                "rel": {"country": c.country_ids[c.country]},
            },
        )
        partner_dic = c.fake.numerify("20########")
        partner_id = len(c.out.collections["partners"]) + 1
        contact_ids = []
        for _ in range(1 + number % 2):
            contact_ids.append(
                c.out.add(
                    "contacts",
                    {
                        **c.scoped,
                        "first_name": c.fake.first_name(),
                        "last_name": c.fake.last_name(),
                        "email": c.fake.email(),
                        "phone": c.fake.phone_number(),
                        "rel": {"partner": partner_id},
                    },
                )
            )
        name = c.fake.name() if is_person else c.fake.company()
        c.partner_ids.append(
            c.out.add(
                "partners",
                {
                    **c.scoped,
                    "name": name,
                    "type": 2 if is_person else 1,
                    "comment": None,
                    "ico": None if is_person else c.fake.numerify("########"),
                    "dic": None if is_person else partner_dic,
                    "ic_dph": None if is_person else f"{c.vat_prefix}{partner_dic}",
                    "email": c.fake.company_email() if not is_person else c.fake.email(),
                    "phone": c.fake.phone_number(),
                    "rel": {
                        "billing-address": address_id,
                        "responsible-user": c.user_ids[number % len(c.user_ids)],
                        "key-contact": contact_ids[0],
                        "contacts": contact_ids,
                    },
                },
            )
        )


def _orders(c: _Company) -> None:
    c.order_ids = []
    for number in range(c.order_count):
        minutes = number * 1440 + c.fake.random_int(0, 600)
        order_id = len(c.out.collections["orders"]) + 1
        value_ids = []
        if number % 3 == 0:
            value_ids.append(
                c.out.add(
                    "customfieldvalues",
                    {
                        **c.scoped,
                        "value": c.fake.numerify("OBJ-#####"),
                        "rel": {"custom-field": c.field_ids[0], "order": order_id},
                    },
                )
            )
        document_ids = []
        if number % 2 == 0:
            gross = float(c.fake.random_int(100, 5000))
            paid = number % 4 == 0
            taxed = round(gross * 1.2, 2)
            document_ids.append(
                c.out.add(
                    "documents",
                    {
                        **c.scoped,
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
        c.order_ids.append(
            c.out.add(
                "orders",
                {
                    **c.scoped,
                    "name": f"{ORDER_NAMES[number % len(ORDER_NAMES)]} {c.fake.city()}",
                    "created": _at(minutes),
                    "accepted": _at(minutes + 120) if number % 5 else None,
                    "deadline": _day(number + 30),
                    "description": c.fake.sentence(nb_words=8),
                    "serial_nr": serial_number("ZAK", "2024", number + 1),
                    "rel": {
                        "type": c.type_ids[number % len(c.type_ids)],
                        "state": c.state_ids[number % len(c.state_ids)],
                        "partner": c.partner_ids[number % len(c.partner_ids)],
                        "user": c.user_ids[0],
                        "responsible-users": [c.user_ids[(1 + number) % len(c.user_ids)]],
                        "company-data": c.company_data_id,
                        "custom-field-string-values": value_ids,
                        "documents": document_ids,
                    },
                },
            )
        )


def _tasks(c: _Company) -> None:
    for number, caption in enumerate(TASK_CAPTIONS):
        task_id = len(c.out.collections["tasks"]) + 1
        activity_ids = [
            c.out.add(
                "activities",
                {
                    **c.scoped,
                    "state": 4 if step == 0 else 1,
                    "deadline": _at(number * 1440 + step * 60 + 600),
                    "description": c.fake.sentence(nb_words=6),
                    "rel": {
                        "activity-type": c.activity_type_ids[(number + step) % len(c.activity_type_ids)],
                        "user": c.user_ids[step % len(c.user_ids)],
                        "task": task_id,
                    },
                },
            )
            for step in range(1 + number % 2)
        ]
        c.out.add(
            "tasks",
            {
                **c.scoped,
                "caption": caption,
                "description": c.fake.sentence(nb_words=10),
                "deadline": _day(number + 3),
                "rel": {
                    "activities": activity_ids,
                    "order": c.order_ids[number % len(c.order_ids)],
                    "partner": c.partner_ids[number % len(c.partner_ids)],
                },
            },
        )


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
