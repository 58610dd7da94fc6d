"""Bad input: each case gets the Workspace envelope, the server keeps serving, and nothing stored is
lost or half-written."""

from __future__ import annotations

import pytest
import requests

from .conftest import Workspace, envelope

SAVE_FAILED = "Something went wrong while saving the data."


@pytest.fixture
def snapshot(ws: Workspace):
    """What the tenant held before; call it after to prove nothing changed."""

    def state() -> tuple:
        return (
            ws.data("/quotations.json", params={"depth": "1"}),
            ws.data("/quotation_lines.json"),
            ws.data("/contacts.json"),
        )

    before = state()

    def unchanged() -> None:
        assert state() == before

    return unchanged


def _save_failed(response: requests.Response) -> list[str]:
    assert response.status_code == 400, response.text
    body = envelope(response)
    assert body["message"] == SAVE_FAILED
    assert body["data"] is None
    return body["exception"]


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        (b'{"contact_id": 1', "body is not valid JSON"),
        (b"[1, 2]", "body must be an object of fields"),
        (b'"contact_id"', "body must be an object of fields"),
        (b"[" * 200 + b"]" * 200, "body nests deeper than 64 levels"),
    ],
)
def test_malformed_json(ws: Workspace, snapshot, raw: bytes, detail: str) -> None:
    response = ws.post("/quotations.json", data=raw, headers={"Content-Type": "application/json"})
    assert _save_failed(response)[0].startswith(detail)
    snapshot()


def test_malformed_json_on_an_update(ws: Workspace, snapshot) -> None:
    response = ws.post("/quotations/1.json", data=b"{nope", headers={"Content-Type": "application/json"})
    _save_failed(response)
    snapshot()


@pytest.mark.parametrize(
    "body",
    [
        b'{"contact_id": "1", "name": "\xff\xfe"}',
        b"contact_id=1&name=%FF%FE",
        b"contact_id=1&name=\xc3\x28",
    ],
)
def test_invalid_utf8(ws: Workspace, snapshot, body: bytes) -> None:
    kind = "application/json" if body.startswith(b"{") else "application/x-www-form-urlencoded"
    response = ws.post("/quotations.json", data=body, headers={"Content-Type": kind})
    assert "UTF-8" in _save_failed(response)[0]
    snapshot()


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"contact_id": True}, "contact_id: must be a single value"),
        ({"contact_id": [1, 2]}, "contact_id: must be a single value"),
        ({"contact_id": {"id": 1}}, "contact_id: must be a single value"),
        ({"contact_id": 1.5}, "contact_id: must be a whole number"),
        ({"contact_id": "abc"}, "contact_id: must be a whole number"),
        ({"contact_id": "99999999999999999999999"}, "contact_id: must be a whole number"),
        ({"contact_id": -1}, "contact_id: must be from 1 to 2147483647"),
        ({"contact_id": 1, "discount": "150"}, "discount: must be a number from 0 to 100"),
        ({"contact_id": 1, "discount": "NaN"}, "discount: must be a number from 0 to 100"),
        ({"contact_id": 1, "discount": "1e999999"}, "discount: must be a number from 0 to 100"),
        ({"contact_id": 1, "status": "42"}, "status: must be from 1 to 5"),
        ({"contact_id": 1, "date_sent": "2024-02-30"}, "date_sent: not a real date"),
        ({"contact_id": 1, "date_sent": "gisteren"}, "date_sent: must be a date YYYY-MM-DD"),
        ({"contact_id": 1, "name": 12}, "name: must be a string"),
        ({"contact_id": 1, "name": "x" * 256}, "name: longer than 255 characters"),
        ({"contact_id": 1, "name": "a\u0000b"}, "name: contains a NUL character"),
    ],
)
def test_wrong_types_and_values(ws: Workspace, snapshot, body: dict, detail: str) -> None:
    assert _save_failed(ws.post("/quotations.json", json=body)) == [detail]
    snapshot()


def test_wrong_types_in_lines_write_nothing(ws: Workspace, snapshot) -> None:
    body = {
        "contact_id": 1,
        "QuotationLine": [
            {"description": "goed", "amount": "1", "price": "100"},
            {"description": "fout", "amount": "veel", "price": "100"},
        ],
    }
    assert _save_failed(ws.post("/quotations.json", json=body)) == ["amount: must be a number"]
    many = {"contact_id": 1, "QuotationLine": [{"description": "x", "amount": "1", "price": "1"}] * 501}
    assert _save_failed(ws.post("/quotations.json", json=many)) == ["QuotationLine: at most 500 records"]
    not_a_list = {"contact_id": 1, "QuotationLine": "x"}
    assert _save_failed(ws.post("/quotations.json", json=not_a_list)) == [
        "QuotationLine: must be a list of records"
    ]
    snapshot()


def test_unknown_fields_are_refused(ws: Workspace, snapshot) -> None:
    response = ws.post("/quotations.json", data={"contact_id": "1", "colour": "red", "Zzz": "1"})
    assert _save_failed(response) == ["Zzz: unknown field", "colour: unknown field"]
    nested = ws.post("/quotations.json", data={"data[Quotation][contact_id]": "1", "data[Invoice][x]": "1"})
    assert _save_failed(nested) == ["Invoice: unknown field"]
    update = ws.post("/quotations/1.json", json={"colour": "red"})
    assert _save_failed(update) == ["colour: unknown field"]
    snapshot()


def test_unknown_fields_may_be_ignored(ws: Workspace, mock_tenant) -> None:
    mock_tenant.settings({"workspace": {"unknown_fields": "ignore"}})
    response = ws.post("/quotations.json", data={"contact_id": "1", "colour": "red"})
    assert response.status_code == 201
    assert "colour" not in response.text


def test_body_over_the_limit_is_413(ws: Workspace, snapshot, mockserver) -> None:
    limit = mockserver.app.config.max_body_bytes if mockserver.app else 5 * 1024 * 1024
    body = b"name=" + b"x" * limit
    response = ws.post(
        "/quotations.json", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413
    assert envelope(response)["message"] == "Request Entity Too Large"
    snapshot()


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ({"depth": "3"}, "depth: must be 0, 1 or 2"),
        ({"depth": "-1"}, "depth: must be 0, 1 or 2"),
        ({"depth": "9" * 400}, "depth: must be 0, 1 or 2"),
        ({"depth": ""}, "depth: must be 0, 1 or 2"),
    ],
)
def test_absurd_depth(ws: Workspace, query: dict, detail: str) -> None:
    for path in ("/quotations.json", "/quotations/1.json", "/contacts.json"):
        response = requests.get(ws.url(path), params=query, auth=ws.auth)
        assert response.status_code == 400
        body = envelope(response)
        assert body["message"] == "Bad Request" and body["exception"] == [detail]


def test_absurd_filters(ws: Workspace) -> None:
    for value in ("abc", "1" * 300, "-5", "1.5"):
        response = requests.get(ws.url("/quotations.json"), params={"contact_id": value}, auth=ws.auth)
        assert response.status_code == 400
        assert envelope(response)["exception"] == ["contact_id: must be a whole number"]


def test_absurd_ids_are_not_found(ws: Workspace) -> None:
    for record_id in ("99999999999999999999999999", "-1", "1e3", "%00", "\u0661"):
        response = ws.get(f"/quotations/{record_id}.json")
        assert response.status_code == 404
        assert envelope(response)["message"] == "Quotation not found."


def test_empty_body_on_create_is_required_missing(ws: Workspace) -> None:
    response = ws.post("/quotations.json", data=b"", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert envelope(response)["message"] == "Not all required fields are provided."


def test_server_keeps_serving_after_bad_input(ws: Workspace) -> None:
    for raw in (b"\x00\x01\x02", b"{" * 10000, b"%%%", b"a=1&&&b"):
        requests.post(
            ws.url("/quotations.json"), data=raw, auth=ws.auth, headers={"Content-Type": "application/json"}
        )
    assert ws.get("/quotations/1.json").status_code == 200


def test_unknown_path_and_method_answer_in_the_envelope(ws: Workspace) -> None:
    missing = requests.get(ws.url("/invoices.json"), auth=ws.auth)
    assert missing.status_code == 404 and envelope(missing)["message"] == "Not Found"
    wrong = requests.put(ws.url("/quotations.json"), auth=ws.auth)
    assert wrong.status_code == 405 and envelope(wrong)["message"] == "Method Not Allowed"
    assert "POST" in wrong.headers["Allow"]
