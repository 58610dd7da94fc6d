"""What runs around every API call, in Robaws' order: authenticate -> rate limiter -> idempotency
key -> (handler) -> store the answer for replay.

The idempotency claim happens before the tenant's lock is taken, so a duplicate that arrives
while the first request still runs is answered 409 at once instead of queueing behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Response, g, request

from mockserver.core.http import bind_tenant, identify
from mockserver.core.idempotency import IdempotencyStore, Outcome, StoredResponse, fingerprint
from mockserver.core.ratelimit import RateLimiter
from mockserver.vendors.robaws import config as robaws_config
from mockserver.vendors.robaws.auth import authenticate
from mockserver.vendors.robaws.errors import RobawsError

if TYPE_CHECKING:
    from mockserver.vendors.robaws import RobawsVendor

VENDOR = "robaws"
API_ROOT = "/api/v2"
KEY_HEADERS = ("x-robaws-idempotency-key", "Idempotency-Key")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
#: headers never replayed from a stored answer (recomputed for each request)
_FRESH = frozenset({"content-length", "x-ratelimit-remaining"})


def install(app, vendor: RobawsVendor) -> None:
    clock = vendor.server.clock

    @app.before_request
    def _before() -> Response | None:
        if not request.path.startswith(API_ROOT):
            return None
        principal = authenticate(vendor, request.headers.get("Authorization"))
        tenant = identify(principal.tenant)  # the lock comes after the rate limit and the key claim
        cfg = robaws_config.for_tenant(tenant)
        g.robaws_principal = principal
        g.robaws_config = cfg
        if cfg.rate_limited:
            limiter = tenant.runtime(VENDOR, "rate_limiter", lambda: RateLimiter(clock.time))
            decision = limiter.take(principal.key, cfg.rate_policy)
            g.robaws_rate_headers = decision.headers(cfg.rate_policy)
            if not decision.allowed:
                refused = Response(b"", status=429)
                del refused.headers["Content-Type"]
                return refused
        if cfg.idempotency and request.method in WRITE_METHODS:
            replay = _idempotency(tenant, principal.key, cfg, clock.time)
            if replay is not None:
                return replay
        bind_tenant(tenant)
        return None

    @app.after_request
    def _after(response: Response) -> Response:
        headers = g.get("robaws_rate_headers")
        if headers:
            for name, value in headers:
                response.headers[name] = value
        claim = g.pop("robaws_idempotency", None)
        if claim is not None:
            store, scope, key = claim
            kept = tuple((k, v) for k, v in response.headers.items() if k.lower() not in _FRESH)
            store.finish(scope, key, StoredResponse(response.status_code, kept, response.get_data()))
        return response

    @app.teardown_request
    def _teardown(_exc: BaseException | None) -> None:
        claim = g.pop("robaws_idempotency", None)
        if claim is not None:  # the request died before an answer: let a retry run
            store, scope, key = claim
            store.release(scope, key)


def _idempotency(tenant, scope: str, cfg: robaws_config.RobawsConfig, now) -> Response | None:
    keys = [request.headers[h] for h in KEY_HEADERS if h in request.headers]
    if not keys:
        return None
    # both names may come together: each is checked, the older name's key is the one used
    if any(not k.strip() or len(k) > cfg.max_key_length for k in keys):
        raise RobawsError(400, f"Idempotency key must be 1 to {cfg.max_key_length} characters")
    key = keys[0]
    store: IdempotencyStore = tenant.runtime(
        VENDOR, "idempotency", lambda: IdempotencyStore(now, table=tenant.state(VENDOR).map("idempotency"))
    )
    store.ttl_seconds = cfg.idempotency_ttl
    store.max_entries, store.max_bytes = cfg.max_keys, cfg.max_key_bytes
    print_ = fingerprint(request.method, request.full_path, request.get_data(cache=True))
    claim = store.claim(scope, key, print_)
    if claim.outcome is Outcome.PROCEED:
        g.robaws_idempotency = (store, scope, key)
        return None
    if claim.outcome is Outcome.REPLAY:
        assert claim.stored is not None
        return Response(claim.stored.body, status=claim.stored.status, headers=list(claim.stored.headers))
    if claim.outcome is Outcome.CONFLICT:
        raise RobawsError(409, "A request with this idempotency key is still being processed")
    raise RobawsError(
        cfg.mismatch_status,
        "This idempotency key was already used for a different request (method, path or body)",
    )
