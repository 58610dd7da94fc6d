"""Every vendor's request walks the one pipeline (``core.pipeline``): authenticate (the vendor's
credential reader) -> bind tenant -> [rate limit] -> [idempotency] -> handler -> finish, seen
through the pipeline's debug hook over the real application; and ``carried`` answers
"do these credentials belong to a tenant?" for every vendor without serving the request."""

from __future__ import annotations

import pytest
from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Request

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core import pipeline
from tests.vendors.test_replay_keys import basic, read, split

ALL = ["authenticate", "bind tenant", "rate limit", "idempotency", "handler", "finish"]
#: the steps a declared read of each vendor runs (rate limits are lifted for these reads)
READ_STEPS = {
    "robaws": ["authenticate", "bind tenant", "handler", "finish"],
    "flowii": ["authenticate", "bind tenant", "handler", "finish"],
    "workspace": ["authenticate", "bind tenant", "handler", "finish"],
    "werkbonapp": ["authenticate", "bind tenant", "handler", "finish"],
    "severa": ["authenticate", "bind tenant", "handler", "finish"],
}


@pytest.fixture
def app() -> MockServer:
    return MockServer(Config(replay=False))


def served(app: MockServer, **request) -> tuple[int, pipeline.RequestContext]:
    with pipeline.watch() as seen:
        status = Client(app).open(**request).status_code
    assert len(seen) == 1
    return status, seen[0]


@pytest.mark.parametrize("vendor", sorted(READ_STEPS))
def test_a_read_of_every_vendor_walks_the_named_steps(app: MockServer, vendor: str):
    path, headers = read(app, vendor)
    status, context = served(app, **split(path, headers))
    assert status == 200
    assert context.steps == READ_STEPS[vendor]
    assert context.tenant is not None and context.tenant.id == "demo"
    assert context.lock is None, "the tenant's lock is released when the request is done"
    assert app.journal.entries()[-1].tenant == "demo"


def test_a_robaws_write_walks_every_step(app: MockServer):
    """Rate limit on (the default), an idempotency key: all six steps, in the design's order."""
    creds = Client(app).get("/_mock/tenants/demo").json["credentials"]["robaws"]
    headers = {"Authorization": basic(creds["api_key"], creds["api_secret"]), "Idempotency-Key": "k-1"}
    request = {"path": "/robaws/api/v2/clients", "method": "POST", "headers": headers}
    status, context = served(app, **request, json={"name": "Pipeline NV"})
    assert status == 201 and context.steps == ALL
    assert context.rate is not None and context.rate.allowed
    again, replayed = served(app, **request, json={"name": "Pipeline NV"})
    # the stored answer, without the handler
    assert again == 201 and replayed.steps == [s for s in ALL if s != "handler"]


@pytest.mark.parametrize(
    ("vendor", "request_"),
    [
        ("robaws", {"path": "/robaws/api/v2/clients", "headers": {"Authorization": basic("x", "y")}}),
        ("flowii", {"path": "/flowii/partners?companyId=1", "headers": {"Api-Key": "nobody"}}),
        (
            "workspace",
            {"path": "/workspace/api/v1/quotations.json", "headers": {"Authorization": basic("token", "x")}},
        ),
        ("werkbonapp", {"path": "/werkbonapp/openapi/8/GetWorkorders/?token=x&software_token=y"}),
    ],
)
def test_a_stranger_stops_at_authenticate(app: MockServer, vendor: str, request_: dict):
    status, context = served(app, **request_)
    assert status in (200, 401)  # WerkbonApp answers its errors with HTTP 200
    assert context.steps == ["authenticate", "finish"] and context.tenant is None


def test_a_severa_stranger_stops_at_authenticate(app: MockServer):
    path, headers = read(app, "severa")
    url, action, body = path
    status, context = served(app, **split((url, action, body.replace(b"demo-api-key", b"nobody")), headers))
    assert status == 500 and context.steps == ["authenticate"] and context.tenant is None


@pytest.mark.parametrize("vendor", sorted(READ_STEPS))
def test_carried_names_the_owner_of_the_credentials_or_none(app: MockServer, vendor: str):
    path, headers = read(app, vendor)
    before = len(app.journal.entries())  # FLOWii's read needed a token
    vendor_ = app.vendors[vendor]
    environ = EnvironBuilder(**split(path, headers)).get_environ()
    body = environ["wsgi.input"].read()
    environ["wsgi.input"].seek(0)
    context = pipeline.RequestContext(vendor_)
    assert pipeline.carried(vendor_, Request(environ), context) is pipeline.Carried.TENANT
    assert context.found is not None and context.found.tenant.id == "demo"
    assert environ["wsgi.input"].read() == body, "the body is left for the vendor or the upstream"
    stranger = {
        k: basic("token", "nobody") if v.startswith("Basic ") else v.replace("demo", "nobody")
        for k, v in headers.items()
    }
    if vendor == "severa":
        url, action, body = path
        path = (url, action, body.replace(b"demo-api-key", b"nobody"))
    elif vendor == "werkbonapp":
        path = path.replace("software_token=demo", "software_token=nobody")
    request = Request(EnvironBuilder(**split(path, stranger)).get_environ())
    context = pipeline.RequestContext(vendor_)
    assert pipeline.carried(vendor_, request, context) is pipeline.Carried.UNKNOWN
    assert context.found is None
    assert len(app.journal.entries()) == before, "asking about credentials serves nothing"
