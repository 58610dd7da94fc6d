"""Runtime state a client relies on across a restart: OAuth codes and tokens, idempotency keys with
their stored answers, the webhook delivery log.

It is not the tenant's data, so it lives in a store of its own beside it (one TinyDB database per
tenant and vendor, through the public ``VendorData``/``Collection`` API): writing a token never
moves the data version that page caches and replay (``core.replay``) watch. With ``--data-dir``
each table is a file under ``<data-dir>/runtime/<tenant>/<vendor>/`` and survives a restart;
without, it is in memory. Resetting or deleting the tenant destroys it with the data.

``DurableMap`` is what runtime objects use: a dict of JSON values read from memory and written
through to one table, so a lookup never touches the disk and every change is on disk when the
call returns.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mockserver.core.store import Collection, VendorData


class DurableMap:
    """``str -> JSON value``, in insertion order (oldest first), written through to ``collection``.

    Values handed out are the stored objects: treat them as read-only and ``put`` a new value to
    change one. Every method takes the store's lock, since one TinyDB database is not thread-safe.
    Once the store is closed (its tenant reset or deleted), writes still change the map in memory
    but never reach the disk, so a late writer (a webhook worker) cannot resurrect the file.
    """

    def __init__(self, collection: Collection, store: StateStore) -> None:
        self._collection = collection
        self._store = store
        self._lock = store.lock
        self._rows: dict[str, tuple[int, Any]] = {}
        for doc in collection.all():
            self._rows[str(doc["key"])] = (doc["id"], doc["value"])

    def get(self, key: str, default: Any = None) -> Any:
        row = self._rows.get(key)
        return row[1] if row is not None else default

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            return iter(list(self._rows))

    def items(self) -> list[tuple[str, Any]]:
        with self._lock:
            return [(key, row[1]) for key, row in self._rows.items()]

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            row = self._rows.get(key)
            if self._store.closed:
                self._rows[key] = (row[0] if row else 0, value)
            elif row is None:
                stored = self._collection.insert({"key": key, "value": value})
                self._rows[key] = (stored["id"], value)
            else:
                self._collection.update(row[0], {"value": value})
                self._rows[key] = (row[0], value)

    def pop(self, key: str, default: Any = None) -> Any:
        with self._lock:
            row = self._rows.pop(key, None)
            if row is None:
                return default
            if not self._store.closed:
                self._collection.remove(row[0])
            return row[1]


class StateStore:
    """One tenant's runtime state for one vendor: named ``DurableMap`` tables, each in a database
    (a file) of its own, so a busy table (the delivery log) never rewrites a large one (answers)."""

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory
        self.lock = threading.RLock()
        self.closed = False
        self._maps: dict[str, DurableMap] = {}
        self._data: list[VendorData] = []

    def map(self, name: str) -> DurableMap:
        with self.lock:
            found = self._maps.get(name)
            if found is None:
                data = VendorData(self._directory / f"{name}.json" if self._directory else None)
                self._data.append(data)
                found = self._maps[name] = DurableMap(data.collection(name), self)
            return found

    def close(self, destroy: bool = False) -> None:
        with self.lock:
            self.closed = True
            self._maps.clear()
            for data in self._data:
                data.destroy() if destroy else data.close()
            self._data.clear()
