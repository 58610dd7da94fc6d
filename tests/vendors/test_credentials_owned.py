"""Whose credentials a request carries (the vendor's one credential reader, asked through
``core.pipeline.carried``), seen from outside: with an ``--upstream`` for every vendor (a closed
local port, so a forwarded request is the vendor's 502), a tenant's credentials are answered by
the mock, a request without credentials gets the mock's own refusal, and credentials no tenant
owns are forwarded - in each vendor's own scheme."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest
from werkzeug.test import Client

from mockserver.app import MockServer
from tests.e2e.upstream_setup import BASES, closed_upstream_server, soap_envelope

DEMO = {
    "robaws": {"api_key": "DEMOAPIKEY0000000000", "api_secret": "demo-api-secret"},
    "werkbonapp": {"token": "demo-token", "software_token": "demo-software-token"},
    "flowii": {"api_key": "demo-api-key"},
    "workspace": {"token": "demo-token"},
    "severa": {"api_key": "demo-api-key"},
}
FOREIGN = {
    "robaws": {"api_key": "SOMEONEELSE000000000", "api_secret": "x"},
    "werkbonapp": {"token": "someone-else", "software_token": "x"},
    "flowii": {"api_key": "someone-else"},
    "workspace": {"token": "someone-else"},
    "severa": {"api_key": "someone-else"},
}


def _basic(user: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()}


def _call(client: Client, vendor: str, creds: dict[str, str] | None):
    base = BASES[vendor]
    if vendor == "robaws":
        return client.get(
            base + "/clients", headers=_basic(creds["api_key"], creds["api_secret"]) if creds else {}
        )
    if vendor == "werkbonapp":
        return client.get(base + "/GetWorkorders/", query_string=creds or {})
    if vendor == "flowii":
        return client.get(base + "/partners", headers={"Api-Key": creds["api_key"]} if creds else {})
    if vendor == "workspace":
        return client.get(base + "/quotations.json", headers=_basic("token", creds["token"]) if creds else {})
    headers = {
        "Content-Type": "text/xml; charset=utf-8",
        "SOAPAction": '"http://soap.severa.com/IWorkType/GetAllWorkTypes"',
    }
    body = (
        soap_envelope("GetAllWorkTypes", creds["api_key"]) if creds else soap_envelope("GetAllWorkTypes", "")
    )
    return client.post(base, data=body, headers=headers)


@pytest.fixture(scope="module")
def app() -> MockServer:
    return closed_upstream_server()


@pytest.mark.parametrize("vendor", list(BASES))
@pytest.mark.parametrize(
    ("who", "forwarded"),
    [(DEMO.get, False), (lambda _v: None, False), (FOREIGN.get, True)],
    ids=["tenant", "none", "foreign"],
)
def test_whose_credentials(app: MockServer, vendor: str, who: Callable, forwarded: bool):
    answer = _call(Client(app), vendor, who(vendor))
    entry = app.journal.entries(vendor=vendor)[-1]
    assert entry.upstream is forwarded
    assert (answer.status_code == 502) is forwarded, answer.data


def test_robaws_oauth_client_and_bearer_tokens(app: MockServer):
    client = Client(app)
    client.get(
        "/robaws/oauth2/authorize", query_string={"client_id": "demo-client", "redirect_uri": "http://x/cb"}
    )
    assert app.journal.entries(vendor="robaws")[-1].upstream is False
    client.get(
        "/robaws/oauth2/authorize", query_string={"client_id": "someone-else", "redirect_uri": "http://x/cb"}
    )
    assert app.journal.entries(vendor="robaws")[-1].upstream is True
    client.post("/robaws/oauth2/tokens", data={"client_id": "demo-client", "grant_type": "refresh_token"})
    assert app.journal.entries(vendor="robaws")[-1].upstream is False
    client.get("/robaws/api/v2/clients", headers={"Authorization": "Bearer issued-by-the-real-robaws"})
    assert app.journal.entries(vendor="robaws")[-1].upstream is True
