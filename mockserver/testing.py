"""pytest plugin (registered through the ``pytest11`` entry point): a live mock server for the
session and a fresh, isolated tenant per test.

    def test_lists_quotations(mock_tenant):
        r = requests.get(mock_tenant.base_urls["workspace"] + "/quotations.json",
                         auth=("token", mock_tenant.credentials["workspace"]["token"]))
        assert r.status_code == 200

pytest fixtures:
  ``mockserver``   session-scoped ``LiveServer``: ``.url``, ``.admin`` (an ``AdminClient``), ``.app``
  ``mock_tenant``  function-scoped ``TenantHandle`` (``.id``, ``.credentials``, ``.base_urls``),
                   created through the admin API and deleted after the test.
  ``mock_admin``   the session server's ``AdminClient``.
  ``mock_frozen_clock``  that ``AdminClient``, with the (server-global) mock clock frozen for the
                   test, so only ``advance`` moves it; the previous mode is restored after.
  ``mock_intercept``  the vendors' real URLs (``https://app.robaws.com/...``) answered in-process
                   for requests, httpx and zeep during the test, by a session server of its own,
                   with a fresh tenant: ``.credentials``, ``.tenant.robaws.key``
                   (``mockserver.interception``).

The server binds 127.0.0.1 on a free port, with every vendor (``MOCKSERVER_VENDORS=a,b`` mounts
only those) and no access log (``MOCKSERVER_ACCESS_LOG=text|json`` turns it on), on granian
(``MOCKSERVER_HTTP=waitress`` for waitress). Set
``MOCKSERVER_CONFIG=FILE`` sets the server up from a start-up file, as ``mockserver serve --config
FILE`` does (docs/configuration.md); an invalid file stops the run with one line. Set
``MOCKSERVER_URL`` to use an already running server instead (``.app`` is None), with
``MOCKSERVER_ADMIN_TOKEN`` if that server has an admin token.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from mockserver.client import AdminClient, AdminError, TenantHandle
from mockserver.config import Config

__all__ = ["AdminClient", "AdminError", "LiveServer", "TenantHandle"]


#: the environment variable naming a start-up file for the plugin's server (``mockserver.startup``)
CONFIG_ENV = "MOCKSERVER_CONFIG"


def pytest_configure(config: pytest.Config) -> None:
    """Check ``MOCKSERVER_CONFIG`` before any test runs: a broken file stops the run with one line
    instead of failing every test that uses the server."""
    path = os.environ.get(CONFIG_ENV)
    if path and not os.environ.get("MOCKSERVER_URL"):
        from pathlib import Path

        from mockserver.startup import StartupError, read

        try:
            read(Path(path))
        except StartupError as exc:
            raise pytest.UsageError(f"{CONFIG_ENV}: {exc}") from None


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
    access_log = os.environ.get("MOCKSERVER_ACCESS_LOG") or None  # off unless asked: pytest shows stderr
    http = os.environ.get("MOCKSERVER_HTTP") or "granian"
    config_file = os.environ.get(CONFIG_ENV) or None
    config = Config(port=0, vendors=vendors, access_log=access_log, http=http, config_file=config_file)
    from mockserver.startup import StartupError

    try:
        server = ThreadedMockServer(config)
    except StartupError as exc:
        pytest.fail(f"{CONFIG_ENV}: {exc}", pytrace=False)
    with server as running:
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


@pytest.fixture(scope="session")
def _mock_intercept_server() -> Iterator[Any]:
    from mockserver.server import ThreadedMockServer

    with ThreadedMockServer(Config(port=0, https_port=0)) as running:
        yield running


@pytest.fixture
def mock_intercept(_mock_intercept_server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Interception on for the test, with a fresh tenant: ``mock_intercept.credentials["robaws"]``,
    ``mock_intercept.tenant.robaws.key``, ``mock_intercept.demo``, ``mock_intercept.admin``."""
    from mockserver.interception.api import intercept

    with intercept(server=_mock_intercept_server) as mock:
        handle = mock.admin.create_tenant(name=request.node.name[:200])
        mock.use_tenant(handle)
        try:
            yield mock
        finally:
            mock.admin.delete_tenant(handle.id)
