"""The replay key of every vendor whose reads are replayable (``core.replay``): it holds the URL
and the headers the vendor declares (``Vendor.replay_headers``), so

* a header the vendor's declared reads look at is declared (checked against what the handlers
  really read from the request, recorded while they run),
* a different value of a declared header never gets another request's kept answer (the answer is
  the one the same server computes with replay off),
* a header no vendor reads (a trace id per request, another client, another compression
  preference) leaves the kept answer in use.

Through the WSGI test client of the real application with every vendor.
"""

from __future__ import annotations

import base64
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from werkzeug.test import Client, EnvironBuilder

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core import pipeline
from mockserver.core.replay import FRAMEWORK_HEADERS, environ_keys
from mockserver.vendors import vendor_classes
from tests.vendors.severa.conftest import envelope


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


Credentials = dict[str, str]

#: per vendor that declares reads: reads that are declared replayable (paths for a tenant's
#: credentials), and the headers a client of that vendor sends
READS: dict[str, tuple[Callable[[Credentials], list[str]], Callable[[Credentials], dict[str, str]]]] = {
    "robaws": (
        lambda _creds: ["/robaws/api/v2/clients?page=0&size=5", "/robaws/api/v2/clients/1"],
        lambda creds: {"Authorization": basic(creds["api_key"], creds["api_secret"])},
    ),
    "workspace": (
        lambda _creds: ["/workspace/api/v1/quotations.json", "/workspace/api/v1/contacts.json?depth=1"],
        lambda creds: {"Authorization": basic("token", creds["token"])},
    ),
    "werkbonapp": (
        lambda creds: [
            f"/werkbonapp/openapi/8/GetWorkorders/?software_token={creds['software_token']}"
            "&status=Alle&update_status=false",
            f"/werkbonapp/openapi/8/GetWorkorder/?software_token={creds['software_token']}"
            "&row_id=1&update_status=false",
            f"/werkbonapp/openapi/8/materials/?software_token={creds['software_token']}",
            f"/werkbonapp/openapi/8/objects/changed/?software_token={creds['software_token']}",
        ],
        lambda creds: {"Authorization": f"Bearer {creds['token']}", "X-Forwarded-Proto": "https"},
    ),
    "flowii": (
        lambda _creds: [
            "/flowii/partners?companyId=1",
            "/flowii/partners/1?companyId=1",
            "/flowii/orders?companyId=1",
        ],
        lambda creds: {"Api-Key": creds["api_key"], "Authorization": f"Bearer {creds['access_token']}"},
    ),
    # SOAP: a POST whose body is the question (``Vendor.replay_bodies``); the key is in the body
    "severa": (
        lambda creds: [
            soap_read(creds, "IAccount", "GetAllAccounts", "<options>None</options><count>10</count>"),
            soap_read(creds, "ICase", "GetAllCases", "<options>None</options><count>5</count>"),
        ],
        lambda _creds: {"Content-Type": "text/xml; charset=utf-8"},
    ),
}


def soap_read(creds: Credentials, contract: str, operation: str, inner: str) -> tuple[str, str, bytes]:
    """A Severa call as WCF clients send it: the SOAPAction rides with the path (``split``)."""
    action = f'"http://soap.severa.com/{contract}/{operation}"'
    return "/severa/webservice/S3/API.svc", action, envelope(operation, inner, creds["api_key"])


def split(read: str | tuple[str, str, bytes], headers: dict[str, str]) -> dict[str, Any]:
    """``EnvironBuilder``/``Client.open`` arguments of a read: a GET path, or a SOAP call."""
    if isinstance(read, str):
        return {"path": read, "method": "GET", "headers": headers}
    path, action, body = read
    return {"path": path, "method": "POST", "data": body, "headers": {**headers, "SOAPAction": action}}


#: settings under which every declared header matters (WerkbonApp reads the proxy's scheme only
#: when the tenant requires https)
SETTINGS = {
    "robaws": {"rate_limit": {"enabled": False}},
    "flowii": {"rate_limit": {"enabled": False}},
    "werkbonapp": {"require_https": True},
}

DECLARED = [(name, header) for name, cls in vendor_classes().items() for header in cls.replay_headers]


def replay_server() -> MockServer:
    return MockServer(Config())


def tenant(app: MockServer, seed: int | None = None) -> dict[str, Any]:
    """The demo tenant, or a new one with ``seed``, with ``SETTINGS`` (Robaws declares reads only
    with its rate limit off: the bucket's header counts down otherwise)."""
    admin = Client(app)
    if seed is None:
        found = admin.get("/_mock/tenants/demo").json
    else:
        found = admin.post("/_mock/tenants", json={"seed": seed}).json
    assert admin.patch(f"/_mock/tenants/{found['id']}/settings", json=SETTINGS).status_code == 200
    return found


def read(
    app: MockServer, vendor: str, number: int = 0, seed: int | None = None
) -> tuple[Any, dict[str, str]]:
    """A declared read of the tenant (demo, or a new one with ``seed``): what ``split`` takes."""
    creds = dict(tenant(app, seed)["credentials"][vendor])
    if vendor == "flowii":  # a Bearer token from the password grant
        form = {"grant_type": "password", "username": creds["username"], "password": creds["password"]}
        granted = Client(app).post("/flowii/token", data=form, headers={"Api-Key": creds["api_key"]})
        creds["access_token"] = granted.json["access_token"]
    paths, headers = READS[vendor]
    return paths(creds)[number], headers(creds)


def journal_replayed(app: MockServer) -> list[bool]:
    """Per read (a FLOWii token request is journalled too), whether it was replayed."""
    return [entry.replayed for entry in app.journal.entries() if "token" not in entry.path]


def test_every_vendor_that_declares_reads_names_its_headers_and_has_reads_here():
    declaring = {name for name, cls in vendor_classes().items() if cls.replay_headers}
    assert declaring == set(READS)


class Recorder(dict):
    """A WSGI environ that notes which request headers (``HTTP_*`` keys) are looked at."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def _note(self, key: object) -> None:
        if isinstance(key, str) and key.startswith("HTTP_"):
            self.read.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        self._note(key)
        return super().__contains__(key)

    def _all(self) -> None:
        self.read.add("*every header*")

    def items(self):
        self._all()
        return super().items()

    def keys(self):
        self._all()
        return super().keys()

    def __iter__(self) -> Iterator:
        self._all()
        return super().__iter__()


@pytest.mark.parametrize(
    ("vendor", "number"),
    [(vendor, n) for vendor, (paths, _headers) in READS.items() for n in range(len(paths(defaultdict(str))))],
)
def test_a_declared_read_looks_only_at_declared_headers(vendor: str, number: int):
    app = replay_server()
    mount = app.gateway.mounts[vendor]
    path, headers = read(app, vendor, number)
    unread = {"X-Request-Id": "trace-1", "User-Agent": "probe/1", "Accept-Encoding": "gzip"}
    sent = {**headers, **unread}
    environ = EnvironBuilder(**split(path, sent)).get_environ()
    assert app.gateway.resolve(environ) is mount
    recorder = Recorder(environ)
    statuses: list[str] = []
    with pipeline.serving(mount.vendor) as context:
        body = b"".join(mount.app(recorder, lambda status, _headers, _exc=None: statuses.append(status)))
    assert statuses and statuses[0].startswith("200"), body[:300]
    assert context.basis is not None, "the read did not declare itself replayable"
    assert recorder.read, "no header was read at all: the recorder does not see the reads"
    allowed = {*environ_keys(mount.vendor.replay_headers), *FRAMEWORK_HEADERS}
    assert recorder.read <= allowed, f"read but not in {vendor}'s replay_headers: {recorder.read - allowed}"


@pytest.mark.parametrize(("vendor", "header"), DECLARED)
def test_another_value_of_a_declared_header_gets_its_own_answer(vendor: str, header: str):
    """The other value is another tenant's (for credentials) or any other text: the application
    computes its answer (not replayed), and the first value still gets the first answer."""
    app = replay_server()
    path, headers = read(app, vendor)
    _path, others = read(app, vendor, seed=7)
    asked = split(path, headers)["headers"]
    value = split(_path, others)["headers"].get(header)
    other = {**asked, header: value if value and value != asked.get(header) else "another-value"}
    assert other[header] != asked.get(header)
    client = Client(app)

    def send(sent: dict[str, str]) -> Any:
        return client.open(**{**split(path, headers), "headers": sent})

    first = send(asked)
    assert send(asked).data == first.data
    answer = send(other)
    assert send(asked).data == first.data
    assert journal_replayed(app) == [False, True, False, True]
    assert first.status_code == 200 and answer.data != first.data


@pytest.mark.parametrize("vendor", sorted(READS))
def test_headers_no_vendor_reads_keep_the_answer_replayed(vendor: str):
    """A trace id per request, another user agent, another compression preference."""
    app = replay_server()
    path, headers = read(app, vendor)
    client = Client(app)
    first = client.open(**split(path, {**headers, "X-Request-Id": "trace-0"}))
    assert first.status_code == 200
    variants = itertools.chain(
        ({"X-Request-Id": f"trace-{n}"} for n in range(1, 4)),
        [{"User-Agent": "other-client/2"}, {"Accept-Encoding": "br"}, {"Accept-Encoding": "gzip, deflate"}],
    )
    answers = [client.open(**split(path, {**headers, **extra})) for extra in variants]
    assert {(a.status_code, a.data) for a in answers} == {(200, first.data)}
    assert journal_replayed(app) == [False] + [True] * 6
