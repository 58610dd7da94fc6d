"""Helpers for the Workspace tests: a client bound to one fresh tenant, speaking through
``mock_http`` so every answer is checked against contracts/workspace.openapi.yaml."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests


class Workspace:
    """The Workspace API of one tenant: ``ws.get("/quotations/1.json")`` with the tenant's token."""

    def __init__(self, http: requests.Session, base: str, token: str) -> None:
        self.http = http
        self.base = base
        self.auth = ("token", token)

    def url(self, path: str) -> str:
        return self.base + path

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("auth", self.auth)
        return self.http.request(method, self.url(path), **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def data(self, path: str, **kwargs: Any) -> Any:
        """GET and unwrap a successful envelope."""
        response = self.get(path, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()["response"]["data"]


def envelope(response: requests.Response) -> dict[str, Any]:
    body = response.json()
    assert list(body) == ["response"]
    assert list(body["response"]) == ["message", "exception", "code", "data"]
    assert body["response"]["code"] == response.status_code
    return body["response"]


@pytest.fixture
def ws(mock_tenant: Any, mock_http: requests.Session) -> Workspace:
    return Workspace(
        mock_http, mock_tenant.base_urls["workspace"], mock_tenant.credentials["workspace"]["token"]
    )


@pytest.fixture
def empty_ws(mock_admin: Any, mock_http: requests.Session) -> Iterator[Workspace]:
    tenant = mock_admin.create_tenant(name="workspace-empty", fixtures="empty")
    try:
        yield Workspace(mock_http, tenant.base_urls["workspace"], tenant.credentials["workspace"]["token"])
    finally:
        mock_admin.delete_tenant(tenant.id)


@pytest.fixture
def frozen_clock(mock_admin: Any) -> Iterator[Any]:
    """Freeze the (server-global) clock at a moment; restore the previous time and mode after."""
    before = mock_admin.call("GET", "/clock")

    def freeze(now: str) -> None:
        mock_admin.call("PUT", "/clock", {"now": now, "frozen": True})

    try:
        yield freeze
    finally:
        mock_admin.call("PUT", "/clock", {"now": before["now"], "frozen": before["frozen"]})
