"""pytest plugin (registered through the ``pytest11`` entry point): a live mock server for the
session and a fresh, isolated tenant per test.

    def test_lists_quotations(mock_tenant):
        r = requests.get(mock_tenant.base_urls["workspace"] + "/quotations.json",
                         auth=("token", mock_tenant.credentials["workspace"]["token"]))
        assert r.status_code == 200

Fixtures:
  ``mockserver``   session-scoped ``LiveServer``: ``.url``, ``.admin`` (an ``AdminClient``), ``.app``
  ``mock_tenant``  function-scoped ``TenantHandle`` (``.id``, ``.credentials``, ``.base_urls``),
                   created through the admin API and deleted after the test.
  ``mock_admin``   the session server's ``AdminClient``.
  ``mock_frozen_clock``  that ``AdminClient``, with the (server-global) mock clock frozen for the
                   test, so only ``advance`` moves it; the previous mode is restored after.

The server binds 127.0.0.1 on a free port, with every vendor (``MOCKSERVER_VENDORS=a,b`` mounts
only those). Set ``MOCKSERVER_URL`` to use an already running server instead (``.app`` is None).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from mockserver.config import Config


class AdminError(AssertionError):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"admin API answered {status}: {body!r}")
        self.status = status
        self.body = body


class AdminClient:
    """The ``/_mock`` admin API over HTTP, with the standard library only."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/_mock{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"} if data is not None else {},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            raise AdminError(exc.code, _loads(raw)) from None
        return _loads(raw)

    # conveniences for what tests do most
    def create_tenant(self, **fields: Any) -> TenantHandle:
        return TenantHandle.from_json(self.call("POST", "/tenants", fields), self)

    def delete_tenant(self, tenant_id: str) -> None:
        self.call("DELETE", f"/tenants/{tenant_id}")

    def settings(self, tenant_id: str, patch: dict[str, Any] | None = None) -> dict[str, Any]:
        if patch is None:
            return self.call("GET", f"/tenants/{tenant_id}/settings")
        return self.call("PATCH", f"/tenants/{tenant_id}/settings", patch)

    def advance(self, seconds: float) -> dict[str, Any]:
        return self.call("POST", "/clock/advance", {"seconds": seconds})

    def journal(self, **query: Any) -> list[dict[str, Any]]:
        return self.call("GET", f"/journal?{urllib.parse.urlencode(query)}")["entries"]


def _loads(raw: bytes) -> Any:
    return json.loads(raw) if raw else None


@dataclass
class TenantHandle:
    id: str
    name: str
    credentials: dict[str, dict[str, str]]
    base_urls: dict[str, str]
    admin: AdminClient | None = field(default=None, repr=False)

    @classmethod
    def from_json(cls, body: dict[str, Any], admin: AdminClient | None = None) -> TenantHandle:
        return cls(body["id"], body["name"], body["credentials"], body["base_urls"], admin)

    def settings(self, patch: dict[str, Any] | None = None) -> dict[str, Any]:
        assert self.admin is not None
        return self.admin.settings(self.id, patch)

    def reset(self) -> None:
        assert self.admin is not None
        self.admin.call("POST", f"/tenants/{self.id}/reset")


@dataclass
class LiveServer:
    url: str
    admin: AdminClient
    app: Any = None


@pytest.fixture(scope="session")
def mockserver() -> Iterator[LiveServer]:
    external = os.environ.get("MOCKSERVER_URL")
    if external:
        yield LiveServer(external.rstrip("/"), AdminClient(external))
        return
    from mockserver.server import ThreadedMockServer

    names = os.environ.get("MOCKSERVER_VENDORS")
    vendors = [n.strip() for n in names.split(",") if n.strip()] if names else None
    with ThreadedMockServer(Config(port=0, vendors=vendors)) as running:
        yield LiveServer(running.url, AdminClient(running.url), running.app)


@pytest.fixture
def mock_admin(mockserver: LiveServer) -> AdminClient:
    return mockserver.admin


@pytest.fixture
def mock_frozen_clock(mock_admin: AdminClient) -> Iterator[AdminClient]:
    before = mock_admin.call("GET", "/clock")
    mock_admin.call("PUT", "/clock", {"frozen": True})
    try:
        yield mock_admin
    finally:
        mock_admin.call("PUT", "/clock", {"frozen": before["frozen"]})


@pytest.fixture
def mock_tenant(mockserver: LiveServer, request: pytest.FixtureRequest) -> Iterator[TenantHandle]:
    tenant = mockserver.admin.create_tenant(name=request.node.name[:200])
    try:
        yield tenant
    finally:
        try:
            mockserver.admin.delete_tenant(tenant.id)
        except AdminError as exc:  # already deleted by the test itself
            if exc.status != 404:
                raise


@pytest.fixture
def mock_http() -> Iterator[Any]:
    """A ``requests.Session`` that checks every vendor response against the vendor's contract and
    fails the test on the first one that does not conform."""
    import requests

    from mockserver.contract_check import response_errors

    def check(response: Any, *_args: Any, **_kwargs: Any) -> Any:
        errors = response_errors(response)
        if errors:
            raise AssertionError(
                f"{response.request.method} {response.request.url} -> {response.status_code} "
                f"does not match the contract:\n  " + "\n  ".join(errors)
            )
        return response

    with requests.Session() as session:
        session.hooks["response"].append(check)
        yield session
