"""Repeated reads answered again without running the vendor's application.

A test suite asks the same GET over and over while the data behind it does not change, and most of
such a request's cost is the vendor's Flask application (request context, routing, authentication,
rendering), not the answer. So a vendor handler whose answer depends on nothing but the request
itself, the tenant's configuration and one store's data *declares* so (``declare``), and the
gateway keeps that answer and serves it again to the identical request while the declared basis is
unchanged: the tenant's ``generation`` (settings, credentials, reset, deletion) and the store's
``version`` (every write). Exact by construction: nothing that can change the answer leaves the
basis as it was.

What keeps a handler from declaring: anything per request or per moment - a rate-limit bucket, a
clock, a side effect. Those answers always run the application. A credential that can lapse
without a configuration change (a Bearer token expiring on the clock, or evicted) is declared with
``valid``: a check, run before each replay, that it still holds.

The request is identified by its URL (scheme, host, path, query) and the values of the headers its
vendor declares it reads (``Vendor.replay_headers``), nothing else: a client that sends a fresh trace
id (``X-Request-Id``), another ``User-Agent`` or ``Accept-Encoding`` with every request still gets
the kept answer, and a header the vendor does read separates answers. A GET with a body is never
replayed; a POST only for a vendor that keys its reads by the body (SOAP).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mockserver.core.cache import AnswerCache

if TYPE_CHECKING:
    from mockserver.core.pipeline import RequestContext
    from mockserver.core.store import VendorData
    from mockserver.core.tenants import Tenant, TenantRegistry


@dataclass(frozen=True, slots=True)
class Basis:
    """What a declared answer was rendered from, and the versions it had then."""

    tenant: Tenant
    generation: int
    data: VendorData
    version: int
    #: what else must still hold for the answer to stand (a token still live), or None
    valid: Callable[[], bool] | None = None

    def unchanged(self) -> bool:
        return (
            self.tenant.generation == self.generation
            and self.data.version == self.version
            and (self.valid is None or self.valid())
        )


def declare(
    context: RequestContext, tenant: Tenant, data: VendorData, valid: Callable[[], bool] | None = None
) -> None:
    """Say that this request's answer is a function of the request, ``tenant``'s configuration and
    ``data`` alone (while ``valid()``, when given, holds). Call it under the tenant's lock, *before*
    reading the data: a write racing the rendering then leaves the kept answer already outdated,
    never wrongly current."""
    context.basis = Basis(tenant, tenant.generation, data, data.version, valid)


def withdraw(context: RequestContext) -> None:
    """Take a declaration back: the handler found, while it ran, that its answer depends on more
    than it declared (it read the clock)."""
    context.basis = None


@dataclass(frozen=True, slots=True)
class Kept:
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    basis: Basis


#: request headers the HTTP framework itself reads of every request, whatever the vendor declares:
#: the host (part of the URL, in every key), and Connection + Upgrade (Werkzeug routes a websocket
#: upgrade differently) - a request that asks for an upgrade is never replayed, so with the host in
#: the key none of them can make a kept answer wrong
FRAMEWORK_HEADERS = ("HTTP_HOST", "HTTP_CONNECTION", "HTTP_UPGRADE")


def environ_keys(headers: Iterable[str]) -> tuple[str, ...]:
    """The WSGI environ keys of request header names (``X-Request-Id`` -> ``HTTP_X_REQUEST_ID``;
    ``Content-Type`` and ``Content-Length`` have no ``HTTP_`` prefix), computed once per vendor."""
    keys = []
    for name in headers:
        key = name.upper().replace("-", "_")
        keys.append(key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key)
    return tuple(keys)


def request_key(environ: dict, header_keys: tuple[str, ...], body: bytes | None = None) -> tuple | None:
    """The identity of a replayable request: its URL and the values (or absence) of the headers
    whose environ keys are ``header_keys`` (``environ_keys`` of what the vendor reads), and, for a
    vendor whose reads ask their question in the body (``Vendor.replay_bodies``: a SOAP call is a
    POST whose envelope names the operation, its arguments and the credentials), the body's bytes.
    None when it cannot be replayed: another method, a body a handler might read without it being
    in the key, or a protocol upgrade."""
    if "HTTP_UPGRADE" in environ:
        return None
    method = environ.get("REQUEST_METHOD")
    if body is not None and method == "POST":
        question: tuple = (body,)
    elif method == "GET" and environ.get("CONTENT_LENGTH") in (None, "", "0"):
        question = ()
    else:
        return None
    return (
        environ.get("wsgi.url_scheme", ""),
        environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        *[environ.get(key) for key in header_keys],
        *question,
    )


class ReplayStore:
    """Kept answers, in the server's one bounded cache (``core.cache.AnswerCache``): at most 1,024,
    each body up to 256 KiB, each request identity up to 8 KiB (a longer URL or header set is
    never kept), 16 MiB in all, least recently used dropped first.

    A kept answer that no longer matches its basis is simply not used, and is overwritten by the
    next answer to the same request.
    """

    def __init__(
        self,
        tenants: TenantRegistry,
        size: int = 1024,
        max_body: int = 256 * 1024,
        max_bytes: int = 16 * 1024 * 1024,
    ) -> None:
        self._tenants = tenants
        self.cache: AnswerCache[Kept] = AnswerCache(size, max_value=max_body, max_bytes=max_bytes)

    def answer(self, key: tuple) -> Kept | None:
        """The kept answer to this request if its basis is unchanged. On a miss, the caller notes
        ``revision`` for ``keep``, which can then tell whether a tenant changed while the
        application ran."""
        kept = self.cache.get(key)
        if kept is not None and kept.basis.unchanged():
            return kept
        return None

    @property
    def revision(self) -> int:
        """The tenant registry's revision (moves with every settings, credential or tenant change)."""
        return self._tenants.revision

    def keep(
        self,
        key: tuple,
        basis: Basis,
        revision: int | None,
        status: str,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> None:
        """Keep a successful answer whose handler declared its basis.

        Not kept when any tenant changed while the request ran: the handler may have read a
        tenant's settings or credentials before taking its lock, and then the generation in its
        basis would vouch for a configuration it did not use.
        """
        if not status.startswith("2") or revision != self._tenants.revision:
            return
        size = len(body) + sum(len(k) + len(v) for k, v in headers)
        self.cache.put(key, Kept(status, tuple(headers), body, basis), size)

    def clear(self) -> None:
        self.cache.clear()
