"""Token-bucket rate limiting on the mock clock, keyed per principal.

A vendor configures a ``RateLimitPolicy`` (capacity, refill, header names) and asks
``RateLimiter.take`` on each request; refill follows the mock clock, so a test advances time
instead of waiting for tokens to come back.
"""

from __future__ import annotations

import math
import threading
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


class RateLimiter:
    """Buckets per key. Thread-safe; each ``take`` is O(1)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, stamp)
        self._lock = threading.Lock()

    def take(self, key: str, policy: RateLimitPolicy, cost: int = 1) -> Decision:
        now = self._clock()
        with self._lock:
            tokens, stamp = self._buckets.get(key, (float(policy.capacity), now))
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
