"""Rows with their containments by depth [doc]: 0 — the association keys as empty arrays;
1 — the associated records; 2 — those records with their own associations (a quotation's
Contact carries its SubContact list).

    {"Quotation": {...}, "Contact": {...} | [], "QuotationLine": [{...}, ...]}
"""

from __future__ import annotations

from typing import Any

from mockserver.vendors.workspace.models import Store, lines_of
from mockserver.vendors.workspace.resources import Resource
from mockserver.vendors.workspace.schemas import render


def row(store: Store, resource: Resource, record: dict[str, Any], depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {resource.model: render(resource.model, record)}
    for name in resource.contains:
        out[name] = [] if depth <= 0 else _contained(store, name, record, depth)
    return out


def _contained(store: Store, name: str, record: dict[str, Any], depth: int) -> Any:
    if name == "Contact":
        contact = store["contacts"].get(record.get("contact_id"))
        if contact is None:
            return []
        shown: dict[str, Any] = render("Contact", contact)
        if depth >= 2:
            shown["SubContact"] = _sub_contacts(store, contact)
        return shown
    if name == "QuotationLine":
        return [render("QuotationLine", line) for line in lines_of(store, record)]
    if name == "SubContact":
        return _sub_contacts(store, record)
    raise KeyError(name)  # pragma: no cover - resources name only the above


def _sub_contacts(store: Store, contact: dict[str, Any]) -> list[dict[str, Any]]:
    found = (store["sub_contacts"].get(i) for i in contact.get("sub_contact_ids", []))
    return [render("SubContact", person) for person in found if person is not None]
