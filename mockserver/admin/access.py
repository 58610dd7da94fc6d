"""Who may use ``/_mock`` when an admin token is set (``--admin-token``).

Tools send ``Authorization: Bearer <token>``. A browser cannot add that header when a person
navigates, so the dashboard's token page stores the token in an HttpOnly, SameSite=Strict cookie
instead; both are accepted, everywhere under ``/_mock``. The cookie is SameSite=Strict so another
site can never make a browser use it (no cross-site request forgery of admin calls).
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from flask import Response, jsonify

if TYPE_CHECKING:
    from flask import Request

    from mockserver.app import MockServer

COOKIE = "mockserver_admin_token"
#: what the dashboard serves to a browser that has not given the token yet: its stylesheet and
#: script, and the page that asks for the token
UI_PUBLIC_PREFIXES = ("/_mock/ui/static/", "/_mock/ui/token")
#: the dashboard guards its own pages, sending a browser to the token form rather than a 401
UI_PREFIX = "/_mock/ui"


def configured_token(server: MockServer) -> str | None:
    """The admin token the server was started with, or None when ``/_mock`` is open."""
    return getattr(server.config, "admin_token", None) or None


def token_from_request(request: Request) -> str | None:
    """The token a request offers: its Bearer header, else the dashboard's cookie."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(COOKIE) or None


def token_matches(offered: str | None, expected: str) -> bool:
    """Constant-time comparison, so timing does not reveal how much of a guess was right."""
    return offered is not None and hmac.compare_digest(offered.encode(), expected.encode())


def allowed(server: MockServer, request: Request) -> bool:
    """Whether ``request`` may reach ``/_mock``: always without a token, else with the right one,
    except the dashboard's public paths (its assets and the token form itself)."""
    expected = configured_token(server)
    if expected is None or request.path.startswith(UI_PUBLIC_PREFIXES):
        return True
    return token_matches(token_from_request(request), expected)


def refusal() -> Response:
    """The JSON API's answer to a call without the right token (a browser page is sent to the
    token form by the dashboard instead)."""
    response = jsonify({"error": "this server needs its admin token: send 'Authorization: Bearer <token>'"})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="mockserver admin"'
    return response
