"""Short-lived Bearer tokens from the password grant, kept by core's ``TokenBook`` (``core.tokens``).

A token lives in its tenant's durable runtime state (so resetting or deleting the tenant revokes
it, and with ``--data-dir`` it survives a restart) and is found server-wide through the vendor's
``TokenIndex`` in O(1). Expiry is read from the mock clock, so a test advances time instead of
waiting ten minutes. A token expired for an hour is forgotten (until then it answers "expired").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mockserver.core.tokens import ACCESS, Grant, TokenIndex, TokenLimits
from mockserver.vendors.flowii import NAME

if TYPE_CHECKING:
    from mockserver.core.tenants import Tenant, TenantRegistry

#: how long an expired token is still recognised as "expired" rather than "invalid"
FORGET_AFTER_SECONDS = 3600.0
LIMITS = TokenLimits(forget_after=FORGET_AFTER_SECONDS)


class TokenBook:
    """Issues tokens and resolves them; one per server (the vendor instance holds it)."""

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now
        self._index = TokenIndex(NAME, now, LIMITS)

    def issue(self, tenant: Tenant, username: str, ttl_seconds: float) -> Grant:
        return self._index.book(tenant).issue(ACCESS, username, ttl_seconds)

    def resolve(self, token: str, tenants: TenantRegistry) -> tuple[Grant | None, str]:
        """(grant, "") for a live token; (None, why) for an unknown, revoked or expired one."""
        found = self._index.find(token, tenants)
        if found is None or found[1].kind != ACCESS:
            return None, "The access token is invalid"
        if not found[1].live(self._now()):
            return None, "The access token has expired"
        return found[1], ""

    def clear(self) -> None:
        self._index.clear()
