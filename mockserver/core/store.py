"""Tenant state on TinyDB: one database per tenant and vendor, one table per entity kind.

Two things TinyDB does not do out of the box, and a mock server needs:

* **Writes that touch only what changed.** Stock ``Table._update_table`` rebuilds the whole table on
  every write, so a POST would cost O(records). ``InPlaceTable`` hands TinyDB's updaters a live view
  of the stored dict instead, so inserting or updating by id is O(1) whatever the table's size, and
  notes which documents the write touched.
* **Crash-safe files whose writes cost the change, not the file.** ``LoggedJSONStorage`` keeps the
  data in memory (reads never hit the disk) and persists it as a snapshot (``<vendor>.json``,
  replaced by temp file + fsync + rename) plus an append-only log beside it (``<vendor>.json.log``):
  each write appends *one* line holding every document it touched, whole, and fsyncs it before the
  request is answered. One write is one line, so a kill at any moment leaves each write entirely
  on disk or entirely absent: a torn last line (the write whose answer was never sent) is dropped
  on the next open; a bad line anywhere else is corruption and is refused (``StoreCorrupt``).
  When the log outgrows the snapshot (and at close), it is folded into a new snapshot. Replaying
  the log is idempotent (whole documents, deletions and table clears), so a kill between writing
  the snapshot and emptying the log loses nothing either.

``Collection`` is what vendors use: lookups by id and by declared unique keys without a scan. A
record gets its ``id`` before it is written, so no record without one can reach the file.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage, Storage
from tinydb.table import Table

log = logging.getLogger("mockserver")

Doc = dict[str, Any]
#: the log is folded into the snapshot once it is larger than this and than the snapshot itself
COMPACT_AFTER_BYTES = 4 * 1024 * 1024
LOG_SUFFIX = ".log"
#: what ``write_atomically``'s temporary files end with: any left at start-up are a killed write's
TEMP_SUFFIX = ".tmp"


class StoreCorrupt(Exception):
    """A data file that cannot be served from: ``path`` and what is wrong with it, in one line."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StorageFull(OSError):
    """A write that could not be made durable because the data directory's filesystem is full
    (or over quota). The file was cut back to its last whole line and the in-memory data reloaded
    from it, so nothing of the write remains; the caller answers 507 (or the vendor's own code)."""


#: errno values that mean "no room": answered as ``StorageFull``
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def is_storage_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the quota) is full."""
    return isinstance(exc, StorageFull) or (isinstance(exc, OSError) and exc.errno in NO_ROOM)


class _IntKeyedView(MutableMapping):
    """The stored table (string keys, as JSON needs) seen with TinyDB's integer document ids,
    noting every document a write touched (``touched``) and whether it cleared the table."""

    __slots__ = ("_raw", "cleared", "touched")

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw
        self.touched: set[str] = set()
        self.cleared = False

    def __getitem__(self, key: int) -> Any:
        # TinyDB's updaters change a document in place after getting it
        self.touched.add(str(key))
        return self._raw[str(key)]

    def __setitem__(self, key: int, value: Any) -> None:
        self.touched.add(str(key))
        self._raw[str(key)] = value

    def __delitem__(self, key: int) -> None:
        self.touched.add(str(key))
        del self._raw[str(key)]

    def __contains__(self, key: object) -> bool:
        return str(key) in self._raw

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in list(self._raw))

    def __len__(self) -> int:
        return len(self._raw)

    def clear(self) -> None:
        self._raw.clear()
        self.touched.clear()
        self.cleared = True

    def change(self, table: str) -> dict[str, Any]:
        """The write as one log record: the table, whether it was cleared first, every touched
        document whole (``s``) and every removed id (``d``)."""
        change: dict[str, Any] = {"t": table}
        if self.cleared:
            change["c"] = 1
        kept = {k: self._raw[k] for k in self.touched if k in self._raw}
        if kept:
            change["s"] = kept
        gone = [k for k in self.touched if k not in self._raw]
        if gone:
            change["d"] = gone
        return change


class InPlaceTable(Table):
    """A TinyDB table whose writes mutate the stored dict in place (O(1) per document)."""

    def _update_table(self, updater: Callable[[MutableMapping], None]) -> None:
        storage = self._storage
        tables = storage.read()
        if tables is None:
            tables = {}
        raw = tables.setdefault(self.name, {})
        view = _IntKeyedView(raw)
        updater(view)
        if isinstance(storage, LoggedJSONStorage):
            storage.record(tables, view.change(self.name))
        else:
            storage.write(tables)
        self.clear_cache()

    def next_id(self) -> int:
        """The id the next insert without one gets."""
        return self._get_next_id()

    def put(self, doc_id: int, document: Doc) -> None:
        """Insert ``document`` under ``doc_id`` in one write (ValueError if the id is taken),
        keeping TinyDB's cached next id valid instead of dropping it (which costs a scan)."""

        def insert(table: MutableMapping) -> None:
            if doc_id in table:
                raise ValueError(f"Document with ID {doc_id} already exists")
            table[doc_id] = document

        self._update_table(insert)
        if self._next_id is not None and doc_id >= self._next_id:
            self._next_id = doc_id + 1


class _Database(TinyDB):
    table_class = InPlaceTable


class LoggedJSONStorage(Storage):
    """JSON snapshot + append-only log (see the module docstring): served from memory, every write
    persisted as one fsynced log line before it returns."""

    def __init__(self, path: str | os.PathLike) -> None:
        self._path = Path(path)
        self._log = log_path(self._path)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._data, torn_at = load_tables(self._path)
        if torn_at is not None:
            with open(self._log, "r+b") as handle:
                handle.truncate(torn_at)
        self._snapshot_bytes = self._path.stat().st_size if self._path.exists() else 0
        self._log_bytes = self._log.stat().st_size if self._log.exists() else 0
        #: changes not yet on disk; ``None`` entry: the whole data must be written as a snapshot
        self._pending: list[dict[str, Any] | None] = []
        #: while set, writes stay in memory until ``flush`` (``VendorData.batch``)
        self.deferred = False
        #: moved whenever the data is reloaded from disk after a failed write: whoever keeps
        #: derived data (``Collection``'s indexes) rebuilds it
        self.generation = 0

    def read(self) -> dict | None:
        return self._data

    def write(self, data: dict) -> None:
        """A whole-database write (TinyDB's ``drop_tables``): persisted as a new snapshot."""
        self._data = data
        self._pending.append(None)
        if not self.deferred:
            self.flush()

    def record(self, data: dict, change: dict[str, Any]) -> None:
        """One table write, described by ``change`` (``_IntKeyedView.change``)."""
        self._data = data
        self._pending.append(change)
        if not self.deferred:
            self.flush()

    def flush(self) -> None:
        """Persist what is pending: as one log line (every change of a batch together), or as a
        snapshot when there is none yet or the log has outgrown it."""
        pending, self._pending = self._pending, []
        if not pending or self._data is None:
            return
        try:
            if None in pending or not self._path.exists():
                self.compact()
                return
            line = json.dumps(pending, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
            self._append(line)
        except OSError as exc:
            self._roll_back()
            if is_storage_full(exc):
                raise StorageFull(exc.errno, f"the data directory is full ({self._log.parent})") from exc
            raise
        self._log_bytes += len(line)
        if self._log_bytes > max(COMPACT_AFTER_BYTES, self._snapshot_bytes):
            try:
                self.compact()
            except OSError as exc:  # the write is already durable in the log: fold it in later
                log.warning("could not fold %s into its snapshot: %s", self._log, exc)

    def _append(self, line: bytes) -> None:
        with open(self._log, "ab") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def _roll_back(self) -> None:
        """After a failed write: cut the log back to its last acknowledged line and serve what the
        files hold, so memory never shows a write the disk does not have."""
        if self._log.exists():
            with open(self._log, "r+b") as handle:
                handle.truncate(self._log_bytes)
                os.fsync(handle.fileno())
        self._data, _torn = load_tables(self._path)
        self.generation += 1

    def compact(self) -> None:
        """Write the whole data as the new snapshot, then empty the log."""
        if self._data is None:
            return
        text = json.dumps(self._data, ensure_ascii=False, separators=(",", ":"))
        write_atomically(self._path, text)
        self._snapshot_bytes = len(text)
        if self._log_bytes or self._log.exists():
            self._log.unlink(missing_ok=True)
            self._log_bytes = 0

    def close(self) -> None:
        self.flush()
        if self._log_bytes:
            try:
                self.compact()
            except OSError as exc:  # a full disk: the log already holds every write; fold it later
                log.warning("could not fold %s into its snapshot: %s", self._log, exc)

    def destroy(self) -> None:
        self._pending.clear()
        self._path.unlink(missing_ok=True)
        self._log.unlink(missing_ok=True)


def log_path(path: Path) -> Path:
    return path.with_name(path.name + LOG_SUFFIX)


def load_tables(path: Path) -> tuple[dict | None, int | None]:
    """The data of a vendor file: its snapshot with its log replayed, verified (``verify_tables``).

    Returns the data (None when there is no file) and, when the log ends in a torn line (a write
    killed mid-append, never acknowledged), the byte offset to cut it at. Raises ``StoreCorrupt``
    for anything else that is wrong."""
    data: dict | None = None
    if path.exists():
        try:
            data = json.loads(path.read_bytes().decode("utf-8") or "null")
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreCorrupt(path, f"not valid JSON ({exc})") from None
        if data is not None and not isinstance(data, dict):
            raise StoreCorrupt(path, "not a JSON object of tables")
    torn_at = None
    log = log_path(path)
    if log.exists():
        raw = log.read_bytes()
        complete = raw.rfind(b"\n") + 1
        if complete < len(raw):
            torn_at = complete
        data = data if data is not None else {}
        for number, line in enumerate(raw[:complete].splitlines(), 1):
            try:
                changes = json.loads(line.decode("utf-8"))
                for change in changes:
                    _replay(data, change)
            except (UnicodeDecodeError, json.JSONDecodeError, TypeError, KeyError, AttributeError) as exc:
                raise StoreCorrupt(log, f"line {number} is not a valid change ({exc})") from None
    if data is not None:
        verify_tables(path, data)
    return data, torn_at


def _replay(data: dict, change: dict[str, Any]) -> None:
    table = data.setdefault(change["t"], {})
    if change.get("c"):
        table.clear()
    table.update(change.get("s", {}))
    for key in change.get("d", ()):
        table.pop(key, None)


def verify_tables(path: Path, data: dict) -> None:
    """Refuse data a collection cannot serve: every table an object keyed by positive integer ids
    (TinyDB's document index), every document an object, and in a collection (a table whose name
    does not start with ``_``) every record carrying its key as its ``id``."""
    for name, table in data.items():
        if not isinstance(table, dict):
            raise StoreCorrupt(path, f"table {name!r} is not an object")
        internal = name.startswith("_")
        for key, doc in table.items():
            doc_id = _as_doc_id(key)
            if doc_id is None or str(doc_id) != key:
                raise StoreCorrupt(path, f"table {name!r}: {key!r} is not a record id")
            if not isinstance(doc, dict):
                raise StoreCorrupt(path, f"table {name!r}: record {key} is not an object")
            if not internal and doc.get("id") != doc_id:
                raise StoreCorrupt(path, f"table {name!r}: record {key} has id {doc.get('id')!r}")


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
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
        #: the storage generation the index was built from (``LoggedJSONStorage.generation``)
        self._index_generation = 0
        self._on_write = on_write or (lambda: None)

    # -- indexes -----------------------------------------------------------------------------------
    def _indexes(self) -> dict[str, dict[Any, int]]:
        generation = getattr(self._table.storage, "generation", 0)
        if self._index is None or self._index_generation != generation:
            self._index_generation = generation
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
        """Store ``doc`` under ``record_id`` (or the next free id), the id already in the record:
        one write, so the file never holds the record without it."""
        record = json_copy(doc)
        record_id = self._table.next_id() if record_id is None else int(record_id)
        record["id"] = record_id
        self._table.put(record_id, record)
        stored = dict(record)
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
            self._db = _Database(path, storage=LoggedJSONStorage)
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

    def raise_number(self, sequence: str, value: int) -> None:
        """Move ``sequence`` to at least ``value`` (a loaded snapshot's counters), so numbering
        continues after it and never goes back."""
        if self.current_number(sequence, default=-1) < value:
            table = self._db.table(self.SEQUENCES)
            raw = table._read_table()
            found = next((int(k) for k, doc in raw.items() if doc.get("name") == sequence), None)
            if found is None:
                table.insert({"name": sequence, "value": value})
            else:
                table.update({"value": value}, doc_ids=[found])

    def sequences(self) -> dict[str, int]:
        """Every named counter and its last value (for a snapshot)."""
        raw = self._db.table(self.SEQUENCES)._read_table()
        return {doc["name"]: doc["value"] for doc in raw.values()}

    def export(self) -> dict[str, list[Doc]]:
        """Every entity collection's records in insertion order, read without opening collections
        (which would fix their unique indexes before the vendor declares them)."""
        return {
            name: [json_copy(doc) for doc in self._db.table(name)._read_table().values()]
            for name in self.collection_names()
        }

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Many writes, one file write when they all succeeded (seeding a tenant: hundreds of
        records would otherwise rewrite and fsync the whole file twice each). If the batch fails,
        nothing is written, so a half-done batch never reaches the disk."""
        storage = self._db.storage
        if not isinstance(storage, LoggedJSONStorage):
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
        """Drop the data and its files (tenant reset or deletion): nothing pending is written."""
        storage = self._db.storage
        if isinstance(storage, LoggedJSONStorage):
            storage.destroy()
