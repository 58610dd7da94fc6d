"""Who is calling: the ``Api-Key`` header names the tenant, the password grant proves the user,
the Bearer token carries that proof for a few minutes. Also the per-tenant rate limit rule, which
counts every call that names a valid key (token requests included), before the token is checked.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Response

from mockserver.core.bodies import BodyError, parse_body
from mockserver.core.http import request, server, settings, tenant
from mockserver.core.pipeline import Credentials, RateRule, missing, unknown
from mockserver.core.ratelimit import Decision, RateLimitPolicy
from mockserver.vendors.flowii import NAME
from mockserver.vendors.flowii.errors import ApiError, OAuthError, unauthorized

if TYPE_CHECKING:
    from mockserver.core.tenants import Tenant
    from mockserver.vendors.flowii import FlowiiVendor
    from mockserver.vendors.flowii.tokens import Grant, TokenBook


def read_credentials(vendor: FlowiiVendor, request: Any) -> Credentials:
    """The credential reader: the ``Api-Key`` header names the tenant on every call, the token
    request included (a token FLOWii issued travels with its key). The Bearer token is checked by
    the business calls (``bearer_grant``), after the rate limit has counted the call; the token
    endpoint answers in OAuth's shape."""
    key = request.headers.get("Api-Key", "")
    tenant = vendor.server.tenants.by_credential(NAME, "api_key", key) if key else None
    if tenant is not None:
        return Credentials(tenant)
    refusal: Exception
    if getattr(request, "endpoint", None) == "token":
        refusal = OAuthError("invalid_client", "Unknown API key" if key else "The Api-Key header is missing")
    else:
        refusal = unauthorized("The API key is not valid" if key else "The Api-Key header is missing")
    raise unknown(refusal) if key else missing(refusal)


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


def rate_rule(tenant: Tenant) -> RateRule | None:
    """Every call that names a valid key is counted, token requests included."""
    policy = tenant.parsed_settings(NAME, _rate_policy)
    if policy is None:
        return None
    return RateRule("api_key", policy, lambda decision: _too_many(decision, policy))


def _too_many(decision: Decision, policy: RateLimitPolicy) -> Response:
    headers = dict(decision.headers(policy))
    detail = f"Rate limit of {policy.capacity} requests exceeded; retry after {headers['Retry-After']} s"
    raise ApiError(429, detail, headers=headers)


def rate_limited(tenant: Tenant) -> bool:
    """Whether the tenant's calls are counted (then every answer is its own: the bucket moves)."""
    return tenant.parsed_settings(NAME, _rate_policy) is not None


def live(tokens: TokenBook, token: str) -> Callable[[], bool]:
    """A check that ``token`` still resolves (not expired on the mock clock, not evicted, its
    tenant not reset): what a replayed answer to it depends on besides the data."""
    tenants = server().tenants
    return lambda: tokens.resolve(token, tenants)[0] is not None


def bearer_grant(tokens: TokenBook) -> Grant:
    """A business call: a live Bearer token issued for the tenant the ``Api-Key`` named."""
    caller = tenant()
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("The Authorization header with a Bearer access token is missing")
    grant, why = tokens.resolve(token.strip(), server().tenants)
    if grant is None or grant.tenant_id != caller.id:
        raise unauthorized(why or "The access token was not issued for this API key")
    return grant


def issue_token(tokens: TokenBook) -> dict:
    """``POST /token``: the OAuth2 password grant, answered in RFC 6749 shape."""
    caller = tenant()
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
    credentials = caller.credentials[NAME]
    if not (
        _same(form["username"].lower(), credentials["username"].lower())
        and _same(form["password"], credentials["password"])
    ):
        raise OAuthError("invalid_grant", "The user name or password is incorrect")
    ttl = settings()["token_ttl_seconds"]
    grant = tokens.issue(caller, credentials["username"], ttl)
    return {"access_token": grant.token, "token_type": "bearer", "expires_in": int(ttl)}


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
