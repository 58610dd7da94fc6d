"""Outbound webhooks: real HTTP POSTs from background workers, signed, retried on the mock clock.

A vendor hands ``WebhookDispatcher.send`` an endpoint (url, secret), an event and its JSON body;
the request that caused the event returns at once, because sending is only an enqueue. Workers
POST with short timeouts (2 s connect, 2 s read) through the standard library. A failed attempt is
retried after the next delay of the policy's schedule, measured on the mock clock (so a test moves
time instead of waiting); an endpoint that fails ``suspend_after`` attempts in a row is suspended
and receives nothing more. Every delivery and its attempts are kept in the tenant's
``DeliveryLog`` (served by the admin API at ``/_mock/tenants/{id}/webhooks/deliveries``).

What differs between vendors is only how a body is signed: the vendor passes a ``sign`` hook.
"""

from __future__ import annotations

import http.client
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mockserver.core.clock import Clock, iso_utc

if TYPE_CHECKING:
    from mockserver.core.state import DurableMap

log = logging.getLogger("mockserver.webhooks")

CONNECT_TIMEOUT = 2.0
READ_TIMEOUT = 2.0
#: headers that would carry credentials: never sent with a delivery
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})

#: sign(endpoint, body, unix seconds) -> headers to add to the POST
Signer = Callable[["Endpoint", bytes, int], dict[str, str]]


@dataclass(frozen=True)
class Endpoint:
    """Where to deliver: a snapshot of the vendor's endpoint record taken when the event happened."""

    id: str
    url: str
    secret: str


@dataclass(frozen=True)
class RetryPolicy:
    #: delays (seconds, mock clock) before the 2nd, 3rd, ... attempt; its length is the retry count
    schedule: tuple[float, ...] = (10.0, 60.0, 300.0, 1800.0, 7200.0)
    #: consecutive failed attempts (over all of an endpoint's deliveries) that suspend the endpoint
    suspend_after: int = 6


@dataclass
class Attempt:
    number: int
    at: str
    status_code: int | None = None
    error: str | None = None
    duration_ms: float | None = None
    #: the headers the vendor's signer added to this attempt (a receiver checks these)
    signature: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "at": self.at,
            "statusCode": self.status_code,
            "error": self.error,
            "durationMs": self.duration_ms,
            "signature": self.signature,
        }


@dataclass
class Delivery:
    id: str
    vendor: str
    endpoint: Endpoint
    event_id: str
    event: str
    body: bytes
    policy: RetryPolicy
    created_at: str
    #: pending (queued or in flight) | retrying | delivered | failed | suspended
    status: str = "pending"
    attempts: list[Attempt] = field(default_factory=list)
    next_attempt_at: str | None = None
    log: DeliveryLog | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "vendor": self.vendor,
            "endpointId": self.endpoint.id,
            "url": self.endpoint.url,
            "eventId": self.event_id,
            "event": self.event,
            "status": self.status,
            "createdAt": self.created_at,
            "nextAttemptAt": self.next_attempt_at,
            "attempts": [a.as_json() for a in self.attempts],
            "payload": self.body.decode("utf-8", errors="replace"),
        }


class DeliveryLog:
    """One tenant's deliveries (at most ``limit``, oldest dropped first) and its endpoints' failure
    streaks.

    Kept in the tenant's runtime state, so resetting or deleting the tenant forgets it. The log
    shows each delivery as last saved (when queued and after each attempt), never half an attempt.
    Given a ``DurableMap`` (``core.state``), what it shows is written through to it and read back
    on start, so the log survives a restart with ``--data-dir``; a delivery still due for a retry
    at shutdown is shown as it was, not retried. Failure streaks are not persisted.
    """

    def __init__(self, owner: str | None = None, limit: int = 500, table: DurableMap | None = None) -> None:
        #: whose log this is (a tenant id), for the vendor's suspension callback
        self.owner = owner
        self.limit = limit
        self._lock = threading.Lock()
        self._table = table
        #: delivery id -> its JSON as last saved, oldest first
        self._deliveries: dict[str, dict[str, Any]] = dict(table.items()) if table else {}
        self._failures: dict[str, int] = {}
        self._suspended: set[str] = set()

    def add(self, delivery: Delivery) -> None:
        with self._lock:
            self._write(delivery)
            while len(self._deliveries) > max(1, self.limit):
                oldest = next(iter(self._deliveries))
                del self._deliveries[oldest]
                if self._table is not None:
                    self._table.pop(oldest)

    def save(self, delivery: Delivery) -> None:
        """Write ``delivery``'s current state through (after an attempt changed it)."""
        with self._lock:
            if delivery.id in self._deliveries:  # not dropped from the log since
                self._write(delivery)

    def _write(self, delivery: Delivery) -> None:
        shown = self._deliveries[delivery.id] = delivery.as_json()
        if self._table is not None:
            self._table.put(delivery.id, shown)

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._deliveries.values())

    def is_suspended(self, endpoint_id: str) -> bool:
        with self._lock:
            return endpoint_id in self._suspended

    def resume(self, endpoint_id: str) -> None:
        with self._lock:
            self._suspended.discard(endpoint_id)
            self._failures.pop(endpoint_id, None)

    def _record(self, endpoint_id: str, ok: bool, suspend_after: int) -> bool:
        """Count an attempt's outcome; True when this failure suspends the endpoint."""
        with self._lock:
            if ok:
                self._failures.pop(endpoint_id, None)
                return False
            streak = self._failures[endpoint_id] = self._failures.get(endpoint_id, 0) + 1
            if streak >= suspend_after and endpoint_id not in self._suspended:
                self._suspended.add(endpoint_id)
                return True
            return False


class WebhookDispatcher:
    """Background senders for one vendor. Start is lazy (first ``send``); ``close`` stops them."""

    def __init__(self, vendor: str, clock: Clock, sign: Signer, workers: int = 2) -> None:
        self.vendor = vendor
        self.clock = clock
        self.sign = sign
        self.workers = workers
        self._queue: queue.Queue[Delivery | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._busy = 0  # queued + in flight
        self._closed = False
        #: called with (delivery log, endpoint id) when an endpoint gets suspended
        self.on_suspend: Callable[[DeliveryLog, str], None] | None = None
        #: why a URL must not be called (``core.selfcall.admin_target``), checked again at every
        #: attempt since a name can resolve differently than when it was registered
        self.refuse: Callable[[str], str | None] | None = None

    # -- producing ---------------------------------------------------------------------------------
    def send(
        self,
        log_: DeliveryLog,
        endpoint: Endpoint,
        event: str,
        event_id: str,
        body: bytes,
        policy: RetryPolicy,
    ) -> Delivery:
        """Queue a delivery and return at once (never blocks on the network)."""
        delivery = Delivery(
            id=str(uuid.uuid4()),
            vendor=self.vendor,
            endpoint=endpoint,
            event_id=event_id,
            event=event,
            body=body,
            policy=policy,
            created_at=iso_utc(self.clock.now()),
            log=log_,
        )
        log_.add(delivery)
        if log_.is_suspended(endpoint.id):
            delivery.status = "suspended"
            log_.save(delivery)
            return delivery
        self._enqueue(delivery)
        return delivery

    def _enqueue(self, delivery: Delivery) -> None:
        with self._lock:
            if self._closed:
                return
            self._busy += 1
            if not self._threads:
                for number in range(self.workers):
                    thread = threading.Thread(
                        target=self._work, name=f"webhooks-{self.vendor}-{number}", daemon=True
                    )
                    thread.start()
                    self._threads.append(thread)
        delivery.status = "pending"
        delivery.next_attempt_at = None
        self._queue.put(delivery)

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is queued or in flight (scheduled retries do not count), or timeout."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def close(self) -> None:
        with self._lock:
            self._closed = True
            threads, self._threads = self._threads, []
        for _ in threads:
            self._queue.put(None)
        for thread in threads:
            thread.join(timeout=READ_TIMEOUT + CONNECT_TIMEOUT + 1)

    # -- consuming ---------------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            delivery = self._queue.get()
            if delivery is None:
                return
            try:
                self._attempt(delivery)
                if delivery.log is not None:
                    delivery.log.save(delivery)
            except Exception:  # a worker must survive anything a delivery does
                log.exception("webhook delivery %s failed unexpectedly", delivery.id)
            finally:
                with self._idle:
                    self._busy -= 1
                    if not self._busy:
                        self._idle.notify_all()

    def _attempt(self, delivery: Delivery) -> None:
        log_ = delivery.log
        assert log_ is not None
        if log_.is_suspended(delivery.endpoint.id):
            delivery.status = "suspended"
            return
        started = self.clock.time()
        attempt = Attempt(number=len(delivery.attempts) + 1, at=iso_utc(self.clock.now()))
        delivery.attempts.append(attempt)
        refused = self.refuse(delivery.endpoint.url) if self.refuse is not None else None
        if refused is not None:
            attempt.error = f"refused: {refused}"
            delivery.status = "failed"
            return
        attempt.signature = self.sign(delivery.endpoint, delivery.body, int(started))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": f"mockserver-{self.vendor}-webhooks",
            **attempt.signature,
        }
        wall = time.perf_counter()
        attempt.status_code, attempt.error = post(delivery.endpoint.url, delivery.body, headers)
        attempt.duration_ms = round((time.perf_counter() - wall) * 1000, 3)
        ok = attempt.status_code is not None and 200 <= attempt.status_code < 300
        suspended = log_._record(delivery.endpoint.id, ok, delivery.policy.suspend_after)
        if ok:
            delivery.status = "delivered"
            return
        if suspended:
            delivery.status = "suspended"
            if self.on_suspend is not None:
                self.on_suspend(log_, delivery.endpoint.id)
            return
        retries_done = len(delivery.attempts) - 1
        if retries_done >= len(delivery.policy.schedule):
            delivery.status = "failed"
            return
        due = started + delivery.policy.schedule[retries_done]
        delivery.status = "retrying"
        delivery.next_attempt_at = iso_utc(datetime.fromtimestamp(due, UTC))
        if self.clock.time() >= due:  # the clock already moved past it (a test advanced it)
            self._enqueue(delivery)
        else:
            label = f"{self.vendor} webhook retry: {delivery.event} to {delivery.endpoint.url}"
            self.clock.call_at(due, lambda: self._enqueue(delivery), label)


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str | None]:
    """POST ``body``; (status code, None) on an answer, (None, reason) when there is none."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None, f"unsupported URL {url!r}"
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    # a delivery never carries credentials: none of the signer's, none from the URL's user info
    headers = {k: v for k, v in headers.items() if k.lower() not in _CREDENTIAL_HEADERS}
    connection = connection_class(parts.hostname, parts.port, timeout=CONNECT_TIMEOUT)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    try:
        connection.connect()
        if connection.sock is not None:
            connection.sock.settimeout(READ_TIMEOUT)
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)
        return response.status, None
    except (OSError, http.client.HTTPException) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()
