"""Seed data (nl_NL): employees, relations with addresses and contact persons, materials,
hourtypes, projects, worktypes, payment methods, work statuses, and work orders in every status,
so a client polling Compleet orders on a fresh tenant finds some.

Everything comes from ``core.fixtures.faker(locale, seed)`` and fixed dates: same seed, same bytes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from mockserver.core.fixtures import faker
from mockserver.vendors.werkbonapp.entities import BY_NAME, KEY_FIELD, record_key
from mockserver.vendors.werkbonapp.workorders import (
    AFGEHANDELD,
    COMPLEET,
    KLAARGEZET,
    OPGEHAALD,
    STATUSES,
    worksheet_code,
)

TYPES_OF_WORK = (
    "Installatie",
    "Garantie",
    "Levering",
    "Onderhoud",
    "Project",
    "Regie",
    "Reparatie",
    "Service",
    "Storing",
    "Verkoop",
    "Verhuur",
)
PAYMENT_METHODS = ("niet van toepassing", "op rekening", "contant voldaan", "pin betaling", "conform offerte")
WORK_STATUSES = (
    ("WACHT", "Wacht op materiaal"),
    ("NBR", "Klant niet bereikbaar"),
    ("WEER", "Slecht weer"),
    ("VERVOLG", "Vervolgafspraak nodig"),
)
HOURTYPES = (
    ("NORM", "Normale uren", "45.00"),
    ("OVER", "Overwerk 125%", "56.25"),
    ("REIS", "Reisuren", "35.00"),
)
UNITS = ("st", "m", "m2", "kg", "l", "uur")
#: the fixtures' "today": CreationDate and WorkDate count from here, never from the wall clock
EPOCH_DAY = date(2024, 3, 4)


def generate(locale: str, seed: int) -> dict[str, list[dict[str, Any]]]:
    fake = faker(locale, seed)
    employees = [_employee(fake, n) for n in range(6)]
    relations = [_relation(fake, n) for n in range(8)]
    collections: dict[str, list[dict[str, Any]]] = {
        "employees": employees,
        "relations": relations,
        "addresses": [_address(fake, r) for r in relations],
        "contactpersons": [_contactperson(r) for r in relations],
        "materials": [_material(fake, n) for n in range(15)],
        "hourtypes": [
            {
                "code": c,
                "name": n,
                "cost_booking": "8000",
                "sale_booking": "8100",
                "sale_price": p,
                "cost_price": "",
                "active": "1",
            }
            for c, n, p in HOURTYPES
        ],
        "projects": [_project(fake, n, relations) for n in range(4)],
        "worktypes": [
            {"wrt_name": t, "wrt_description": t, "wrt_default_minutes": "60", "wrt_active": "1"}
            for t in TYPES_OF_WORK
        ],
        "paymentmethods": [{"pmd_description": p} for p in PAYMENT_METHODS],
        "workstatusses": [{"sta_code": c, "sta_name": n} for c, n in WORK_STATUSES],
    }
    materials = collections["materials"]
    collections["workorders"] = [
        _workorder(fake, n, STATUSES[n % 4], relations, employees, materials) for n in range(12)
    ]
    for name, records in collections.items():
        entity = BY_NAME.get(name)
        for index, record in enumerate(records, start=1):
            record["id"] = index
            if entity is not None:
                record[KEY_FIELD] = record_key(entity, record)
    return collections


def _employee(fake: Any, n: int) -> dict[str, Any]:
    return {
        "firstname": fake.first_name(),
        "lastname": fake.last_name(),
        "number": str(101 + n),
        "active": "1",
    }


def _relation(fake: Any, n: int) -> dict[str, Any]:
    contact = fake.name()
    return {
        "name": fake.company(),
        "debtor_number": str(20001 + n),
        "contact": contact,
        "phone_number": fake.phone_number(),
        "email": fake.company_email(),
        "email_workorder": fake.company_email(),
        "street": fake.street_name(),
        "house_number": fake.building_number(),
        "postal_code": fake.postcode(),
        "city": fake.city(),
        "remark": "",
        "latitude": f"{fake.pyfloat(min_value=51.0, max_value=53.3, right_digits=6):.6f}",
        "longitude": f"{fake.pyfloat(min_value=3.6, max_value=7.1, right_digits=6):.6f}",
        "country": "NL",
    }


def _code(relation: dict[str, Any]) -> str:
    """The code of a relation's address and contact person: unique across relations, as the
    Blueprint makes ``adr_code`` and ``cpn_code`` the unique reference of an upsert."""
    return f"{relation['debtor_number']}-1"


def _address(fake: Any, relation: dict[str, Any]) -> dict[str, Any]:
    return {
        "adr_debtor_nr": relation["debtor_number"],
        "adr_code": _code(relation),
        "adr_cpn_code": _code(relation),
        "adr_line_1": f"{fake.street_name()} {fake.building_number()}",
        "adr_zip": fake.postcode(),
        "adr_city": fake.city(),
        "adr_country": "NL",
        "adr_remark": "",
    }


def _contactperson(relation: dict[str, Any]) -> dict[str, Any]:
    return {
        "cpn_debtor_nr": relation["debtor_number"],
        "cpn_code": _code(relation),
        "cpn_name": relation["contact"],
        "cpn_phone": relation["phone_number"],
        "cpn_email": relation["email"],
    }


def _material(fake: Any, n: int) -> dict[str, Any]:
    price = fake.pyfloat(min_value=1, max_value=250, right_digits=2)
    return {
        "code": f"M{1001 + n}",
        "description": fake.sentence(nb_words=3).rstrip("."),
        "price": f"{price:.2f}",
        "unit": fake.random_element(UNITS),
    }


def _project(fake: Any, n: int, relations: list[dict[str, Any]]) -> dict[str, Any]:
    start = EPOCH_DAY - timedelta(days=30 * (n + 1))
    return {
        "code": f"P2024-{n + 1:03d}",
        "code_ext": "",
        "debtor_number": relations[n]["debtor_number"],
        "debtor_number_invoice": relations[n]["debtor_number"],
        "status": "Actief",
        "name": f"Project {fake.city()}",
        "description": fake.sentence(nb_words=6),
        "progress": str(fake.random_int(0, 100)),
        "date_start": start.isoformat(),
        "date_end": (start + timedelta(days=120)).isoformat(),
        "active": "1",
    }


def _workorder(
    fake: Any,
    n: int,
    status: str,
    relations: list[dict[str, Any]],
    employees: list[dict[str, Any]],
    materials: list[dict[str, Any]],
) -> dict[str, Any]:
    """Work order ``n`` in ``status``. The parts are merged in the vendor's field order, and Faker
    is drawn in a fixed order (description, then the work period's remark), so the seed stays
    byte for byte the same."""
    relation = relations[n % len(relations)]
    employee = employees[n % len(employees)]
    day = EPOCH_DAY + timedelta(days=n)
    created = f"{(EPOCH_DAY - timedelta(days=7 - n % 7)).isoformat()} 09:{n:02d}"
    number = f"WB{2024001 + n}"
    order: dict[str, Any] = {
        "WorkorderNo": number,
        "OrderNr": str(10001 + n),
        "CreationDate": created,
        "status": status,
        "ProjectNr": "",
        "ExternProjectNr": "",
        **_customer_fields(relation),
        **_work_fields(fake, n, day, relation, employee),
        "Materials": _material_lines(materials, n),
    }
    order["WorksheetCode"] = worksheet_code(n + 1, number, created)
    if status in (COMPLEET, AFGEHANDELD):
        order.update(_completion(fake, order["WorksheetCode"], day, employee))
    assert status in (KLAARGEZET, OPGEHAALD, COMPLEET, AFGEHANDELD)
    return order


def _customer_fields(relation: dict[str, Any]) -> dict[str, Any]:
    """The customer and invoice fields of an order: the vendor copies them from the relation, so
    an order and its relation never disagree."""
    return {
        "CustomerName": relation["name"],
        "CustomerDebtorNr": relation["debtor_number"],
        "CustomerStreet": relation["street"],
        "CustomerStreetNo": relation["house_number"],
        "CustomerEmail": relation["email"],
        "CustomerZIP": relation["postal_code"],
        "CustomerCity": relation["city"],
        "CustomerContactPerson": relation["contact"],
        "CustomerPhone": relation["phone_number"],
        "CustomerRemark": "",
        "CustomerLatitude": relation["latitude"],
        "CustomerLongitude": relation["longitude"],
        "CustomerNameInvoice": relation["name"],
        "CustomerDebtorNrInvoice": relation["debtor_number"],
        "CustomerStreetInvoice": relation["street"],
        "CustomerStreetNoInvoice": relation["house_number"],
        "CustomerEmailInvoice": relation["email"],
        "CustomerZIPInvoice": relation["postal_code"],
        "CustomerCityInvoice": relation["city"],
        "CustomerContactPersonInvoice": relation["contact"],
    }


def _work_fields(
    fake: Any, n: int, day: date, relation: dict[str, Any], employee: dict[str, Any]
) -> dict[str, Any]:
    """What is to be done, when and by whom: the one Faker draw of an open order (its description)."""
    return {
        "TypeOfWork": TYPES_OF_WORK[n % len(TYPES_OF_WORK)],
        "WorkDescription": fake.sentence(nb_words=8),
        "InternalWorkDescription": "",
        "PaymentMethod": PAYMENT_METHODS[n % len(PAYMENT_METHODS)],
        "EmployeeNr": employee["number"],
        "WorkDate": day.strftime("%d-%m-%Y"),
        "WorkTime": f"{8 + n % 8:02d}:00",
        "WorkDuration": "60",
        "WorkStatus": "",
        "CpnCode": _code(relation),
        "AdrCode": _code(relation),
        "WorkFinished": "0",
        "Archived": "0",
    }


def _material_lines(materials: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """One to three material rows per order, taken round-robin from the seeded materials so
    orders differ without drawing from Faker."""
    used = [materials[(n + k) % len(materials)] for k in range(1 + n % 3)]
    return [
        {
            "MaterialCode": m["code"],
            "MaterialNr": str(1 + k),
            "MaterialPrice": m["price"],
            "MaterialName": m["description"],
            "MaterialUnit": m["unit"],
        }
        for k, m in enumerate(used)
    ]


def _completion(fake: Any, code: str, day: date, employee: dict[str, Any]) -> dict[str, Any]:
    """The fields a finished (Compleet or Afgehandeld) order carries: signature and PDF links
    keyed by its worksheet code, and one work period with a drawn remark."""
    return {
        "WorkFinished": "1",
        "Signature": "",
        "SignatureUrl": f"https://www.werkbonapp.nl/signature/{code}.png",
        "PdfUrl": f"https://www.werkbonapp.nl/pdf/{code}.pdf",
        "Workperiods": [
            {
                "WorkDate": day.strftime("%d-%m-%Y"),
                "BeginTime": "08:00",
                "EndTime": "09:30",
                "TotalTime": "01:30",
                "Break": "0",
                "Travel": "15",
                "WorkRemark": fake.sentence(nb_words=5),
                "HourType": "NORM",
                "EmployeeNr": employee["number"],
            }
        ],
    }
