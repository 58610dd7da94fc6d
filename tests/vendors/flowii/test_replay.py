"""Replayed reads in FLOWii (``core.replay``), through the WSGI test client of the real app: with
the rate limit off, a repeated list or record read is answered from the kept bytes while the data
is unchanged and the caller's Bearer token lives; the moment the token expires on the mock clock,
the same request is refused again. With the rate limit on (the default), every call is counted,
so every read runs."""

from __future__ import annotations

from typing import Any

from werkzeug.test import Client

from mockserver.app import MockServer

API_KEY = "demo-api-key"
PARTNERS = "/flowii/partners?companyId=1"
JSONAPI = "application/vnd.api+json"


def token(client: Client) -> dict[str, str]:
    form = {"grant_type": "password", "username": "demo@example.com", "password": "demo-password"}
    granted = client.post("/flowii/token", data=form, headers={"Api-Key": API_KEY})
    assert granted.status_code == 200, granted.data
    return {"Api-Key": API_KEY, "Authorization": f"Bearer {granted.json['access_token']}"}


def unlimited(client: Client) -> None:
    patched = client.patch(
        "/_mock/tenants/demo/settings", json={"flowii": {"rate_limit": {"enabled": False}}}
    )
    assert patched.status_code == 200


def replayed(app: MockServer) -> list[bool]:
    return [e.replayed for e in app.journal.entries(vendor="flowii") if e.method == "GET"]


def test_a_repeated_read_is_replayed_until_a_write(app: MockServer, client: Client):
    unlimited(client)
    headers = token(client)
    first = client.get(PARTNERS, headers=headers)
    assert first.status_code == 200 and first.mimetype == JSONAPI
    assert client.get(PARTNERS, headers={**headers, "X-Request-Id": "trace-1"}).data == first.data
    record = client.get("/flowii/partners/1?companyId=1", headers=headers)
    assert client.get("/flowii/partners/1?companyId=1", headers=headers).data == record.data
    body: dict[str, Any] = {"data": {"type": "partner", "attributes": {"name": "Replay s.r.o."}}}
    created = client.post(PARTNERS, json=body, headers={**headers, "Content-Type": JSONAPI})
    assert created.status_code == 201, created.data
    after = client.get(PARTNERS + "&page[size]=100", headers=headers).json
    assert "Replay s.r.o." in [p["attributes"]["name"] for p in after["data"]]
    assert replayed(app) == [False, True, False, True, False]


def test_an_expired_token_is_refused_not_replayed(app: MockServer, client: Client):
    unlimited(client)
    headers = token(client)
    assert client.get(PARTNERS, headers=headers).status_code == 200
    assert client.get(PARTNERS, headers=headers).status_code == 200
    advanced = client.post("/_mock/clock/advance", json={"seconds": 601})
    assert advanced.status_code == 200
    refused = client.get(PARTNERS, headers=headers)
    assert refused.status_code == 401 and b"expired" in refused.data
    assert client.get(PARTNERS, headers=token(client)).status_code == 200
    assert replayed(app) == [False, True, False, False]


def test_with_the_rate_limit_on_every_read_runs(app: MockServer, client: Client):
    headers = token(client)
    for _ in range(3):
        assert client.get(PARTNERS, headers=headers).status_code == 200
    assert replayed(app) == [False, False, False]
