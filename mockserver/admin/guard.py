"""Who may reach ``/_mock`` at all, before any admin route runs: the admin's own clients only.

The server runs next to a browser on a developer's laptop, so every web page the person opens is
a client that can reach it (docs/security.md). A page can send a "simple" cross-origin request
(``<form method=POST>``, ``fetch(..., {mode: "no-cors"})``) without asking first, but only with a
form-type ``Content-Type`` and always with its ``Origin``; it can reach the server under its own
name by DNS rebinding, but then the ``Host`` header carries that name. So, token or not:

* ``Host`` must name this server (a loopback name or address, ``--host``, ``--allow-host``),
  with one of its own ports, else 421: no DNS rebinding.
* A state-changing request (anything but GET, HEAD, OPTIONS) with a foreign ``Origin`` is refused
  with 403, ``Origin: null`` included; a form-type ``Content-Type`` is refused with 415 even
  without a body, and a body needs ``application/json``. A bodiless request with neither (curl,
  scripts: not a browser) passes, so ``curl -X POST .../_mock/reset`` keeps working.
* With ``--admin-token``, a write authenticated by the dashboard's cookie must also carry
  ``X-CSRF-Token: csrf_token(request)``: another port of ``127.0.0.1`` is the same *site* for the
  browser, so ``SameSite=Strict`` alone lets such a page use the cookie. A Bearer header cannot
  be added by a cross-origin page without the server's consent, so it needs no CSRF token.
* A body over the admin API's own limit (``--admin-max-body``, 1 MiB) is refused with 413 before
  it is read past the limit, on every HTTP server; it is never handed on as an empty body.

The token page (``/_mock/ui/token``), which changes no state and only trades a correct token for
the dashboard's cookie, is held to the ``Origin`` rule but takes its own HTML form as well as JSON;
it needs no CSRF token (there is no session yet).

Applied once, around the admin application (``create_admin_app``), so the dashboard and every
vendor's admin blueprint are behind it too.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import io
import ipaddress
import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import Request, current_app
from werkzeug.http import parse_cookie

from mockserver.admin import access
from mockserver.config import is_loopback
from mockserver.core.gateway import BODY_TOO_LARGE_ENVIRON_KEY
from mockserver.core.selfcall import is_this_machine

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.core.vendor import WSGIApp

#: methods that change nothing (RFC 9110 §9.2.1): not subject to the write rules
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: the content types a page may send cross-origin without a preflight (what an HTML form or a
#: no-cors fetch can send): never accepted for an admin write
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
CSRF_HEADER = "X-CSRF-Token"
_CSRF_ENVIRON = "HTTP_X_CSRF_TOKEN"
#: addresses that mean "every interface": not a name a client uses
_WILDCARDS = frozenset({"", "0.0.0.0", "::", "*"})

Refusal = tuple[int, str]


def csrf_for(token: str, cookie: str) -> str:
    """The anti-CSRF token bound to a dashboard session: HMAC-SHA256(key=admin token, msg=cookie),
    hex. A page on another origin cannot read the cookie (HttpOnly) nor the page that shows it."""
    return hmac.new(token.encode(), cookie.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str | None:
    """What the dashboard's pages send as ``X-CSRF-Token`` (from ``<meta name="mockserver-csrf">``):
    None without ``--admin-token`` (nothing to protect) or without the session cookie."""
    token = current_app.extensions["mockserver.server"].config.admin_token
    cookie = request.cookies.get(access.COOKIE)
    if not token or not cookie:
        return None
    return csrf_for(token, cookie)


def _host_port(value: str, scheme: str) -> tuple[str, int] | None:
    """(name, port) of a ``Host`` value or an origin's authority; None when it is not one."""
    try:
        parts = urlsplit(f"//{value.strip()}")
        name, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not name or parts.username is not None or parts.path or parts.query or parts.fragment:
        return None
    return name, port if port is not None else (443 if scheme == "https" else 80)


def _allowed_entries(values: Iterable[str]) -> tuple[set[str], set[tuple[str, int]]]:
    """``--allow-host`` values: names (with any of the server's ports) and ``name:port`` pairs."""
    names: set[str] = set()
    pairs: set[tuple[str, int]] = set()
    for value in values:
        try:
            parts = urlsplit(f"//{value.strip()}")
            name, port = parts.hostname, parts.port
        except ValueError:
            continue
        if name and port is not None:
            pairs.add((name, port))
        elif name:
            names.add(name)
    return names, pairs


class AdminGuard:
    """WSGI middleware in front of the admin application (see the module docstring)."""

    def __init__(self, app: WSGIApp, server: MockServer) -> None:
        self.app = app
        self.server = server
        config = server.config
        names, self._pairs = _allowed_entries(config.allow_hosts)
        host = config.host.strip("[]").lower()
        #: bound to every interface: this machine's own addresses name it too (an address literal
        #: cannot be rebound; a team reaches a sandbox by its address before anyone names it)
        self._wildcard = host in _WILDCARDS
        if not self._wildcard:
            names.add(host)
        self._names = names

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        refusal = self.refusal(environ)
        if refusal is None:
            return self.app(environ, start_response)
        status, message = refusal
        body = json.dumps({"error": message}).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        start_response(f"{status} {_REASONS[status]}", headers)
        return [body]

    def refusal(self, environ: dict) -> Refusal | None:
        """The status and one line saying why, or None when the request may go on."""
        return self._host(environ) or self._write(environ) or self._body(environ)

    # -- the rules ---------------------------------------------------------------------------------
    def own_ports(self, environ: dict) -> set[int]:
        """The ports this server listens on: the one the request came in on, the configured one,
        the HTTPS listener's."""
        ports = {self.server.config.port} - {0}
        https_url = getattr(self.server, "https_url", None)
        listeners = (self.server.url, https_url) if https_url else (self.server.url,)
        for text in (environ.get("SERVER_PORT", ""), *(urlsplit(url).port for url in listeners)):
            try:
                ports.add(int(text))
            except (TypeError, ValueError):
                continue
        return ports

    def is_own(self, name: str, port: int, environ: dict) -> bool:
        """Whether ``name:port`` names this server (loopback, ``--host``, ``--allow-host``)."""
        if (name, port) in self._pairs:
            return True
        known = is_loopback(name) or name in self._names or (self._wildcard and _own_address(name))
        return known and port in self.own_ports(environ)

    def _host(self, environ: dict) -> Refusal | None:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        found = _host_port(host, environ.get("wsgi.url_scheme", "http"))
        if found is not None and self.is_own(*found, environ):
            return None
        return 421, (
            f"this server does not answer to Host {host!r} on /_mock; "
            "name it with --allow-host NAME to allow that name"
        )

    def _write(self, environ: dict) -> Refusal | None:
        if environ.get("REQUEST_METHOD", "GET").upper() in SAFE_METHODS:
            return None
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and not self._own_origin(origin, environ):
            return 403, f"cross-origin write refused: Origin {origin!r} is not this server"
        token_page = environ.get("PATH_INFO", "") == access.TOKEN_PAGE
        kind = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
        if not token_page:
            if kind in FORM_TYPES:
                return 415, f"the admin API takes JSON, not {kind}: send Content-Type: application/json"
            if _has_body(environ) and not _is_json(kind):
                return 415, "a body to the admin API must be JSON: send Content-Type: application/json"
        # the token page answers a form itself (a page that asks for JavaScript), and opens the
        # session: there is no session token to send yet
        return None if token_page else self._csrf(environ)

    def _own_origin(self, origin: str, environ: dict) -> bool:
        scheme, _, authority = origin.strip().partition("://")
        if scheme.lower() not in ("http", "https"):
            return False  # "null", and any origin that is not a web page's
        found = _host_port(authority, scheme.lower())
        return found is not None and self.is_own(*found, environ)

    def _csrf(self, environ: dict) -> Refusal | None:
        token = self.server.config.admin_token
        if not token or _bearer(environ):
            return None
        cookie = parse_cookie(environ).get(access.COOKIE)
        if not cookie:
            return None  # not authenticated at all: the token check answers 401
        offered = environ.get(_CSRF_ENVIRON, "")
        if hmac.compare_digest(offered.encode(), csrf_for(token, cookie).encode()):
            return None
        return 403, f"a write with the dashboard's cookie needs its {CSRF_HEADER} header"

    def _body(self, environ: dict) -> Refusal | None:
        """Refuse a body over the limit before reading past it; buffer one within it."""
        limit = self.server.config.admin_max_body_bytes
        too_large = 413, f"the admin API takes bodies of at most {limit} bytes"
        if environ.get(BODY_TOO_LARGE_ENVIRON_KEY):
            return too_large  # waitress stopped reading it: never pass it on as an empty body
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 400, "Content-Length is not a number"
        if declared > limit:
            return too_large
        if "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            return None
        stream = environ.get("wsgi.input")
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            return too_large
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return None


_REASONS = {
    400: "Bad Request",
    403: "Forbidden",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    421: "Misdirected Request",
}


@functools.lru_cache(maxsize=256)
def _own_address(name: str) -> bool:
    """Whether ``name`` is an address literal of one of this machine's interfaces."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return is_this_machine(name, "0.0.0.0")


def _has_body(environ: dict) -> bool:
    if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return True
    try:
        return int(environ.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return True


def _is_json(kind: str) -> bool:
    return kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))


def _bearer(environ: dict) -> bool:
    scheme, _, value = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
    return scheme.lower() == "bearer" and bool(value.strip())
