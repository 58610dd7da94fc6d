"""core.webhooks: real POSTs from background workers, signing hook, retries on the mock clock,
suspension and the delivery log."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mockserver.core.clock import Clock
from mockserver.core.webhooks import DeliveryLog, Endpoint, RetryPolicy, WebhookDispatcher, post


class Listener:
    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.seen: list[tuple[dict[str, str], bytes]] = []
        self.changed = threading.Condition()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = outer.statuses[min(len(outer.seen), len(outer.statuses) - 1)]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                with outer.changed:
                    outer.seen.append((dict(self.headers.items()), body))
                    outer.changed.notify_all()

            def log_message(self, *_a: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/in"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: len(self.seen) >= count, 10)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


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
    listener = Listener([204])
    try:
        log = DeliveryLog(owner="t1")
        endpoint = Endpoint("e1", listener.url, "s3cret")
        dispatcher.send(log, endpoint, "thing.created", "ev1", b'{"a":1}', RetryPolicy())
        assert listener.wait_for(1)
        assert dispatcher.wait_idle(10)
        headers, body = listener.seen[0]
        assert body == b'{"a":1}' and headers["X-Sig"] == "s3cret:1700000000:7"
        assert headers["Content-Type"] == "application/json"
        [entry] = log.entries()
        assert entry["status"] == "delivered" and entry["attempts"][0]["statusCode"] == 204
    finally:
        listener.close()


def test_retries_follow_the_clock_and_suspend(dispatcher, clock):
    listener = Listener([503])
    suspended = []
    dispatcher.on_suspend = lambda log, endpoint_id: suspended.append((log.owner, endpoint_id))
    try:
        log = DeliveryLog(owner="t1")
        policy = RetryPolicy(schedule=(5.0, 50.0), suspend_after=3)
        dispatcher.send(log, Endpoint("e1", listener.url, "s"), "x", "ev", b"{}", policy)
        assert listener.wait_for(1) and dispatcher.wait_idle(10)
        assert log.entries()[0]["status"] == "retrying"
        clock.advance(4)
        assert dispatcher.wait_idle(10) and len(listener.seen) == 1
        clock.advance(1)
        assert listener.wait_for(2) and dispatcher.wait_idle(10)
        clock.advance(50)
        assert listener.wait_for(3) and dispatcher.wait_idle(10)
        assert suspended == [("t1", "e1")]
        assert log.is_suspended("e1") and log.entries()[0]["status"] == "suspended"
        dispatcher.send(log, Endpoint("e1", listener.url, "s"), "x", "ev2", b"{}", policy)
        assert dispatcher.wait_idle(10) and len(listener.seen) == 3
        log.resume("e1")
        assert not log.is_suspended("e1")
    finally:
        listener.close()


def test_exhausted_retries_fail_without_suspending(dispatcher, clock):
    listener = Listener([500, 500, 200])
    try:
        log = DeliveryLog()
        dispatcher.send(log, Endpoint("e", listener.url, "s"), "x", "ev", b"{}", RetryPolicy((1.0,), 10))
        assert listener.wait_for(1) and dispatcher.wait_idle(10)
        clock.advance(1)
        assert listener.wait_for(2) and dispatcher.wait_idle(10)
        assert log.entries()[0]["status"] == "failed" and not log.is_suspended("e")
    finally:
        listener.close()


def test_post_reports_unreachable_and_unsupported_urls():
    status, error = post("ftp://example.com/x", b"", {})
    assert status is None and "unsupported" in error
    listener = Listener([200])
    url = listener.url
    listener.close()
    status, error = post(url, b"{}", {})
    assert status is None and error


def test_closed_dispatcher_drops_new_work(dispatcher):
    dispatcher.close()
    log = DeliveryLog()
    dispatcher.send(log, Endpoint("e", "http://127.0.0.1:9/", "s"), "x", "ev", b"{}", RetryPolicy())
    assert dispatcher.wait_idle(1)
