"""Every 4xx shape of a create: 422 with pointers, 400 for unreadable bodies, 415, 413, 404, 405."""

from __future__ import annotations

import pytest
import requests

from .conftest import FlowiiClient, errors_of, order_body, rel

UNPROCESSABLE = "Unprocessable Entity"


def _pointers(response: requests.Response) -> dict[str, str]:
    assert response.status_code == 422
    errors = errors_of(response)
    assert all(e["status"] == "422" and e["title"] == UNPROCESSABLE for e in errors)
    return {e["source"]["pointer"]: e["detail"] for e in errors}


def test_missing_required_relationships(flowii: FlowiiClient) -> None:
    response = flowii.post("/orders", {"data": {"type": "order", "attributes": {"name": "X"}}})
    assert _pointers(response) == {
        "/data/relationships/type": "The relationship 'type' is required",
        "/data/relationships/state": "The relationship 'state' is required",
        "/data/relationships/partner": "The relationship 'partner' is required",
    }


def test_unknown_related_ids_and_bad_attributes_are_all_reported(flowii: FlowiiClient) -> None:
    body = order_body(partner=987654)
    body["data"]["attributes"] = {"name": "", "deadline": "31.1.2030"}
    body["data"]["relationships"]["responsible-users"] = {
        "data": [{"type": "user", "id": "2"}, {"type": "user", "id": "99999"}]
    }
    body["data"]["relationships"]["state"] = {"data": {"type": "order-state", "id": "x"}}
    assert _pointers(flowii.post("/orders", body)) == {
        "/data/attributes/name": "name: Length must be between 1 and 255.",
        "/data/attributes/deadline": "deadline: Not a valid local date-time (YYYY-MM-DDTHH:mm:ss).",
        "/data/relationships/state/data/id": "id must be a numeric string",
        "/data/relationships/partner/data/id": "partner 987654 does not exist in company 1",
        "/data/relationships/responsible-users/data/1/id": "user 99999 does not exist in company 1",
    }


def test_inline_records_are_validated_with_their_parent(flowii: FlowiiClient) -> None:
    before = flowii.get("/tasks", **{"page[size]": 100}).json()["data"]
    body = {
        "data": {
            "type": "task",
            "attributes": {"caption": "Zavolať"},
            "relationships": {
                "activities": {
                    "data": [
                        {"type": "activity", "attributes": {"state": 4}, "relationships": {}},
                        {
                            "type": "activity",
                            "attributes": {"state": 42},
                            "relationships": {"activity-type": rel(1)},
                        },
                    ]
                }
            },
        }
    }
    assert _pointers(flowii.post("/tasks", body)) == {
        "/data/relationships/activities/data/0/relationships/activity-type": (
            "The relationship 'activity-type' is required"
        ),
        "/data/relationships/activities/data/1/attributes/state": "state: Must be one of: 1, 2, 3, 4, 5.",
    }
    assert flowii.get("/tasks", **{"page[size]": 100}).json()["data"] == before  # nothing half-stored


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ([], ""),
        ({"data": None}, "/data"),
        ({"data": [1]}, "/data"),
        ({"data": {"attributes": "x"}}, "/data/attributes"),
        ({"data": {"attributes": {"name": "X"}, "relationships": []}}, "/data/relationships"),
    ],
)
def test_wrong_document_structure(flowii: FlowiiClient, body: object, pointer: str) -> None:
    response = flowii.post("/partners", body)
    assert response.status_code == 422
    assert errors_of(response)[0]["source"] == {"pointer": pointer}


@pytest.mark.parametrize(
    "value",
    [
        {"type": "1"},
        {"type": 3},
        {"type": True},
        {"type": 1.5},
        {"name": 12},
        {"name": None},
        {"name": "x" * 256},
    ],
)
def test_wrong_attribute_types(flowii: FlowiiClient, value: dict) -> None:
    attributes = {"name": "Partner", **value}
    response = flowii.post("/partners", {"data": {"type": "partner", "attributes": attributes}})
    assert list(_pointers(response)) == [f"/data/attributes/{next(iter(value))}"]


def test_relationship_member_must_carry_data(flowii: FlowiiClient) -> None:
    body = order_body()
    body["data"]["relationships"]["partner"] = {"id": "1"}
    body["data"]["relationships"]["type"] = {"data": {"type": "order-type"}}
    body["data"]["relationships"]["responsible-users"] = {"data": {"id": "1"}}
    assert _pointers(flowii.post("/orders", body)) == {
        "/data/relationships/partner": "'partner' must be an object with 'data'",
        "/data/relationships/type/data/id": "'type' needs an id",
        "/data/relationships/responsible-users/data": "'responsible-users' data must be an array",
    }


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        (b"{not json", "body is not valid JSON"),
        (b"", "request body is empty"),
        (b'{"data": "\xff"}', "body is not valid UTF-8"),
        (b"[" * 100 + b"]" * 100, "body nests deeper than 64 levels"),
    ],
)
def test_unreadable_bodies_are_400(flowii: FlowiiClient, raw: bytes, detail: str) -> None:
    response = flowii.post("/orders", raw)
    assert response.status_code == 400
    [error] = errors_of(response)
    assert error["status"] == "400" and error["title"] == "Bad Request"
    assert error["detail"].startswith(detail)


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/vnd.api+json", "application/json; charset=utf-8"]
)
def test_both_json_media_types_are_accepted(flowii: FlowiiClient, content_type: str) -> None:
    response = flowii.post("/orders", order_body(), headers={"Content-Type": content_type})
    assert response.status_code == 201


def test_other_media_types_are_415(flowii: FlowiiClient) -> None:
    response = flowii.post(
        "/orders", b"name=x", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 415
    assert errors_of(response)[0]["title"] == "Unsupported Media Type"


def test_oversized_body_is_413_in_jsonapi_shape(flowii: FlowiiClient) -> None:
    response = flowii.post("/orders", b'{"data": "' + b"x" * (6 * 1024 * 1024) + b'"}')
    assert response.status_code == 413
    assert errors_of(response)[0]["status"] == "413"


def test_unknown_path_and_method(flowii: FlowiiClient) -> None:
    missing = requests.get(f"{flowii.base}/nothing-here", headers=flowii.headers())
    assert missing.status_code == 404
    assert errors_of(missing)[0] == {
        "status": "404",
        "title": "Not Found",
        "detail": "The requested resource does not exist",
    }
    wrong = requests.put(f"{flowii.base}/orders/1", headers=flowii.headers())
    assert wrong.status_code == 405
    assert set(wrong.headers["Allow"].split(", ")) >= {"GET", "PATCH", "DELETE"}
    read_only = requests.delete(f"{flowii.base}/invoices/1", headers=flowii.headers())
    assert read_only.status_code == 405 and "DELETE" not in read_only.headers["Allow"]
    assert errors_of(wrong)[0]["status"] == "405"


@pytest.mark.parametrize("record_id", ["0", "abc", "-1", "99999999999999999999999999", "1.0"])
def test_absurd_ids_are_404(flowii: FlowiiClient, record_id: str) -> None:
    assert flowii.get(f"/orders/{record_id}").status_code == 404


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page[size]": "0"}, "page[size]"),
        ({"page[size]": "101"}, "page[size]"),
        ({"page[size]": "-5"}, "page[size]"),
        ({"page[number]": "x"}, "page[number]"),
        ({"page[number]": "9" * 40}, "page[number]"),
        ({"filter[created-from]": "yesterday"}, "filter[created-from]"),
        ({"include": "nonsense"}, "include"),
    ],
)
def test_absurd_query_values_are_400(flowii: FlowiiClient, params: dict[str, str], parameter: str) -> None:
    path = "/partners/1" if "include" in params else "/orders"
    response = flowii.get(path, **params)
    assert response.status_code == 400
    assert errors_of(response)[0]["source"] == {"parameter": parameter}


def test_unknown_and_read_only_attributes_are_ignored(flowii: FlowiiClient) -> None:
    body = order_body(**{"serial-nr": "MINE-1", "colour": "blue"})
    created = flowii.post("/orders", body).json()["data"]
    assert created["attributes"]["serial-nr"] != "MINE-1"
    assert "colour" not in created["attributes"]


@pytest.mark.parametrize(("method", "path"), [("GET", "/orders"), ("POST", "/token")])
def test_injected_faults_answer_in_jsonapi_shape(flowii: FlowiiClient, method: str, path: str) -> None:
    headers = {**flowii.headers(), "X-Mock-Fault": "status=503"}
    response = flowii.http.request(method, f"{flowii.base}{path}", params={"companyId": 1}, headers=headers)
    assert response.status_code == 503
    assert errors_of(response) == [
        {"status": "503", "title": "Service Unavailable", "detail": "Injected fault"}
    ]


def test_query_values_that_are_not_utf8_do_not_crash(flowii: FlowiiClient) -> None:
    response = flowii.http.get(
        f"{flowii.base}/partners?companyId=1&filter[search-text]=%FF%FE", headers=flowii.headers()
    )
    assert response.status_code == 200
    assert response.json()["data"] == []
    bad_company = flowii.http.get(f"{flowii.base}/orders?companyId=%FF", headers=flowii.headers())
    assert bad_company.status_code == 400
