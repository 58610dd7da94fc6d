"""POST /token errors (OAuth2 shape), 401 on business calls (JSON:API shape), the rate limit."""

from __future__ import annotations

import pytest
import requests

from mockserver.testing import TenantHandle

from .conftest import FlowiiClient, errors_of


def _oauth_error(response: requests.Response, status: int, error: str) -> str:
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error", "error_description"}
    assert body["error"] == error
    return body["error_description"]


def test_wrong_password_is_invalid_grant(flowii: FlowiiClient) -> None:
    response = flowii.request_token(password="nope")
    assert _oauth_error(response, 400, "invalid_grant") == "The user name or password is incorrect"


def test_wrong_username_is_invalid_grant(flowii: FlowiiClient) -> None:
    _oauth_error(flowii.request_token(username="someone@else.sk"), 400, "invalid_grant")


def test_username_is_case_insensitive(flowii: FlowiiClient) -> None:
    response = flowii.request_token(username=flowii.credentials["username"].upper())
    assert response.status_code == 200


def test_unknown_api_key_is_invalid_client(flowii: FlowiiClient) -> None:
    flowii.credentials = {**flowii.credentials, "api_key": "not-a-key"}
    assert _oauth_error(flowii.request_token(), 401, "invalid_client") == "Unknown API key"


def test_missing_api_key_is_invalid_client(flowii: FlowiiClient) -> None:
    response = flowii.http.post(
        f"{flowii.base}/token", data={"grant_type": "password", "username": "a", "password": "b"}
    )
    assert _oauth_error(response, 401, "invalid_client") == "The Api-Key header is missing"


def test_other_grant_types_are_unsupported(flowii: FlowiiClient) -> None:
    description = _oauth_error(
        flowii.request_token(grant_type="client_credentials"), 400, "unsupported_grant_type"
    )
    assert "client_credentials" in description


@pytest.mark.parametrize("missing", ["grant_type", "username", "password"])
def test_missing_fields_are_invalid_request(flowii: FlowiiClient, missing: str) -> None:
    form = {"grant_type": "password", **{k: v for k, v in flowii.credentials.items() if k != "api_key"}}
    del form[missing]
    response = flowii.http.post(
        f"{flowii.base}/token", data=form, headers={"Api-Key": flowii.credentials["api_key"]}
    )
    assert _oauth_error(response, 400, "invalid_request") == f"Missing parameter: {missing}"


def test_token_body_that_is_not_utf8_is_invalid_request(flowii: FlowiiClient) -> None:
    response = requests.post(
        f"{flowii.base}/token",
        data=b"grant_type=password&username=\xff\xfe",
        headers={
            "Api-Key": flowii.credentials["api_key"],
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    _oauth_error(response, 400, "invalid_request")


def test_demo_credentials_work(mock_http: requests.Session, mockserver) -> None:
    response = mock_http.post(
        f"{mockserver.url}/flowii/token",
        data={"grant_type": "password", "username": "demo@example.com", "password": "demo-password"},
        headers={"Api-Key": "demo-api-key"},
    )
    assert response.status_code == 200


def test_real_hostname_reaches_the_vendor(flowii: FlowiiClient, mockserver) -> None:
    flowii.base = mockserver.url
    flowii.extra_headers = {"Host": "api.flowii.com"}
    flowii.login()
    response = flowii.get("/companies", company=None)
    assert response.status_code == 200
    assert len(response.json()["data"]) == 2


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "The Api-Key header is missing"),
        ({"Api-Key": "unknown"}, "The API key is not valid"),
        ({"Api-Key": "KEY"}, "The Authorization header with a Bearer access token is missing"),
        (
            {"Api-Key": "KEY", "Authorization": "Basic abc"},
            "The Authorization header with a Bearer access token is missing",
        ),
        ({"Api-Key": "KEY", "Authorization": "Bearer nope"}, "The access token is invalid"),
    ],
)
def test_business_calls_need_key_and_token(
    flowii: FlowiiClient, headers: dict[str, str], detail: str
) -> None:
    headers = {k: v.replace("KEY", flowii.credentials["api_key"]) for k, v in headers.items()}
    response = flowii.http.get(f"{flowii.base}/partners", params={"companyId": 1}, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert errors_of(response) == [{"status": "401", "title": "Unauthorized", "detail": detail}]


def test_token_of_another_tenant_is_refused(flowii: FlowiiClient, mock_admin) -> None:
    other = mock_admin.create_tenant(name="other")
    try:
        stranger = FlowiiClient(flowii.http, other.base_urls["flowii"], other.credentials["flowii"])
        flowii.token = stranger.login()
        response = flowii.get("/companies", company=None)
        assert response.status_code == 401
        assert errors_of(response)[0]["detail"] == "The access token was not issued for this API key"
    finally:
        mock_admin.delete_tenant(other.id)


def test_rate_limit_answers_429_with_retry_after(
    flowii: FlowiiClient, mock_tenant: TenantHandle, mock_admin
) -> None:
    mock_tenant.settings(
        {"flowii": {"token_ttl_seconds": 86400, "rate_limit": {"capacity": 4, "refill_per_second": 0.001}}}
    )
    flowii.login()
    statuses = [flowii.get("/companies", company=None).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = flowii.get("/companies", company=None)
    assert refused.status_code == 429
    assert 990 <= int(refused.headers["Retry-After"]) <= 1000  # one token back at 0.001 per second
    error = errors_of(refused)[0]
    assert error["status"] == "429" and error["title"] == "Too Many Requests"
    assert flowii.request_token().status_code == 429
    mock_admin.advance(1000)
    assert flowii.get("/companies", company=None).status_code == 200


def test_a_rate_limit_set_to_never_refill_still_names_a_retry_after(
    flowii: FlowiiClient, mock_tenant: TenantHandle
) -> None:
    mock_tenant.settings(
        {"flowii": {"token_ttl_seconds": 86400, "rate_limit": {"capacity": 2, "refill_per_second": 0}}}
    )
    flowii.login()
    refused = [flowii.get("/companies", company=None) for _ in range(2)][-1]
    assert refused.status_code == 429 and 990 <= int(refused.headers["Retry-After"]) <= 1000
    assert errors_of(refused)[0]["status"] == "429"


def test_rate_limit_can_be_switched_off(flowii: FlowiiClient, mock_tenant: TenantHandle) -> None:
    mock_tenant.settings({"flowii": {"rate_limit": {"enabled": False, "capacity": 1}}})
    assert {flowii.get("/companies", company=None).status_code for _ in range(5)} == {200}
