"""Short-lived Bearer tokens from the password grant.

A token lives in two places: in its tenant's runtime state (so resetting or deleting the tenant
revokes it) and in a server-wide index token -> tenant id (so a Bearer token finds its tenant in
O(1)). Expiry is read from the mock clock, so a test advances time instead of waiting ten minutes.
Tokens expired for an hour are pruned as new ones are issued, so it does not grow without bound.
"""

from __future__ import annotations

import heapq
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mockserver.core.tenants import Tenant, TenantRegistry

VENDOR = "flowii"
RUNTIME_KEY = "tokens"
#: how long an expired token is still recognised as "expired" rather than "invalid"
FORGET_AFTER_SECONDS = 3600.0


@dataclass(frozen=True)
class Grant:
    """What a valid token stands for."""

    token: str
    tenant_id: str
    username: str
    expires_at: float


class TokenBook:
    """Issues tokens and resolves them; one per server (the vendor instance holds it)."""

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now
        self._lock = threading.Lock()
        self._index: dict[str, str] = {}
        self._expiries: list[tuple[float, str, dict[str, Grant]]] = []

    def issue(self, tenant: Tenant, username: str, ttl_seconds: float) -> Grant:
        now = self._now()
        grant = Grant(secrets.token_urlsafe(32), tenant.id, username, now + ttl_seconds)
        book = tenant.runtime(VENDOR, RUNTIME_KEY, dict)
        with self._lock:
            self._prune(now)
            book[grant.token] = grant
            self._index[grant.token] = tenant.id
            heapq.heappush(self._expiries, (grant.expires_at, grant.token, book))
        return grant

    def resolve(self, token: str, tenants: TenantRegistry) -> tuple[Grant | None, str]:
        """(grant, "") for a live token; (None, why) for an unknown, revoked or expired one."""
        tenant_id = self._index.get(token)
        tenant = tenants.get(tenant_id) if tenant_id else None
        grant = tenant.runtime(VENDOR, RUNTIME_KEY, dict).get(token) if tenant is not None else None
        if grant is None:
            return None, "The access token is invalid"
        if self._now() >= grant.expires_at:
            return None, "The access token has expired"
        return grant, ""

    def clear(self) -> None:
        with self._lock:
            self._index.clear()
            self._expiries.clear()

    def _prune(self, now: float) -> None:
        """Forget tokens expired for over an hour (until then they still answer "expired")."""
        while self._expiries and self._expiries[0][0] <= now - FORGET_AFTER_SECONDS:
            _, token, book = heapq.heappop(self._expiries)
            self._index.pop(token, None)
            book.pop(token, None)
