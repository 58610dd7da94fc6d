"""Seed data from a seed, with a Dutch Faker: 24 contacts with contact persons, 12 projects, the
three demo layouts and 18 quotations with lines, totals computed by the same rules the API uses.

Dates come from a fixed calendar (2024), never from the wall clock, so a seed gives the same bytes.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from mockserver.core import fixtures
from mockserver.vendors.workspace.models import line_total, totals
from mockserver.vendors.workspace.schemas import MONEY_DECIMALS

CONTACTS, PROJECTS, QUOTATIONS = 24, 12, 18
LAYOUTS = ["Standaard template", "Layout zonder logo", "Layout tweede vestiging"]
GROUPS = ["Algemeen", "Algemeen", "Zakelijk", "Particulier"]
BANKS = ["ING", "Rabobank", "ABN AMRO", "SNS Bank", "Triodos Bank"]
SERVICES = [
    ("Advieswerkzaamheden", 9500),
    ("Projectmanagement", 11000),
    ("Installatie en montage", 6500),
    ("Ontwerp en tekenwerk", 8500),
    ("Onderhoudscontract (per maand)", 12500),
    ("Materiaalkosten", 2450),
    ("Voorrijkosten", 3500),
    ("Licentie (per gebruiker)", 1995),
    ("Training op locatie", 45000),
    ("Opleveringsinspectie", 27500),
]
PROJECT_KINDS = ["renovatie", "nieuwbouw", "onderhoud", "verbouwing", "implementatie", "migratie"]
START = datetime(2024, 1, 8, 9, 0, 0)


def _mailbox(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower()) or "contact"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def generate(seed: int) -> dict[str, list[dict[str, Any]]]:
    fake = fixtures.faker("nl_NL", seed)
    contacts, people = _contacts(fake)
    projects = _projects(fake)
    quotations, lines = _quotations(fake, projects)
    return {
        "contacts": contacts,
        "sub_contacts": people,
        "projects": projects,
        "layouts": [{"id": i, "name": name} for i, name in enumerate(LAYOUTS, 1)],
        "quotations": quotations,
        "quotation_lines": lines,
    }


def _contacts(fake: Any) -> tuple[list[dict], list[dict]]:
    contacts: list[dict] = []
    people: list[dict] = []
    for number in range(1, CONTACTS + 1):
        created = START - timedelta(days=400 - number * 9, minutes=fake.random_int(0, 600))
        company = fake.company()
        domain = fake.domain_name()
        city, invoice_city = fake.city(), fake.city()
        same_address = fake.random_int(0, 3) > 0
        street, postcode = fake.street_address(), fake.postcode()
        lat, long = fake.local_latlng(country_code="NL", coords_only=True)
        person_ids = []
        for _ in range(fake.random_int(1, 3)):
            person_id = len(people) + 1
            person_ids.append(person_id)
            first, last = fake.first_name(), fake.last_name()
            people.append(
                {
                    "id": person_id,
                    "contact_id": number,
                    "name": f"{first} {last}",
                    "function": fake.job(),
                    "phone": fake.phone_number(),
                    "email": f"{_mailbox(first)}@{domain}",
                    "created": _stamp(created),
                    "modified": _stamp(created),
                }
            )
        contacts.append(
            {
                "id": number,
                "client_reference": f"DEB{1000 + number}",
                "client_code": f"{number:05d}",
                "group": fake.random_element(GROUPS),
                "type": 2 if number % 6 == 0 else 1,
                "name": company,
                "location_address": street,
                "location_postal": postcode,
                "location_city": city,
                "location_country": "NL",
                "location_long": long,
                "location_lat": lat,
                "invoice_address": street if same_address else fake.street_address(),
                "invoice_postal": postcode if same_address else fake.postcode(),
                "invoice_city": city if same_address else invoice_city,
                "invoice_country": "NL",
                "invoice_long": long if same_address else None,
                "invoice_lat": lat if same_address else None,
                "phone": fake.phone_number(),
                "fax": None,
                "website": f"https://www.{domain}",
                "btw": f"NL{fake.numerify('#########')}B01",
                "kvk": fake.numerify("########"),
                "email": f"info@{domain}",
                "bank_name": fake.random_element(BANKS),
                "bank_nr": fake.iban(),
                "payment_term": fake.random_element([14, 30, 30, 60]),
                "trashed": False,
                "sub_contact_ids": person_ids,
                "created": _stamp(created),
                "modified": _stamp(created + timedelta(days=fake.random_int(0, 30))),
            }
        )
    return contacts, people


def _projects(fake: Any) -> list[dict]:
    projects = []
    for number in range(1, PROJECTS + 1):
        created = START + timedelta(days=number * 11, minutes=fake.random_int(0, 480))
        start = created + timedelta(days=fake.random_int(3, 30))
        projects.append(
            {
                "id": number,
                "contact_id": fake.random_int(1, CONTACTS),
                "client_count": number,
                "reference": f"REF-{fake.numerify('####')}",
                "name": f"{fake.city()} {fake.random_element(PROJECT_KINDS)}",
                "description": fake.sentence(nb_words=10),
                "status": fake.random_int(1, 7),
                "date_start": start.strftime("%Y-%m-%d"),
                "date_deadline": (start + timedelta(days=fake.random_int(14, 180))).strftime("%Y-%m-%d"),
                "created": _stamp(created),
                "modified": _stamp(created + timedelta(days=1)),
                "display_code": f"P{number:04d}",
            }
        )
    return projects


def _quotations(fake: Any, projects: list[dict]) -> tuple[list[dict], list[dict]]:
    quotations: list[dict] = []
    lines: list[dict] = []
    unit = 10**MONEY_DECIMALS // 100  # money units per euro cent
    for number in range(1, QUOTATIONS + 1):
        created = START + timedelta(days=number * 17, minutes=fake.random_int(0, 540))
        project = fake.random_element(projects) if number % 3 else None
        contact_id = project["contact_id"] if project else fake.random_int(1, CONTACTS)
        status = fake.random_element([1, 1, 2, 2, 3, 4])
        sent = created + timedelta(days=fake.random_int(0, 3))
        own_lines = []
        for _ in range(fake.random_int(1, 5)):
            description, cents = fake.random_element(SERVICES)
            amount = str(fake.random_element([1, 1, 2, 3, 4, 8, 12, 16, 24, 40]))
            price = cents * unit
            line = {
                "id": len(lines) + 1,
                "quotation_id": number,
                "description": description,
                "amount": amount,
                "price": price,
                "vat": fake.random_element(["21", "21", "21", "9"]),
                "total_price": line_total(amount, price),
                "created": _stamp(created),
                "modified": _stamp(created),
            }
            lines.append(line)
            own_lines.append(line)
        discount = fake.random_element(["0", "0", "0", "5", "10", "2.5"])
        quotations.append(
            {
                "id": number,
                "code": f"{created.year}-{number:04d}",
                "hash": fake.md5(),
                "name": f"Offerte {fake.random_element(PROJECT_KINDS)} {fake.city()}",
                "description": fake.sentence(nb_words=12),
                "autosend_status": "0",
                "contact_id": contact_id,
                "contact_attention": fake.name(),
                "project_id": project["id"] if project else None,
                "status": status,
                "date_sent": sent.strftime("%Y-%m-%d") if status >= 2 else None,
                "date_accepted": (sent + timedelta(days=7)).strftime("%Y-%m-%d") if status == 3 else None,
                "discount": discount,
                **totals(own_lines, discount),
                "layout": fake.random_element(LAYOUTS),
                "line_ids": [line["id"] for line in own_lines],
                "created": _stamp(created),
                "modified": _stamp(sent if status >= 2 else created),
            }
        )
    return quotations, lines
