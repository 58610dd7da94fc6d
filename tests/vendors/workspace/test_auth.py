"""Basic auth with the user ``token`` [doc]: 401 without a valid token, 403 without the right,
OPTIONS open to anyone."""

from __future__ import annotations

import pytest
import requests

from .conftest import Workspace, envelope


def test_no_credentials_is_401_in_the_envelope(ws: Workspace) -> None:
    response = ws.get("/quotations.json", auth=None)
    assert response.status_code == 401
    body = envelope(response)
    assert body["message"] == "Unauthorized"
    assert body["data"] is None
    assert response.headers["WWW-Authenticate"] == 'Basic realm="Workspace API"'


def test_wrong_token_is_401(ws: Workspace) -> None:
    response = ws.get("/quotations.json", auth=("token", "not-a-token"))
    assert response.status_code == 401
    assert envelope(response)["exception"] == ["invalid API token"]


def test_user_name_must_be_token(ws: Workspace) -> None:
    response = ws.get("/quotations.json", auth=("admin", ws.auth[1]))
    assert response.status_code == 401


def test_bearer_scheme_is_refused(ws: Workspace) -> None:
    response = ws.get("/quotations.json", auth=None, headers={"Authorization": f"Bearer {ws.auth[1]}"})
    assert response.status_code == 401


def test_one_tenants_token_never_reaches_another(ws: Workspace, empty_ws: Workspace) -> None:
    assert ws.get("/quotations/1.json").status_code == 200
    response = empty_ws.get("/quotations/1.json")
    assert response.status_code == 404
    assert envelope(response)["message"] == "Quotation not found."


def test_the_demo_token_works(mockserver, mock_http: requests.Session) -> None:
    response = mock_http.get(
        f"{mockserver.url}/workspace/api/v1/quotations/1.json", auth=("token", "demo-token")
    )
    assert response.status_code == 200


def test_missing_read_right_is_403(ws: Workspace, mock_tenant) -> None:
    mock_tenant.settings({"workspace": {"rights": ["Contacts.read"]}})
    response = ws.get("/quotations.json")
    assert response.status_code == 403
    body = envelope(response)
    assert body["message"] == "Forbidden"
    assert body["exception"] == ["the token lacks the right Quotations.read"]
    assert ws.get("/contacts.json").status_code == 200


def test_missing_write_right_is_403_and_writes_nothing(ws: Workspace, mock_tenant) -> None:
    mock_tenant.settings({"workspace": {"rights": ["Quotations.read"]}})
    before = ws.data("/quotations.json")["count"]
    response = ws.post("/quotations.json", data={"contact_id": "1"})
    assert response.status_code == 403
    assert envelope(response)["exception"] == ["the token lacks the right Quotations.write"]
    assert ws.delete("/quotations/1.json").status_code == 403
    assert ws.data("/quotations.json")["count"] == before


def test_options_needs_no_authentication_and_has_an_empty_message(ws: Workspace) -> None:
    response = ws.request("OPTIONS", "/quotations/actions/send_email/1.json", auth=None)
    assert response.status_code == 200
    body = envelope(response)
    assert body["message"] == ""
    assert body["data"] == {
        "Supported actions": {
            "/quotations/actions/layouts.json": ["GET"],
            "/quotations/actions/send_email/{id}.json": ["GET", "POST"],
        }
    }


@pytest.mark.parametrize(
    ("path", "actions", "allow"),
    [
        (
            "/quotations.json",
            ["/quotations/actions/layouts.json", "/quotations/actions/send_email/{id}.json"],
            "GET, HEAD, OPTIONS, POST",
        ),
        (
            "/quotations/4.json",
            ["/quotations/actions/layouts.json", "/quotations/actions/send_email/{id}.json"],
            "DELETE, GET, HEAD, OPTIONS, POST",
        ),
        (
            "/quotations/actions/layouts.json",
            ["/quotations/actions/layouts.json", "/quotations/actions/send_email/{id}.json"],
            "GET, HEAD, OPTIONS",
        ),
        (
            "/quotations/actions/send_email/2.json",
            ["/quotations/actions/layouts.json", "/quotations/actions/send_email/{id}.json"],
            "GET, HEAD, OPTIONS, POST",
        ),
        ("/quotation_lines.json", [], "GET, HEAD, OPTIONS, POST"),
        ("/quotation_lines/3.json", [], "DELETE, GET, HEAD, OPTIONS, POST"),
        ("/contacts.json", [], "GET, HEAD, OPTIONS, POST"),
        ("/contacts/3.json", [], "DELETE, GET, HEAD, OPTIONS, POST"),
        (
            "/projects.json",
            ["/projects/list.json", "/projects/actions/statuses.json"],
            "GET, HEAD, OPTIONS, POST",
        ),
        (
            "/projects/list.json",
            ["/projects/list.json", "/projects/actions/statuses.json"],
            "GET, HEAD, OPTIONS",
        ),
        (
            "/projects/actions/statuses.json",
            ["/projects/list.json", "/projects/actions/statuses.json"],
            "GET, HEAD, OPTIONS",
        ),
    ],
)
def test_options_lists_only_special_actions_and_allow_names_this_paths_methods(
    ws: Workspace, path: str, actions: list[str], allow: str
) -> None:
    response = ws.request("OPTIONS", path, auth=None)
    assert response.status_code == 200
    body = envelope(response)
    assert body["message"] == ""
    listed = body["data"]["Supported actions"]
    # PHP encodes an empty action map as []
    assert (list(listed) if actions else listed) == actions
    assert response.headers["Allow"] == allow
    for method in ("GET", "POST", "DELETE", "PUT", "PATCH"):
        answer = requests.request(method, ws.url(path), auth=ws.auth, data={})
        assert (answer.status_code != 405) == (method in allow.split(", ")), (method, answer.status_code)
        if answer.status_code == 405:
            assert answer.headers["Allow"].split(", ") and set(answer.headers["Allow"].split(", ")) == set(
                allow.split(", ")
            )


def test_options_on_a_path_no_route_accepts_is_404(ws: Workspace) -> None:
    response = requests.options(ws.url("/quotations/actions/nothing/1.json"))
    assert response.status_code == 404
    assert envelope(response)["message"] == "Not Found"


def test_options_on_an_unknown_resource_is_404(ws: Workspace) -> None:
    response = requests.options(ws.url("/invoices.json"))
    assert response.status_code == 404
    assert envelope(response)["message"] == "Not Found"
