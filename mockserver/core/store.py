"""Tenant state on TinyDB: one database per tenant and vendor, one table per entity kind.

Two things TinyDB does not do out of the box, and a mock server needs:

* **Writes that touch only what changed.** Stock ``Table._update_table`` rebuilds the whole table on
  every write, so a POST would cost O(records). ``InPlaceTable`` hands TinyDB's updaters a live view
  of the stored dict instead, so inserting or updating by id is O(1) whatever the table's size.
* **Crash-safe files.** ``AtomicJSONStorage`` keeps the data in memory (reads never hit the disk) and
  writes each change to a temporary file, fsyncs it and renames it over the old one, so killing the
  process at any moment leaves either the old or the new state on disk, never a torn file.

``Collection`` is what vendors use: lookups by id and by declared unique keys without a scan.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage, Storage
from tinydb.table import Document, Table

Doc = dict[str, Any]


class _IntKeyedView(MutableMapping):
    """The stored table (string keys, as JSON needs) seen with TinyDB's integer document ids."""

    __slots__ = ("_raw",)

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw

    def __getitem__(self, key: int) -> Any:
        return self._raw[str(key)]

    def __setitem__(self, key: int, value: Any) -> None:
        self._raw[str(key)] = value

    def __delitem__(self, key: int) -> None:
        del self._raw[str(key)]

    def __contains__(self, key: object) -> bool:
        return str(key) in self._raw

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in list(self._raw))

    def __len__(self) -> int:
        return len(self._raw)

    def clear(self) -> None:
        self._raw.clear()


class InPlaceTable(Table):
    """A TinyDB table whose writes mutate the stored dict in place (O(1) per document)."""

    def _update_table(self, updater: Callable[[MutableMapping], None]) -> None:
        tables = self._storage.read() or {}
        raw = tables.setdefault(self.name, {})
        updater(_IntKeyedView(raw))
        self._storage.write(tables)
        self.clear_cache()


class _Database(TinyDB):
    table_class = InPlaceTable


class AtomicJSONStorage(Storage):
    """JSON file storage: served from memory, every write persisted by temp file + fsync + rename."""

    def __init__(self, path: str | os.PathLike) -> None:
        self._path = Path(path)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._data: dict | None = None
        #: while set, writes stay in memory until ``flush`` (``VendorData.batch``)
        self.deferred = False
        if self._path.exists():
            self._data = json.loads(self._path.read_text("utf-8") or "null")

    def read(self) -> dict | None:
        return self._data

    def write(self, data: dict) -> None:
        self._data = data
        if not self.deferred:
            self.flush()

    def flush(self) -> None:
        if self._data is not None:
            write_atomically(self._path, json.dumps(self._data, ensure_ascii=False, separators=(",", ":")))

    def close(self) -> None:
        pass


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _as_doc_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        number = int(value)
        return number if number > 0 else None
    return None


class Collection:
    """The records of one entity kind. Ids are positive integers, stored in the record as ``id``.

    Records handed out are shallow copies: change them through ``update``/``replace``, never in place.
    ``unique`` names fields with an index beside the table, so ``find_by`` does not scan.
    """

    def __init__(
        self, table: Table, unique: Iterable[str] = (), on_write: Callable[[], None] | None = None
    ) -> None:
        self._table = table
        self._unique = tuple(unique)
        self._index: dict[str, dict[Any, int]] | None = None
        self._on_write = on_write or (lambda: None)

    # -- indexes -----------------------------------------------------------------------------------
    def _indexes(self) -> dict[str, dict[Any, int]]:
        if self._index is None:
            index: dict[str, dict[Any, int]] = {key: {} for key in self._unique}
            for doc in self._raw().values():
                self._index_add(index, doc)
            self._index = index
        return self._index

    def _index_add(self, index: dict[str, dict[Any, int]], doc: Doc) -> None:
        for key, values in index.items():
            value = doc.get(key)
            if value is not None:
                values[value] = doc["id"]

    def _index_drop(self, doc: Doc) -> None:
        for key, values in self._indexes().items():
            value = doc.get(key)
            if value is not None and values.get(value) == doc["id"]:
                del values[value]

    def _raw(self) -> dict[str, Doc]:
        return self._table._read_table()

    # -- reads -------------------------------------------------------------------------------------
    def get(self, record_id: Any) -> Doc | None:
        doc_id = _as_doc_id(record_id)
        if doc_id is None:
            return None
        raw = self._raw().get(str(doc_id))
        return dict(raw) if raw is not None else None

    def find_by(self, key: str, value: Any) -> Doc | None:
        if key in self._unique:
            doc_id = self._indexes()[key].get(value)
            return self.get(doc_id) if doc_id is not None else None
        return next((dict(d) for d in self._raw().values() if d.get(key) == value), None)

    def all(self) -> list[Doc]:
        """Every record, in insertion order."""
        return [dict(d) for d in self._raw().values()]

    def slice(self, start: int, stop: int) -> list[Doc]:
        """Records ``start`` to ``stop`` in insertion order (a page without a filter): copies only
        what is returned, so paging a large table costs the page, not the table."""
        if start < 0 or stop <= start:
            return []
        return [dict(d) for d in itertools.islice(self._raw().values(), start, stop)]

    def filter(self, predicate: Callable[[Doc], bool]) -> list[Doc]:
        return [dict(d) for d in self._raw().values() if predicate(d)]

    def __len__(self) -> int:
        return len(self._raw())

    def __contains__(self, record_id: object) -> bool:
        doc_id = _as_doc_id(record_id)
        return doc_id is not None and str(doc_id) in self._raw()

    # -- writes ------------------------------------------------------------------------------------
    def insert(self, doc: Doc, record_id: int | None = None) -> Doc:
        record = json_copy(doc)
        record.pop("id", None)
        if record_id is None:
            record_id = self._table.insert(record)
        else:
            self._table.insert(Document(record, doc_id=int(record_id)))
        self._table.update({"id": record_id}, doc_ids=[record_id])
        stored = self.get(record_id)
        self._index_add(self._indexes(), stored)
        self._on_write()
        return stored

    def insert_many(self, docs: Iterable[Doc]) -> None:
        """Bulk load (fixtures): records keep the ``id`` they carry, or get the next free one."""
        for doc in docs:
            self.insert(doc, doc.get("id"))

    def update(self, record_id: Any, fields: Doc) -> Doc | None:
        current = self.get(record_id)
        if current is None:
            return None
        self._index_drop(current)
        changes = json_copy(fields)
        changes.pop("id", None)
        self._table.update(changes, doc_ids=[current["id"]])
        stored = self.get(current["id"])
        self._index_add(self._indexes(), stored)
        self._on_write()
        return stored

    def replace(self, record_id: Any, doc: Doc) -> Doc | None:
        current = self.get(record_id)
        if current is None:
            return None
        self._index_drop(current)
        record = json_copy(doc)
        record["id"] = current["id"]

        def overwrite(stored: Doc) -> None:
            stored.clear()
            stored.update(record)

        self._table.update(overwrite, doc_ids=[current["id"]])
        self._index_add(self._indexes(), record)
        self._on_write()
        return dict(record)

    def remove(self, record_id: Any) -> bool:
        current = self.get(record_id)
        if current is None:
            return False
        self._index_drop(current)
        self._table.remove(doc_ids=[current["id"]])
        self._on_write()
        return True

    def clear(self) -> int:
        count = len(self)
        self._table.truncate()
        self._index = None
        self._on_write()
        return count


def json_copy(value: Any) -> Any:
    """A deep copy of JSON-shaped data, so nothing outside the store aliases stored records."""
    if isinstance(value, dict):
        return {k: json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_copy(v) for v in value]
    return value


class VendorData:
    """One tenant's data for one vendor: a TinyDB database, in memory or in an atomic JSON file."""

    SEQUENCES = "_sequences"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        if path is None:
            self._db = _Database(storage=MemoryStorage)
        else:
            self._db = _Database(path, storage=AtomicJSONStorage)
        self._collections: dict[str, Collection] = {}
        #: bumped by every write to any collection: answers rendered from this data can be reused
        #: while it stays the same (``core.cache.VersionedCache``)
        self.version = 0

    def _bump(self) -> None:
        self.version += 1

    @property
    def is_empty(self) -> bool:
        return not self._db.tables()

    def collection(self, name: str, unique: Iterable[str] = ()) -> Collection:
        found = self._collections.get(name)
        if found is None:
            found = self._collections[name] = Collection(self._db.table(name), unique, self._bump)
        return found

    def collection_names(self) -> list[str]:
        """The entity collections holding data (not the bookkeeping tables), for browsing."""
        return sorted(n for n in self._db.tables() if not n.startswith("_"))

    def next_number(self, sequence: str, start: int = 1) -> int:
        """The next value of a named counter (invoice numbers, yearly codes), persisted with the data."""
        table = self._db.table(self.SEQUENCES)
        raw = table._read_table()
        for doc_id, doc in raw.items():
            if doc.get("name") == sequence:
                value = doc["value"] + 1
                table.update({"value": value}, doc_ids=[int(doc_id)])
                return value
        table.insert({"name": sequence, "value": start})
        return start

    def current_number(self, sequence: str, default: int = 0) -> int:
        """The last value ``next_number`` gave for ``sequence`` (``default`` before the first), read
        without counting."""
        raw = self._db.table(self.SEQUENCES)._read_table()
        return next((doc["value"] for doc in raw.values() if doc.get("name") == sequence), default)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Many writes, one file write when they all succeeded (seeding a tenant: hundreds of
        records would otherwise rewrite and fsync the whole file twice each). If the batch fails,
        nothing is written, so a half-done batch never reaches the disk."""
        storage = self._db.storage
        if not isinstance(storage, AtomicJSONStorage):
            yield
            return
        storage.deferred = True
        try:
            yield
        finally:
            storage.deferred = False
        storage.flush()

    def mark_seeded(self) -> None:
        self._db.table("_meta").insert({"seeded": True})

    def close(self) -> None:
        self._db.close()

    def destroy(self) -> None:
        self.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)
