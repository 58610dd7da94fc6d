"""Idempotency keys: the first request with a key runs; a retry gets the stored answer.

The rules every vendor with idempotency shares (Robaws documents them; others may opt in):
only successful answers are stored, so a failed attempt can be retried; a duplicate that arrives
while the first is still running is a conflict; reusing a key for a different request (method,
path or body) is a mismatch; keys expire after a retention measured on the mock clock.

Bounded besides the retention: at most ``max_entries`` keys and ``max_bytes`` of stored answers
(defaults 1000 keys, 4 MB) per store, the oldest stored answer evicted first; an answer larger than
``max_bytes`` on its own is not kept (a retry then runs again). Given a ``DurableMap``
(``core.state``), stored answers are written through to it and read back on start, so a retry after
a restart with ``--data-dir`` still replays; keys in flight are never persisted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockserver.core.state import DurableMap

MAX_ENTRIES = 1000
MAX_BYTES = 4_000_000


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

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers)


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

    def __init__(
        self,
        clock: Callable[[], float],
        ttl_seconds: float = 24 * 3600,
        table: DurableMap | None = None,
        max_entries: int = MAX_ENTRIES,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self._clock = clock
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._records: dict[tuple[str, str], _Record] = {}
        self._table = table
        self._bytes = 0  # of the stored answers
        self._lock = threading.Lock()
        self._claims = 0
        for name, value in table.items() if table is not None else ():
            scope, key = json.loads(name)
            record = _restore(value)
            self._records[(scope, key)] = record
            self._bytes += _size(scope, key, record)

    #: expired keys are swept every this many claims, so a long-running sandbox does not grow
    SWEEP_EVERY = 256

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._records)

    def claim(self, scope: str, key: str, print_: str) -> Claim:
        self._claims += 1
        if self._claims % self.SWEEP_EVERY == 0:
            self.purge_expired()
        now = self._clock()
        with self._lock:
            record = self._records.get((scope, key))
            if record is not None and record.expires <= now:
                self._drop(scope, key)
                record = None
            if record is None:
                self._records[(scope, key)] = _Record(print_, now + self.ttl_seconds)
                self._bound()
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
            if not 200 <= response.status < 400:
                del self._records[(scope, key)]
                return
            record.response = response
            size = _size(scope, key, record)
            if size > self.max_bytes:  # cannot be kept within the bound: a retry runs again
                del self._records[(scope, key)]
                return
            self._bytes += size
            if self._table is not None:
                self._table.put(json.dumps([scope, key]), _dump(record))
            self._bound()

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
            for scope, key in stale:
                self._drop(scope, key)
        return len(stale)

    # -- under the lock ----------------------------------------------------------------------------
    def _drop(self, scope: str, key: str) -> None:
        record = self._records.pop((scope, key), None)
        if record is not None and record.response is not None:
            self._bytes -= _size(scope, key, record)
            if self._table is not None:
                self._table.pop(json.dumps([scope, key]))

    def _bound(self) -> None:
        """Evict the oldest stored answers until both caps hold (keys in flight are never evicted:
        their number is bounded by the requests running at once)."""
        if len(self._records) <= self.max_entries and self._bytes <= self.max_bytes:
            return
        for scope, key in [k for k, r in self._records.items() if r.response is not None]:
            if len(self._records) <= self.max_entries and self._bytes <= self.max_bytes:
                return
            self._drop(scope, key)


def _size(scope: str, key: str, record: _Record) -> int:
    assert record.response is not None
    return len(scope) + len(key) + len(record.fingerprint) + record.response.size


def _dump(record: _Record) -> dict[str, Any]:
    assert record.response is not None
    return {
        "fingerprint": record.fingerprint,
        "expires": record.expires,
        "status": record.response.status,
        "headers": [list(h) for h in record.response.headers],
        "body": base64.b64encode(record.response.body).decode("ascii"),
    }


def _restore(value: dict[str, Any]) -> _Record:
    headers = tuple((str(k), str(v)) for k, v in value["headers"])
    response = StoredResponse(int(value["status"]), headers, base64.b64decode(value["body"]))
    return _Record(value["fingerprint"], float(value["expires"]), response)
