"""A small FLOWii client over the contract-checking session: token, headers, companyId."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from mockserver.testing import TenantHandle

COMPANY_SK, COMPANY_HU, COMPANY_FORBIDDEN = 1, 2, 3


@dataclass
class FlowiiClient:
    http: requests.Session
    base: str
    credentials: dict[str, str]
    token: str | None = None
    extra_headers: dict[str, str] = field(default_factory=dict)

    def request_token(self, **form: str) -> requests.Response:
        body = {
            "grant_type": "password",
            "username": self.credentials["username"],
            "password": self.credentials["password"],
            **form,
        }
        headers = {"Api-Key": self.credentials["api_key"], **self.extra_headers}
        return self.http.post(f"{self.base}/token", data=body, headers=headers)

    def login(self) -> str:
        response = self.request_token()
        assert response.status_code == 200, response.text
        self.token = response.json()["access_token"]
        return self.token

    def headers(self) -> dict[str, str]:
        headers = {"Api-Key": self.credentials["api_key"], **self.extra_headers}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def get(self, path: str, company: int | None = COMPANY_SK, **params: Any) -> requests.Response:
        if company is not None:
            params["companyId"] = company
        return self.http.get(f"{self.base}{path}", params=params, headers=self.headers())

    def post(
        self, path: str, body: Any, company: int | None = COMPANY_SK, **kwargs: Any
    ) -> requests.Response:
        params = {"companyId": company} if company is not None else {}
        headers = {**self.headers(), "Content-Type": "application/vnd.api+json", **kwargs.pop("headers", {})}
        if isinstance(body, bytes | str):
            return self.http.post(f"{self.base}{path}", params=params, data=body, headers=headers, **kwargs)
        return self.http.post(f"{self.base}{path}", params=params, json=body, headers=headers, **kwargs)


def client_of(tenant: TenantHandle, http: requests.Session) -> FlowiiClient:
    """A logged-in client of ``tenant``."""
    client = FlowiiClient(http, tenant.base_urls["flowii"], tenant.credentials["flowii"])
    client.login()
    return client


@pytest.fixture
def flowii(mock_tenant: TenantHandle, mock_http: requests.Session) -> FlowiiClient:
    """A logged-in client of a fresh tenant."""
    return client_of(mock_tenant, mock_http)


def rel(resource_id: int | str, kind: str = "") -> dict[str, Any]:
    return {"data": {"type": kind, "id": str(resource_id)}}


def errors_of(response: requests.Response) -> list[dict[str, Any]]:
    assert response.headers["Content-Type"] == "application/vnd.api+json"
    return response.json()["errors"]


def order_body(partner: int | str = 1, **attributes: Any) -> dict[str, Any]:
    return {
        "data": {
            "type": "order",
            "attributes": {"name": "Montáž kotla", **attributes},
            "relationships": {
                "type": rel(1, "order-type"),
                "state": rel(1, "order-state"),
                "partner": rel(partner, "partner"),
            },
        }
    }
