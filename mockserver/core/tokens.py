"""OAuth authorization codes and tokens, for every vendor that issues them (Robaws' authorization
code flow with rotating refresh tokens, FLOWii's password grant).

A tenant's ``TokenBook`` keeps its grants in the tenant's durable runtime state (``core.state``):
with ``--data-dir`` they survive a restart, and resetting or deleting the tenant forgets them. A
vendor's ``TokenIndex`` finds the book holding a token server-wide in O(1); after a restart it
learns the restored books on the first token it does not know.

Expiry is read from the mock clock. A grant is forgotten ``forget_after`` seconds after it expires
(until then a vendor may still answer "expired" rather than "invalid"). The book is bounded
(``TokenLimits``): per kind of grant, per subject for codes (an unauthenticated loop on an
authorize endpoint cannot mint codes without limit), and in serialized bytes; the oldest grant
goes first.
"""

from __future__ import annotations

import heapq
import json
import secrets
import threading
import weakref
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from mockserver.core.state import DurableMap

if TYPE_CHECKING:
    from mockserver.core.tenants import Tenant, TenantRegistry

CODE, ACCESS, REFRESH = "code", "access", "refresh"
TABLE = "tokens"


@dataclass(frozen=True)
class Grant:
    """What a code or token stands for."""

    token: str
    tenant_id: str
    kind: str  # CODE, ACCESS or REFRESH
    subject: str  # the OAuth client id, or the user name
    expires: float
    scopes: tuple[str, ...] = ()
    redirect_uri: str = ""

    def live(self, now: float) -> bool:
        return now < self.expires


@dataclass(frozen=True)
class TokenLimits:
    #: grants of one kind one tenant may hold
    per_kind: int = 1000
    #: unexchanged codes one subject (client) may hold
    codes_per_subject: int = 10
    #: the serialized size of one tenant's book
    max_bytes: int = 1_000_000
    #: seconds an expired grant is still known (to answer "expired")
    forget_after: float = 0.0


class TokenBook:
    """One tenant's grants for one vendor. Thread-safe."""

    def __init__(
        self,
        tenant_id: str,
        table: DurableMap,
        now: Callable[[], float],
        limits: TokenLimits,
        index: TokenIndex,
    ) -> None:
        self.tenant_id = tenant_id
        self.limits = limits
        self._table = table
        self._now = now
        self._index = index
        self._lock = threading.Lock()
        self._sizes: dict[str, int] = {}
        self._bytes = 0
        self._expiries: list[tuple[float, str]] = []
        for token, value in table.items():
            self._account(token, value)
            index._register(token, self)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._table)

    def issue(
        self, kind: str, subject: str, ttl: float, scopes: tuple[str, ...] = (), redirect_uri: str = ""
    ) -> Grant:
        now = self._now()
        token = secrets.token_urlsafe(32)
        grant = Grant(token, self.tenant_id, kind, subject, now + ttl, scopes, redirect_uri)
        value = asdict(grant)
        with self._lock:
            self._prune(now)
            self._table.put(grant.token, value)
            self._account(grant.token, value)
            self._bound(grant)
        self._index._register(grant.token, self)
        return grant

    def find(self, token: str) -> Grant | None:
        """The grant of ``token`` if the book still knows it (it may have expired: ``live``)."""
        with self._lock:
            self._prune(self._now())
            value = self._table.get(token)
        return _grant(value) if value is not None else None

    def take(self, token: str) -> Grant | None:
        """Remove and return the grant of a single-use token (a code, a rotating refresh token)."""
        with self._lock:
            self._prune(self._now())
            value = self._forget(token)
        return _grant(value) if value is not None else None

    # -- bookkeeping (under the lock) --------------------------------------------------------------
    def _account(self, token: str, value: dict) -> None:
        size = len(json.dumps(value, separators=(",", ":")))
        self._sizes[token] = size
        self._bytes += size
        heapq.heappush(self._expiries, (value["expires"] + self.limits.forget_after, token))

    def _forget(self, token: str) -> dict | None:
        value = self._table.pop(token)
        if value is not None:
            self._bytes -= self._sizes.pop(token, 0)
            self._index._unregister(token)
        return value

    def _prune(self, now: float) -> None:
        while self._expiries and self._expiries[0][0] <= now:
            _, token = heapq.heappop(self._expiries)
            value = self._table.get(token)
            if value is not None and value["expires"] + self.limits.forget_after <= now:
                self._forget(token)

    def _bound(self, newest: Grant) -> None:
        """Evict the oldest grants until every limit holds again (never the one just issued)."""
        limits = self.limits
        same_kind = [t for t, v in self._table.items() if v["kind"] == newest.kind]
        if newest.kind == CODE:
            mine = [t for t in same_kind if self._table.get(t)["subject"] == newest.subject]
            for token in mine[: max(0, len(mine) - limits.codes_per_subject)]:
                self._forget(token)
            same_kind = [t for t in same_kind if t in self._table]
        for token in same_kind[: max(0, len(same_kind) - limits.per_kind)]:
            self._forget(token)
        for token in list(self._table):
            if self._bytes <= limits.max_bytes or token == newest.token:
                break
            self._forget(token)
        if len(self._expiries) > 2 * len(self._table) + 64:  # evicted grants left their expiry behind
            forget_after = limits.forget_after
            self._expiries = [(v["expires"] + forget_after, t) for t, v in self._table.items()]
            heapq.heapify(self._expiries)


def _grant(value: dict) -> Grant:
    return Grant(**{**value, "scopes": tuple(value.get("scopes") or ())})


class TokenIndex:
    """Server-wide for one vendor: which tenant's book holds a token. Entries point at books weakly,
    so a reset tenant's book (dropped with its runtime state) leaves no entry behind."""

    def __init__(self, vendor: str, now: Callable[[], float], limits: TokenLimits) -> None:
        self.vendor = vendor
        self.limits = limits
        self._now = now
        self._books: weakref.WeakValueDictionary[str, TokenBook] = weakref.WeakValueDictionary()
        self._lock = threading.Lock()
        self._learned = False

    def book(self, tenant: Tenant) -> TokenBook:
        """``tenant``'s book, opened from its durable state on first use."""
        return tenant.runtime(
            self.vendor,
            TABLE,
            lambda: TokenBook(tenant.id, tenant.state(self.vendor).map(TABLE), self._now, self.limits, self),
        )

    def find(self, token: str, tenants: TenantRegistry) -> tuple[Tenant, Grant] | None:
        """The tenant and grant of ``token`` (live or recently expired), or None."""
        book = self._books.get(token)
        if book is None and not self._learned:
            self._learned = True  # after a restart: open every restored tenant's book once
            for tenant in tenants.all():
                self.book(tenant)
            book = self._books.get(token)
        tenant = tenants.get(book.tenant_id) if book is not None else None
        if tenant is None or self.book(tenant) is not book:
            return None
        grant = book.find(token)
        return (tenant, grant) if grant is not None else None

    def clear(self) -> None:
        """Forget every entry (the vendor was reset); books are learned again on demand."""
        with self._lock:
            self._books.clear()
            self._learned = False

    def _register(self, token: str, book: TokenBook) -> None:
        with self._lock:
            self._books[token] = book

    def _unregister(self, token: str) -> None:
        with self._lock:
            self._books.pop(token, None)
