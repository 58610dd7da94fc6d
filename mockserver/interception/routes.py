"""The routing table every interception hook reads: which hostnames go where, while which blocks run.

One process-wide table, because the libraries it steers (urllib3, httpx) are process-wide: an
``intercept()`` block pushes a ``Route``, leaving it removes exactly that route (blocks on other
threads may leave in any order), and the innermost route still active answers. The hooks are
installed when the first route is pushed and removed when the last one goes, so outside every block
the libraries run their own unpatched code.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field


class HostRefused(ConnectionRefusedError):
    """``intercept(strict_hosts=True)`` refused a host that is no vendor (an ``OSError``, so each
    library reports it as the connection error it already raises for a refused connection)."""


@dataclass(eq=False)
class Route:
    """Where the vendors' hostnames are served while one ``intercept()`` block runs."""

    hostnames: frozenset[str]
    #: the mock's plain HTTP port, and its HTTPS listener's (None: https is sent as plain HTTP)
    plain_port: int
    tls_port: int | None
    #: trusts the local CA only; used for the vendor connections, never for other hosts
    ssl_context: ssl.SSLContext | None
    strict_hosts: bool = False
    host: str = "127.0.0.1"
    #: how the hooks reach this route's own server (allowed even with ``strict_hosts``)
    own: frozenset[tuple[str, int]] = field(default_factory=frozenset)

    def port_for(self, port: int | None, tls: bool) -> int:
        return self.tls_port if tls and self.tls_port is not None else self.plain_port

    def refuse(self, host: str, port: int | None) -> None:
        """Raise ``HostRefused`` when ``strict_hosts`` forbids ``host``."""
        if not self.strict_hosts or (host, port) in self.own:
            return
        served = ", ".join(sorted(self.hostnames))
        raise HostRefused(
            f"intercept(strict_hosts=True) refused {host}: only the vendors' hostnames are served ({served})"
        )


_lock = threading.RLock()
_routes: list[Route] = []
_installers: list[tuple[Callable[[], None], Callable[[], None]]] = []


def register(install: Callable[[], None], uninstall: Callable[[], None]) -> None:
    """A library hook: ``install`` runs when the first route is pushed, ``uninstall`` after the last."""
    _installers.append((install, uninstall))


def push(route: Route) -> None:
    with _lock:
        if not _routes:
            for install, _ in _installers:
                install()
        _routes.append(route)


def pop(route: Route) -> None:
    with _lock:
        if route in _routes:
            _routes.remove(route)
        if not _routes:
            for _, uninstall in reversed(_installers):
                uninstall()


def current() -> Route | None:
    """The innermost active route, or None outside every block."""
    routes = _routes
    return routes[-1] if routes else None


def serving(host: str | None) -> Route | None:
    """The route serving ``host``, or None; never refuses (for hooks after the connection check)."""
    route = current()
    if route is None or host is None:
        return None
    return route if host.rstrip(".").lower() in route.hostnames else None


def lookup(host: str | None, port: int | None = None) -> Route | None:
    """The route serving ``host``; None for another host (after the strict check, which raises)."""
    route = current()
    if route is None or host is None:
        return None
    name = host.rstrip(".").lower()
    if name in route.hostnames:
        return route
    route.refuse(name, port)
    return None
