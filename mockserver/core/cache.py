"""Answers rendered from a tenant's data, reused while that data has not changed.

A collection page is the hottest read of a test suite and mostly asked again unchanged: rendering
and encoding it dominate its cost. Keying the encoded answer on the data's version
(``VendorData.version``, bumped by every write) makes reuse exact: any write invalidates.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class VersionedCache:
    """A small LRU of encoded answers, each valid for one version of the data it came from."""

    def __init__(self, size: int = 128) -> None:
        self._size = size
        self._entries: OrderedDict[Hashable, tuple[int, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: int) -> bytes | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] != version:
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, version: int, body: bytes) -> None:
        with self._lock:
            self._entries[key] = (version, body)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
