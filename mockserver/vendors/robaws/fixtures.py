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


def generate(seed: int) -> dict[str, list[dict[str, Any]]]:
    fake = faker("nl_BE", seed)
    rng = fake.random

    def stamps(index: int) -> dict[str, str]:
        created = ORIGIN + timedelta(days=index, minutes=rng.randint(0, 600))
        updated = created + timedelta(days=rng.randint(0, 30), minutes=rng.randint(0, 600))
        return {"createdAt": iso_utc(created), "updatedAt": iso_utc(updated)}

    def day(start: date, spread: int) -> str:
        return (start + timedelta(days=rng.randint(0, spread))).isoformat()

    clients, contacts = [], []
    for number in range(1, 33):
        company = fake.company()
        slug = "".join(c for c in company.lower() if c.isalnum())[:20] or f"klant{number}"
        extra: dict[str, Any] = {"Contact via": {"stringValue": rng.choice(CONTACT_VIA)}}
        extra["VIP"] = {"booleanValue": number % 4 == 0}
        extra["Korting"] = {"decimalValue": rng.choice((0.0, 2.5, 3.67, 5.0))}
        extra["Medewerkers"] = {"integerValue": rng.choice((5, 12, 40, 90))}
        extra["Klant sinds"] = {"dateValue": day(date(2015, 1, 1), 2500)}
        clients.append(
            {
                "id": number,
                "name": company,
                "email": f"info@{slug}.be",
                "tel": fake.phone_number(),
                "gsm": fake.phone_number(),
                "language": rng.choice(("nl", "nl", "fr", "en")),
                "currency": "EUR",
                "vatIdNumber": f"BE0{rng.randint(100000000, 999999999)}",
                "website": f"https://www.{slug}.be",
                "status": "ACTIVE" if number % 9 else "INACTIVE",
                "address": {
                    "addressLine1": fake.street_address(),
                    "addressLine2": None,
                    "postalCode": fake.postcode(),
                    "city": fake.city(),
                    "country": "BE",
                },
                "extraFields": extra,
                **stamps(number),
            }
        )
        for index in range(rng.randint(1, 3)):
            contacts.append(
                {
                    "id": len(contacts) + 1,
                    "clientId": str(number),
                    "title": rng.choice(("Dhr.", "Mevr.", None)),
                    "name": fake.first_name(),
                    "surname": fake.last_name(),
                    "function": rng.choice(("Zaakvoerder", "Boekhouding", "Projectleider", "Aankoop")),
                    "email": f"contact{len(contacts) + 1}@{slug}.be",
                    "tel": fake.phone_number(),
                    "gsm": fake.phone_number(),
                    "isPrimary": index == 0,
                    "receivesQuotes": index == 0,
                    "receivesInvoices": index != 1,
                    **stamps(number),
                }
            )

    groups = [{"id": i, "name": name, **stamps(0)} for i, name in enumerate(ARTICLE_GROUPS, start=1)]
    articles = []
    for number in range(1, 31):
        group = (number - 1) % len(ARTICLE_GROUPS) + 1
        hour_rate = group == 5
        stock = not hour_rate and rng.random() < 0.7
        available = float(rng.randint(0, 200)) if stock else None
        reserved = float(rng.randint(0, 20)) if stock else None
        word = fake.word().capitalize()
        articles.append(
            {
                "id": number,
                "name": f"Uurloon {word}" if hour_rate else f"{ARTICLE_GROUPS[group - 1]} {word}",
                "saleName": word,
                "description": fake.sentence(nb_words=6),
                "brand": None if hour_rate else rng.choice(("Niko", "Grohe", "Vaillant", "Wienerberger")),
                "articleNumber": f"ART-{number:04d}",
                "barcode": None if hour_rate else fake.ean13(),
                "vatTariffId": "1",
                "articleGroupId": str(group),
                "unitType": "HOUR" if hour_rate else rng.choice(("PIECE", "METER", "KILOGRAM")),
                "salePrice": round(rng.uniform(5, 250), 2),
                "costPrice": round(rng.uniform(2, 120), 2),
                "stockArticle": stock,
                "availableStock": available,
                "reservedStock": reserved,
                "totalStock": (available + reserved) if stock else None,
                "minimumStock": 10.0 if stock else None,
                "extraFields": {},
                **stamps(number),
            }
        )

    employees = []
    for number in range(1, 15):
        first, last = fake.first_name(), fake.last_name()
        employees.append(
            {
                "id": number,
                "name": first,
                "surname": last,
                "email": f"{first.lower()}.{last.lower().replace(' ', '')}@robaws-demo.be",
                "employerId": None if number % 5 else str(rng.randint(1, 32)),
                "certificates": rng.sample(["VCA", "BA4", "BA5", "Heftruck"], rng.randint(0, 2)),
                "otherCertificates": None,
                "userId": str(100 + number) if number % 3 == 0 else None,
                "extraFields": {"Ploeg": {"stringValue": rng.choice(("A", "B", "C"))}},
                **stamps(number),
            }
        )

    projects = []
    for number in range(1, 23):
        start = day(date(2024, 1, 1), 300)
        projects.append(
            {
                "id": number,
                "clientId": str(rng.randint(1, 32)),
                "name": f"{rng.choice(('Renovatie', 'Nieuwbouw', 'Onderhoud', 'Uitbreiding'))} {fake.city()}",
                "number": f"P{2024}{number:04d}",
                "status": rng.choice(("OPEN", "OPEN", "IN_PROGRESS", "CLOSED")),
                "description": fake.sentence(nb_words=8),
                "startDate": start,
                "endDate": None,
                "extraFields": {},
                **stamps(number),
            }
        )

    def lines(count: int, with_ledger: bool) -> list[dict[str, Any]]:
        result = []
        for _ in range(count):
            article = rng.choice(articles)
            line = {
                "type": "LINE",
                "articleId": str(article["id"]),
                "description": article["name"],
                "quantity": float(rng.randint(1, 12)),
                "unitPrice": article["salePrice"],
                "discountPercentage": rng.choice((0.0, 0.0, 5.0, 10.0)),
                "vatTariffId": rng.choice(("1", "1", "3")),
            }
            if with_ledger:
                line["generalLedgerAccountId"] = rng.choice(("700000", "704000", "604000"))
            result.append(line)
        return result

    offers = []
    for number in range(1, 16):
        project = rng.choice(projects)
        offer = {
            "id": number,
            "number": f"OFF{5000 + number:06d}",
            "clientId": project["clientId"],
            "projectId": str(project["id"]),
            "status": rng.choice(("DRAFT", "SENT", "ACCEPTED", "REJECTED")),
            "currency": "EUR",
            "validityDays": 30,
            "paymentTermDays": rng.choice((14, 30)),
            "notes": None,
            "lineItems": lines(rng.randint(1, 4), False),
            **stamps(number),
        }
        offer_totals(offer)
        offers.append(offer)

    work_orders = []
    for number in range(1, 13):
        project = rng.choice(projects)
        employee = rng.choice(employees)
        start_hour = rng.randint(7, 9)
        work_orders.append(
            {
                "id": number,
                "number": f"WO{1000 + number:06d}",
                "projectId": str(project["id"]),
                "description": fake.sentence(nb_words=5),
                "date": day(date(2024, 3, 1), 200),
                "status": rng.choice(("PLANNED", "COMPLETED")),
                "commuteEntries": [
                    {
                        "distance": float(rng.randint(5, 60)),
                        "returnDistance": 0.0,
                        "employeeId": str(employee["id"]),
                    }
                ],
                "timeEntries": [
                    {
                        "employeeId": str(employee["id"]),
                        "articleId": str(rng.choice([a for a in articles if a["unitType"] == "HOUR"])["id"]),
                        "startTime": {"hour": start_hour, "minute": 0},
                        "endTime": {"hour": start_hour + 8, "minute": 30},
                        "breakHours": 0.5,
                        "hours": 8.0,
                    }
                ],
                "lineItems": [
                    {
                        "type": "LINE",
                        "articleId": str(rng.randint(1, 24)),
                        "quantity": 2.0,
                        "description": None,
                    }
                ],
                **stamps(number),
            }
        )

    planning_items = []
    for number in range(1, 19):
        start = day(date(2024, 4, 1), 200)
        planning_items.append(
            {
                "id": number,
                "projectId": str(rng.randint(1, 22)),
                "description": fake.sentence(nb_words=4),
                "startDate": start,
                "endDate": start,
                **stamps(number),
            }
        )

    sales_invoices = []
    for number in range(1, 25):
        project = rng.choice(projects)
        kind = "CREDIT_NOTE" if number % 6 == 0 else "INVOICE"
        invoice = {
            "id": number,
            "number": f"{'CN' if kind == 'CREDIT_NOTE' else 'INV'}2024{number:05d}",
            "type": kind,
            "date": day(date(2024, 2, 1), 300),
            "clientId": project["clientId"],
            "projectId": str(project["id"]),
            "currency": "EUR",
            "financialDiscountPercentage": rng.choice((0.0, 2.0)),
            "lineItems": lines(rng.randint(1, 4), True),
            **stamps(number),
        }
        sales_invoices.append(invoice_amounts(invoice))

    purchase_invoices = []
    for number in range(1, 15):
        kind = "CREDIT_NOTE" if number % 5 == 0 else "INVOICE"
        invoice = {
            "id": number,
            "number": f"AF2024{number:05d}",
            "type": kind,
            "date": day(date(2024, 2, 1), 300),
            "supplierId": str(rng.randint(1, 32)),
            "documentId": str(9000 + number),
            "currency": "EUR",
            "financialDiscountPercentage": rng.choice((0.0, 1.0)),
            "approvalStatus": rng.choice(("NEW", "NEW", "PENDING_APPROVAL", "APPROVED")),
            "lineItems": lines(rng.randint(1, 3), True),
            **stamps(number),
        }
        purchase_invoices.append(invoice_amounts(invoice))

    return {
        "clients": clients,
        "contacts": contacts,
        "articleGroups": groups,
        "articles": articles,
        "employees": employees,
        "projects": projects,
        "offers": offers,
        "workOrders": work_orders,
        "planningItems": planning_items,
        "salesInvoices": sales_invoices,
        "purchaseInvoices": purchase_invoices,
    }
