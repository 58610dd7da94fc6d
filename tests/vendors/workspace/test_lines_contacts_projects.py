"""Quotation lines (containment and their own resource), contacts with SubContact, projects with
their status list and the list action."""

from __future__ import annotations

from .conftest import Workspace, envelope


def _quotation(ws: Workspace, quotation_id: int | str) -> dict:
    return ws.data(f"/quotations/{quotation_id}.json", params={"depth": "1"})


def test_lines_collection_filtered_by_quotation(ws: Workspace) -> None:
    expected = [line["id"] for line in _quotation(ws, 2)["QuotationLine"]]
    data = ws.data("/quotation_lines.json", params={"quotation_id": "2"})
    assert data["count"] == str(len(expected))
    assert [row["QuotationLine"]["id"] for row in data["QuotationLines"]] == expected
    assert list(data["QuotationLines"][0]) == ["QuotationLine"]


def test_adding_changing_and_removing_a_line_recomputes_the_totals(ws: Workspace) -> None:
    quotation = envelope(ws.post("/quotations.json", data={"contact_id": "1", "discount": "10"}))["data"]
    qid = quotation["Quotation"]["id"]
    added = ws.post(
        "/quotation_lines.json",
        data={"quotation_id": qid, "description": "Werk", "amount": "3", "price": "5000000", "vat": "21"},
    )
    assert added.status_code == 201
    line = envelope(added)["data"]["QuotationLine"]
    assert line["total_price"] == "15000000" and line["vat"] == "21"
    totals = _quotation(ws, qid)["Quotation"]
    assert (totals["total_price"], totals["total_price_discount"], totals["total_price_vat"]) == (
        "15000000",
        "1500000",
        "2835000",
    )
    changed = ws.post(f"/quotation_lines/{line['id']}.json", data={"amount": "1"})
    assert envelope(changed)["data"]["QuotationLine"]["total_price"] == "5000000"
    assert _quotation(ws, qid)["Quotation"]["total_price"] == "5000000"
    assert ws.delete(f"/quotation_lines/{line['id']}.json").status_code == 200
    after = _quotation(ws, qid)
    assert after["QuotationLine"] == []
    assert (after["Quotation"]["total_price"], after["Quotation"]["total_price_vat"]) == ("0", "0")


def test_line_requires_its_fields_and_an_existing_quotation(ws: Workspace) -> None:
    response = ws.post("/quotation_lines.json", data={"quotation_id": "1", "description": "x"})
    assert response.status_code == 400
    assert envelope(response)["message"] == "Not all required fields are provided."
    assert envelope(response)["exception"] == ["amount: required", "price: required"]
    response = ws.post(
        "/quotation_lines.json", data={"quotation_id": "999", "description": "x", "amount": "1", "price": "1"}
    )
    assert response.status_code == 400
    assert envelope(response)["exception"] == ["quotation_id: no such quotation"]


def test_line_not_found(ws: Workspace) -> None:
    response = ws.get("/quotation_lines/9999.json")
    assert response.status_code == 404
    assert envelope(response)["message"] == "QuotationLine not found."


def test_contacts_with_sub_contacts_by_depth(ws: Workspace) -> None:
    rows = ws.data("/contacts.json")["Contacts"]
    assert len(rows) == 24
    assert list(rows[0]) == ["Contact", "SubContact"] and rows[0]["SubContact"] == []
    assert rows[0]["Contact"]["type"] in ("1", "2") and rows[0]["Contact"]["trashed"] == "0"
    deep = ws.data("/contacts/1.json", params={"depth": "1"})
    assert deep["SubContact"] and {p["contact_id"] for p in deep["SubContact"]} == {"1"}


def test_create_contact_with_defaults_and_required_fields(ws: Workspace) -> None:
    response = ws.post("/contacts.json", data={"name": "Bakkerij De Korenschoof"})
    assert response.status_code == 400
    assert envelope(response)["message"] == "Not all required fields are provided."
    assert "client_reference: required" in envelope(response)["exception"]
    contact = {
        "client_reference": "DEB9001",
        "name": "Bakkerij De Korenschoof",
        "location_address": "Dorpsstraat 1",
        "location_city": "Utrecht",
        "invoice_address": "Postbus 12",
        "invoice_postal": "3500 AA",
        "invoice_city": "Utrecht",
        "phone": "030-1234567",
        "email": "info@korenschoof.nl",
        "payment_term": "30",
    }
    created = ws.post("/contacts.json", data=contact)
    assert created.status_code == 201
    shown = envelope(created)["data"]["Contact"]
    assert shown["group"] == "Algemeen" and shown["type"] == "1" and shown["payment_term"] == "30"
    assert envelope(ws.post("/quotations.json", data={"contact_id": shown["id"]})).get("code") == 201


def test_deleting_a_contact_moves_it_to_the_trash(ws: Workspace) -> None:
    assert ws.delete("/contacts/2.json").status_code == 200
    assert ws.data("/contacts/2.json")["Contact"]["trashed"] == "1"


def test_projects_with_contact_containment(ws: Workspace) -> None:
    rows = ws.data("/projects.json")["Projects"]
    assert len(rows) == 12 and list(rows[0]) == ["Project", "Contact"]
    deep = ws.data("/projects/1.json", params={"depth": "2"})
    assert deep["Contact"]["id"] == deep["Project"]["contact_id"]
    assert "SubContact" in deep["Contact"]


def test_project_list_action_and_statuses(ws: Workspace) -> None:
    names = ws.data("/projects/list.json")
    projects = ws.data("/projects.json")["Projects"]
    assert names == {row["Project"]["id"]: row["Project"]["name"] for row in projects}
    statuses = ws.data("/projects/actions/statuses.json")
    assert statuses == {
        "1": "Concept",
        "2": "Geoffreerd",
        "3": "In behandeling",
        "4": "Afgerond",
        "5": "Geannuleerd",
        "6": "Gearchiveerd",
        "7": "Gefactureerd",
    }


def test_create_and_update_project(ws: Workspace) -> None:
    created = ws.post("/projects.json", json={"name": "Nieuwbouw school", "contact_id": 3})
    assert created.status_code == 201
    project = envelope(created)["data"]["Project"]
    assert project["status"] == "1" and project["display_code"] == "P0013"
    refused = ws.post(f"/projects/{project['id']}.json", data={"status": "8"})
    assert refused.status_code == 400
    assert envelope(refused)["exception"] == ["status: must be from 1 to 7"]
    updated = ws.post(f"/projects/{project['id']}.json", data={"status": "7"})
    assert envelope(updated)["data"]["Project"]["status"] == "7"
    assert ws.delete(f"/projects/{project['id']}.json").status_code == 200
    gone = ws.get(f"/projects/{project['id']}.json")
    assert gone.status_code == 404 and envelope(gone)["message"] == "Project not found."


def test_a_lines_quotation_cannot_change_after_create(ws: Workspace) -> None:
    """quotation_id is create-only: an edit that names another quotation leaves the line where it is."""
    before = ws.data("/quotation_lines/1.json")["QuotationLine"]
    other = "2" if before["quotation_id"] != "2" else "3"
    response = ws.post("/quotation_lines/1.json", data={"quotation_id": other, "description": "Verplaatst"})
    assert response.status_code == 200
    line = envelope(response)["data"]["QuotationLine"]
    assert line["quotation_id"] == before["quotation_id"] and line["description"] == "Verplaatst"
    moved_to = ws.data("/quotation_lines.json", params={"quotation_id": other})["QuotationLines"]
    assert "1" not in {row["QuotationLine"]["id"] for row in moved_to}
