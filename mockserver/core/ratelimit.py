"""Token-bucket rate limiting on the mock clock, keyed per principal.

A vendor configures a ``RateLimitPolicy`` (capacity, refill, header names) and asks
``RateLimiter.take`` on each request; refill follows the mock clock, so a test advances time
instead of waiting for tokens to come back.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimitPolicy:
    capacity: int = 20
    refill_per_second: float = 15.0
    #: header carrying the tokens left (None: not sent)
    remaining_header: str | None = "x-ratelimit-remaining"
    #: extra static headers, e.g. the replenish rate and burst capacity
    extra_headers: tuple[tuple[str, str], ...] = ()
    #: whether a refused answer carries ``Retry-After`` (seconds until a token is back)
    retry_after: bool = False


@dataclass(frozen=True)
class Decision:
    allowed: bool
    remaining: int
    retry_after: float

    def headers(self, policy: RateLimitPolicy) -> list[tuple[str, str]]:
        headers = list(policy.extra_headers)
        if policy.remaining_header:
            headers.append((policy.remaining_header, str(self.remaining)))
        # a bucket that never refills has no moment to name: no Retry-After rather than "inf"
        if not self.allowed and policy.retry_after and math.isfinite(self.retry_after):
            headers.append(("Retry-After", str(max(1, math.ceil(self.retry_after)))))
        return headers


#: keys longer than this are kept as their SHA-256 digest, so a bucket's key costs at most 64 bytes
MAX_KEY = 64
#: what one bucket costs at most: its key, two floats and the dict slot around them, in bytes
BUCKET_BYTES = 256


def _bucket_key(key: str) -> str:
    return key if len(key) <= MAX_KEY else hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


class RateLimiter:
    """Buckets per key, least recently used first out. Thread-safe; each ``take`` is O(1).

    Bounded: at most ``max_buckets`` buckets (4,096 by default) of at most ``BUCKET_BYTES`` each,
    so about 1 MiB per limiter whatever the keys. A bucket dropped for room comes back full,
    which is what an idle bucket would have refilled to anyway unless it was drained moments ago
    by one of more than ``max_buckets`` other keys.
    """

    def __init__(self, clock: Callable[[], float], max_buckets: int = 4096) -> None:
        self._clock = clock
        self._max = max_buckets
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, stamp)
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        """An upper bound of what the buckets hold, in bytes."""
        return len(self._buckets) * BUCKET_BYTES

    def take(self, key: str, policy: RateLimitPolicy, cost: int = 1) -> Decision:
        now = self._clock()
        key = _bucket_key(key)
        with self._lock:
            tokens, stamp = self._buckets.get(key, (float(policy.capacity), now))
            self._buckets[key] = (tokens, stamp)
            self._buckets.move_to_end(key)
            if len(self._buckets) > self._max:
                self._buckets.popitem(last=False)
            tokens = min(policy.capacity, tokens + max(0.0, now - stamp) * policy.refill_per_second)
            if tokens >= cost:
                tokens -= cost
                self._buckets[key] = (tokens, now)
                return Decision(True, int(tokens), 0.0)
            self._buckets[key] = (tokens, now)
            missing = cost - tokens
            wait = missing / policy.refill_per_second if policy.refill_per_second > 0 else math.inf
            return Decision(False, int(tokens), wait)

    def clear(self) -> None:
        with self._lock:
            self._buckets.clear()
