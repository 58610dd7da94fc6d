"""Quotations: the envelope, containments by depth, year-sequence codes, totals from lines and
discount, layouts, updates by POST, deletion, and the send_email action."""

from __future__ import annotations

import re
from typing import Any

import requests

from .conftest import Workspace, envelope

QUOTATION_FIELDS = [
    "id", "code", "hash", "name", "description", "contact_id", "contact_attention", "project_id",
    "status", "date_sent", "date_accepted", "discount", "total_price", "total_price_vat",
    "total_price_discount", "layout", "modified", "created",
]  # fmt: skip


def _scalars(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _scalars(v)]
    if isinstance(value, list):
        return [s for v in value for s in _scalars(v)]
    return [value]


def test_collection_envelope_and_rows(ws: Workspace) -> None:
    response = ws.get("/quotations.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    body = envelope(response)
    assert body["message"] == "success"
    assert body["exception"] == []
    data = body["data"]
    assert list(data) == ["count", "Quotations"]
    assert data["count"] == str(len(data["Quotations"])) == "18"
    first = data["Quotations"][0]
    assert list(first) == ["Quotation", "Contact", "QuotationLine"]
    assert list(first["Quotation"]) == QUOTATION_FIELDS
    assert first["Contact"] == [] and first["QuotationLine"] == []
    assert all(s is None or isinstance(s, str) for s in _scalars(data))


def test_autosend_status_is_never_shown(ws: Workspace) -> None:
    for path in ("/quotations.json?depth=2", "/quotations/1.json?depth=2"):
        assert "autosend_status" not in ws.get(path).text
    created = ws.post("/quotations.json", data={"contact_id": "1", "autosend_status": "1"})
    assert created.status_code == 201
    assert "autosend_status" not in created.text


def test_depth_one_contains_contact_and_lines(ws: Workspace) -> None:
    data = ws.data("/quotations/1.json", params={"depth": "1"})
    quotation = data["Quotation"]
    assert data["Contact"]["id"] == quotation["contact_id"]
    assert "SubContact" not in data["Contact"]
    assert data["QuotationLine"]
    assert {line["quotation_id"] for line in data["QuotationLine"]} == {"1"}
    assert str(sum(int(line["total_price"]) for line in data["QuotationLine"])) == quotation["total_price"]


def test_depth_two_nests_the_contacts_persons(ws: Workspace) -> None:
    data = ws.data("/quotations/1.json", params={"depth": "2"})
    people = data["Contact"]["SubContact"]
    assert people and {p["contact_id"] for p in people} == {data["Contact"]["id"]}


def test_element_not_found_message(ws: Workspace) -> None:
    for path in ("/quotations/999.json", "/quotations/abc.json", "/quotations/0.json"):
        response = ws.get(path)
        assert response.status_code == 404
        assert envelope(response)["message"] == "Quotation not found."


def test_empty_collection_is_404_with_the_documented_message(empty_ws: Workspace) -> None:
    response = empty_ws.get("/quotations.json")
    assert response.status_code == 404
    assert envelope(response)["message"] == "Quotations not found."


def test_empty_collection_may_be_an_empty_list(empty_ws: Workspace, mock_admin) -> None:
    tenant_id = next(
        t["id"] for t in mock_admin.call("GET", "/tenants")["tenants"]
        if t["credentials"]["workspace"]["token"] == empty_ws.auth[1]
    )  # fmt: skip
    mock_admin.settings(tenant_id, {"workspace": {"empty_collection_404": False}})
    assert empty_ws.data("/quotations.json") == {"count": "0", "Quotations": []}


def test_create_with_flat_form_keys(ws: Workspace) -> None:
    response = ws.post("/quotations.json", data={"contact_id": "3", "name": "Dakkapel", "discount": "10"})
    assert response.status_code == 201
    body = envelope(response)
    quotation = body["data"]["Quotation"]
    assert quotation["contact_id"] == "3"
    assert quotation["name"] == "Dakkapel"
    assert quotation["status"] == "1"
    assert quotation["discount"] == "10"
    assert quotation["total_price"] == "0"
    assert quotation["layout"] == "Standaard template"
    assert re.fullmatch(r"\d{4}-\d{4}", quotation["code"])
    assert re.fullmatch(r"[0-9a-f]{32}", quotation["hash"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", quotation["created"])
    assert ws.data(f"/quotations/{quotation['id']}.json")["Quotation"] == quotation


def test_create_with_cakephp_keys_and_lines(ws: Workspace) -> None:
    form = {
        "data[Quotation][contact_id]": "4",
        "data[Quotation][discount]": "10",
        "data[QuotationLine][0][description]": "Montage",
        "data[QuotationLine][0][amount]": "2",
        "data[QuotationLine][0][price]": "10000000",
        "data[QuotationLine][1][description]": "Materiaal",
        "data[QuotationLine][1][amount]": "1.5",
        "data[QuotationLine][1][price]": "3000000",
        "data[QuotationLine][1][vat]": "9",
    }
    response = ws.post("/quotations.json", data=form, params={"depth": "1"})
    assert response.status_code == 201
    data = envelope(response)["data"]
    # lines: 2 x 100.00 = 200.00 and 1.5 x 30.00 = 45.00; discount 10 %
    assert [line["total_price"] for line in data["QuotationLine"]] == ["20000000", "4500000"]
    assert data["Quotation"]["total_price"] == "24500000"
    assert data["Quotation"]["total_price_discount"] == "2450000"
    # VAT after discount: 180.00 x 21 % = 37.80 and 40.50 x 9 % = 3.645
    assert data["Quotation"]["total_price_vat"] == str(3780000 + 364500)
    assert data["Contact"]["id"] == "4"


def test_create_with_json(ws: Workspace) -> None:
    response = ws.post("/quotations.json", json={"Quotation": {"contact_id": 5, "project_id": "2"}})
    assert response.status_code == 201
    quotation = envelope(response)["data"]["Quotation"]
    assert (quotation["contact_id"], quotation["project_id"]) == ("5", "2")
    nested = ws.post("/quotations.json", json={"data": {"Quotation": {"contact_id": "6"}}})
    assert envelope(nested)["data"]["Quotation"]["contact_id"] == "6"


def test_required_contact_is_the_documented_400(ws: Workspace) -> None:
    for body in ({"name": "no contact"}, {"contact_id": ""}, {}):
        response = ws.post("/quotations.json", data=body)
        assert response.status_code == 400
        body_ = envelope(response)
        assert body_["message"] == "Not all required fields are provided."
        assert body_["exception"] == ["contact_id: required"]


def test_unknown_contact_is_a_save_failure(ws: Workspace) -> None:
    before = ws.data("/quotations.json")["count"]
    response = ws.post("/quotations.json", data={"contact_id": "9999"})
    assert response.status_code == 400
    body = envelope(response)
    assert body["message"] == "Something went wrong while saving the data."
    assert body["exception"] == ["contact_id: no such contact"]
    assert ws.data("/quotations.json")["count"] == before


def test_codes_are_year_sequences_continuing_after_the_seed(ws: Workspace, frozen_clock) -> None:
    frozen_clock("2024-12-30T10:00:00Z")
    first = envelope(ws.post("/quotations.json", data={"contact_id": "1"}))["data"]["Quotation"]
    second = envelope(ws.post("/quotations.json", data={"contact_id": "1"}))["data"]["Quotation"]
    assert (first["code"], second["code"]) == ("2024-0019", "2024-0020")
    assert first["created"] == "2024-12-30 11:00:00"  # Europe/Amsterdam
    frozen_clock("2025-01-02T10:00:00Z")
    third = envelope(ws.post("/quotations.json", data={"contact_id": "1"}))["data"]["Quotation"]
    assert third["code"] == "2025-0001"


def test_layout_is_chosen_on_create_only(ws: Workspace) -> None:
    layouts = ws.data("/quotations/actions/layouts.json")
    assert layouts == ["Standaard template", "Layout zonder logo", "Layout tweede vestiging"]
    created = ws.post("/quotations.json", data={"contact_id": "1", "layout": "Layout zonder logo"})
    quotation = envelope(created)["data"]["Quotation"]
    assert quotation["layout"] == "Layout zonder logo"
    updated = ws.post(f"/quotations/{quotation['id']}.json", data={"layout": "Standaard template"})
    assert envelope(updated)["data"]["Quotation"]["layout"] == "Layout zonder logo"
    refused = ws.post("/quotations.json", data={"contact_id": "1", "layout": "Bestaat niet"})
    assert refused.status_code == 400
    assert envelope(refused)["message"] == "Something went wrong while saving the data."


def test_update_is_post_on_the_element(ws: Workspace) -> None:
    before = ws.data("/quotations/2.json")["Quotation"]
    response = ws.post("/quotations/2.json", data={"name": "Nieuwe naam", "status": "3"})
    assert response.status_code == 200
    after = envelope(response)["data"]["Quotation"]
    assert after["name"] == "Nieuwe naam" and after["status"] == "3"
    assert after["code"] == before["code"] and after["created"] == before["created"]
    assert after["modified"] != before["modified"]
    assert ws.data("/quotations/2.json")["Quotation"] == after


def test_posting_back_a_read_record_works(ws: Workspace) -> None:
    """Read-only fields sent back are ignored, as CakePHP's field whitelist does."""
    quotation = ws.data("/quotations/3.json")["Quotation"]
    response = ws.post("/quotations/3.json", data={**quotation, "total_price": "1", "name": "Terug"})
    assert response.status_code == 200
    after = envelope(response)["data"]["Quotation"]
    assert after["total_price"] == quotation["total_price"]
    assert after["name"] == "Terug"


def test_put_and_patch_are_not_allowed(ws: Workspace) -> None:
    for method in ("PUT", "PATCH"):
        response = requests.request(method, ws.url("/quotations/1.json"), auth=ws.auth, data={"name": "x"})
        assert response.status_code == 405
        assert envelope(response)["message"] == "Method Not Allowed"
    assert ws.data("/quotations/1.json")["Quotation"]["name"] != "x"


def test_discount_change_recomputes_totals(ws: Workspace) -> None:
    created = ws.post(
        "/quotations.json",
        json={
            "contact_id": "1",
            "QuotationLine": [{"description": "Werk", "amount": "4", "price": "2500000"}],
        },
    )
    quotation = envelope(created)["data"]["Quotation"]
    assert (quotation["total_price"], quotation["total_price_vat"]) == ("10000000", "2100000")
    updated = envelope(ws.post(f"/quotations/{quotation['id']}.json", data={"discount": "25"}))["data"]
    assert updated["Quotation"]["total_price"] == "10000000"
    assert updated["Quotation"]["total_price_discount"] == "2500000"
    assert updated["Quotation"]["total_price_vat"] == "1575000"


def test_delete_removes_the_quotation_and_its_lines(ws: Workspace) -> None:
    lines = ws.data("/quotations/4.json", params={"depth": "1"})["QuotationLine"]
    response = ws.delete("/quotations/4.json")
    assert response.status_code == 200
    assert envelope(response) == {"message": "success", "exception": [], "code": 200, "data": None}
    assert ws.get("/quotations/4.json").status_code == 404
    for line in lines:
        assert ws.get(f"/quotation_lines/{line['id']}.json").status_code == 404
    again = ws.delete("/quotations/4.json")
    assert again.status_code == 404
    assert envelope(again)["message"] == "Quotation not found."


def test_collection_filters(ws: Workspace) -> None:
    rows = ws.data("/quotations.json", params={"contact_id": "16"})["Quotations"]
    assert rows and {r["Quotation"]["contact_id"] for r in rows} == {"16"}
    response = ws.get("/quotations.json", params={"status": "5"})
    assert response.status_code == 404
    assert envelope(response)["message"] == "Quotations not found."


def test_create_status_is_a_setting(ws: Workspace, mock_tenant) -> None:
    mock_tenant.settings({"workspace": {"create_status": 200}})
    response = ws.post("/quotations.json", data={"contact_id": "1"})
    assert response.status_code == 200
    assert envelope(response)["code"] == 200


def test_real_hostname_reaches_the_vendor_unprefixed(ws: Workspace, mockserver) -> None:
    response = ws.http.get(
        f"{mockserver.url}/api/v1/quotations/1.json", auth=ws.auth, headers={"Host": "api.workspace.nl"}
    )
    assert response.status_code == 200
    assert envelope(response)["data"]["Quotation"]["code"] == "2024-0001"
