"""With --data-dir, what a client relies on across a restart survives it: Robaws access and refresh
tokens, idempotency keys with their stored answers, webhook endpoints and the delivery log, and
FLOWii tokens. A real server process is stopped and started again on the same directory."""

from __future__ import annotations

import signal
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.e2e.test_cli import start_server

ROBAWS = {"auth": ("DEMOAPIKEY0000000000", "demo-api-secret"), "timeout": 10}
FLOWII_KEY = {"Api-Key": "demo-api-key"}
REDIRECT = "http://127.0.0.1:1/callback"


def oauth_tokens(url: str) -> dict:
    authorize = requests.get(
        url + "/robaws/oauth2/authorize",
        params={"client_id": "demo-client", "redirect_uri": REDIRECT},
        allow_redirects=False,
        timeout=10,
    )
    code = parse_qs(urlsplit(authorize.headers["Location"]).query)["code"][0]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "client_id": "demo-client",
        "client_secret": "demo-client-secret",
    }
    answer = requests.post(url + "/robaws/oauth2/tokens", data=form, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def deliveries(url: str) -> list[dict]:
    return requests.get(url + "/_mock/tenants/demo/webhooks/deliveries", timeout=10).json()["deliveries"]


def first_attempt_logged(url: str) -> list[dict]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        logged = deliveries(url)
        if logged and logged[0]["attempts"]:
            return logged
    raise AssertionError("the delivery was never attempted")


def stop(process, how: signal.Signals) -> None:
    process.send_signal(how)
    process.wait(timeout=15)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_tokens_idempotency_answers_endpoints_and_deliveries_survive_a_restart(tmp_path, how):
    process, url = start_server("--quiet", data_dir=tmp_path)
    try:
        api = url + "/robaws/api/v2"
        requests.patch(
            url + "/_mock/tenants/demo/settings",
            json={"robaws": {"rate_limit": {"enabled": False}}},
            timeout=10,
        )
        issued = oauth_tokens(url)
        endpoint = requests.post(
            api + "/webhook-endpoints",
            json={"url": "http://127.0.0.1:1/hook", "events": ["client.created"]},
            **ROBAWS,
        ).json()
        key = {"Idempotency-Key": "restart-1"}
        created = requests.post(api + "/clients", json={"name": "Once only"}, headers=key, **ROBAWS)
        assert created.status_code == 201
        total = requests.get(api + "/clients", **ROBAWS).json()["totalItems"]
        logged = first_attempt_logged(url)
        flowii = requests.post(
            url + "/flowii/token",
            data={"grant_type": "password", "username": "demo@example.com", "password": "demo-password"},
            headers=FLOWII_KEY,
            timeout=10,
        ).json()["access_token"]
    finally:
        stop(process, how)

    restarted, url = start_server("--quiet", data_dir=tmp_path)
    try:
        api = url + "/robaws/api/v2"
        bearer = {"Authorization": f"Bearer {issued['access_token']}"}
        assert requests.get(api + "/clients?size=1", headers=bearer, timeout=10).status_code == 200
        refresh = {
            "grant_type": "refresh_token",
            "refresh_token": issued["refresh_token"],
            "client_id": "demo-client",
            "client_secret": "demo-client-secret",
        }
        assert requests.post(url + "/robaws/oauth2/tokens", data=refresh, timeout=10).status_code == 200

        retried = requests.post(api + "/clients", json={"name": "Once only"}, headers=key, **ROBAWS)
        assert retried.status_code == 201 and retried.content == created.content
        assert requests.get(api + "/clients", **ROBAWS).json()["totalItems"] == total

        listed = requests.get(api + "/webhook-endpoints", **ROBAWS).json()["items"]
        assert [e["id"] for e in listed] == [endpoint["id"]]
        kept = deliveries(url)
        assert [d["id"] for d in kept] == [logged[0]["id"]]
        assert kept[0]["attempts"][0] == logged[0]["attempts"][0]

        companies = requests.get(
            url + "/flowii/companies", headers={**FLOWII_KEY, "Authorization": f"Bearer {flowii}"}, timeout=10
        )
        assert companies.status_code == 200
    finally:
        stop(restarted, signal.SIGTERM)


def test_a_reset_forgets_the_runtime_state_on_disk(tmp_path):
    process, url = start_server("--quiet", data_dir=tmp_path)
    try:
        issued = oauth_tokens(url)
        requests.post(url + "/_mock/tenants/demo/reset", timeout=10)
    finally:
        stop(process, signal.SIGTERM)
    restarted, url = start_server("--quiet", data_dir=tmp_path)
    try:
        bearer = {"Authorization": f"Bearer {issued['access_token']}"}
        assert requests.get(url + "/robaws/api/v2/clients", headers=bearer, timeout=10).status_code == 401
    finally:
        stop(restarted, signal.SIGTERM)
