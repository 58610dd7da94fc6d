"""Webhooks never call the mock's own admin API (``mockserver/core/selfcall.py``): an endpoint URL
that reaches this server's ``/_mock`` is refused when registered, in Robaws' own 422 shape, and
again when a delivery is due; deliveries never carry credentials."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from mockserver.core.webhooks import Endpoint, RetryPolicy
from tests.receiver import Receiver
from tests.vendors.robaws.in_process import in_process


@pytest.fixture(scope="module")
def mockserver(mockserver):
    """These tests wait for the server's webhook workers: a server of this process."""
    yield from in_process(mockserver)


@pytest.fixture
def own(mockserver) -> str:
    """The server's own port: what a webhook must not call back into."""
    return f"{urlsplit(mockserver.url).port}"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/_mock/reset",
        "http://localhost:{port}/_mock/tenants",
        "http://[::1]:{port}/_mock/reset",
        "http://0.0.0.0:{port}/_mock/reset",
        "http://127.0.0.2:{port}/_mock/reset",
        "http://127.0.0.1:{port}/%5Fmock/reset",
        "http://127.0.0.1:{port}/robaws/../_mock/reset",
        "http://user:pw@127.0.0.1:{port}/_MOCK/reset",
    ],
)
def test_an_endpoint_at_the_admin_api_is_refused_in_robaws_shape(robaws, mock_admin, own, url) -> None:
    before = mock_admin.call("GET", "/tenants")["tenants"]
    answer = robaws.post(
        "/webhook-endpoints", json={"url": url.format(port=own), "events": ["client.created"]}
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["status"] == 422 and body["error"] == "Unprocessable Entity" and body["correlationId"]
    assert body["message"].startswith("Validation failed: url: ") and "admin API (/_mock)" in body["message"]
    robaws.post("/clients", json={"name": "No webhook BV"})
    assert mock_admin.call("GET", "/tenants")["tenants"] == before
    assert robaws.get("/webhook-endpoints").json()["items"] == []


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/robaws/hooks", "http://127.0.0.1:9/_mock/reset"])
def test_other_paths_and_ports_stay_allowed(robaws, own, url) -> None:
    answer = robaws.post(
        "/webhook-endpoints", json={"url": url.format(port=own), "events": ["client.created"]}
    )
    assert answer.status_code == 201, answer.text


def test_a_due_delivery_to_the_admin_api_is_refused_too(
    robaws, mockserver, mock_admin, dispatcher, own
) -> None:
    """A name can resolve elsewhere later than at registration: the sender checks again."""
    demo_before = mock_admin.call("GET", "/tenants")["tenants"]
    tenant = mockserver.app.tenants.require(robaws.tenant.id)
    from mockserver.vendors.robaws.events import delivery_log

    with tenant.lock:
        log = delivery_log(tenant)
    endpoint = Endpoint("e1", f"http://localhost:{own}/_mock/reset", "secret")
    delivery = dispatcher.send(log, endpoint, "client.created", "ev1", b"{}", RetryPolicy())
    assert dispatcher.wait_idle(10)
    assert delivery.status == "failed" and delivery.attempts[0].error.startswith("refused: ")
    assert delivery.attempts[0].status_code is None
    assert mock_admin.call("GET", "/tenants")["tenants"] == demo_before


def test_deliveries_carry_no_credentials(robaws, dispatcher) -> None:
    with Receiver() as receiver:
        with_userinfo = receiver.url.replace("http://", "http://admin:s3cret@")
        robaws.post("/webhook-endpoints", json={"url": with_userinfo, "events": ["client.created"]})
        robaws.post("/clients", json={"name": "Webhook BV"})
        assert receiver.wait_for(1)
        headers = {k.lower() for k in receiver.calls[0][0]}
    assert not headers & {"authorization", "cookie", "proxy-authorization"}
    assert "robaws-signature" in headers
