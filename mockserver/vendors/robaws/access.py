"""What Robaws asks of the request pipeline (``core.pipeline``), in Robaws' order: the credential
reader (Basic or OAuth, ``auth.read_credentials``) -> the rate limiter (a bucket per API user or
OAuth client, its headers on every answer) -> the idempotency key (writes only) -> the handler.

Every call under the API root is authenticated before routing, so an unknown path answers 401 to
a stranger, as the real API does; the OAuth endpoints authenticate their client themselves.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from mockserver.core.idempotency import IdempotencyStore
from mockserver.core.pipeline import IdempotencyRule, RateRule, RequestContext
from mockserver.vendors.robaws import settings as robaws_settings
from mockserver.vendors.robaws.errors import RobawsError

KEY_HEADERS = ("x-robaws-idempotency-key", "Idempotency-Key")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
#: headers never replayed from a stored answer (recomputed for each request)
FRESH = frozenset({"content-length", "x-ratelimit-remaining"})


def rate_rule(context: RequestContext) -> RateRule | None:
    assert context.tenant is not None
    settings = robaws_settings.for_tenant(context.tenant)
    if not settings.rate_limited:
        return None
    return RateRule(context.principal.key, settings.rate_policy, _too_many, headers_on_answers=True)


def _too_many(_decision: Any) -> Response:
    refused = Response(b"", status=429)
    del refused.headers["Content-Type"]
    return refused


def idempotency_rule(context: RequestContext, request: Any) -> IdempotencyRule | None:
    tenant = context.tenant
    assert tenant is not None
    if request.method not in WRITE_METHODS:  # every read: no settings lookup
        return None
    settings = robaws_settings.for_tenant(tenant)
    if not settings.idempotency:
        return None
    name = context.vendor.name
    clock = context.vendor.server.clock
    store: IdempotencyStore = tenant.runtime(
        name, "idempotency", lambda: IdempotencyStore(clock.time, table=tenant.state(name).map("idempotency"))
    )
    store.ttl_seconds = settings.idempotency_ttl
    store.max_entries, store.max_bytes = settings.max_keys, settings.max_key_bytes
    return IdempotencyRule(
        headers=KEY_HEADERS,
        store=store,
        scope=context.principal.key,
        max_key_length=settings.max_key_length,
        invalid_key=lambda: RobawsError(
            400, f"Idempotency key must be 1 to {settings.max_key_length} characters"
        ),
        conflict=lambda: RobawsError(409, "A request with this idempotency key is still being processed"),
        mismatch=lambda: RobawsError(
            settings.mismatch_status,
            "This idempotency key was already used for a different request (method, path or body)",
        ),
        fresh_headers=FRESH,
    )
