"""Encoded answers kept for reuse, bounded in bytes: the one cache of the server.

Two readers use it, each with its own notion of "still valid":

* ``core.replay.ReplayStore`` keeps whole answers to repeated reads (valid while the tenant's
  generation and the data's version are unchanged);
* ``VersionedCache`` keeps a rendered page for a vendor (Robaws's collection pages), valid for one
  version of the data it came from (``VendorData.version``, bumped by every write).

Both are keyed by what the client sent - whole URLs among it - so the key is bounded as well as
the value: a key longer than ``max_key`` bytes (8 KiB by default; a URL with a 250 KB query string)
or a value longer than ``max_value`` is simply not kept, and the total of kept keys and values
stays under ``max_bytes``, least recently used dropped first. A cache therefore never holds more
than ``max_bytes`` plus a small per-entry overhead, whatever the traffic.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

#: what an entry costs besides its key and value (the objects around them), in bytes
ENTRY_OVERHEAD = 256


def key_bytes(key: Hashable) -> int:
    """The size of a key made of strings, numbers and tuples of them (a request's identity)."""
    if isinstance(key, str | bytes):
        return len(key)
    if isinstance(key, tuple):
        return sum(key_bytes(part) for part in key)
    return 8


class AnswerCache(Generic[V]):
    """An LRU bounded by entries, key size, value size and total bytes. Thread-safe."""

    def __init__(
        self,
        entries: int = 1024,
        max_key: int = 8 * 1024,
        max_value: int = 256 * 1024,
        max_bytes: int = 16 * 1024 * 1024,
    ) -> None:
        self.entries = entries
        self.max_key = max_key
        self.max_value = max_value
        self.max_bytes = max_bytes
        self._kept: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        """Kept keys and values plus the per-entry overhead, in bytes."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                return None
            self._kept.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: V, value_size: int) -> bool:
        """Keep ``value`` (of ``value_size`` bytes) under ``key``; False when either is too large."""
        size = key_bytes(key)
        if size > self.max_key or value_size > self.max_value:
            return False
        cost = size + value_size + ENTRY_OVERHEAD
        with self._lock:
            self._drop(key)
            self._kept[key] = (value, cost)
            self._bytes += cost
            while len(self._kept) > self.entries or self._bytes > self.max_bytes:
                self._drop(next(iter(self._kept)))
        return True

    def _drop(self, key: Hashable) -> None:
        gone = self._kept.pop(key, None)
        if gone is not None:
            self._bytes -= gone[1]

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._bytes = 0


class VersionedCache:
    """Encoded answers each valid for one version of the data they were rendered from (a tenant's
    Robaws pages: 128 entries, 1 MiB in all)."""

    def __init__(self, size: int = 128, max_bytes: int = 1024 * 1024) -> None:
        self._cache: AnswerCache[tuple[int, bytes]] = AnswerCache(size, max_bytes=max_bytes)

    @property
    def bytes(self) -> int:
        return self._cache.bytes

    def get(self, key: Hashable, version: int) -> bytes | None:
        found = self._cache.get(key)
        return found[1] if found is not None and found[0] == version else None

    def put(self, key: Hashable, version: int, body: bytes) -> None:
        self._cache.put(key, (version, body), len(body))
