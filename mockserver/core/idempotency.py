"""Idempotency keys: the first request with a key runs; a retry gets the stored answer.

The rules every vendor with idempotency shares (Robaws documents them; others may opt in):
only successful answers are stored, so a failed attempt can be retried; a duplicate that arrives
while the first is still running is a conflict; reusing a key for a different request (method,
path or body) is a mismatch; keys expire after a retention measured on the mock clock.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Outcome(Enum):
    PROCEED = "proceed"  # first time: run the request, then ``finish``
    REPLAY = "replay"  # answered before: send ``stored``
    CONFLICT = "conflict"  # the same key is in flight
    MISMATCH = "mismatch"  # the key was used for a different request


@dataclass(frozen=True)
class StoredResponse:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass
class _Record:
    fingerprint: str
    expires: float
    response: StoredResponse | None = None  # None while in flight


@dataclass(frozen=True)
class Claim:
    outcome: Outcome
    stored: StoredResponse | None = None


def fingerprint(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


class IdempotencyStore:
    """Keys per scope (a principal). Thread-safe: of many concurrent claims, exactly one proceeds."""

    def __init__(self, clock: Callable[[], float], ttl_seconds: float = 24 * 3600) -> None:
        self._clock = clock
        self.ttl_seconds = ttl_seconds
        self._records: dict[tuple[str, str], _Record] = {}
        self._lock = threading.Lock()
        self._claims = 0

    #: expired keys are swept every this many claims, so a long-running sandbox does not grow
    SWEEP_EVERY = 256

    def claim(self, scope: str, key: str, print_: str) -> Claim:
        self._claims += 1
        if self._claims % self.SWEEP_EVERY == 0:
            self.purge_expired()
        now = self._clock()
        with self._lock:
            record = self._records.get((scope, key))
            if record is not None and record.expires <= now:
                del self._records[(scope, key)]
                record = None
            if record is None:
                self._records[(scope, key)] = _Record(print_, now + self.ttl_seconds)
                return Claim(Outcome.PROCEED)
            if record.response is None:
                return Claim(Outcome.CONFLICT)
            if record.fingerprint != print_:
                return Claim(Outcome.MISMATCH)
            return Claim(Outcome.REPLAY, record.response)

    def finish(self, scope: str, key: str, response: StoredResponse) -> None:
        """Store a successful answer for replay; a failure releases the key for a retry."""
        with self._lock:
            record = self._records.get((scope, key))
            if record is None or record.response is not None:
                return
            if 200 <= response.status < 400:
                record.response = response
            else:
                del self._records[(scope, key)]

    def release(self, scope: str, key: str) -> None:
        """Forget an in-flight claim (the request died without an answer)."""
        with self._lock:
            record = self._records.get((scope, key))
            if record is not None and record.response is None:
                del self._records[(scope, key)]

    def purge_expired(self) -> int:
        now = self._clock()
        with self._lock:
            stale = [k for k, r in self._records.items() if r.expires <= now and r.response]
            for key in stale:
                del self._records[key]
        return len(stale)
