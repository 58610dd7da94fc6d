"""Partners, orders, documents, tasks and the inferred modules: what a client reads back."""

from __future__ import annotations

import pytest

from mockserver.testing import AdminClient

from .conftest import COMPANY_HU, FlowiiClient, order_body, rel

LOCAL = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"


def test_partner_search_by_name_email_and_ico(flowii: FlowiiClient) -> None:
    partners = flowii.get("/partners", **{"page[size]": 100}).json()["data"]
    sample = next(p for p in partners if p["attributes"]["ico"])
    for needle in (
        sample["attributes"]["name"][:6].strip().upper(),
        sample["attributes"]["email"],
        sample["attributes"]["ico"],
    ):
        found = flowii.get("/partners", **{"filter[search-text]": needle}).json()["data"]
        assert sample["id"] in {p["id"] for p in found}
        for partner in found:
            haystack = " ".join(
                str(partner["attributes"][k] or "") for k in ("name", "email", "ico")
            ).casefold()
            assert needle.casefold() in haystack
    assert flowii.get("/partners", **{"filter[search-text]": "žiadny-taký-partner"}).json()["data"] == []


def test_partner_detail_includes_contacts_and_address(flowii: FlowiiClient) -> None:
    body = flowii.get("/partners/2").json()
    contact_ids = [c["id"] for c in body["data"]["relationships"]["contacts"]["data"]]
    assert len(contact_ids) == 2
    assert [r["id"] for r in body["included"] if r["type"] == "contact"] == contact_ids
    assert [r["type"] for r in body["included"]].count("address") == 1
    contacts = flowii.get("/partners/2/contacts").json()["data"]
    assert [c["id"] for c in contacts] == contact_ids
    assert set(contacts[0]["attributes"]) == {"first-name", "last-name", "email", "phone"}
    only = flowii.get("/partners/2", include="billing-address").json()["included"]
    assert [r["type"] for r in only] == ["address"]
    assert "included" not in flowii.get("/partners/2", include="").json()


def test_partner_with_existing_contact_and_responsible_user(flowii: FlowiiClient) -> None:
    body = {
        "data": {
            "type": "partner",
            "attributes": {"name": "Ján Malý", "type": 2},
            "relationships": {"responsible-user": rel(2, "user"), "key-contact": {"data": None}},
        }
    }
    created = flowii.post("/partners", body).json()["data"]
    assert created["attributes"]["type"] == 2
    assert created["relationships"]["responsible-user"]["data"] == {"type": "user", "id": "2"}
    assert created["relationships"]["key-contact"]["data"] is None
    assert created["relationships"]["contacts"]["data"] == []


def test_order_with_every_relationship(flowii: FlowiiClient) -> None:
    body = order_body(accepted="2030-01-02T08:30:00", description="Výmena kotla")
    body["data"]["relationships"].update(
        {
            "user": rel(2, "user"),
            "responsible-users": {"data": [{"type": "user", "id": "3"}, {"type": "user", "id": "4"}]},
            "company-data": rel(1, "company-data"),
            "custom-field-string-values": {
                "data": [
                    {
                        "type": "custom-field-string-value",
                        "attributes": {"value": "PO-778"},
                        "relationships": {"custom-field": rel(1, "custom-field")},
                    }
                ]
            },
        }
    )
    response = flowii.post("/orders", body)
    assert response.status_code == 201
    order = response.json()["data"]
    assert order["attributes"]["accepted"] == "2030-01-02T08:30:00"
    assert order["attributes"]["created"] is not None
    relationships = order["relationships"]
    assert relationships["user"]["data"]["id"] == "2"
    assert [u["id"] for u in relationships["responsible-users"]["data"]] == ["3", "4"]
    assert relationships["documents"]["data"] == []
    [value] = response.json()["included"]
    assert value["attributes"] == {"value": "PO-778"}
    assert value["relationships"]["custom-field"]["data"] == {"type": "custom-field", "id": "1"}


def test_order_created_from_filter(flowii: FlowiiClient, mock_admin: AdminClient) -> None:
    clock = mock_admin.call("GET", "/clock")
    from datetime import datetime

    now = int(datetime.fromisoformat(clock["now"].replace("Z", "+00:00")).timestamp())
    created = flowii.post("/orders", order_body()).json()["data"]
    recent = flowii.get("/orders", **{"filter[created-from]": now - 60}).json()["data"]
    assert [o["id"] for o in recent] == [created["id"]]
    everything = flowii.get("/orders", **{"filter[created-from]": 0, "page[size]": 100}).json()["data"]
    assert len(everything) == 26
    # an empty value (a URL builder's unset variable) reads as no filter, as the contract says
    unset = flowii.get("/orders", **{"filter[created-from]": "", "page[size]": 100}).json()["data"]
    assert unset == everything


def test_paging_past_the_end_and_sizes(flowii: FlowiiClient) -> None:
    body = flowii.get("/orders", **{"page[size]": 10, "page[number]": 3}).json()
    assert len(body["data"]) == 5 and body["links"]["next"] is None
    assert flowii.get("/orders", **{"page[size]": 10, "page[number]": 9}).json()["data"] == []
    assert len(flowii.get("/orders").json()["data"]) == 20


def test_order_documents_are_invoices(flowii: FlowiiClient) -> None:
    documents = flowii.get("/orders/1/documents").json()["data"]
    assert len(documents) == 1
    invoice = documents[0]["attributes"]
    assert invoice["type"] == 4 and invoice["invoice-state"] == 6
    assert invoice["unpaid"] == 0.0 and invoice["paid-date"] is not None
    assert invoice["taxed-gross-amount"] == round(invoice["gross-amount"] * 1.2, 2)
    assert flowii.get("/orders/2/documents").json()["data"] == []


def test_task_with_waiting_activity_and_get(flowii: FlowiiClient) -> None:
    body = {
        "data": {
            "type": "task",
            "attributes": {"caption": "Zavolať zákazníkovi", "deadline": "2030-02-01T10:00:00"},
            "relationships": {
                "order": rel(1, "order"),
                "partner": rel(1, "partner"),
                "activities": {
                    "data": [
                        {
                            "type": "activity",
                            "attributes": {"state": 4, "deadline": "2030-02-01T10:00:00"},
                            "relationships": {
                                "activity-type": rel(1, "activity-type"),
                                "user": rel(1, "user"),
                            },
                        }
                    ]
                },
            },
        }
    }
    created = flowii.post("/tasks", body)
    assert created.status_code == 201
    task = created.json()["data"]
    [activity] = created.json()["included"]
    assert activity["attributes"]["state"] == 4
    assert activity["relationships"]["task"]["data"] == {"type": "task", "id": task["id"]}
    fetched = flowii.get(f"/tasks/{task['id']}").json()
    assert fetched["data"] == task and fetched["included"] == [activity]
    listed = flowii.get("/tasks", **{"page[size]": 100}).json()["data"]
    assert listed[-1]["id"] == task["id"]


INFERRED = [
    ("/businesscases", "business-case", {"name": "Nová prevádzka"}, {"partner": rel(1)}),
    ("/products", "product", {"name": "Istič 25A", "unit-price": 9.5}, {}),
    ("/invoices", "invoice", {"gross-amount": 100.0}, {"partner": rel(1), "order": rel(1)}),
    ("/attendance", "attendance", {"arrival": "2030-01-02T07:55:00"}, {"user": rel(2)}),
]


@pytest.mark.parametrize(("path", "kind", "attributes", "relationships"), INFERRED)
def test_inferred_modules_list_get_create(
    flowii: FlowiiClient, path: str, kind: str, attributes: dict, relationships: dict
) -> None:
    listed = flowii.get(path).json()
    assert listed["data"] and {r["type"] for r in listed["data"]} == {kind}
    body = {"data": {"type": kind, "attributes": attributes, "relationships": relationships}}
    created = flowii.post(path, body)
    assert created.status_code == 201
    record = created.json()["data"]
    assert flowii.get(f"{path}/{record['id']}").json()["data"] == record
    assert flowii.get(f"{path}/{record['id']}", company=COMPANY_HU).status_code == 404


def test_invoice_then_payment_marks_it_paid(flowii: FlowiiClient) -> None:
    invoice = flowii.post(
        "/invoices",
        {"data": {"attributes": {"gross-amount": 100.0}, "relationships": {"partner": rel(1)}}},
    ).json()["data"]
    assert invoice["attributes"]["taxed-gross-amount"] == 120.0
    assert invoice["attributes"]["unpaid"] == 120.0 and invoice["attributes"]["invoice-state"] == 2
    assert invoice["attributes"]["serial-nr"].startswith("FA")

    def pay(amount: float) -> None:
        payment = {
            "data": {
                "attributes": {"amount": amount, "paid-date": "2030-03-01"},
                "relationships": {"invoice": rel(invoice["id"])},
            }
        }
        assert flowii.post("/payments", payment).status_code == 201

    pay(20.0)
    assert flowii.get(f"/invoices/{invoice['id']}").json()["data"]["attributes"]["unpaid"] == 100.0
    pay(100.0)
    paid = flowii.get(f"/invoices/{invoice['id']}").json()["data"]["attributes"]
    assert paid["unpaid"] == 0.0 and paid["invoice-state"] == 6
    assert paid["paid-date"] == "2030-03-01T00:00:00"


def test_create_status_is_a_setting(flowii: FlowiiClient, mock_tenant) -> None:
    mock_tenant.settings({"flowii": {"create_status": 200}})
    assert flowii.post("/orders", order_body()).status_code == 200


def test_dates_are_local_without_offset(flowii: FlowiiClient) -> None:
    import re

    order = flowii.post("/orders", order_body()).json()["data"]
    assert re.match(LOCAL, order["attributes"]["created"])
