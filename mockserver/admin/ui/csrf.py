"""The dashboard's anti-CSRF token: what ``base.html`` puts in ``<meta name="mockserver-csrf">`` and
``dashboard.js`` sends as ``X-CSRF-Token`` on every state-changing call to ``/_mock``.

With ``--admin-token``, the session cookie alone opens the admin API, and a page on another port of
the same host is "same site" to a browser, so ``SameSite=Strict`` does not keep it out. A value
only the dashboard's own pages can read (a page on another origin cannot read ours) and that is
bound to the session closes that gap: HMAC-SHA256 keyed with the admin token over the cookie.

A stand-in for ``mockserver.admin.guard.csrf_token`` (the check in front of the admin API): the two
compute the same value, so they can be merged into one.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Request, current_app

from mockserver.admin.access import COOKIE

HEADER = "X-CSRF-Token"


def csrf_token(request: Request) -> str | None:
    """The token for this request's session; None when the server has no admin token (nothing to
    forge: the admin API is open) or the request has no session cookie (a program with a Bearer
    header, which a browser page on another origin cannot send)."""
    admin_token = current_app.extensions["mockserver.server"].config.admin_token
    cookie = request.cookies.get(COOKIE)
    if not admin_token or not cookie:
        return None
    return hmac.new(admin_token.encode(), cookie.encode(), hashlib.sha256).hexdigest()
