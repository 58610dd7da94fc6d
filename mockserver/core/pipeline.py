"""The vendor chain of the request pipeline: one typed context, built by named steps.

    authenticate (the vendor's credential reader) -> bind tenant -> rate limit -> idempotency
        -> handler (under the tenant's lock) -> finish

Every vendor passes through these steps, the Flask ones (``core.http.vendor_flask_app`` runs them
from its request hooks) and Severa's SOAP endpoint alike. A vendor supplies only what is its own:
its credential reader (``Vendor.read_credentials``), which requests need credentials
(``Vendor.needs_credentials``), and, when it has them, its rate-limit and idempotency rules
(``Vendor.rate_rule``, ``Vendor.idempotency_rule``). The steps themselves live here once, so a new
cross-cutting feature is one new step, not five edits.

The gateway creates the context (``serving``) before it calls the vendor's application and reads
it afterwards (the tenant for the journal, the replay basis); nothing travels through ``environ``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Response

from mockserver.core.idempotency import IdempotencyStore, Outcome, StoredResponse, fingerprint
from mockserver.core.ratelimit import Decision, RateLimitPolicy

if TYPE_CHECKING:
    from werkzeug.wrappers import Request

    from mockserver.core.replay import Basis
    from mockserver.core.tenants import Tenant
    from mockserver.core.vendor import Vendor

#: the step names, in the order a request that passes them all runs them
STEPS = ("authenticate", "bind tenant", "rate limit", "idempotency", "handler", "finish")


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a vendor's credential reader found: the tenant that owns the credentials and the
    vendor's own notion of who is calling (a Robaws API user or OAuth grant, ...), or None."""

    tenant: Tenant
    principal: Any = None


class Carried(Enum):
    """What credentials a request carries, as its vendor's credential reader tells."""

    #: none at all (or a call that needs none): the mock answers, with its refusal if need be
    NONE = "none"
    #: a tenant's, with the right secret or a wrong one: the mock answers (and refuses a wrong one)
    TENANT = "tenant"
    #: credentials no tenant knows: the upstream passthrough forwards these (``core.upstream``)
    UNKNOWN = "unknown"


class CredentialsRefused(Exception):
    """A credential reader's refusal that says what the request carried (``missing``,
    ``unknown``). The authenticate step raises ``error``, the vendor's own; None serves the call
    without a tenant (Severa's operations that need none). A vendor error a reader raises as it is
    means a tenant's credentials, refused (a wrong secret, an expired token)."""

    def __init__(self, carried: Carried, error: Exception | None) -> None:
        super().__init__(carried.value)
        self.carried = carried
        self.error = error


def missing(error: Exception | None) -> CredentialsRefused:
    """The reader's refusal of a request that carries no credentials."""
    return CredentialsRefused(Carried.NONE, error)


def unknown(error: Exception | None) -> CredentialsRefused:
    """The reader's refusal of credentials no tenant knows."""
    return CredentialsRefused(Carried.UNKNOWN, error)


@dataclass(frozen=True)
class RateRule:
    """How a vendor counts a request: the bucket, its policy and the vendor's 429."""

    key: str
    policy: RateLimitPolicy
    #: the vendor's answer to a refused request (it may raise its own error instead)
    refuse: Callable[[Decision], Response]
    #: whether every answer carries the bucket's headers (Robaws), or none does (FLOWii)
    headers_on_answers: bool = False


@dataclass(frozen=True)
class IdempotencyRule:
    """How a vendor reads an idempotency key and words its refusals. The errors are factories of
    the vendor's own exceptions, raised by the step."""

    #: header names that carry the key; when several come, each is checked, the first one is used
    headers: tuple[str, ...]
    store: IdempotencyStore
    scope: str
    max_key_length: int
    invalid_key: Callable[[], Exception]
    conflict: Callable[[], Exception]
    mismatch: Callable[[], Exception]
    #: response headers never stored for replay (recomputed for each request)
    fresh_headers: frozenset[str] = frozenset({"content-length"})


@dataclass(slots=True)
class Claim:
    """An idempotency key this request holds until its answer is stored (or it dies)."""

    rule: IdempotencyRule
    key: str


@dataclass(slots=True)
class RequestContext:
    """One vendor request as the pipeline knows it; each step fills in its part."""

    vendor: Vendor
    #: the caller's tenant, once authenticated (None: not authenticated, or a call that needs none)
    tenant: Tenant | None = None
    #: the vendor's own notion of the caller (``Credentials.principal``)
    principal: Any = None
    #: the tenant's settings for this vendor (read-only)
    settings: dict[str, Any] = field(default_factory=dict)
    #: the rate limiter's decision, and the headers to send with every answer
    rate: Decision | None = None
    rate_headers: list[tuple[str, str]] = field(default_factory=list)
    claim: Claim | None = None
    #: what a replayable answer was rendered from (``core.replay``); set by ``declare_replayable``
    basis: Basis | None = None
    #: the names of the steps that ran, in order (the journal's ``steps``; tests read them)
    steps: list[str] = field(default_factory=list)
    lock: threading.Lock | None = None
    #: what the credential reader found when the upstream passthrough asked before serving
    #: (``carried``), taken by the authenticate step instead of reading the credentials again, and
    #: the body as the reader parsed it then (Severa's SOAP call), for the vendor to serve from
    found: Credentials | None = None
    parsed: Any = None

    def ran(self, step: str) -> None:
        self.steps.append(step)


_CURRENT: ContextVar[RequestContext | None] = ContextVar("mockserver_request", default=None)
#: debug hooks: each is called with every context once its request is done (``watch``)
_WATCHERS: list[Callable[[RequestContext], None]] = []


def current() -> RequestContext | None:
    """The context of the vendor request being served on this thread, if any."""
    return _CURRENT.get()


@contextmanager
def serving(vendor: Vendor, context: RequestContext | None = None) -> Iterator[RequestContext]:
    """A context (fresh, or the one the upstream's question was asked in), current while the
    vendor's application runs; its lock released after."""
    context = context if context is not None else RequestContext(vendor)
    token = _CURRENT.set(context)
    try:
        yield context
    finally:
        _CURRENT.reset(token)
        release(context)
        for watcher in _WATCHERS:
            watcher(context)


@contextmanager
def watch() -> Iterator[list[RequestContext]]:
    """A debug hook: the contexts of the vendor requests served meanwhile, once each is done
    (which steps ran, the tenant, the replay basis). For tests and debugging only."""
    seen: list[RequestContext] = []
    _WATCHERS.append(seen.append)
    try:
        yield seen
    finally:
        _WATCHERS.remove(seen.append)


# -- the steps -------------------------------------------------------------------------------------
def enter(context: RequestContext, request: Any) -> Response | None:
    """Run the steps before the handler; an answer when one of them answers instead (a 429, an
    idempotent replay). A refusal is the vendor's own error, raised."""
    authenticate(context, request)
    if context.tenant is None:
        return None
    bind_tenant(context)
    refused = rate_limit(context)
    if refused is not None:
        return refused
    return idempotency(context, request)


def authenticate(context: RequestContext, request: Any) -> None:
    """The vendor's credential reader finds the tenant and principal, or raises its auth error."""
    context.ran("authenticate")
    try:
        credentials = context.found or context.vendor.read_credentials(request)
    except CredentialsRefused as refused:
        if refused.error is None:
            return
        raise refused.error from None
    if credentials is not None:
        context.tenant, context.principal = credentials.tenant, credentials.principal


def bind_tenant(context: RequestContext) -> None:
    """The tenant's settings for this vendor; the journal names the tenant from here on."""
    context.ran("bind tenant")
    assert context.tenant is not None
    context.settings = context.tenant.settings_for(context.vendor.name)


def rate_limit(context: RequestContext) -> Response | None:
    rule = context.vendor.rate_rule(context)
    if rule is None:
        return None
    context.ran("rate limit")
    assert context.tenant is not None
    clock = context.vendor.server.clock
    limiter = context.tenant.runtime(context.vendor.name, "rate_limiter", lambda: _limiter(clock.time))
    decision = context.rate = limiter.take(rule.key, rule.policy)
    if rule.headers_on_answers:
        context.rate_headers = decision.headers(rule.policy)
    return None if decision.allowed else rule.refuse(decision)


def _limiter(time: Callable[[], float]) -> Any:
    from mockserver.core.ratelimit import RateLimiter

    return RateLimiter(time)


def idempotency(context: RequestContext, request: Any) -> Response | None:
    """Claim the request's idempotency key before the tenant's lock is taken, so a duplicate that
    arrives while the first still runs is answered at once instead of queueing behind it."""
    rule = context.vendor.idempotency_rule(context, request)
    if rule is None:
        return None
    context.ran("idempotency")
    keys = [request.headers[h] for h in rule.headers if h in request.headers]
    if not keys:
        return None
    if any(not k.strip() or len(k) > rule.max_key_length for k in keys):
        raise rule.invalid_key()
    key = keys[0]
    print_ = fingerprint(request.method, request.full_path, request.get_data(cache=True))
    claim = rule.store.claim(rule.scope, key, print_)
    if claim.outcome is Outcome.PROCEED:
        context.claim = Claim(rule, key)
        return None
    if claim.outcome is Outcome.REPLAY:
        assert claim.stored is not None
        return Response(claim.stored.body, status=claim.stored.status, headers=list(claim.stored.headers))
    if claim.outcome is Outcome.CONFLICT:
        raise rule.conflict()
    raise rule.mismatch()


def handler(context: RequestContext) -> None:
    """Before the handler runs: the tenant's lock, held to the end of the request, so no two
    requests of one tenant touch its store at once."""
    context.ran("handler")
    if context.tenant is not None and context.lock is None:
        context.tenant.lock.acquire()
        context.lock = context.tenant.lock


def finish(context: RequestContext, response: Response | None) -> Response | None:
    """The answer's rate headers; a claimed idempotency key stores the answer for its retries.
    A vendor with neither (Severa) may finish without a ``Response`` object."""
    context.ran("finish")
    if response is None:
        assert not context.rate_headers and context.claim is None
        return None
    for name, value in context.rate_headers:
        response.headers[name] = value
    claim, context.claim = context.claim, None
    if claim is not None:
        fresh = claim.rule.fresh_headers
        kept = tuple((k, v) for k, v in response.headers.items() if k.lower() not in fresh)
        stored = StoredResponse(response.status_code, kept, response.get_data())
        claim.rule.store.finish(claim.rule.scope, claim.key, stored)
    return response


def release(context: RequestContext) -> None:
    """The end of every request, answered or not: a claim that got no answer lets a retry run;
    the tenant's lock is released."""
    claim, context.claim = context.claim, None
    if claim is not None:
        claim.rule.store.release(claim.rule.scope, claim.key)
    lock, context.lock = context.lock, None
    if lock is not None:
        lock.release()


# -- asking about credentials without serving ------------------------------------------------------
def carried(vendor: Vendor, request: Request, context: RequestContext | None = None) -> Carried:
    """What credentials ``request`` carries for ``vendor``: none, a tenant's (right or wrong
    secret), or credentials no tenant knows; the upstream passthrough's question, answered by the
    same credential reader the authenticate step runs. Nothing is served: no step, no lock, nothing
    journalled. ``context``, when given, is the request's: it keeps what the reader found for the
    authenticate step, and is current while the reader runs, so a reader that parses the body can
    keep its parse there (``RequestContext.parsed``) for serving the same request."""
    from mockserver.core.http import VendorError

    token = _CURRENT.set(context) if context is not None else None
    try:
        credentials = _read(vendor, request)
    except CredentialsRefused as refused:
        return refused.carried
    except VendorError:
        return Carried.TENANT
    finally:
        if token is not None:
            _CURRENT.reset(token)
    if credentials is None:
        return Carried.NONE
    if context is not None:
        context.found = credentials
    return Carried.TENANT


def _read(vendor: Vendor, request: Request) -> Credentials | None:
    """The vendor's credential reader over a request not being served: a reader that reads the body
    (Severa's key is in the SOAP envelope) leaves the gateway's buffered body where it was, so the
    request can still be served or forwarded."""
    stream = request.environ.get("wsgi.input")
    position = stream.tell() if stream is not None and stream.seekable() else None
    try:
        return vendor.read_credentials(request)
    finally:
        if position is not None:
            stream.seek(position)
