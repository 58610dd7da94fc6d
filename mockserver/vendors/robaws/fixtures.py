"""Seed data (nl_BE): clients with contacts and extra fields, article groups and articles with
stock, employees, projects, offers, work orders, planning items, sales and purchase invoices of
both types. Deterministic for a seed: Faker seeded through core, timestamps from a fixed origin."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from mockserver.core.clock import iso_utc
from mockserver.core.fixtures import faker
from mockserver.vendors.robaws.models import invoice_amounts, offer_totals

ORIGIN = datetime(2024, 1, 8, 7, 30, tzinfo=UTC)
ARTICLE_GROUPS = ("Elektriciteit", "Sanitair", "Verwarming", "Ruwbouw", "Arbeidsuren")
CONTACT_VIA = ("Social media", "Website", "Beurs", "Mond-tot-mond")
PROJECT_KINDS = ("Renovatie", "Nieuwbouw", "Onderhoud", "Uitbreiding")


class Seeder:
    """The seeded Faker and its random source, shared by the collections' generators in the order
    ``generate`` calls them: the committed fixtures depend on that order, call for call."""

    def __init__(self, seed: int) -> None:
        self.fake = faker("nl_BE", seed)
        self.rng = self.fake.random

    def stamps(self, index: int) -> dict[str, str]:
        created = ORIGIN + timedelta(days=index, minutes=self.rng.randint(0, 600))
        updated = created + timedelta(days=self.rng.randint(0, 30), minutes=self.rng.randint(0, 600))
        return {"createdAt": iso_utc(created), "updatedAt": iso_utc(updated)}

    def day(self, start: date, spread: int) -> str:
        return (start + timedelta(days=self.rng.randint(0, spread))).isoformat()

    def lines(self, articles: list[dict[str, Any]], count: int, with_ledger: bool) -> list[dict[str, Any]]:
        result = []
        for _ in range(count):
            article = self.rng.choice(articles)
            line = {
                "type": "LINE",
                "articleId": str(article["id"]),
                "description": article["name"],
                "quantity": float(self.rng.randint(1, 12)),
                "unitPrice": article["salePrice"],
                "discountPercentage": self.rng.choice((0.0, 0.0, 5.0, 10.0)),
                "vatTariffId": self.rng.choice(("1", "1", "3")),
            }
            if with_ledger:
                line["generalLedgerAccountId"] = self.rng.choice(("700000", "704000", "604000"))
            result.append(line)
        return result


Records = list[dict[str, Any]]


def generate(seed: int) -> dict[str, Records]:
    """Every collection, each from its own generator, in the order the seed's draws were made."""
    seeder = Seeder(seed)
    clients, contacts = clients_and_contacts(seeder)
    groups = article_groups(seeder)
    articles = articles_of(seeder)
    employees = employees_of(seeder)
    projects = projects_of(seeder)
    return {
        "clients": clients,
        "contacts": contacts,
        "articleGroups": groups,
        "articles": articles,
        "employees": employees,
        "projects": projects,
        "offers": offers_of(seeder, projects, articles),
        "workOrders": work_orders_of(seeder, projects, employees, articles),
        "planningItems": planning_items_of(seeder),
        "salesInvoices": sales_invoices_of(seeder, projects, articles),
        "purchaseInvoices": purchase_invoices_of(seeder, articles),
    }


def clients_and_contacts(seeder: Seeder) -> tuple[Records, Records]:
    """Clients, and each client's contacts drawn right after it (one loop: the draws interleave)."""
    clients, contacts = [], []
    for number in range(1, 33):
        company = seeder.fake.company()
        slug = "".join(c for c in company.lower() if c.isalnum())[:20] or f"klant{number}"
        extra: dict[str, Any] = {"Contact via": {"stringValue": seeder.rng.choice(CONTACT_VIA)}}
        extra["VIP"] = {"booleanValue": number % 4 == 0}
        extra["Korting"] = {"decimalValue": seeder.rng.choice((0.0, 2.5, 3.67, 5.0))}
        extra["Medewerkers"] = {"integerValue": seeder.rng.choice((5, 12, 40, 90))}
        extra["Klant sinds"] = {"dateValue": seeder.day(date(2015, 1, 1), 2500)}
        clients.append(
            {
                "id": number,
                "name": company,
                "email": f"info@{slug}.be",
                "tel": seeder.fake.phone_number(),
                "gsm": seeder.fake.phone_number(),
                "language": seeder.rng.choice(("nl", "nl", "fr", "en")),
                "currency": "EUR",
                "vatIdNumber": f"BE0{seeder.rng.randint(100000000, 999999999)}",
                "website": f"https://www.{slug}.be",
                "status": "ACTIVE" if number % 9 else "INACTIVE",
                "address": {
                    "addressLine1": seeder.fake.street_address(),
                    "addressLine2": None,
                    "postalCode": seeder.fake.postcode(),
                    "city": seeder.fake.city(),
                    "country": "BE",
                },
                "extraFields": extra,
                **seeder.stamps(number),
            }
        )
        for index in range(seeder.rng.randint(1, 3)):
            contacts.append(
                {
                    "id": len(contacts) + 1,
                    "clientId": str(number),
                    "title": seeder.rng.choice(("Dhr.", "Mevr.", None)),
                    "name": seeder.fake.first_name(),
                    "surname": seeder.fake.last_name(),
                    "function": seeder.rng.choice(("Zaakvoerder", "Boekhouding", "Projectleider", "Aankoop")),
                    "email": f"contact{len(contacts) + 1}@{slug}.be",
                    "tel": seeder.fake.phone_number(),
                    "gsm": seeder.fake.phone_number(),
                    "isPrimary": index == 0,
                    "receivesQuotes": index == 0,
                    "receivesInvoices": index != 1,
                    **seeder.stamps(number),
                }
            )

    return clients, contacts


def article_groups(seeder: Seeder) -> Records:
    groups = [{"id": i, "name": name, **seeder.stamps(0)} for i, name in enumerate(ARTICLE_GROUPS, start=1)]
    return groups


def articles_of(seeder: Seeder) -> Records:
    articles = []
    for number in range(1, 31):
        group = (number - 1) % len(ARTICLE_GROUPS) + 1
        hour_rate = group == 5
        stock = not hour_rate and seeder.rng.random() < 0.7
        available = float(seeder.rng.randint(0, 200)) if stock else None
        reserved = float(seeder.rng.randint(0, 20)) if stock else None
        word = seeder.fake.word().capitalize()
        articles.append(
            {
                "id": number,
                "name": f"Uurloon {word}" if hour_rate else f"{ARTICLE_GROUPS[group - 1]} {word}",
                "saleName": word,
                "description": seeder.fake.sentence(nb_words=6),
                "brand": None
                if hour_rate
                else seeder.rng.choice(("Niko", "Grohe", "Vaillant", "Wienerberger")),
                "articleNumber": f"ART-{number:04d}",
                "barcode": None if hour_rate else seeder.fake.ean13(),
                "vatTariffId": "1",
                "articleGroupId": str(group),
                "unitType": "HOUR" if hour_rate else seeder.rng.choice(("PIECE", "METER", "KILOGRAM")),
                "salePrice": round(seeder.rng.uniform(5, 250), 2),
                "costPrice": round(seeder.rng.uniform(2, 120), 2),
                "stockArticle": stock,
                "availableStock": available,
                "reservedStock": reserved,
                "totalStock": (available + reserved) if stock else None,
                "minimumStock": 10.0 if stock else None,
                "extraFields": {},
                **seeder.stamps(number),
            }
        )

    return articles


def employees_of(seeder: Seeder) -> Records:
    employees = []
    for number in range(1, 15):
        first, last = seeder.fake.first_name(), seeder.fake.last_name()
        employees.append(
            {
                "id": number,
                "name": first,
                "surname": last,
                "email": f"{first.lower()}.{last.lower().replace(' ', '')}@robaws-demo.be",
                "employerId": None if number % 5 else str(seeder.rng.randint(1, 32)),
                "certificates": seeder.rng.sample(
                    ["VCA", "BA4", "BA5", "Heftruck"], seeder.rng.randint(0, 2)
                ),
                "otherCertificates": None,
                "userId": str(100 + number) if number % 3 == 0 else None,
                "extraFields": {"Ploeg": {"stringValue": seeder.rng.choice(("A", "B", "C"))}},
                **seeder.stamps(number),
            }
        )

    return employees


def projects_of(seeder: Seeder) -> Records:
    projects = []
    for number in range(1, 23):
        start = seeder.day(date(2024, 1, 1), 300)
        projects.append(
            {
                "id": number,
                "clientId": str(seeder.rng.randint(1, 32)),
                "name": f"{seeder.rng.choice(PROJECT_KINDS)} {seeder.fake.city()}",
                "number": f"P{2024}{number:04d}",
                "status": seeder.rng.choice(("OPEN", "OPEN", "IN_PROGRESS", "CLOSED")),
                "description": seeder.fake.sentence(nb_words=8),
                "startDate": start,
                "endDate": None,
                "extraFields": {},
                **seeder.stamps(number),
            }
        )

    return projects


def offers_of(seeder: Seeder, projects: Records, articles: Records) -> Records:
    offers = []
    for number in range(1, 16):
        project = seeder.rng.choice(projects)
        offer = {
            "id": number,
            "number": f"OFF{5000 + number:06d}",
            "clientId": project["clientId"],
            "projectId": str(project["id"]),
            "status": seeder.rng.choice(("DRAFT", "SENT", "ACCEPTED", "REJECTED")),
            "currency": "EUR",
            "validityDays": 30,
            "paymentTermDays": seeder.rng.choice((14, 30)),
            "notes": None,
            "lineItems": seeder.lines(articles, seeder.rng.randint(1, 4), False),
            **seeder.stamps(number),
        }
        offer_totals(offer)
        offers.append(offer)

    return offers


def work_orders_of(seeder: Seeder, projects: Records, employees: Records, articles: Records) -> Records:
    work_orders = []
    for number in range(1, 13):
        project = seeder.rng.choice(projects)
        employee = seeder.rng.choice(employees)
        start_hour = seeder.rng.randint(7, 9)
        work_orders.append(
            {
                "id": number,
                "number": f"WO{1000 + number:06d}",
                "projectId": str(project["id"]),
                "description": seeder.fake.sentence(nb_words=5),
                "date": seeder.day(date(2024, 3, 1), 200),
                "status": seeder.rng.choice(("PLANNED", "COMPLETED")),
                "commuteEntries": [
                    {
                        "distance": float(seeder.rng.randint(5, 60)),
                        "returnDistance": 0.0,
                        "employeeId": str(employee["id"]),
                    }
                ],
                "timeEntries": [
                    {
                        "employeeId": str(employee["id"]),
                        "articleId": str(
                            seeder.rng.choice([a for a in articles if a["unitType"] == "HOUR"])["id"]
                        ),
                        "startTime": {"hour": start_hour, "minute": 0},
                        "endTime": {"hour": start_hour + 8, "minute": 30},
                        "breakHours": 0.5,
                        "hours": 8.0,
                    }
                ],
                "lineItems": [
                    {
                        "type": "LINE",
                        "articleId": str(seeder.rng.randint(1, 24)),
                        "quantity": 2.0,
                        "description": None,
                    }
                ],
                **seeder.stamps(number),
            }
        )

    return work_orders


def planning_items_of(seeder: Seeder) -> Records:
    planning_items = []
    for number in range(1, 19):
        start = seeder.day(date(2024, 4, 1), 200)
        planning_items.append(
            {
                "id": number,
                "projectId": str(seeder.rng.randint(1, 22)),
                "description": seeder.fake.sentence(nb_words=4),
                "startDate": start,
                "endDate": start,
                **seeder.stamps(number),
            }
        )

    return planning_items


def sales_invoices_of(seeder: Seeder, projects: Records, articles: Records) -> Records:
    sales_invoices = []
    for number in range(1, 25):
        project = seeder.rng.choice(projects)
        kind = "CREDIT_NOTE" if number % 6 == 0 else "INVOICE"
        invoice = {
            "id": number,
            "number": f"{'CN' if kind == 'CREDIT_NOTE' else 'INV'}2024{number:05d}",
            "type": kind,
            "date": seeder.day(date(2024, 2, 1), 300),
            "clientId": project["clientId"],
            "projectId": str(project["id"]),
            "currency": "EUR",
            "financialDiscountPercentage": seeder.rng.choice((0.0, 2.0)),
            "lineItems": seeder.lines(articles, seeder.rng.randint(1, 4), True),
            **seeder.stamps(number),
        }
        sales_invoices.append(invoice_amounts(invoice))

    return sales_invoices


def purchase_invoices_of(seeder: Seeder, articles: Records) -> Records:
    purchase_invoices = []
    for number in range(1, 15):
        kind = "CREDIT_NOTE" if number % 5 == 0 else "INVOICE"
        invoice = {
            "id": number,
            "number": f"AF2024{number:05d}",
            "type": kind,
            "date": seeder.day(date(2024, 2, 1), 300),
            "supplierId": str(seeder.rng.randint(1, 32)),
            "documentId": str(9000 + number),
            "currency": "EUR",
            "financialDiscountPercentage": seeder.rng.choice((0.0, 1.0)),
            "approvalStatus": seeder.rng.choice(("NEW", "NEW", "PENDING_APPROVAL", "APPROVED")),
            "lineItems": seeder.lines(articles, seeder.rng.randint(1, 3), True),
            **seeder.stamps(number),
        }
        purchase_invoices.append(invoice_amounts(invoice))

    return purchase_invoices
