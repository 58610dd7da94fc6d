"""A tenant's credentials with a wrong secret are the mock's to refuse, never the real vendor's: over
real sockets, a second mockserver process stands in for the real vendors (as in
``test_upstream``), and each vendor's refused call must get the mock's own answer while nothing
reaches the stand-in."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import requests

from mockserver.client import AdminClient
from tests.e2e.upstream_setup import BASES, SERVICE_NS, soap_envelope, start, stop, upstream_args


@pytest.fixture(scope="module")
def sides() -> Iterator[dict[str, str]]:
    stand_in, stand_in_url = start()
    try:
        mock, mock_url = start(*upstream_args(stand_in_url))
        try:
            yield {"stand_in": stand_in_url, "mock": mock_url}
        finally:
            stop(mock)
    finally:
        stop(stand_in)


def _robaws(url: str, creds: dict) -> requests.Response:
    return requests.get(url + "/clients", auth=(creds["api_key"], "wrong"), timeout=30)


def _werkbonapp(url: str, creds: dict) -> requests.Response:
    params = {"token": creds["token"], "software_token": "wrong"}
    return requests.get(url + "/GetWorkorders/", params=params, timeout=30)


def _flowii(url: str, creds: dict) -> requests.Response:
    form = {"grant_type": "password", "username": creds["username"], "password": "wrong"}
    return requests.post(url + "/token", data=form, headers={"Api-Key": creds["api_key"]}, timeout=30)


def _workspace(url: str, creds: dict) -> requests.Response:
    return requests.get(url + "/quotations.json", auth=("not-token", creds["token"]), timeout=30)


def _severa(url: str, creds: dict) -> requests.Response:
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{SERVICE_NS}INothing/Nothing"'}
    body = soap_envelope("GetAllWorkTypes", creds["api_key"])
    return requests.post(url, data=body, headers=headers, timeout=30)


#: per vendor: a call with the demo tenant's credentials and a wrong secret (or a call the mock
#: refuses otherwise), and what the mock's own refusal looks like (status, a part of the body)
CALLS: dict[str, tuple[Callable[[str, dict], requests.Response], int, bytes]] = {
    "robaws": (_robaws, 401, b""),
    "werkbonapp": (_werkbonapp, 200, b'"code":1005'),
    "flowii": (_flowii, 400, b"invalid_grant"),
    "workspace": (_workspace, 401, b"use the user name"),
    "severa": (_severa, 500, b"ActionNotSupported"),
}


@pytest.mark.parametrize("vendor", list(CALLS))
def test_a_tenants_key_with_a_wrong_secret_is_answered_by_the_mock(sides: dict[str, str], vendor: str):
    call, status, shown = CALLS[vendor]
    mock = AdminClient(sides["mock"])
    creds = mock.call("GET", "/tenants/demo")["credentials"][vendor]
    answer = call(sides["mock"] + BASES[vendor], creds)
    assert answer.status_code == status and shown in answer.content, answer.content
    entry = mock.journal(vendor=vendor)[-1]
    assert entry["upstream"] is False and entry["tenant"] in (None, "demo")
    assert AdminClient(sides["stand_in"]).journal(vendor=vendor) == [], "nothing reached the upstream"
