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
clock, an expiring token, a side effect. Those answers always run the application.

The request is identified by everything a handler could read of a GET: path, query and every header
(the host among them), in the order the client sent them. A GET with a body is never replayed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mockserver.core.cache import AnswerCache

if TYPE_CHECKING:
    from mockserver.core.store import VendorData
    from mockserver.core.tenants import Tenant, TenantRegistry

BASIS_ENVIRON_KEY = "mockserver.replay_basis"
#: the registry's revision when the request arrived (see ``ReplayStore.keep``)
_REVISION_ENVIRON_KEY = "mockserver.replay_revision"


@dataclass(frozen=True, slots=True)
class Basis:
    """What a declared answer was rendered from, and the versions it had then."""

    tenant: Tenant
    generation: int
    data: VendorData
    version: int

    def unchanged(self) -> bool:
        return self.tenant.generation == self.generation and self.data.version == self.version


def declare(environ: dict, tenant: Tenant, data: VendorData) -> None:
    """Say that this request's answer is a function of the request, ``tenant``'s configuration and
    ``data`` alone. Call it under the tenant's lock, *before* reading the data: a write racing the
    rendering then leaves the kept answer already outdated, never wrongly current."""
    environ[BASIS_ENVIRON_KEY] = Basis(tenant, tenant.generation, data, data.version)


@dataclass(frozen=True, slots=True)
class Kept:
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    basis: Basis


def request_key(environ: dict, headers: list[tuple[str, str]]) -> tuple | None:
    """The identity of a replayable request (``headers``: its WSGI header items), or None when it
    cannot be replayed: not a GET, or a body that a handler might read."""
    if environ.get("REQUEST_METHOD") != "GET" or environ.get("CONTENT_LENGTH") not in (None, "", "0"):
        return None
    return (
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        *headers,
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

    def answer(self, key: tuple, environ: dict) -> Kept | None:
        """The kept answer to this request if its basis is unchanged; otherwise note the registry's
        revision, so ``keep`` can tell whether a tenant changed while the application ran."""
        kept = self.cache.get(key)
        if kept is not None and kept.basis.unchanged():
            return kept
        environ[_REVISION_ENVIRON_KEY] = self._tenants.revision
        return None

    def keep(
        self, key: tuple, environ: dict, status: str, headers: list[tuple[str, str]], body: bytes
    ) -> None:
        """Keep a successful answer whose handler declared its basis.

        Not kept when any tenant changed while the request ran: the handler may have read a
        tenant's settings or credentials before taking its lock, and then the generation in its
        basis would vouch for a configuration it did not use.
        """
        basis: Basis | None = environ.get(BASIS_ENVIRON_KEY)
        if (
            basis is None
            or not status.startswith("2")
            or environ.get(_REVISION_ENVIRON_KEY) != self._tenants.revision
        ):
            return
        size = len(body) + sum(len(k) + len(v) for k, v in headers)
        self.cache.put(key, Kept(status, tuple(headers), body, basis), size)

    def clear(self) -> None:
        self.cache.clear()
