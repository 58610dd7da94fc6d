"""Who may use the admin API: everyone on loopback by default, only holders of the admin token when
the server was started with ``--admin-token`` (``MOCKSERVER_ADMIN_TOKEN``).

Programs send ``Authorization: Bearer <token>``. A browser cannot add that header when a person
follows a link, so the dashboard trades the token once (its token page) for an HttpOnly,
SameSite=Strict cookie of the same value (``COOKIE``); either one is accepted. SameSite=Strict means
another site can never make a browser use it (no cross-site request forgery of admin calls).
"""

from __future__ import annotations

import hmac
from urllib.parse import quote

from flask import Request, Response, jsonify, redirect

COOKIE = "mockserver_admin_token"
DASHBOARD = "/_mock/ui/"
TOKEN_PAGE = DASHBOARD + "token"
#: what is served without the token: the dashboard's stylesheet and script, its token form, and
#: the admin root's redirect to the dashboard
UI_PUBLIC_PREFIXES = (DASHBOARD + "static/", TOKEN_PAGE)
PUBLIC_PATHS = ("/_mock", "/_mock/")


def token_from_request(request: Request) -> str | None:
    """The admin token the request carries: its Bearer token, else the dashboard's cookie."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(COOKIE) or None


def token_matches(offered: str | None, token: str) -> bool:
    """Compared in constant time, so timing does not tell how much of a guess was right."""
    return offered is not None and hmac.compare_digest(offered.encode(), token.encode())


def allowed(request: Request, token: str | None) -> bool:
    """Whether the request may use the admin API."""
    return not token or token_matches(token_from_request(request), token)


def refusal() -> Response:
    response = jsonify({"error": "this server needs its admin token: send 'Authorization: Bearer <token>'"})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="mockserver admin"'
    return response


def guard(request: Request, token: str | None) -> Response | None:
    """None when the request may go on; else the answer: a dashboard page sends the person to the
    token form (and back afterwards), everything else gets the JSON 401."""
    path = request.path
    if allowed(request, token) or path in PUBLIC_PATHS or path.startswith(UI_PUBLIC_PREFIXES):
        return None
    if path.startswith(DASHBOARD):
        return redirect(f"{TOKEN_PAGE}?next={quote(request.full_path.rstrip('?'), safe='/')}", 303)
    return refusal()
