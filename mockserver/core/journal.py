"""A bounded ring buffer of every vendor request and its response, newest last.

It is how a person (or a test) sees what a client actually sent, and where contract violations
are recorded. Bounded so a long-running sandbox never grows without limit, in entries *and* bytes:

* each body is kept up to ``body_limit`` bytes (16 KiB by default, ``--journal-body-bytes``);
* the query string and the path up to ``QUERY_LIMIT`` (4 KiB) each;
* each header value up to ``HEADER_VALUE_LIMIT`` (1 KiB), and ``HEADERS_LIMIT`` (8 KiB) of headers
  per message;

every cut is marked (``truncated``/``query_truncated`` and the original ``size``/``query_size``).
On top of the entry count, the entries' kept bytes stay under ``max_bytes`` (16 MiB by default,
``--journal-bytes``): the oldest entries go first.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from mockserver.core.clock import iso_utc, parse_iso

QUERY_LIMIT = 4 * 1024
HEADER_VALUE_LIMIT = 1024
HEADERS_LIMIT = 8 * 1024
#: what an entry costs besides its texts (the objects themselves), in bytes
ENTRY_OVERHEAD = 512


@dataclass
class Message:
    """One side of an exchange as the journal keeps it: headers and the body cut at the journal's
    limit. Kept raw and turned into JSON only when read: most entries are never looked at."""

    headers: list[tuple[str, str]]
    body: bytes
    size: int
    #: the headers are WSGI environ items (``HTTP_USER_AGENT``), renamed when read
    wsgi: bool = False
    headers_truncated: bool = False
    #: the kept headers' names and values, in characters (counted once, when they are cut)
    header_bytes: int = 0

    @property
    def cost(self) -> int:
        return len(self.body) + self.header_bytes

    def as_json(self) -> dict[str, Any]:
        return {
            "headers": header_dict(self.headers) if self.wsgi else dict(self.headers),
            "body": self.body.decode("utf-8", errors="replace"),
            "size": self.size,
            "truncated": self.size > len(self.body),
            **({"headers_truncated": True} if self.headers_truncated else {}),
        }


@dataclass
class Entry:
    id: int
    timestamp: float
    vendor: str | None
    method: str
    path: str
    query: str
    #: the query string's length before it was cut to ``QUERY_LIMIT``
    query_size: int = 0
    tenant: str | None = None
    status: int | None = None
    duration_ms: float | None = None
    request: Message | None = None
    response: Message | None = None
    #: the server dropped the connection instead of answering (an injected ``reset`` fault)
    reset: bool = False
    #: the answer was replayed, not computed again (``core.replay``)
    replayed: bool = False
    #: the answer came from the vendor's ``--upstream`` (``core.upstream``), which took ``upstream_ms``
    upstream: bool = False
    upstream_ms: float | None = None
    violations: list[dict[str, Any]] = field(default_factory=list)
    #: the bytes this entry holds (see ``Journal``)
    cost: int = 0
    evicted: bool = False
    #: the path as the vendor itself has it (``/api/v2/clients``), whatever prefix or host was used
    vendor_path: str = ""
    #: what the vendor reads from a request body for the journal (``Vendor.request_facts``): run
    #: when the entry is first read, never on the request path, and kept
    describe: Callable[[bytes], dict[str, Any]] | None = field(default=None, repr=False)
    _facts: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def time(self) -> str:
        """Formatted when read, not on the request path: most entries are never looked at."""
        return iso_utc(datetime.fromtimestamp(self.timestamp, UTC))

    def facts(self) -> dict[str, Any]:
        """The vendor's reading of the request body (a Severa call's ``soap_operation`` and
        ``soap_args``), or nothing; a vendor that cannot read it says nothing rather than fail."""
        if self._facts is None:
            facts: dict[str, Any] = {}
            if self.describe is not None and self.request is not None and self.request.body:
                try:
                    facts = self.describe(self.request.body)
                except Exception:  # a journal read never fails on what a client sent
                    facts = {}
            self._facts = facts
        return self._facts

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "tenant": self.tenant,
            "vendor": self.vendor,
            "method": self.method,
            "path": self.path,
            "vendor_path": self.vendor_path or self.path,
            **self.facts(),
            "query": self.query,
            "query_size": self.query_size,
            "query_truncated": self.query_size > len(self.query),
            "status": self.status,
            "duration_ms": self.duration_ms,
            "replayed": self.replayed,
            "upstream": self.upstream,
            **({"upstream_duration_ms": self.upstream_ms} if self.upstream else {}),
            "request": self.request.as_json() if self.request else {},
            "response": {"reset": True} if self.reset else self.response.as_json() if self.response else {},
            "violations": self.violations,
        }


def _header_name(wsgi_key: str) -> str:
    return wsgi_key.removeprefix("HTTP_").replace("_", "-").title()


def wsgi_headers(environ: dict) -> list[tuple[str, str]]:
    """A request's header items as WSGI has them: every ``HTTP_*`` key, then the content type and
    length (which WSGI keeps without the prefix)."""
    items = [item for item in environ.items() if item[0].startswith("HTTP_")]
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            items.append((key, environ[key]))
    return items


def header_dict(items: list[tuple[str, str]]) -> dict[str, str]:
    """WSGI header items under their usual names (``User-Agent``)."""
    return {_header_name(key): value for key, value in items}


def _cut_headers(headers: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], bool, int]:
    """The headers within the journal's limits, whether any was cut, and their size."""
    total = 0
    for key, value in headers:  # the usual case, once per request: nothing to cut
        if len(value) > HEADER_VALUE_LIMIT:
            break
        total += len(key) + len(value)
    else:
        if total <= HEADERS_LIMIT:
            return list(headers), False, total
    kept: list[tuple[str, str]] = []
    total = 0
    cut = False
    for key, value in headers:
        if len(value) > HEADER_VALUE_LIMIT:
            value, cut = value[:HEADER_VALUE_LIMIT], True
        total += len(key) + len(value)
        if total > HEADERS_LIMIT:
            return kept, True, total - len(key) - len(value)
        kept.append((key, value))
    return kept, cut, total


class Journal:
    """The entries, newest last, bounded by ``size`` entries and ``max_bytes`` kept bytes."""

    def __init__(
        self, size: int = 1000, body_limit: int = 16 * 1024, max_bytes: int = 16 * 1024 * 1024
    ) -> None:
        self.body_limit = body_limit
        self.max_bytes = max_bytes
        self._size = max(1, size)
        self._entries: deque[Entry] = deque()
        self._bytes = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        #: vendor name -> what it reads from a request body for the journal (``Vendor.request_facts``)
        self.describers: dict[str, Callable[[bytes], dict[str, Any]]] = {}

    @property
    def bytes(self) -> int:
        """What the kept entries hold, in bytes (bodies, headers, paths, queries, overhead)."""
        return self._bytes

    def message(self, headers: list[tuple[str, str]], body: bytes, wsgi: bool = False) -> Message:
        kept, cut, header_bytes = _cut_headers(headers)
        return Message(kept, body[: self.body_limit], len(body), wsgi, cut, header_bytes)

    def request(self, entry: Entry, headers: list[tuple[str, str]], body: bytes) -> None:
        """Keep the request's headers (WSGI items) and body, cut to the limits."""
        entry.request = self.message(headers, body, wsgi=True)
        self._charge(entry, entry.request.cost)

    def response(self, entry: Entry, headers: list[tuple[str, str]], body: bytes) -> None:
        entry.response = self.message(headers, body)
        self._charge(entry, entry.response.cost)

    def start(
        self,
        timestamp: float,
        vendor: str | None,
        method: str,
        path: str,
        query: str,
        vendor_path: str = "",
    ) -> Entry:
        entry = Entry(
            id=next(self._ids),
            timestamp=timestamp,
            vendor=vendor,
            method=method,
            path=path[:QUERY_LIMIT],
            query=query[:QUERY_LIMIT],
            query_size=len(query),
            vendor_path=vendor_path[:QUERY_LIMIT],
            describe=self.describers.get(vendor) if vendor else None,
        )
        with self._lock:
            self._entries.append(entry)
            self._charge_locked(entry, ENTRY_OVERHEAD + len(entry.path) + len(entry.query))
        return entry

    def _charge(self, entry: Entry, cost: int) -> None:
        with self._lock:
            self._charge_locked(entry, cost)

    def _charge_locked(self, entry: Entry, cost: int) -> None:
        """Count ``cost`` more bytes for ``entry``, then drop the oldest entries while over a bound
        (the caller holds the lock)."""
        entry.cost += cost
        if entry.evicted:
            return
        self._bytes += cost
        entries = self._entries
        while len(entries) > self._size or (self._bytes > self.max_bytes and len(entries) > 1):
            gone = entries.popleft()
            gone.evicted = True
            self._bytes -= gone.cost

    def entries(
        self,
        tenant: str | None = None,
        vendor: str | None = None,
        since: str | None = None,
        limit: int | None = None,
    ) -> list[Entry]:
        """Matching entries, oldest first; ``limit`` keeps the newest. ``since`` is an entry id
        (entries after it) or an ISO-8601 time (entries at or after it)."""
        with self._lock:
            found: Iterable[Entry] = list(self._entries)
        if tenant:
            found = [e for e in found if e.tenant == tenant]
        if vendor:
            found = [e for e in found if e.vendor == vendor]
        if since:
            if since.isdigit():
                after = int(since)
                found = [e for e in found if e.id > after]
            else:
                moment = parse_iso(since).timestamp()
                found = [e for e in found if e.timestamp >= moment]
        found = list(found)
        if limit is not None:
            found = found[-limit:] if limit > 0 else []
        return found

    def violations(self, tenant: str | None = None, vendor: str | None = None) -> list[dict]:
        return [
            {**v, "entry": e.id, "tenant": e.tenant, "vendor": e.vendor}
            for e in self.entries(tenant=tenant, vendor=vendor)
            for v in e.violations
        ]

    def clear(self) -> None:
        with self._lock:
            for entry in self._entries:
                entry.evicted = True
            self._entries.clear()
            self._bytes = 0
