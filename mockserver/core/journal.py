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
    request: dict[str, Any] = field(default_factory=dict)
    response: dict[str, Any] = field(default_factory=dict)
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
            "request": self.request,
            "response": self.response,
            "violations": self.violations,
        }


def body_text(body: bytes, limit: int) -> dict[str, Any]:
    """A body as the journal keeps it: text (invalid UTF-8 replaced), cut at ``limit`` bytes."""
    return {
        "body": body[:limit].decode("utf-8", errors="replace"),
        "size": len(body),
        "truncated": len(body) > limit,
    }


class Journal:
    def __init__(self, size: int = 1000, body_limit: int = 16 * 1024) -> None:
        self.body_limit = body_limit
        self._entries: deque[Entry] = deque(maxlen=max(1, size))
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

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
