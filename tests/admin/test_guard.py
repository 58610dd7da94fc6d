"""The admin API answers its own clients only (``mockserver/admin/guard.py``), over real HTTP on
both HTTP servers: what a web page can send cross-site (a form-type body, a foreign ``Origin``, a
rebound ``Host``, the dashboard's cookie from another port) changes nothing, while curl, the
``AdminClient`` and the dashboard's own JSON calls keep working."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from mockserver.admin.guard import csrf_for
from mockserver.client import AdminClient
from mockserver.config import Config
from mockserver.server import ThreadedMockServer

TOKEN = "s3cret"


@dataclass
class Live:
    port: int
    admin: AdminClient

    def call(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None
    ) -> tuple[int, dict]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            answer = connection.getresponse()
            raw = answer.read()
        finally:
            connection.close()
        return answer.status, json.loads(raw) if raw.startswith(b"{") else {}

    def tenant_count(self) -> int:
        return len(self.admin.call("GET", "/tenants")["tenants"])


def _live(config: Config) -> Iterator[Live]:
    with ThreadedMockServer(config) as running:
        yield Live(urlsplit(running.url).port or 0, AdminClient(running.url, token=config.admin_token))


@pytest.fixture(scope="module", params=["granian", "waitress"])
def live(request: pytest.FixtureRequest) -> Iterator[Live]:
    yield from _live(Config(port=0, http=request.param, allow_hosts=["mock.test", "proxy.test:9000"]))


@pytest.fixture(scope="module")
def guarded() -> Iterator[Live]:
    yield from _live(Config(port=0, admin_token=TOKEN))


@pytest.fixture(autouse=True)
def _one_tenant_more(request: pytest.FixtureRequest) -> None:
    if "live" in request.fixturenames:
        request.getfixturevalue("live").admin.create_tenant(name="kept")


# -- content types -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kind", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None]
)
def test_a_body_that_is_not_json_changes_nothing(live: Live, kind: str | None) -> None:
    before = live.tenant_count()
    headers = {"Content-Type": kind} if kind else {}
    for path, body in (("/_mock/reset", b"x=1"), ("/_mock/faults", b'{"vendor": "robaws"}')):
        status, answer = live.call("POST", path, headers, body)
        assert status == 415 and "application/json" in answer["error"]
    assert live.tenant_count() == before
    assert live.admin.call("GET", "/faults") == {"faults": []}


@pytest.mark.parametrize("kind", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_form_type_is_refused_even_without_a_body(live: Live, kind: str) -> None:
    before = live.tenant_count()
    assert live.call("POST", "/_mock/reset", {"Content-Type": kind})[0] == 415
    assert live.tenant_count() == before


def test_curl_without_a_body_still_resets(live: Live) -> None:
    assert live.call("POST", "/_mock/reset")[0] == 204  # curl -X POST .../_mock/reset
    assert live.tenant_count() == 1


def test_json_writes_keep_working(live: Live) -> None:
    headers = {"Content-Type": "application/json; charset=utf-8"}
    status, tenant = live.call("POST", "/_mock/tenants", headers, b'{"name": "json"}')
    assert status == 201 and tenant["name"] == "json"
    assert live.call("DELETE", f"/_mock/tenants/{tenant['id']}")[0] == 204


# -- Origin ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "origin",
    ["http://evil.example", "http://127.0.0.1:{other}", "http://localhost:{other}", "null", "file://"],
)
def test_a_foreign_origin_cannot_write(live: Live, origin: str) -> None:
    before = live.tenant_count()
    headers = {"Origin": origin.format(other=live.port + 1), "Content-Type": "application/json"}
    status, answer = live.call("POST", "/_mock/reset", headers)
    assert status == 403 and "Origin" in answer["error"]
    assert live.call("POST", "/_mock/tenants", headers, b"{}")[0] == 403
    assert live.tenant_count() == before


@pytest.mark.parametrize(
    "origin",
    ["http://127.0.0.1:{port}", "http://localhost:{port}", "http://[::1]:{port}", "http://mock.test:{port}"],
)
def test_the_servers_own_origin_may_write(live: Live, origin: str) -> None:
    headers = {"Origin": origin.format(port=live.port), "Content-Type": "application/json"}
    status, tenant = live.call("POST", "/_mock/tenants", headers, b"{}")
    assert status == 201
    assert live.call("DELETE", f"/_mock/tenants/{tenant['id']}", {"Origin": headers["Origin"]})[0] == 204


# -- Host (DNS rebinding) ----------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1:1", "mock.test:1"])
def test_a_foreign_host_gets_nothing(live: Live, host: str) -> None:
    for path in ("/_mock/tenants/demo", "/_mock/ui/", "/_mock/health"):
        status, answer = live.call("GET", path, {"Host": host.format(port=live.port)})
        assert status == 421 and "--allow-host" in answer["error"]
        assert "demo-token" not in json.dumps(answer)


@pytest.mark.parametrize(
    "host", ["localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}", "mock.test:{port}", "proxy.test:9000"]
)
def test_the_servers_own_names_are_answered(live: Live, host: str) -> None:
    status, tenant = live.call("GET", "/_mock/tenants/demo", {"Host": host.format(port=live.port)})
    assert status == 200 and tenant["id"] == "demo"


def test_vendor_routes_keep_the_vendors_real_hostnames(live: Live) -> None:
    status, _ = live.call("GET", "/api/v2/clients", {"Host": "app.robaws.com", "Authorization": "Basic eA=="})
    assert status == 401  # Robaws itself answered (wrong credentials), not the guard


# -- the admin token: cookie needs the CSRF token, Bearer does not -------------------------------------
def test_the_dashboard_cookie_from_another_port_cannot_write(guarded: Live) -> None:
    cookie = {"Cookie": f"mockserver_admin_token={TOKEN}", "Content-Type": "application/json"}
    before = guarded.tenant_count()
    status, answer = guarded.call("POST", "/_mock/tenants", cookie, b"{}")
    assert status == 403 and "X-CSRF-Token" in answer["error"]
    wrong = {**cookie, "X-CSRF-Token": csrf_for("guess", TOKEN)}
    assert guarded.call("POST", "/_mock/tenants", wrong, b"{}")[0] == 403
    assert guarded.tenant_count() == before
    right = {**cookie, "X-CSRF-Token": csrf_for(TOKEN, TOKEN)}
    status, tenant = guarded.call("POST", "/_mock/tenants", right, b"{}")
    assert status == 201
    assert guarded.call("DELETE", f"/_mock/tenants/{tenant['id']}", right)[0] == 204


def test_bearer_writes_need_no_csrf_token(guarded: Live) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert (
        guarded.call(
            "POST", "/_mock/clock/advance", {**bearer, "Content-Type": "application/json"}, b'{"seconds": 1}'
        )[0]
        == 200
    )
    assert guarded.call("POST", "/_mock/reset", {"Authorization": "Bearer wrong"})[0] == 401


def test_the_token_page_takes_json_from_its_own_origin_only(guarded: Live) -> None:
    own = {"Origin": f"http://127.0.0.1:{guarded.port}", "Content-Type": "application/json"}
    body = json.dumps({"token": TOKEN}).encode()
    status, answer = guarded.call("POST", "/_mock/ui/token", own, body)
    assert status not in (403, 415, 421) and "error" not in answer
    foreign = {**own, "Origin": f"http://127.0.0.1:{guarded.port + 1}"}
    assert guarded.call("POST", "/_mock/ui/token", foreign, body)[0] == 403


def _outward_address() -> str:
    """This machine's address on the interface that routes outward (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))
        return probe.getsockname()[0]


def test_a_wildcard_bound_server_answers_its_own_addresses_but_no_other_name() -> None:
    address = _outward_address()
    for live in _live(Config(host="0.0.0.0", port=0)):
        status, tenant = live.call("GET", "/_mock/tenants/demo", {"Host": f"{address}:{live.port}"})
        assert status == 200 and tenant["id"] == "demo"
        assert live.call("GET", "/_mock/tenants/demo", {"Host": f"192.0.2.77:{live.port}"})[0] == 421
        assert live.call("GET", "/_mock/tenants/demo", {"Host": f"sandbox.test:{live.port}"})[0] == 421
