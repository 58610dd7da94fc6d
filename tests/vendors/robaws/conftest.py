"""Helpers for the Robaws tests: a client bound to the test's fresh tenant, speaking Basic auth
through ``mock_http`` (every answer validated against contracts/robaws.openapi.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


class Robaws:
    def __init__(self, tenant: Any, http: Any, admin: Any) -> None:
        self.tenant = tenant
        self.http = http
        self.admin = admin
        self.base = tenant.base_urls["robaws"]
        self.root = self.base.removesuffix("/api/v2")
        creds = tenant.credentials["robaws"]
        self.creds = creds
        self.auth = (creds["api_key"], creds["api_secret"])

    def request(self, method: str, path: str, **kw: Any) -> Any:
        kw.setdefault("auth", self.auth)
        return self.http.request(method, self.base + path, timeout=10, **kw)

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Any:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> Any:
        return self.request("PUT", path, **kw)

    def patch(
        self, path: str, body: Any, content_type: str = "application/merge-patch+json", **kw: Any
    ) -> Any:
        import json

        headers = {"Content-Type": content_type, **kw.pop("headers", {})}
        return self.request("PATCH", path, data=json.dumps(body), headers=headers, **kw)

    def settings(self, patch: dict[str, Any]) -> None:
        self.tenant.settings({"robaws": patch})


@pytest.fixture
def robaws(mock_tenant: Any, mock_http: Any, mock_admin: Any) -> Robaws:
    return Robaws(mock_tenant, mock_http, mock_admin)


@pytest.fixture
def frozen_clock(mock_admin: Any) -> Iterator[None]:
    """Freeze the (server-global) mock clock for the test; always unfreeze afterwards."""
    mock_admin.call("PUT", "/clock", {"frozen": True})
    try:
        yield
    finally:
        mock_admin.call("PUT", "/clock", {"frozen": False})


@pytest.fixture
def dispatcher(mockserver: Any) -> Any:
    """Robaws' webhook sender, to wait for its workers: the modules that use it run on a server
    of this process (``in_process.py``)."""
    return mockserver.app.vendors["robaws"].webhooks
