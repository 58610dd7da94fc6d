"""Reference data and organisation settings every Severa organisation has: countries (ISO 3166),
currencies (ISO 4217), languages (IETF tags), time zones (Windows ids, as .NET names them), VAT
rates (as the cost accounts that carry them), industries, activity types, case statuses, sales
processes, lead sources, overtimes, travel-reimbursement statuses, product categories, price lists,
access-rights profiles, account groups and resources.

Static tables, no Faker: their GUIDs are uuid5 of the kind and key, so adding a row never moves
the rest of the seed. ``link`` makes the seeded organisation point at them (accounts' currency,
addresses' country, users' language and time zone, ...), so the seed is consistent.
"""

from __future__ import annotations

import uuid
from typing import Any

REFERENCE_NAMESPACE = uuid.UUID("0c2f7f5e-3f0b-4d0a-9d7e-2b1c5a6e8f10")
#: the organisation's own country, currency, language and time zone
HOME = {"country": "FI", "currency": "EUR", "language": "fi-FI", "timezone": "FLE Standard Time"}

# (Windows id, display name, hours to GMT)
TIMEZONES = [
    ("FLE Standard Time", "(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius", "2"),
    ("W. Europe Standard Time", "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "1"),
    ("Romance Standard Time", "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", "1"),
    ("GMT Standard Time", "(UTC+00:00) Dublin, Edinburgh, Lisbon, London", "0"),
    ("Eastern Standard Time", "(UTC-05:00) Eastern Time (US & Canada)", "-5"),
]
# (IETF tag, name)
LANGUAGES = [
    ("fi-FI", "Suomi"),
    ("sv-SE", "Svenska"),
    ("en-US", "English"),
    ("en-GB", "English (United Kingdom)"),
    ("de-DE", "Deutsch"),
    ("nl-NL", "Nederlands"),
    ("et-EE", "Eesti"),
    ("nb-NO", "Norsk bokmål"),
    ("da-DK", "Dansk"),
]
# (alpha-2, alpha-3, name, Finnish name, EU member, language, time zone)
COUNTRIES = [
    ("FI", "FIN", "Finland", "Suomi", True, "fi-FI", "FLE Standard Time"),
    ("SE", "SWE", "Sweden", "Ruotsi", True, "sv-SE", "W. Europe Standard Time"),
    ("NO", "NOR", "Norway", "Norja", False, "nb-NO", "W. Europe Standard Time"),
    ("DK", "DNK", "Denmark", "Tanska", True, "da-DK", "Romance Standard Time"),
    ("EE", "EST", "Estonia", "Viro", True, "et-EE", "FLE Standard Time"),
    ("DE", "DEU", "Germany", "Saksa", True, "de-DE", "W. Europe Standard Time"),
    ("NL", "NLD", "Netherlands", "Alankomaat", True, "nl-NL", "W. Europe Standard Time"),
    ("GB", "GBR", "United Kingdom", "Iso-Britannia", False, "en-GB", "GMT Standard Time"),
    ("US", "USA", "United States", "Yhdysvallat", False, "en-US", "Eastern Standard Time"),
]
# (ISO 4217, symbol, units per euro in January 2024)
CURRENCIES = [
    ("EUR", "€", "1"),
    ("SEK", "kr", "11.28"),
    ("NOK", "kr", "11.38"),
    ("DKK", "kr", "7.46"),
    ("USD", "$", "1.09"),
    ("GBP", "£", "0.86"),
]
#: Finnish VAT rates in 2024 (general, food, books and transport, zero), as sales cost accounts
VAT_RATES = [("24", "3000"), ("14", "3010"), ("10", "3020"), ("0", "3030")]
GENERAL_VAT, TRAVEL_VAT = "24", "0"

INDUSTRIES = [("Ohjelmistot", "SW"), ("Rakentaminen", "RAK"), ("Teollisuus", "TEOL"), ("Kauppa", "KAUP")]
# (name, code, category, paid leave)
ACTIVITY_TYPES = [
    ("Tapaaminen", "MEET", "Meeting", None),
    ("Puhelu", "CALL", "Call", None),
    ("Tehtävä", "TASK", "Task", None),
    ("Vuosiloma", "LOMA", "Absence", True),
]
CASE_STATUSES = ["Avoin", "Käynnissä", "Valmis", "Suljettu"]
# (name, default probability, in progress, offer, won, lost)
SALES_PROCESSES = [
    ("Liidi", 10, True, False, False, False),
    ("Tarjous", 50, True, True, False, False),
    ("Voitettu", 100, False, False, True, False),
    ("Hävitty", 0, False, False, False, True),
]
LEAD_SOURCES = [("Verkkosivut", True), ("Suosittelu", True), ("Messut", False)]
OVERTIMES = [("Ylityö 50 %", "YT50", "50"), ("Ylityö 100 %", "YT100", "100")]
# (name, sort order, approved, locked)
TRAVEL_REIMBURSEMENT_STATUSES = [
    ("Luonnos", 1, False, False),
    ("Lähetetty", 2, False, True),
    ("Hyväksytty", 3, True, True),
    ("Maksettu", 4, True, True),
]
PRODUCT_CATEGORIES = [("Ohjelmistot", "SW"), ("Palvelut", "PALV")]
PRICELISTS = [("Perushinnasto", False), ("Sisäinen hinnasto", True)]
# (name, default, rights)
ACCESS_RIGHTS_PROFILES = [
    (
        "Pääkäyttäjä",
        False,
        {"Account": "All", "Administrator": "All", "Case": "All", "TravelReimbursement": "All"},
    ),
    ("Projektipäällikkö", False, {"Account": "Edit", "Administrator": "None", "Case": "Own"}),
    ("Työntekijä", True, {"Account": "ReadOnly", "Administrator": "None", "Case": "OwnNoFinancial"}),
]
ACCOUNT_GROUPS = ["Avainasiakkaat", "Julkinen sektori"]
RESOURCES = ["Neuvotteluhuone Kuu", "Projektori"]


def guid(kind: str, key: str) -> str:
    return str(uuid.uuid5(REFERENCE_NAMESPACE, f"{kind}:{key}"))


def generate(stamp: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every reference collection, each record carrying ``stamp`` (the hidden clock fields)."""

    def rows(kind: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"GUID": guid(kind, str(r.pop("_key"))), **r, **stamp} for r in records]

    return {
        "timezones": rows(
            "Timezone",
            [{"_key": i, "SystemName": i, "Name": n, "DifferenceToGmt": d} for i, n, d in TIMEZONES],
        ),
        "languages": rows("Language", [{"_key": t, "IetfLanguageTag": t, "Name": n} for t, n in LANGUAGES]),
        "countries": rows("Country", [_country(*row) for row in COUNTRIES]),
        "currencies": rows(
            "Currency",
            [{"_key": c, "IsoCode": c, "Symbol": s, "Rate": r, "IsActive": True} for c, s, r in CURRENCIES],
        ),
        "cost_accounts": rows("CostAccount", [_vat_account(rate, number) for rate, number in VAT_RATES]),
        "industries": rows(
            "Industry", [{"_key": c, "Name": n, "Code": c, "IsActive": True} for n, c in INDUSTRIES]
        ),
        "activity_types": rows("ActivityType", [_activity_type(*row) for row in ACTIVITY_TYPES]),
        "case_statuses": rows(
            "CaseStatus", [{"_key": n, "Name": n, "IsActive": True} for n in CASE_STATUSES]
        ),
        "sales_processes": rows("SalesProcess", [_sales_process(*row) for row in SALES_PROCESSES]),
        "lead_sources": rows("LeadSource", [{"_key": n, "Name": n, "IsActive": a} for n, a in LEAD_SOURCES]),
        "over_times": rows("OverTime", [_overtime(*row) for row in OVERTIMES]),
        "travel_reimbursement_statuses": rows(
            "TravelReimbursementStatus",
            [
                {"_key": n, "Name": n, "SortOrder": o, "IsApproved": a, "IsLocked": locked, "IsActive": True}
                for n, o, a, locked in TRAVEL_REIMBURSEMENT_STATUSES
            ],
        ),
        "product_categories": rows(
            "ProductCategory",
            [
                {"_key": c, "Name": n, "Code": c, "IsActive": True, "IsDefault": i == 0}
                for i, (n, c) in enumerate(PRODUCT_CATEGORIES)
            ],
        ),
        "pricelists": rows("Pricelist", [_pricelist(i, *row) for i, row in enumerate(PRICELISTS)]),
        "access_rights_profiles": rows(
            "AccessRightsProfile",
            [
                {"_key": n, "Name": n, "IsActive": True, "IsDefault": d, "Rights": r}
                for n, d, r in ACCESS_RIGHTS_PROFILES
            ],
        ),
        "account_groups": rows(
            "AccountGroup", [{"_key": n, "Name": n, "IsActive": True} for n in ACCOUNT_GROUPS]
        ),
        "resources": rows("Resource", [{"_key": n, "Name": n, "IsActive": True} for n in RESOURCES]),
    }


def _country(a2: str, a3: str, name: str, finnish: str, eu: bool, language: str, zone: str) -> dict:
    return {
        "_key": a2,
        "IsoCodea2": a2,
        "IsoCodea3": a3,
        "Name": name,
        "TranslatedName": finnish,
        "IsEu": eu,
        "DefaultLanguageCode": language.split("-")[0],
        "DefaultLanguageGUID": guid("Language", language),
        "TimezoneGUID": guid("Timezone", zone),
    }


def _vat_account(rate: str, number: str) -> dict:
    return {
        "_key": rate,
        "Name": f"Myynti ALV {rate} %",
        "Number": number,
        "TaxPercentage": f"{rate}.0",
        "IsActive": True,
        "IsTravelTypeDefault": rate == TRAVEL_VAT,
    }


def _activity_type(name: str, code: str, category: str, paid_leave: bool | None) -> dict:
    return {
        "_key": code,
        "Name": name,
        "Code": code,
        "Category": category,
        "IsActive": True,
        "IsDefault": code == "MEET",
        "IsPaidLeave": paid_leave,
    }


def _sales_process(name: str, probability: int, progress: bool, offer: bool, won: bool, lost: bool) -> dict:
    return {
        "_key": name,
        "Name": name,
        "DefaultProbability": probability,
        "IsActive": True,
        "IsAlsoItemStatus": False,
        "IsInProgress": progress,
        "IsOffer": offer,
        "IsWon": won,
        "IsLost": lost,
    }


def _overtime(name: str, code: str, percentage: str) -> dict:
    return {
        "_key": code,
        "Name": name,
        "Code": code,
        "Percentage": percentage,
        "IsActive": True,
        "IsWorkTime": True,
        "IncludeInFlextime": False,
    }


def _pricelist(index: int, name: str, internal: bool) -> dict:
    return {
        "_key": name,
        "Name": name,
        "CurrencyCode": HOME["currency"],
        "CurrencyGUID": guid("Currency", HOME["currency"]),
        "IsActive": True,
        "IsDefault": index == 0,
        "IsInternal": internal,
        "IsVolumePricing": False,
    }


def home(kind: str) -> str:
    """The GUID of the organisation's own country, currency, language or time zone."""
    key = {"Country": "country", "Currency": "currency", "Language": "language", "Timezone": "timezone"}[kind]
    return guid(kind, HOME[key])
