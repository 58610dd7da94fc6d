"""Who may use the admin API: everyone on loopback by default, only holders of the admin token when
the server was started with ``--admin-token`` (``MOCKSERVER_ADMIN_TOKEN``).

Programs send ``Authorization: Bearer <token>``. A browser cannot add that header when a person
follows a link, so the dashboard trades the token once for an HttpOnly cookie of the same value
(``COOKIE``); either one is accepted.
"""

from __future__ import annotations

import hmac

from flask import Request, Response, jsonify

COOKIE = "mockserver_admin_token"


def token_from_request(request: Request) -> str | None:
    """The admin token the request carries: its Bearer token, else the dashboard's cookie."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(COOKIE) or None


def allowed(request: Request, token: str | None) -> bool:
    """Whether the request may use the admin API; compared in constant time."""
    if not token:
        return True
    offered = token_from_request(request)
    return offered is not None and hmac.compare_digest(offered.encode(), token.encode())


def refusal() -> Response:
    response = jsonify({"error": "this server needs its admin token: send 'Authorization: Bearer <token>'"})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="mockserver admin"'
    return response
