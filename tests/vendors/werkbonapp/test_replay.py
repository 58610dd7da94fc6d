"""Replayed reads in WerkbonApp (``core.replay``), through the WSGI test client of the real app: a
read that changes nothing (listings, feeds, work orders read with ``update_status=false``) is
answered again without running the vendor's code until the tenant's data or settings change; a
read that hands work orders off, or runs while progression moves them on the clock, always runs."""

from __future__ import annotations

from typing import Any

from werkzeug.test import Client

from mockserver.app import MockServer
from mockserver.config import Config
from tests.vendors.werkbonapp.conftest import workorder

AUTH = "token=demo-token&software_token=demo-software-token"
ALL_ORDERS = f"/werkbonapp/openapi/8/GetWorkorders/?{AUTH}&status=Alle&update_status=false"


def replayed(app: MockServer) -> list[bool]:
    return [e.replayed for e in app.journal.entries(vendor="werkbonapp")]


def numbers(answer: Any) -> list[str]:
    assert answer.status_code == 200 and answer.json["code"] == 200, answer.data
    return [order["WorkorderNo"] for order in answer.json["response"]]


def test_a_read_that_changes_nothing_is_replayed_until_a_write(app: MockServer, client: Client):
    first = client.get(ALL_ORDERS)
    again = client.get(ALL_ORDERS, headers={"X-Request-Id": "trace-2"})
    assert again.data == first.data
    posted = client.post(f"/werkbonapp/openapi/8/PostWorkorders/?{AUTH}", json=[workorder("REPLAY-1")])
    assert posted.json["code"] == 200
    after = client.get(ALL_ORDERS)
    assert numbers(after) == [*numbers(first), "REPLAY-1"]
    assert client.get(ALL_ORDERS).data == after.data
    assert replayed(app) == [False, True, False, False, True]


def test_a_read_that_hands_orders_off_always_runs(app: MockServer, client: Client):
    handing = f"/werkbonapp/openapi/8/GetWorkorders/?{AUTH}&status=Compleet"
    first = numbers(client.get(handing))
    assert first, "the demo tenant has complete orders to hand off"
    assert numbers(client.get(handing)) == []
    assert replayed(app) == [False, False]


def test_with_progression_on_reads_always_run(app: MockServer, client: Client):
    patched = client.patch(
        "/_mock/tenants/demo/settings",
        json={"werkbonapp": {"progression": {"enabled": True, "after_fetches": 0, "after_seconds": 60}}},
    )
    assert patched.status_code == 200
    client.get(ALL_ORDERS)
    client.get(ALL_ORDERS)
    assert replayed(app) == [False, False]


def test_a_settings_change_is_seen_at_once(client: Client):
    assert client.get(ALL_ORDERS).json["code"] == 200
    assert client.get(ALL_ORDERS).json["code"] == 200
    client.patch("/_mock/tenants/demo/settings", json={"werkbonapp": {"require_https": True}})
    assert client.get(ALL_ORDERS).json["code"] == 1006
    assert client.get(ALL_ORDERS, headers={"X-Forwarded-Proto": "https"}).json["code"] == 200


def test_orders_computed_again_follow_writes_and_the_separator():
    """Replay off: every read runs, rendering each order once per data version."""
    app = MockServer(Config(replay=False))
    client = Client(app)

    def totals() -> list[str]:
        orders = client.get(ALL_ORDERS).json["response"]
        return [m["MaterialTotalPrice"] for order in orders for m in order["Materials"]]

    before = totals()
    assert before and totals() == before and all("." not in t for t in before)
    client.patch("/_mock/tenants/demo/settings", json={"werkbonapp": {"decimal_separator": "."}})
    assert totals() == [t.replace(",", ".") for t in before]
    posted = client.post(f"/werkbonapp/openapi/8/PostWorkorders/?{AUTH}", json=[workorder("FORMS-1")])
    assert posted.json["code"] == 200
    assert numbers(client.get(ALL_ORDERS))[-1] == "FORMS-1"
    assert replayed(app) == [False] * 5
