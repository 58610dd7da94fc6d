"""Signed webhooks delivered by real HTTP POSTs to a local listener; retries and suspension on the
mock clock; the admin delivery log."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from tests.receiver import Receiver
from tests.vendors.robaws.in_process import in_process


@pytest.fixture(scope="module")
def mockserver(mockserver):
    """These tests wait for the server's webhook workers: a server of this process."""
    yield from in_process(mockserver)


def register(robaws, url, events):
    answer = robaws.post("/webhook-endpoints", json={"url": url, "events": events})
    assert answer.status_code == 201, answer.text
    return answer.json()


def verify(secret, headers, body):
    parts = dict(item.split("=", 1) for item in headers["Robaws-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]), int(parts["t"])


def test_endpoint_secret_is_shown_once_and_endpoints_can_be_deleted(robaws):
    created = register(robaws, "http://127.0.0.1:9/hooks", ["client.created"])
    assert created["secret"] and created["status"] == "ACTIVE"
    listed = robaws.get("/webhook-endpoints").json()
    assert [e["id"] for e in listed["items"]] == [created["id"]]
    assert (
        "secret" not in listed["items"][0]
        and "secret" not in robaws.get(f"/webhook-endpoints/{created['id']}").json()
    )
    assert robaws.request("DELETE", f"/webhook-endpoints/{created['id']}").status_code == 204
    assert robaws.request("DELETE", f"/webhook-endpoints/{created['id']}").status_code == 404
    bad = robaws.post("/webhook-endpoints", json={"url": "http://x.be/h", "events": ["client.deleted"]})
    assert bad.status_code == 400


def test_only_admin_users_manage_webhook_endpoints(robaws):
    robaws.settings({"permissions": {"webhook_admin": False}})
    assert robaws.get("/webhook-endpoints").status_code == 403
    assert (
        robaws.post(
            "/webhook-endpoints", json={"url": "http://x.be/h", "events": ["client.created"]}
        ).status_code
        == 403
    )


def test_created_client_is_delivered_signed_to_a_real_listener(robaws, dispatcher, mock_admin):
    with Receiver() as receiver:
        endpoint = register(robaws, receiver.url, ["client.created", "client.updated"])
        created = robaws.post("/clients", json={"name": "Webhook BV"}).json()
        assert receiver.wait_for(1), "no delivery arrived"
        headers, body = receiver.calls[0]
        valid, stamp = verify(endpoint["secret"], headers, body)
        assert valid
        clock = mock_admin.call("GET", "/clock")["now"]
        assert abs(stamp - _epoch(clock)) < 120
        event = json.loads(body)
        assert event["event"] == "client.created" and event["data"] == created
        assert len(event["id"]) == 36
        robaws.patch(f"/clients/{created['id']}", {"tel": "09 111 11 11"})
        assert receiver.wait_for(2)
        assert json.loads(receiver.calls[1][1])["event"] == "client.updated"
        assert dispatcher.wait_idle(10)
    log = mock_admin.call("GET", f"/tenants/{robaws.tenant.id}/webhooks/deliveries")["deliveries"]
    assert [(d["event"], d["status"], len(d["attempts"])) for d in log] == [
        ("client.created", "delivered", 1),
        ("client.updated", "delivered", 1),
    ]
    assert log[0]["attempts"][0]["statusCode"] == 200


def test_unsubscribed_events_are_not_sent(robaws, dispatcher, mock_admin):
    with Receiver() as receiver:
        register(robaws, receiver.url, ["article.stock-changed"])
        robaws.patch("/articles/1", {"description": "no stock change"})
        robaws.patch("/clients/1", {"tel": "1"})
        changed = robaws.patch(
            "/articles/1",
            [{"op": "replace", "path": "/availableStock", "value": 3}],
            "application/json-patch+json",
        )
        assert changed.status_code == 200
        assert receiver.wait_for(1)
        assert dispatcher.wait_idle(10)
        assert [json.loads(b)["event"] for _, b in receiver.calls] == ["article.stock-changed"]


def test_failing_listener_is_retried_on_the_clock_then_suspended(robaws, dispatcher, mock_admin):
    robaws.settings({"webhooks": {"retry_schedule_seconds": [30, 120], "suspend_after_failures": 3}})
    with Receiver(500) as receiver:
        endpoint = register(robaws, receiver.url, ["client.created"])
        robaws.post("/clients", json={"name": "Failing BV"})
        assert receiver.wait_for(1)
        assert dispatcher.wait_idle(10)
        mock_admin.advance(29)
        assert dispatcher.wait_idle(10) and len(receiver.calls) == 1  # not due yet
        mock_admin.advance(1)
        assert receiver.wait_for(2)
        assert dispatcher.wait_idle(10)
        mock_admin.advance(120)
        assert receiver.wait_for(3)
        assert dispatcher.wait_idle(10)
        log = mock_admin.call("GET", f"/tenants/{robaws.tenant.id}/webhooks/deliveries")["deliveries"]
        assert [a["statusCode"] for a in log[0]["attempts"]] == [500, 500, 500]
        assert log[0]["status"] == "suspended"
        assert robaws.get(f"/webhook-endpoints/{endpoint['id']}").json()["status"] == "SUSPENDED"
        robaws.post("/clients", json={"name": "Not delivered BV"})
        mock_admin.advance(3600)
        assert dispatcher.wait_idle(10)
        assert len(receiver.calls) == 3
        log = mock_admin.call("GET", f"/tenants/{robaws.tenant.id}/webhooks/deliveries")["deliveries"]
        assert log[-1]["status"] == "suspended" and log[-1]["attempts"] == []
        resumed = mock_admin.call(
            "POST", f"/tenants/{robaws.tenant.id}/robaws/webhook-endpoints/{endpoint['id']}/resume"
        )
        assert resumed["status"] == "ACTIVE"


def test_unreachable_listener_is_logged_with_an_error(robaws, dispatcher, mock_admin):
    robaws.settings({"webhooks": {"retry_schedule_seconds": []}})
    with Receiver() as receiver:
        url = receiver.url
    register(robaws, url, ["client.created"])  # the listener is closed now: connection refused
    robaws.post("/clients", json={"name": "Nobody home BV"})
    assert dispatcher.wait_idle(10)
    delivery = mock_admin.call("GET", f"/tenants/{robaws.tenant.id}/webhooks/deliveries")["deliveries"][0]
    assert delivery["status"] == "failed"
    assert delivery["attempts"][0]["statusCode"] is None and delivery["attempts"][0]["error"]


def _epoch(iso):
    from datetime import datetime

    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def test_the_delivery_log_keeps_only_the_newest_deliveries(robaws, dispatcher, mock_admin):
    robaws.settings({"webhooks": {"delivery_log_size": 3}})
    with Receiver() as receiver:
        register(robaws, receiver.url, ["client.created"])
        names = [robaws.post("/clients", json={"name": f"Logged {i}"}).json()["name"] for i in range(5)]
        assert receiver.wait_for(5)
        assert dispatcher.wait_idle(10)
    log = mock_admin.call("GET", f"/tenants/{robaws.tenant.id}/webhooks/deliveries")["deliveries"]
    assert [json.loads(d["payload"])["data"]["name"] for d in log] == names[2:]
