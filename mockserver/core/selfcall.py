"""Outbound calls never reach the mock's own admin API.

The server makes HTTP requests on a client's behalf: webhook deliveries (``core.webhooks``) and,
later, upstream passthrough. Whoever holds one tenant's vendor credentials chooses their URLs, so
without a check a webhook endpoint at ``http://127.0.0.1:8000/_mock/reset`` would let one tenant
delete every other (docs/security.md). ``admin_target`` says whether a URL resolves to this server
(an address of this machine on one of its ports) with a ``/_mock`` path: vendors refuse such a URL
when it is registered, in their own error shape, and the sender refuses it again when it is
called, since a name can resolve differently by then.

Everything else is allowed: other ports and hosts, this server's vendor paths, names that do not
resolve (the delivery then fails as it would against the real vendor).
"""

from __future__ import annotations

import ipaddress
import posixpath
import socket
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from mockserver.app import MockServer

ADMIN_PREFIX = "/_mock"
#: addresses that mean "every interface" when bound, and reach this machine when connected to
_WILDCARDS = frozenset({"", "0.0.0.0", "::", "*"})


def admin_target(url: str, server: MockServer) -> str | None:
    """Why ``url`` would call this server's admin API (one line), or None when it would not."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None  # not a URL: the caller's own validation says so
    if not parts.hostname or not is_admin_path(parts.path):
        return None
    if port not in own_ports(server) or not any(
        is_this_machine(address, server.config.host) for address in resolve(parts.hostname, port)
    ):
        return None
    return f"{url} is this mock server's own admin API ({ADMIN_PREFIX}), which outbound calls may not reach"


def is_admin_path(path: str) -> bool:
    """Whether ``path`` names ``/_mock`` once decoded and normalised as a server might read it."""
    decoded = unquote(path or "/")
    normalised = posixpath.normpath("/" + decoded.lstrip("/")).lower()
    return normalised == ADMIN_PREFIX or normalised.startswith(ADMIN_PREFIX + "/")


def own_ports(server: MockServer) -> set[int]:
    """The ports this server listens on: the configured one and the one bound (``--port 0``)."""
    ports = {server.config.port} - {0}
    try:
        bound = urlsplit(server.url).port
    except ValueError:
        bound = None
    return ports | ({bound} if bound else set())


def resolve(hostname: str, port: int) -> Iterable[str]:
    """The addresses ``hostname`` resolves to now; none when it does not resolve."""
    try:
        found = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return ()
    return {str(info[4][0]) for info in found}


def is_this_machine(address: str, bound_host: str) -> bool:
    """Whether connecting to ``address`` reaches a server bound to ``bound_host`` on this machine:
    loopback and unspecified addresses always do; with a wildcard bind, so does every address of
    this machine's interfaces (the kernel lets us bind exactly those)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    ip = mapped or ip
    if ip.is_loopback or ip.is_unspecified or str(ip) == bound_host.strip("[]"):
        return True
    return bound_host.strip("[]") in _WILDCARDS and _is_local(ip)


def _is_local(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((str(ip), 0))
        except OSError:
            return False
    return True
