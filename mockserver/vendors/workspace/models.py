"""Rules over a tenant's store: quotation codes, totals recomputed from lines and discount, the
send-e-mail action and its outbox, and the upserts of contacts and projects.

Lookups are by id (``Collection.get``); a quotation keeps the ids of its lines and a contact those
of its contact persons (``line_ids``, ``sub_contact_ids``, never shown), so reading one record with
its containments costs the same whatever the tenant's size.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mockserver.core.clock import iso_utc
from mockserver.core.store import Collection, VendorData
from mockserver.vendors.workspace.errors import not_found, save_failed

LAYOUTS = "layouts"
OUTBOX = "outbox"


# -- time ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Moment:
    """Now in the vendor's formats: ``YYYY-MM-DD HH:MM:SS`` and ``YYYY-MM-DD`` in its timezone."""

    utc: datetime
    timezone: str

    @property
    def local(self) -> datetime:
        try:
            zone = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        return self.utc.astimezone(zone)

    @property
    def datetime(self) -> str:
        return self.local.strftime("%Y-%m-%d %H:%M:%S")

    @property
    def date(self) -> str:
        return self.local.strftime("%Y-%m-%d")

    @property
    def year(self) -> int:
        return self.local.year


# -- money -----------------------------------------------------------------------------------------
def _round(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def line_total(amount: str, price: int) -> int:
    """amount x price, in money units, rounded half up."""
    return _round(Decimal(amount) * price)


def totals(lines: list[dict[str, Any]], discount: str) -> dict[str, int]:
    """total_price = Σ line totals; total_price_discount = total_price x discount%;
    total_price_vat = Σ line VAT on the line total after discount [inf formula]."""
    rate = Decimal(discount) / 100
    total = sum(line["total_price"] for line in lines)
    vat = sum(_round(line["total_price"] * (1 - rate) * Decimal(line["vat"]) / 100) for line in lines)
    return {"total_price": total, "total_price_vat": vat, "total_price_discount": _round(total * rate)}


# -- store -----------------------------------------------------------------------------------------
class Store:
    """A tenant's Workspace collections, by the names the resources use."""

    def __init__(self, data: VendorData) -> None:
        self.data = data

    def __getitem__(self, name: str) -> Collection:
        return self.data.collection(name)

    def require(self, collection: str, model: str, record_id: Any) -> dict[str, Any]:
        record = self[collection].get(record_id)
        if record is None:
            raise not_found(model)
        return record

    def layouts(self) -> list[str]:
        return [row["name"] for row in self[LAYOUTS].all()]


def seed(data: VendorData, fixtures: dict[str, list[dict]]) -> None:
    """Load the fixtures and move the code counters past the seeded codes, so a new quotation
    never reuses one."""
    for name, records in fixtures.items():
        data.collection(name).insert_many(records)
    highest: dict[str, int] = {}
    for quotation in fixtures.get("quotations", []):
        year, _, number = quotation["code"].partition("-")
        highest[year] = max(highest.get(year, 0), int(number))
    for year, number in sorted(highest.items()):
        data.next_number(_code_sequence(int(year)), start=number)
    projects = fixtures.get("projects", [])
    if projects:
        data.next_number("project_code", start=max(int(p["display_code"][1:]) for p in projects))


def _code_sequence(year: int) -> str:
    return f"quotation_code:{year}"


# -- quotations ------------------------------------------------------------------------------------
def check_references(store: Store, fields: dict[str, Any]) -> None:
    """Refuse ids of records that do not exist, before anything is written."""
    problems = []
    if fields.get("contact_id") is not None and fields["contact_id"] not in store["contacts"]:
        problems.append("contact_id: no such contact")
    if fields.get("project_id") is not None and fields["project_id"] not in store["projects"]:
        problems.append("project_id: no such project")
    if problems:
        raise save_failed(problems)


def create_quotation(
    store: Store, fields: dict[str, Any], lines: list[dict[str, Any]], now: Moment
) -> dict[str, Any]:
    """A new quotation numbered ``<year>-<sequence>``, with its lines, totals computed."""
    check_references(store, fields)
    layouts = store.layouts()
    layout = fields.get("layout") or (layouts[0] if layouts else None)
    if layouts and layout not in layouts:
        raise save_failed([f"layout: must be one of {', '.join(layouts)}"])
    number = store.data.next_number(_code_sequence(now.year))
    record = {
        "code": f"{now.year}-{number:04d}",
        "hash": secrets.token_hex(16),
        "name": None,
        "description": None,
        "contact_attention": None,
        "project_id": None,
        **fields,
        "layout": layout,
        "autosend_status": "0",
        "line_ids": [],
        "created": now.datetime,
        "modified": now.datetime,
        **totals([], fields.get("discount", "0")),
    }
    quotation = store["quotations"].insert(record)
    stored = [_insert_line(store, quotation["id"], line, now) for line in lines]
    return _refresh(store, quotation, now, line_ids=[line["id"] for line in stored])


def update_quotation(store: Store, record_id: Any, fields: dict[str, Any], now: Moment) -> dict[str, Any]:
    quotation = store.require("quotations", "Quotation", record_id)
    check_references(store, fields)
    quotation = store["quotations"].update(quotation["id"], fields) or quotation
    return _refresh(store, quotation, now)


def delete_quotation(store: Store, record_id: Any) -> None:
    quotation = store.require("quotations", "Quotation", record_id)
    for line_id in quotation.get("line_ids", []):
        store["quotation_lines"].remove(line_id)
    store["quotations"].remove(quotation["id"])


def lines_of(store: Store, quotation: dict[str, Any]) -> list[dict[str, Any]]:
    found = (store["quotation_lines"].get(i) for i in quotation.get("line_ids", []))
    return [line for line in found if line is not None]


def _refresh(
    store: Store, quotation: dict[str, Any], now: Moment, line_ids: list[int] | None = None
) -> dict[str, Any]:
    """Recompute the totals from the lines and the discount, and stamp ``modified``."""
    if line_ids is not None:
        quotation = {**quotation, "line_ids": line_ids}
    changes = {
        "line_ids": quotation.get("line_ids", []),
        "modified": now.datetime,
        **totals(lines_of(store, quotation), quotation.get("discount") or "0"),
    }
    return store["quotations"].update(quotation["id"], changes) or quotation


# -- quotation lines -------------------------------------------------------------------------------
def _insert_line(store: Store, quotation_id: int, fields: dict[str, Any], now: Moment) -> dict[str, Any]:
    record = {
        **fields,
        "quotation_id": quotation_id,
        "total_price": line_total(fields["amount"], fields["price"]),
        "created": now.datetime,
        "modified": now.datetime,
    }
    return store["quotation_lines"].insert(record)


def create_line(store: Store, fields: dict[str, Any], now: Moment) -> dict[str, Any]:
    quotation = store["quotations"].get(fields["quotation_id"])
    if quotation is None:
        raise save_failed(["quotation_id: no such quotation"])
    line = _insert_line(store, quotation["id"], fields, now)
    _refresh(store, quotation, now, line_ids=[*quotation.get("line_ids", []), line["id"]])
    return line


def update_line(store: Store, record_id: Any, fields: dict[str, Any], now: Moment) -> dict[str, Any]:
    line = store.require("quotation_lines", "QuotationLine", record_id)
    merged = {**line, **fields}
    changes = {
        **fields,
        "modified": now.datetime,
        "total_price": line_total(merged["amount"], merged["price"]),
    }
    line = store["quotation_lines"].update(line["id"], changes) or line
    quotation = store["quotations"].get(line["quotation_id"])
    if quotation is not None:
        _refresh(store, quotation, now)
    return line


def delete_line(store: Store, record_id: Any, now: Moment) -> None:
    line = store.require("quotation_lines", "QuotationLine", record_id)
    store["quotation_lines"].remove(line["id"])
    quotation = store["quotations"].get(line["quotation_id"])
    if quotation is not None:
        remaining = [i for i in quotation.get("line_ids", []) if i != line["id"]]
        _refresh(store, quotation, now, line_ids=remaining)


# -- sending ---------------------------------------------------------------------------------------
def email_template(store: Store, quotation: dict[str, Any], settings: dict[str, Any]) -> dict[str, str]:
    """The prefilled mail the web application would offer for this quotation."""
    contact = store["contacts"].get(quotation.get("contact_id")) or {}
    return {
        "email_to": contact.get("email") or "",
        "sender_name": settings["sender_name"],
        "subject": f"Offerte {quotation['code']}"
        + (f" - {quotation['name']}" if quotation.get("name") else ""),
        "mail_layout": settings["mail_layout"],
        "sender_email": settings["sender_email"],
    }


def send_quotation(
    store: Store, quotation: dict[str, Any], mail: dict[str, Any], now: Moment, sent_status: int
) -> dict[str, Any]:
    """Record the mail in the tenant's outbox, set ``date_sent`` and move the status to sent."""
    store[OUTBOX].insert(
        {
            "quotation_id": quotation["id"],
            "code": quotation["code"],
            **{k: mail.get(k) for k in ("email_to", "sender_name", "sender_email", "subject", "mail_layout")},
            "body": mail.get("body"),
            "sent": iso_utc(now.utc),
        }
    )
    changes = {"date_sent": now.date, "status": sent_status, "modified": now.datetime}
    return store["quotations"].update(quotation["id"], changes) or quotation


# -- contacts and projects -------------------------------------------------------------------------
def create_contact(store: Store, fields: dict[str, Any], now: Moment) -> dict[str, Any]:
    record = {
        "sub_contact_ids": [],
        "trashed": False,
        **fields,
        "created": now.datetime,
        "modified": now.datetime,
    }
    return store["contacts"].insert(record)


def update_record(
    store: Store, collection: str, model: str, record_id: Any, fields: dict[str, Any], now: Moment
) -> dict[str, Any]:
    record = store.require(collection, model, record_id)
    check_references(store, fields)
    return store[collection].update(record["id"], {**fields, "modified": now.datetime}) or record


def trash_contact(store: Store, record_id: Any, now: Moment) -> None:
    """Contacts are moved to the trash (``trashed`` = "1"), not removed: quotations and projects
    keep pointing at them [inf]."""
    contact = store.require("contacts", "Contact", record_id)
    store["contacts"].update(contact["id"], {"trashed": True, "modified": now.datetime})


def create_project(store: Store, fields: dict[str, Any], now: Moment) -> dict[str, Any]:
    check_references(store, fields)
    number = store.data.next_number("project_code")
    record = {
        "contact_id": None,
        "reference": None,
        "description": None,
        "date_start": None,
        "date_deadline": None,
        **fields,
        "client_count": number,
        "display_code": f"P{number:04d}",
        "created": now.datetime,
        "modified": now.datetime,
    }
    return store["projects"].insert(record)


def delete_project(store: Store, record_id: Any) -> None:
    project = store.require("projects", "Project", record_id)
    store["projects"].remove(project["id"])
