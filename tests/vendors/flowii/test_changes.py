"""PATCH (JSON:API partial update) and DELETE (204) on partners, orders and tasks."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from .conftest import COMPANY_HU, FlowiiClient, errors_of, order_body, rel


def patch(flowii: FlowiiClient, path: str, data: dict[str, Any], **params: Any) -> requests.Response:
    headers = {**flowii.headers(), "Content-Type": "application/vnd.api+json"}
    return flowii.http.patch(
        f"{flowii.base}{path}", params={"companyId": 1, **params}, json={"data": data}, headers=headers
    )


def delete(flowii: FlowiiClient, path: str, company: int = 1) -> requests.Response:
    return flowii.http.delete(f"{flowii.base}{path}", params={"companyId": company}, headers=flowii.headers())


def new_partner(flowii: FlowiiClient) -> dict[str, Any]:
    body = {
        "data": {
            "type": "partner",
            "attributes": {"name": "Elektro Horák", "ico": "11122233", "comment": "pôvodný"},
            "relationships": {
                "billing-address": {
                    "data": {"attributes": {"street": "Hlavná 1", "city": "Nitra", "zip": "94901"}}
                },
                "key-contact": {"data": {"attributes": {"first-name": "Ivan", "last-name": "Horák"}}},
                "responsible-user": rel(2, "user"),
            },
        }
    }
    response = flowii.post("/partners", body)
    assert response.status_code == 201
    return response.json()


def test_patch_changes_only_what_it_names(flowii: FlowiiClient) -> None:
    created = new_partner(flowii)["data"]
    path = f"/partners/{created['id']}"
    response = patch(
        flowii, path, {"type": "partner", "id": created["id"], "attributes": {"comment": "nový"}}
    )
    assert response.status_code == 200
    updated = response.json()["data"]
    assert updated["attributes"] == {**created["attributes"], "comment": "nový"}
    assert updated["relationships"] == created["relationships"]
    assert flowii.get(path).json()["data"] == updated

    moved = patch(flowii, path, {"relationships": {"responsible-user": rel(3, "user")}}).json()["data"]
    assert moved["relationships"]["responsible-user"]["data"] == {"type": "user", "id": "3"}
    assert moved["attributes"] == updated["attributes"]


def test_patch_replaces_an_owned_address_and_adds_a_key_contact(flowii: FlowiiClient) -> None:
    created = new_partner(flowii)["data"]
    path = f"/partners/{created['id']}"
    old_address = created["relationships"]["billing-address"]["data"]["id"]
    old_contact = created["relationships"]["key-contact"]["data"]["id"]
    data = {
        "relationships": {
            "billing-address": {
                "data": {"attributes": {"street": "Nová 7", "city": "Trnava", "zip": "91701"}}
            },
            "key-contact": {"data": {"attributes": {"first-name": "Eva", "last-name": "Horáková"}}},
        }
    }
    body = patch(flowii, path, data, include="billing-address,contacts").json()
    relationships = body["data"]["relationships"]
    new_address = relationships["billing-address"]["data"]["id"]
    new_contact = relationships["key-contact"]["data"]["id"]
    assert new_address != old_address and new_contact != old_contact
    assert [c["id"] for c in relationships["contacts"]["data"]] == [old_contact, new_contact]
    included = {(r["type"], r["id"]): r for r in body["included"]}
    assert included[("address", new_address)]["attributes"]["city"] == "Trnava"
    assert ("address", old_address) not in included
    assert [c["id"] for c in flowii.get(f"{path}/contacts").json()["data"]] == [old_contact, new_contact]


def test_patch_of_an_order_and_its_validation(flowii: FlowiiClient) -> None:
    order = flowii.post("/orders", order_body(description="pred")).json()["data"]
    path = f"/orders/{order['id']}"
    changed = patch(
        flowii, path, {"attributes": {"deadline": "2031-05-01"}, "relationships": {"state": rel(3)}}
    )
    assert changed.status_code == 200
    attributes = changed.json()["data"]["attributes"]
    assert attributes["deadline"] == "2031-05-01T00:00:00" and attributes["description"] == "pred"
    assert attributes["serial-nr"] == order["attributes"]["serial-nr"]
    assert changed.json()["data"]["relationships"]["state"]["data"]["id"] == "3"

    refused = patch(
        flowii,
        path,
        {"attributes": {"name": None}, "relationships": {"partner": {"data": None}, "type": rel(99999)}},
    )
    assert refused.status_code == 422
    pointers = {e["source"]["pointer"] for e in errors_of(refused)}
    assert pointers == {
        "/data/attributes/name",
        "/data/relationships/partner",
        "/data/relationships/type/data/id",
    }
    assert flowii.get(path).json()["data"] == changed.json()["data"]


def test_patch_with_another_id_is_a_conflict_and_unknown_ids_are_404(flowii: FlowiiClient) -> None:
    conflict = patch(flowii, "/orders/1", {"type": "order", "id": "2", "attributes": {"name": "X"}})
    assert conflict.status_code == 409
    assert errors_of(conflict)[0]["source"] == {"pointer": "/data/id"}
    assert flowii.get("/orders/1").json()["data"]["attributes"]["name"] != "X"
    assert patch(flowii, "/orders/99999", {"attributes": {"name": "X"}}).status_code == 404
    hungarian = flowii.get("/orders", company=COMPANY_HU).json()["data"][0]["id"]
    assert patch(flowii, f"/orders/{hungarian}", {"attributes": {"name": "X"}}).status_code == 404


def test_patch_of_a_task_replaces_its_activities(flowii: FlowiiClient) -> None:
    task = flowii.get("/tasks/1").json()
    [old] = task["data"]["relationships"]["activities"]["data"]
    data = {
        "attributes": {"caption": "Zavolať znova"},
        "relationships": {
            "activities": {
                "data": [
                    {
                        "type": "activity",
                        "attributes": {"state": 4},
                        "relationships": {"activity-type": rel(2)},
                    }
                ]
            }
        },
    }
    body = patch(flowii, "/tasks/1", data).json()
    [activity] = body["included"]
    assert activity["id"] != old["id"] and activity["attributes"]["state"] == 4
    assert activity["relationships"]["task"]["data"] == {"type": "task", "id": "1"}
    assert body["data"]["attributes"]["caption"] == "Zavolať znova"
    assert body["data"]["attributes"]["deadline"] == task["data"]["attributes"]["deadline"]


def test_delete_a_partner_with_what_it_owns(flowii: FlowiiClient) -> None:
    partner_id = new_partner(flowii)["data"]["id"]
    response = delete(flowii, f"/partners/{partner_id}")
    assert response.status_code == 204 and response.content == b""
    assert flowii.get(f"/partners/{partner_id}").status_code == 404
    assert flowii.get(f"/partners/{partner_id}/contacts").status_code == 404
    assert delete(flowii, f"/partners/{partner_id}").status_code == 404


def test_delete_is_refused_while_something_points_at_the_record(flowii: FlowiiClient) -> None:
    partner_id = new_partner(flowii)["data"]["id"]
    order_id = flowii.post("/orders", order_body(partner_id)).json()["data"]["id"]
    refused = delete(flowii, f"/partners/{partner_id}")
    assert refused.status_code == 409
    assert errors_of(refused)[0]["detail"] == f"partner {partner_id} is still referenced by order {order_id}"
    assert flowii.get(f"/partners/{partner_id}").status_code == 200
    # seeded order 1 has invoices among its documents
    assert delete(flowii, "/orders/1").status_code == 409
    assert delete(flowii, f"/orders/{order_id}").status_code == 204
    assert delete(flowii, f"/partners/{partner_id}").status_code == 204


def test_delete_a_task_and_its_activities(flowii: FlowiiClient) -> None:
    assert delete(flowii, "/tasks/1").status_code == 204
    assert flowii.get("/tasks/1").status_code == 404
    ids = [t["id"] for t in flowii.get("/tasks", **{"page[size]": 100}).json()["data"]]
    assert "1" not in ids
    assert delete(flowii, "/tasks/1", company=COMPANY_HU).status_code == 404


@pytest.mark.parametrize("path", ["/invoices/1", "/products/1"])
def test_other_resources_stay_without_patch_and_delete(flowii: FlowiiClient, path: str) -> None:
    """Plain requests: the contract has no such operations to check the 405 against."""
    url, params = f"{flowii.base}{path}", {"companyId": 1}
    for method in ("PATCH", "DELETE"):
        response = requests.request(method, url, params=params, headers=flowii.headers(), json={"data": {}})
        assert response.status_code == 405
        assert method not in response.headers["Allow"].split(", ")
        assert errors_of(response)[0]["status"] == "405"


def test_a_write_with_a_refused_parameter_writes_nothing(flowii: FlowiiClient) -> None:
    before = len(flowii.get("/orders", **{"page[size]": 100}).json()["data"])
    refused = flowii.http.post(
        f"{flowii.base}/orders",
        params={"companyId": 1, "include": "nothing"},
        json=order_body(),
        headers={**flowii.headers(), "Content-Type": "application/vnd.api+json"},
    )
    assert refused.status_code == 400 and errors_of(refused)[0]["source"] == {"parameter": "include"}
    assert len(flowii.get("/orders", **{"page[size]": 100}).json()["data"]) == before
    sorted_patch = patch(flowii, "/orders/1", {"attributes": {"name": "Nové meno"}}, sort="name")
    assert sorted_patch.status_code == 400
    assert flowii.get("/orders/1").json()["data"]["attributes"]["name"] != "Nové meno"
    sorted_delete = flowii.http.delete(
        f"{flowii.base}/tasks/1", params={"companyId": 1, "sort": "caption"}, headers=flowii.headers()
    )
    assert sorted_delete.status_code == 400 and errors_of(sorted_delete)[0]["source"] == {"parameter": "sort"}
    assert flowii.get("/tasks/1").status_code == 200
