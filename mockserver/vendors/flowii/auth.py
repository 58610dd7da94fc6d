"""Who is calling: the ``Api-Key`` header names the tenant, the password grant proves the user,
the Bearer token carries that proof for a few minutes. Also the per-tenant rate limit, which
counts every call that names a valid key (token requests included).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import request
from werkzeug.wrappers import Request

from mockserver.core.bodies import BodyError, parse_body
from mockserver.core.http import bind_tenant, server, settings
from mockserver.core.ratelimit import RateLimiter, RateLimitPolicy
from mockserver.vendors.flowii.errors import ApiError, OAuthError, unauthorized

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.core.tenants import Tenant, TenantRegistry
    from mockserver.vendors.flowii.tokens import Grant, TokenBook

VENDOR = "flowii"


def _api_key_tenant(req: Request = request, tenants: TenantRegistry | None = None) -> Tenant | None:
    key = req.headers.get("Api-Key", "")
    return (tenants or server().tenants).by_credential(VENDOR, "api_key", key) if key else None


def credentials_owned(server: MockServer, environ: dict, body: bytes) -> bool:
    """``Vendor.credentials_owned``: the ``Api-Key`` header names the account on every call, the
    token request included (a token FLOWii issued travels with its key); no key: owned."""
    req = Request(environ, shallow=True)
    return not req.headers.get("Api-Key") or _api_key_tenant(req, server.tenants) is not None


def _rate_policy(settings: dict) -> RateLimitPolicy | None:
    knobs = settings["rate_limit"]
    if not knobs["enabled"]:
        return None
    return RateLimitPolicy(
        capacity=max(1, int(knobs["capacity"])),
        # every 429 carries a finite Retry-After (the contract requires it): a bucket refills
        # at least one token per 1,000 s
        refill_per_second=max(0.001, float(knobs["refill_per_second"])),
        remaining_header=None,
        retry_after=True,
    )


def _rate_limit(tenant: Tenant) -> None:
    policy = tenant.parsed_settings(VENDOR, _rate_policy)
    if policy is None:
        return
    limiter = tenant.runtime(VENDOR, "rate_limiter", lambda: RateLimiter(server().clock.time))
    decision = limiter.take("api_key", policy)
    if not decision.allowed:
        headers = dict(decision.headers(policy))
        detail = f"Rate limit of {policy.capacity} requests exceeded; retry after {headers['Retry-After']} s"
        raise ApiError(429, detail, headers=headers)


def rate_limited(tenant: Tenant) -> bool:
    """Whether the tenant's calls are counted (then every answer is its own: the bucket moves)."""
    return tenant.parsed_settings(VENDOR, _rate_policy) is not None


def live(tokens: TokenBook, token: str) -> Callable[[], bool]:
    """A check that ``token`` still resolves (not expired on the mock clock, not evicted, its
    tenant not reset): what a replayed answer to it depends on besides the data."""
    tenants = server().tenants
    return lambda: tokens.resolve(token, tenants)[0] is not None


def authenticate(tokens: TokenBook) -> tuple[Tenant, Grant]:
    """A business call: a known ``Api-Key`` and a live Bearer token issued for that key's tenant."""
    if not request.headers.get("Api-Key"):
        raise unauthorized("The Api-Key header is missing")
    tenant = _api_key_tenant()
    if tenant is None:
        raise unauthorized("The API key is not valid")
    bind_tenant(tenant)
    _rate_limit(tenant)
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("The Authorization header with a Bearer access token is missing")
    grant, why = tokens.resolve(token.strip(), server().tenants)
    if grant is None or grant.tenant_id != tenant.id:
        raise unauthorized(why or "The access token was not issued for this API key")
    return tenant, grant


def issue_token(tokens: TokenBook) -> dict:
    """``POST /token``: the OAuth2 password grant, answered in RFC 6749 shape."""
    tenant = _api_key_tenant()
    if tenant is None:
        missing = not request.headers.get("Api-Key")
        raise OAuthError("invalid_client", "The Api-Key header is missing" if missing else "Unknown API key")
    bind_tenant(tenant)
    _rate_limit(tenant)
    try:
        form = parse_body(request.get_data(), request.content_type, allow_empty=True)
    except BodyError as exc:
        raise OAuthError("invalid_request", f"The request body cannot be read: {exc.message}") from exc
    if not isinstance(form, dict):
        raise OAuthError("invalid_request", "The request body must be a form")
    grant_type = form.get("grant_type")
    if not grant_type:
        raise OAuthError("invalid_request", "Missing parameter: grant_type")
    if grant_type != "password":
        raise OAuthError("unsupported_grant_type", f"Grant type {str(grant_type)[:64]!r} is not supported")
    for name in ("username", "password"):
        if not isinstance(form.get(name), str) or not form[name]:
            raise OAuthError("invalid_request", f"Missing parameter: {name}")
    credentials = tenant.credentials[VENDOR]
    if not (
        _same(form["username"].lower(), credentials["username"].lower())
        and _same(form["password"], credentials["password"])
    ):
        raise OAuthError("invalid_grant", "The user name or password is incorrect")
    ttl = settings()["token_ttl_seconds"]
    grant = tokens.issue(tenant, credentials["username"], ttl)
    return {"access_token": grant.token, "token_type": "bearer", "expires_in": int(ttl)}


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
