"""The edges of "whose credentials are these?" for each vendor, seen from outside. With an
``--upstream`` for every vendor (a closed local port, so a forwarded request is the vendor's 502):
a tenant's credentials with a wrong secret (or an otherwise refused call of a tenant) are answered
by the mock with the vendor's own refusal, never forwarded; credentials no tenant knows are
forwarded whatever else is wrong with the call. The same credential reader answers both the
upstream's question and the authenticate step (``core.pipeline.carried``), so ``carried`` is
checked here too, against what the client saw."""

from __future__ import annotations

import base64

import pytest
from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Request

from mockserver.app import MockServer
from mockserver.core import pipeline
from tests.e2e.upstream_setup import BASES, closed_upstream_server, soap_envelope

WORK_TYPES = '"http://soap.severa.com/IWorkType/GetAllWorkTypes"'


def _basic(user: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()}


def _soap(key: str, action: str = WORK_TYPES, content_type: str = "text/xml; charset=utf-8") -> dict:
    headers = {"Content-Type": content_type, "SOAPAction": action}
    return {"method": "POST", "data": soap_envelope("GetAllWorkTypes", key), "headers": headers}


#: a tenant's credentials, refused by the mock: (vendor, request, status, a part of the body)
REFUSED = {
    "robaws wrong secret": (
        "robaws",
        {"path": "/clients", "headers": _basic("DEMOAPIKEY0000000000", "wrong")},
        401,
        b"",
    ),
    "robaws an OAuth client's Basic credentials on the API": (
        "robaws",
        {"path": "/clients", "headers": _basic("demo-client", "wrong")},
        401,
        b"",
    ),
    "werkbonapp wrong software token": (
        "werkbonapp",
        {"path": "/GetWorkorders/", "query_string": {"token": "demo-token", "software_token": "wrong"}},
        200,
        b'"code":1005',
    ),
    "werkbonapp no software token": (
        "werkbonapp",
        {"path": "/GetWorkorders/", "query_string": {"token": "demo-token"}},
        200,
        b'"code":1003',
    ),
    "flowii a tenant's key with a wrong token": (
        "flowii",
        {"path": "/partners", "headers": {"Api-Key": "demo-api-key", "Authorization": "Bearer wrong"}},
        401,
        b"The access token is invalid",
    ),
    "workspace a tenant's token with a wrong user name": (
        "workspace",
        {"path": "/quotations.json", "headers": _basic("someone", "demo-token")},
        401,
        b'use the user name \\"token\\"',
    ),
    "severa a tenant's key with an unknown action": (
        "severa",
        _soap("demo-api-key", action='"http://soap.severa.com/INothing/Nothing"'),
        500,
        b"ActionNotSupported",
    ),
}

#: credentials no tenant knows, on a call the mock would refuse for another reason too
FOREIGN = {
    "robaws an unknown key": ("robaws", {"path": "/clients", "headers": _basic("SOMEONEELSE0", "x")}),
    "werkbonapp an unknown token without a software token": (
        "werkbonapp",
        {"path": "/GetWorkorders/", "query_string": {"token": "someone-else"}},
    ),
    "flowii an unknown key on the token endpoint": (
        "flowii",
        {"path": "/token", "method": "POST", "headers": {"Api-Key": "someone-else"}},
    ),
    "workspace an unknown token with a wrong user name": (
        "workspace",
        {"path": "/quotations.json", "headers": _basic("someone", "someone-else")},
    ),
    "severa an unknown key with a media type the mock refuses": (
        "severa",
        _soap("someone-else", content_type="application/soap+xml"),
    ),
    "severa an unknown key on an operation that needs none": (
        "severa",
        {
            "method": "POST",
            "data": soap_envelope("GetVersion", "someone-else"),
            "headers": {
                "Content-Type": "text/xml; charset=utf-8",
                "SOAPAction": '"http://soap.severa.com/IAPI/GetVersion"',
            },
        },
    ),
}


@pytest.fixture(scope="module")
def app() -> MockServer:
    return closed_upstream_server()


def _open(app: MockServer, vendor: str, request: dict):
    request = {**request, "path": BASES[vendor] + request.get("path", "")}
    return Client(app).open(**request), app.journal.entries(vendor=vendor)[-1]


def _carried(app: MockServer, vendor: str, request: dict) -> pipeline.Carried:
    vendor_ = app.vendors[vendor]
    environ = EnvironBuilder(**{**request, "path": vendor_.base_path + request.get("path", "")}).get_environ()
    return pipeline.carried(vendor_, Request(environ))


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_tenants_refused_credentials_are_answered_by_the_mock(app: MockServer, case: str):
    vendor, request, status, shown = REFUSED[case]
    answer, entry = _open(app, vendor, request)
    assert entry.upstream is False
    assert answer.status_code == status and shown in answer.data
    assert _carried(app, vendor, request) is pipeline.Carried.TENANT


@pytest.mark.parametrize("case", list(FOREIGN))
def test_credentials_no_tenant_knows_are_forwarded(app: MockServer, case: str):
    vendor, request = FOREIGN[case]
    answer, entry = _open(app, vendor, request)
    assert entry.upstream is True and answer.status_code == 502
    assert _carried(app, vendor, request) is pipeline.Carried.UNKNOWN


def test_a_tenants_refresh_token_as_a_bearer_is_the_mocks_401(app: MockServer):
    """Robaws: a token a tenant's book holds is the tenant's, even where it does not serve (a
    refresh token as the bearer): the mock refuses it. (An expired access token is forgotten at
    expiry, so it is no tenant's any more: forwarded, as a token the real Robaws issued.)"""
    client = Client(app)
    query = {"client_id": "demo-client", "redirect_uri": "http://127.0.0.1:1/cb", "response_type": "code"}
    location = client.get("/robaws/oauth2/authorize", query_string=query).headers["Location"]
    code = location.split("code=", 1)[1].split("&", 1)[0]
    creds = client.get("/_mock/tenants/demo").json["credentials"]["robaws"]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": query["redirect_uri"]}
    form |= {"client_id": creds["client_id"], "client_secret": creds["client_secret"]}
    tokens = client.post("/robaws/oauth2/tokens", data=form).json
    access = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get("/robaws/api/v2/clients", headers=access).status_code == 200
    bearer = {"Authorization": f"Bearer {tokens['refresh_token']}"}
    answer, entry = _open(app, "robaws", {"path": "/clients", "headers": bearer})
    assert entry.upstream is False and answer.status_code == 401
    assert "invalid_token" in answer.headers["WWW-Authenticate"]


@pytest.mark.parametrize("vendor", list(BASES))
def test_no_credentials_are_carried_as_none(app: MockServer, vendor: str):
    request = {
        "robaws": {"path": "/clients"},
        "werkbonapp": {"path": "/GetWorkorders/"},
        "flowii": {"path": "/partners"},
        "workspace": {"path": "/quotations.json"},
        "severa": _soap(""),
    }[vendor]
    assert _carried(app, vendor, request) is pipeline.Carried.NONE
