"""A bounded ring buffer of every vendor request and its response, newest last.

It is how a person (or a test) sees what a client actually sent, and where contract violations
are recorded. Bounded so a long-running sandbox never grows without limit.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from mockserver.core.clock import iso_utc, parse_iso


@dataclass
class Message:
    """One side of an exchange as the journal keeps it: headers and the body cut at the journal's
    limit. Kept raw and turned into JSON only when read: most entries are never looked at."""

    headers: list[tuple[str, str]]
    body: bytes
    size: int
    #: the headers are WSGI environ items (``HTTP_USER_AGENT``), renamed when read
    wsgi: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "headers": header_dict(self.headers) if self.wsgi else dict(self.headers),
            "body": self.body.decode("utf-8", errors="replace"),
            "size": self.size,
            "truncated": self.size > len(self.body),
        }


@dataclass
class Entry:
    id: int
    timestamp: float
    vendor: str | None
    method: str
    path: str
    query: str
    tenant: str | None = None
    status: int | None = None
    duration_ms: float | None = None
    request: Message | None = None
    response: Message | None = None
    #: the server dropped the connection instead of answering (an injected ``reset`` fault)
    reset: bool = False
    #: the answer was replayed, not computed again (``core.replay``)
    replayed: bool = False
    violations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def time(self) -> str:
        """Formatted when read, not on the request path: most entries are never looked at."""
        return iso_utc(datetime.fromtimestamp(self.timestamp, UTC))

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "tenant": self.tenant,
            "vendor": self.vendor,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "duration_ms": self.duration_ms,
            "replayed": self.replayed,
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


class Journal:
    def __init__(self, size: int = 1000, body_limit: int = 16 * 1024) -> None:
        self.body_limit = body_limit
        self._entries: deque[Entry] = deque(maxlen=max(1, size))
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def message(self, headers: list[tuple[str, str]], body: bytes, wsgi: bool = False) -> Message:
        return Message(headers, body[: self.body_limit], len(body), wsgi)

    def start(self, timestamp: float, vendor: str | None, method: str, path: str, query: str) -> Entry:
        entry = Entry(
            id=next(self._ids),
            timestamp=timestamp,
            vendor=vendor,
            method=method,
            path=path,
            query=query,
        )
        with self._lock:
            self._entries.append(entry)
        return entry

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
            self._entries.clear()
