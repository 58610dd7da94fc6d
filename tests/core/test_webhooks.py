"""core.webhooks: real POSTs from background workers, signing hook, retries on the mock clock,
suspension and the delivery log."""

from __future__ import annotations

import pytest

from mockserver.core.clock import Clock
from mockserver.core.webhooks import DeliveryLog, Endpoint, RetryPolicy, WebhookDispatcher, post
from tests.receiver import Receiver


@pytest.fixture
def clock():
    return Clock(wall=lambda: 1_700_000_000.0)


@pytest.fixture
def dispatcher(clock):
    def sign(endpoint, body, stamp):
        return {"X-Sig": f"{endpoint.secret}:{stamp}:{len(body)}"}

    made = WebhookDispatcher("test", clock, sign)
    yield made
    made.close()


def test_delivers_with_the_signing_hook(dispatcher):
    with Receiver(204) as listener:
        log = DeliveryLog(owner="t1")
        endpoint = Endpoint("e1", listener.url, "s3cret")
        dispatcher.send(log, endpoint, "thing.created", "ev1", b'{"a":1}', RetryPolicy())
        assert listener.wait_for(1)
        assert dispatcher.wait_idle(10)
        headers, body = listener.calls[0]
        assert body == b'{"a":1}' and headers["X-Sig"] == "s3cret:1700000000:7"
        assert headers["Content-Type"] == "application/json"
        [entry] = log.entries()
        assert entry["status"] == "delivered" and entry["attempts"][0]["statusCode"] == 204


def test_retries_follow_the_clock_and_suspend(dispatcher, clock):
    suspended = []
    dispatcher.on_suspend = lambda log, endpoint_id: suspended.append((log.owner, endpoint_id))
    with Receiver(503) as listener:
        log = DeliveryLog(owner="t1")
        policy = RetryPolicy(schedule=(5.0, 50.0), suspend_after=3)
        dispatcher.send(log, Endpoint("e1", listener.url, "s"), "x", "ev", b"{}", policy)
        assert listener.wait_for(1) and dispatcher.wait_idle(10)
        assert log.entries()[0]["status"] == "retrying"
        clock.advance(4)
        assert dispatcher.wait_idle(10) and len(listener.calls) == 1
        clock.advance(1)
        assert listener.wait_for(2) and dispatcher.wait_idle(10)
        clock.advance(50)
        assert listener.wait_for(3) and dispatcher.wait_idle(10)
        assert suspended == [("t1", "e1")]
        assert log.is_suspended("e1") and log.entries()[0]["status"] == "suspended"
        dispatcher.send(log, Endpoint("e1", listener.url, "s"), "x", "ev2", b"{}", policy)
        assert dispatcher.wait_idle(10) and len(listener.calls) == 3
        log.resume("e1")
        assert not log.is_suspended("e1")


def test_exhausted_retries_fail_without_suspending(dispatcher, clock):
    with Receiver(500, 500, 200) as listener:
        log = DeliveryLog()
        dispatcher.send(log, Endpoint("e", listener.url, "s"), "x", "ev", b"{}", RetryPolicy((1.0,), 10))
        assert listener.wait_for(1) and dispatcher.wait_idle(10)
        clock.advance(1)
        assert listener.wait_for(2) and dispatcher.wait_idle(10)
        assert log.entries()[0]["status"] == "failed" and not log.is_suspended("e")


def test_post_reports_unreachable_and_unsupported_urls():
    status, error = post("ftp://example.com/x", b"", {})
    assert status is None and "unsupported" in error
    with Receiver() as listener:
        url = listener.url
    status, error = post(url, b"{}", {})
    assert status is None and error


def test_closed_dispatcher_drops_new_work(dispatcher):
    dispatcher.close()
    log = DeliveryLog()
    dispatcher.send(log, Endpoint("e", "http://127.0.0.1:9/", "s"), "x", "ev", b"{}", RetryPolicy())
    assert dispatcher.wait_idle(1)
