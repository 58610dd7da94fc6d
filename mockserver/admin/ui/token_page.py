"""The page that trades the admin token for the dashboard's session cookie (see ``admin.access``).

The page's script sends the token as JSON (``POST /_mock/ui/token``), like every other write of the
dashboard: a form on another site cannot post JSON without the browser asking this server first
(a CORS preflight it never grants), so no other page can log a browser in or out. A form-encoded
post (a page without its script) is answered with the page and a line saying so, never accepted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from mockserver.admin import access

if TYPE_CHECKING:
    from mockserver.app import MockServer

WRONG = "That is not the admin token."
NEEDS_SCRIPT = "This page sends the token with its script: allow JavaScript for this server and try again."


def safe_target(target: Any) -> str:
    """Where to go after the form: a dashboard or admin path of this server, never another site."""
    if not isinstance(target, str) or not target.startswith("/_mock/") or target.startswith("//"):
        return url_for("ui.overview")
    return target


def register(bp: Blueprint, server: MockServer) -> None:
    @bp.get("/token")
    def token() -> Any:
        expected = server.config.admin_token
        target = safe_target(request.args.get("next", ""))
        if not expected or access.token_matches(access.token_from_request(request), expected):
            return redirect(target, 303)
        return render_template("token.html", next=target, error=None)

    @bp.post("/token")
    def token_login() -> Any:
        body = request.get_json(silent=True) if request.is_json else None
        if not isinstance(body, dict):
            target = safe_target(request.form.get("next", ""))
            return render_template("token.html", next=target, error=NEEDS_SCRIPT), 415
        target = safe_target(body.get("next"))
        expected = server.config.admin_token
        offered = body.get("token")
        if not expected:
            return {"next": target}
        if not isinstance(offered, str) or not access.token_matches(offered, expected):
            answer = jsonify({"error": WRONG})
            answer.status_code = 401
            return answer
        answer = jsonify({"next": target})
        answer.set_cookie(access.COOKIE, offered, httponly=True, samesite="Strict", path="/_mock")
        return answer
