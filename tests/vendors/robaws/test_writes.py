"""Writes: POST 201, PUT full replacement 204, PATCH in both formats, validation, work orders,
invoices and purchase-invoice approval."""

from __future__ import annotations

import json

import pytest


def new_client(robaws, **fields):
    answer = robaws.post("/clients", json={"name": "Bouwbedrijf Peeters", **fields})
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_create_client_returns_201_with_string_id_and_timestamps(robaws):
    created = new_client(
        robaws, email="info@peeters.be", extraFields={"Contact via": {"stringValue": "Beurs"}}
    )
    assert created["id"].isdigit() and int(created["id"]) > 32
    assert created["createdAt"] == created["updatedAt"]
    assert created["extraFields"] == {"Contact via": {"stringValue": "Beurs"}}
    assert robaws.get(f"/clients/{created['id']}").json() == created


def test_merge_patch_changes_only_named_fields_and_null_removes(robaws):
    created = new_client(robaws, email="a@b.be", address={"city": "Gent", "postalCode": "9000"})
    patched = robaws.patch(
        f"/clients/{created['id']}",
        {"address": {"city": "Brugge"}, "email": None, "extraFields": {"VIP": {"booleanValue": True}}},
    )
    assert patched.status_code == 200
    body = patched.json()
    assert body["address"]["city"] == "Brugge" and body["address"]["postalCode"] == "9000"
    assert body["email"] is None
    assert body["extraFields"] == {"VIP": {"booleanValue": True}}
    assert body["updatedAt"] >= created["updatedAt"] and body["createdAt"] == created["createdAt"]


def test_json_patch_supports_all_six_operations(robaws):
    created = new_client(robaws, tel="09 123 45 67", address={"city": "Gent"})
    ops = [
        {"op": "test", "path": "/name", "value": "Bouwbedrijf Peeters"},
        {"op": "replace", "path": "/name", "value": "Peeters NV"},
        {"op": "add", "path": "/website", "value": "https://peeters.be"},
        {"op": "copy", "from": "/tel", "path": "/gsm"},
        {"op": "move", "from": "/address/city", "path": "/address/addressLine1"},
        {"op": "remove", "path": "/tel"},
    ]
    answer = robaws.patch(f"/clients/{created['id']}", ops, "application/json-patch+json")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["name"] == "Peeters NV" and body["website"] == "https://peeters.be"
    assert body["gsm"] == "09 123 45 67" and body["tel"] is None
    assert body["address"]["addressLine1"] == "Gent" and body["address"].get("city") is None


def test_failing_json_patch_test_leaves_the_entity_untouched(robaws):
    created = new_client(robaws)
    ops = [
        {"op": "replace", "path": "/name", "value": "Changed"},
        {"op": "test", "path": "/email", "value": "nobody@example.com"},
    ]
    answer = robaws.patch(f"/clients/{created['id']}", ops, "application/json-patch+json")
    assert answer.status_code == 422
    assert answer.json()["message"].startswith("JSON patch test failed")
    assert robaws.get(f"/clients/{created['id']}").json() == created


def test_invalid_json_patch_is_400(robaws):
    answer = robaws.patch("/clients/1", [{"op": "remove", "path": "/nope"}], "application/json-patch+json")
    assert answer.status_code == 400
    answer = robaws.patch("/clients/1", {"op": "add"}, "application/json-patch+json")
    assert answer.status_code == 400


def test_plain_json_patch_is_merge_by_default_and_415_when_configured(robaws):
    assert (
        robaws.patch("/clients/1", {"gsm": "0470 00 00 00"}, "application/json").json()["gsm"]
        == "0470 00 00 00"
    )
    robaws.settings({"patch": {"plain_json": "reject"}})
    refused = robaws.patch("/clients/1", {"gsm": "x"}, "application/json")
    assert refused.status_code == 415
    assert refused.json()["error"] == "Unsupported Media Type"
    assert robaws.patch("/clients/1", {"gsm": "x"}, "text/plain").status_code == 415


def test_put_replaces_and_clears_omitted_fields(robaws):
    created = new_client(
        robaws, email="a@b.be", website="https://x.be", extraFields={"VIP": {"booleanValue": True}}
    )
    answer = robaws.put(f"/clients/{created['id']}", json={"name": "Nieuwe naam", "tel": "02 000 00 00"})
    assert answer.status_code == 204 and answer.content == b""
    after = robaws.get(f"/clients/{created['id']}").json()
    assert after["name"] == "Nieuwe naam" and after["tel"] == "02 000 00 00"
    assert after["email"] is None and after["website"] is None and after["extraFields"] == {}
    assert after["createdAt"] == created["createdAt"] and after["id"] == created["id"]


def test_put_without_required_field_is_400_and_changes_nothing(robaws):
    before = robaws.get("/clients/2").json()
    answer = robaws.put("/clients/2", json={"email": "x@y.be"})
    assert answer.status_code == 400
    assert "name" in answer.json()["message"]
    assert robaws.get("/clients/2").json() == before


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"name": 12}, "name"),
        ({"name": "x", "language": "xx"}, "language"),
        ({"name": "x", "extraFields": {"A": {"colour": "red"}}}, "extraFields"),
        ({"name": "x", "extraFields": {"A": {"integerValue": 1.5}}}, "integerValue"),
        ([1, 2], "JSON object"),
    ],
)
def test_invalid_bodies_are_400_with_a_message(robaws, body, fragment):
    answer = robaws.post("/clients", json=body)
    assert answer.status_code == 400
    assert fragment in answer.json()["message"]


def test_malformed_json_and_invalid_utf8_are_400(robaws):
    headers = {"Content-Type": "application/json"}
    assert robaws.post("/clients", data=b'{"name": ', headers=headers).status_code == 400
    answer = robaws.post("/clients", data=b'{"name": "\xff"}', headers=headers)
    assert answer.status_code == 400 and "UTF-8" in answer.json()["message"]


def test_unknown_fields_are_ignored(robaws):
    created = new_client(robaws, colour="blue")
    assert "colour" not in created


def test_create_work_order_with_commute_time_entries_and_lines(robaws):
    body = {
        "projectId": "4",
        "commuteEntries": [{"distance": 23.5, "returnDistance": 23.5, "employeeId": "2"}],
        "timeEntries": [
            {
                "employeeId": "2",
                "articleId": "5",
                "startTime": {"hour": 7, "minute": 30},
                "endTime": {"hour": 16, "minute": 0},
                "breakHours": 0.5,
            }
        ],
        "lineItems": [{"type": "LINE", "articleId": "3", "quantity": 4, "description": "Kabel"}],
    }
    answer = robaws.post("/work-orders", json=body)
    assert answer.status_code == 201, answer.text
    work_order = robaws.get(
        f"/work-orders/{answer.json()['id']}?include=lineItems,timeEntries,commuteEntries"
    ).json()
    assert work_order["projectId"] == "4"
    assert work_order["timeEntries"][0]["hours"] == 8.0
    assert work_order["commuteEntries"] == body["commuteEntries"]
    assert work_order["lineItems"] == [
        {"type": "LINE", "articleId": "3", "quantity": 4.0, "description": "Kabel"}
    ]


def test_work_order_with_unknown_project_or_bad_times_is_400(robaws):
    assert (
        robaws.post("/work-orders", json={"projectId": "9999"}).json()["message"].endswith("does not exist")
    )
    bad = {
        "projectId": "1",
        "timeEntries": [
            {
                "employeeId": "1",
                "articleId": "5",
                "startTime": {"hour": 25, "minute": 0},
                "endTime": {"hour": 8, "minute": 0},
            }
        ],
    }
    assert robaws.post("/work-orders", json=bad).status_code == 400
    before = robaws.get("/work-orders").json()["totalItems"]
    assert before == 12


def test_invoice_adjusted_lines_sum_to_the_total(robaws):
    for path in ("/sales-invoices", "/purchase-invoices"):
        for invoice in robaws.get(f"{path}?size=100").json()["items"]:
            adjusted = invoice["adjustedLineItems"]
            assert len(adjusted) == len(invoice["lineItems"])
            assert round(sum(line["amount"] for line in adjusted), 2) == invoice["totalExclVat"]
            factor = 1 - invoice["financialDiscountPercentage"] / 100
            for line, adj in zip(invoice["lineItems"], adjusted, strict=True):
                gross = line["quantity"] * line["unitPrice"] * (1 - line["discountPercentage"] / 100)
                assert line["amount"] == pytest.approx(gross, abs=0.006)
                assert adj["amount"] == pytest.approx(line["amount"] * factor, abs=0.006)
                assert "generalLedgerAccountId" in adj and "vatTariffId" in adj
            assert invoice["totalInclVat"] == pytest.approx(invoice["totalExclVat"] + invoice["totalVat"])
    types = {i["type"] for i in robaws.get("/sales-invoices?size=100").json()["items"]}
    assert types == {"INVOICE", "CREDIT_NOTE"}


def test_purchase_invoice_approval_flow(robaws):
    new = next(
        i for i in robaws.get("/purchase-invoices?size=100").json()["items"] if i["approvalStatus"] == "NEW"
    )
    started = robaws.post(f"/purchase-invoices/{new['id']}/start-approval-request")
    assert started.status_code == 200 and started.json()["approvalStatus"] == "PENDING_APPROVAL"
    approved = robaws.post(f"/purchase-invoices/{new['id']}/approve")
    assert approved.json()["approvalStatus"] == "APPROVED"
    again = robaws.post(f"/purchase-invoices/{new['id']}/approve")
    assert again.status_code == 409


def test_contacts_and_comments_of_a_client(robaws):
    created = robaws.post(
        "/clients/1/contacts", json={"surname": "Janssens", "name": "Els", "isPrimary": False}
    )
    assert created.status_code == 201
    contact = created.json()
    assert contact["clientId"] == "1"
    listed = robaws.get("/clients/1/contacts?size=100").json()["items"]
    assert contact["id"] in [c["id"] for c in listed] and {c["clientId"] for c in listed} == {"1"}
    patched = robaws.patch(f"/clients/1/contacts/{contact['id']}", {"function": "Zaakvoerder"})
    assert patched.json()["function"] == "Zaakvoerder"
    assert robaws.get(f"/clients/2/contacts/{contact['id']}").status_code == 404
    comment = robaws.post("/clients/1/comments", json={"content": "Belt terug"})
    assert comment.status_code == 201 and comment.json()["content"] == "Belt terug"
    assert robaws.post("/clients/1/comments", json={"content": ""}).status_code == 400


def test_offer_create_and_patch_recomputes_total(robaws):
    body = {
        "clientId": "2",
        "lineItems": [{"articleId": "1", "quantity": 2, "unitPrice": 10.0, "discountPercentage": 10}],
    }
    created = robaws.post("/offers", json=body)
    assert created.status_code == 201
    offer = created.json()
    assert offer["totalExclVat"] == 18.0 and offer["number"].startswith("OFF")
    patched = robaws.patch(
        f"/offers/{offer['id']}",
        [{"op": "replace", "path": "/lineItems/0/quantity", "value": 3}],
        "application/json-patch+json",
    )
    assert patched.json()["totalExclVat"] == 27.0 and patched.json()["number"] == offer["number"]


def basic_demo() -> dict[str, str]:
    import base64

    token = base64.b64encode(b"DEMOAPIKEY0000000000:demo-api-secret").decode()
    return {"Authorization": f"Basic {token}"}


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/clients/1", "GET, PUT, PATCH"),
        ("PUT", "/projects/1", "GET"),
        ("PATCH", "/sales-invoices/1", "GET"),
        ("POST", "/projects", "GET"),
        ("DELETE", "/clients", "GET, POST"),
        ("POST", "/contacts", "GET"),
        ("PATCH", "/contacts/1", "GET"),
        ("PUT", "/webhook-endpoints", "GET, POST"),
        ("GET", "/purchase-invoices/1/approve", "POST"),
        ("DELETE", "/clients/1/contacts", "GET, POST"),
    ],
)
def test_unsupported_method_is_405_with_an_allow_header(client, method, path, allow):
    # not in the contract (no such operation), so through the in-process app
    answer = client.open("/robaws/api/v2" + path, method=method, json={}, headers=basic_demo())
    assert answer.status_code == 405
    body = json.loads(answer.data)
    assert (
        body["status"] == 405 and body["error"] == "Method Not Allowed" and body["path"] == "/api/v2" + path
    )
    assert answer.headers["Allow"] == allow


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/xml", "multipart/form-data; boundary=x", None]
)
@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/clients"), ("PUT", "/clients/1"), ("POST", "/clients/1/contacts")]
)
def test_a_json_endpoint_refuses_other_content_types_with_415(robaws, method, path, content_type):
    before = robaws.get("/clients/1").json()
    headers = {"Content-Type": content_type} if content_type else {}
    sent = json.dumps({"name": "Via text", "surname": "X"}).encode()
    answer = robaws.request(method, path, data=sent, headers=headers)
    assert answer.status_code == 415
    body = answer.json()
    assert body["status"] == 415 and body["error"] == "Unsupported Media Type"
    assert (content_type or "application/octet-stream") in body["message"]
    assert robaws.get("/clients/1").json() == before


def test_json_with_a_charset_or_a_json_suffix_is_accepted(robaws):
    for media in ("application/json; charset=UTF-8", "application/vnd.robaws+json"):
        sent = json.dumps({"name": f"Typed {media}"}).encode()
        assert robaws.post("/clients", data=sent, headers={"Content-Type": media}).status_code == 201


def test_a_list_field_sent_as_null_is_stored_and_read_as_empty(robaws):
    """``"lineItems": null`` (or any list set to null) never stores a shape the contract forbids."""
    offer = robaws.post("/offers", json={"clientId": "1", "lineItems": None})
    assert offer.status_code == 201, offer.text
    assert offer.json()["lineItems"] == [] and offer.json()["totalExclVat"] == 0.0
    assert robaws.get(f"/offers/{offer.json()['id']}").json()["lineItems"] == []
    assert all(isinstance(o["lineItems"], list) for o in robaws.get("/offers?size=100").json()["items"])

    nulls = {"projectId": "4", "lineItems": None, "timeEntries": None, "commuteEntries": None}
    work_order = robaws.post("/work-orders", json=nulls)
    assert work_order.status_code == 201, work_order.text
    read = robaws.get(f"/work-orders/{work_order.json()['id']}?include=lineItems,timeEntries,commuteEntries")
    lists = ("lineItems", "timeEntries", "commuteEntries")
    assert [read.json()[name] for name in lists] == [[], [], []]

    employee = robaws.get("/employees/1").json()
    replaced = robaws.put(
        "/employees/1", json={"surname": employee["surname"], "certificates": None, "extraFields": None}
    )
    assert replaced.status_code == 204
    again = robaws.get("/employees/1").json()
    assert again["certificates"] == [] and again["extraFields"] == {}


@pytest.mark.parametrize(
    ("path", "body"),
    [("/articles", {"name": "Dakgoot zink"}), ("/employees", {"surname": "Claes"})],
)
def test_server_kept_fields_in_a_create_body_are_ignored_and_marked_read_only(robaws, path, body):
    """Fuzzer finding: an invalid ``createdAt`` in a create body is accepted (201), the server
    keeps its own stamps and id. The contract must say so: every server-kept field of the request
    schema of these POSTs is ``readOnly``, and none of them is required."""
    sent = {**body, "id": "1", "createdAt": "2024-01-01T12:99:00Z", "updatedAt": "not a date"}
    created = robaws.post(path, json=sent)
    assert created.status_code == 201, created.text
    entity = created.json()
    assert entity["id"] != "1" and entity["createdAt"] == entity["updatedAt"]
    assert entity["createdAt"] != sent["createdAt"]
    contract = robaws.admin.call("GET", "/contracts/robaws?format=json")
    operation = contract["paths"][path]["post"]
    name = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    schema = contract["components"]["schemas"][name]
    for field in ("id", "createdAt", "updatedAt"):
        assert schema["properties"][field].get("readOnly") is True, (name, field)
        assert field not in schema["required"]
