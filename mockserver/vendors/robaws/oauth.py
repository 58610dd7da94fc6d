"""OAuth2 authorization code flow (the Robaws marketplace integration).

``GET /oauth2/authorize`` issues a one-time code to the redirect URI (at once, or after a consent
page when ``oauth.consent_page`` is on); ``POST /oauth2/tokens`` exchanges it, and refresh tokens
rotate (a used refresh token is dead). Expiry is measured on the mock clock. Codes and tokens are
kept by core's ``TokenBook`` in the tenant's durable runtime state (a reset forgets them, a restart
with ``--data-dir`` does not), bounded by ``LIMITS``; a vendor-wide index maps a token to its book.
"""

from __future__ import annotations

import hmac
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, redirect

from mockserver.core.bodies import BodyError, parse_form
from mockserver.core.csp import HTML_HEADERS
from mockserver.core.http import json_response, request
from mockserver.core.pipeline import unknown
from mockserver.core.tokens import ACCESS, CODE, REFRESH, TokenIndex, TokenLimits
from mockserver.vendors.robaws import NAME
from mockserver.vendors.robaws import settings as robaws_settings
from mockserver.vendors.robaws.auth import BEARER_401, Principal
from mockserver.vendors.robaws.errors import RobawsError
from mockserver.vendors.robaws.resources import DOCUMENTED_SCOPES

if TYPE_CHECKING:
    from mockserver.core.tenants import Tenant
    from mockserver.vendors.robaws import RobawsVendor


#: [inf] how many grants a tenant keeps: 10 unexchanged codes per client (an 11th revokes the
#: oldest), 1000 codes / access / refresh tokens each, 1 MB in all; the oldest go first
LIMITS = TokenLimits(per_kind=1000, codes_per_subject=10, max_bytes=1_000_000)
#: longest redirect URI accepted (it is stored with the code)
MAX_REDIRECT_URI = 2048


class OAuth:
    def __init__(self, vendor: RobawsVendor) -> None:
        self.vendor = vendor
        self.index = TokenIndex(NAME, vendor.server.clock.time, LIMITS)

    def _now(self) -> float:
        return self.vendor.server.clock.time()

    # -- API calls ---------------------------------------------------------------------------------
    def principal(self, token: str) -> Principal:
        """The bearer of an access token; a token no tenant's book holds is ``unknown`` (the real
        Robaws issued it), an expired one or a refresh token is refused as it is."""
        found = self.index.find(token, self.vendor.server.tenants) if token else None
        if found is None:
            raise unknown(RobawsError(401, headers=BEARER_401))
        if found[1].kind != ACCESS or not found[1].live(self._now()):
            raise RobawsError(401, headers=BEARER_401)
        tenant, grant = found
        return Principal(tenant, f"oauth:{grant.subject}", frozenset(grant.scopes))

    # -- issuing -----------------------------------------------------------------------------------
    def issue_code(self, tenant: Tenant, client_id: str, scopes: frozenset[str], redirect_uri: str) -> str:
        ttl = robaws_settings.for_tenant(tenant).code_ttl
        grant = self.index.book(tenant).issue(CODE, client_id, ttl, tuple(sorted(scopes)), redirect_uri)
        return grant.token

    def _issue_tokens(self, tenant: Tenant, client_id: str, scopes: tuple[str, ...]) -> dict[str, Any]:
        settings = robaws_settings.for_tenant(tenant)
        book = self.index.book(tenant)
        access = book.issue(ACCESS, client_id, settings.access_ttl, scopes)
        refresh = book.issue(REFRESH, client_id, settings.refresh_ttl, scopes)
        return {
            "access_token": access.token,
            "token_type": "Bearer",
            "expires_in": int(settings.access_ttl),
            "refresh_token": refresh.token,
            "scope": " ".join(scopes),
        }

    def exchange(self, form: dict[str, Any]) -> dict[str, Any]:
        """The token endpoint: authorization_code and refresh_token grants."""
        grant_type = _text(form, "grant_type")
        client_id, client_secret = _client_credentials(form)
        if grant_type not in ("authorization_code", "refresh_token"):
            raise OAuthError(
                400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token"
            )
        tenant = self.vendor.server.tenants.by_credential(NAME, "client_id", client_id)
        expected = tenant.credentials[NAME].get("client_secret", "") if tenant is not None else ""
        if tenant is None or not hmac.compare_digest(client_secret.encode(), expected.encode()):
            raise OAuthError(401, "invalid_client", "unknown client or wrong client secret")
        code_grant = grant_type == "authorization_code"
        field = "code" if code_grant else "refresh_token"
        token = _text(form, field)
        if not token:
            raise OAuthError(400, "invalid_request", f"{field} is required")
        grant = self.index.book(tenant).take(token)  # single use: a code or refresh token works once
        if (
            grant is None
            or grant.kind != (CODE if code_grant else REFRESH)
            or grant.subject != client_id
            or not grant.live(self._now())
        ):
            raise OAuthError(400, "invalid_grant", "the code or refresh token is invalid, used or expired")
        if code_grant and _text(form, "redirect_uri") != grant.redirect_uri:
            raise OAuthError(400, "invalid_grant", "redirect_uri does not match the authorization request")
        return self._issue_tokens(tenant, client_id, grant.scopes)


class OAuthError(Exception):
    """An RFC 6749 error answer of the token endpoint."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description

    def response(self) -> Response:
        headers = {"Cache-Control": "no-store"}
        if self.status == 401:
            headers["WWW-Authenticate"] = 'Basic realm="Robaws OAuth"'
        body = {"error": self.error, "error_description": self.description}
        return json_response(body, self.status, headers)


def _text(form: dict[str, Any], key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


def _client_credentials(form: dict[str, Any]) -> tuple[str, str]:
    """client_id/client_secret from the form, or from HTTP Basic (RFC 6749 §2.3.1)."""
    auth = request.authorization
    if auth is not None and auth.type == "basic" and auth.username:
        return auth.username, auth.password or ""
    return _text(form, "client_id"), _text(form, "client_secret")


def _parse_scopes(raw: str | None) -> frozenset[str] | None:
    if raw is None or not raw.strip():
        return frozenset(DOCUMENTED_SCOPES)
    wanted = frozenset(raw.replace(",", " ").split())
    return wanted if wanted <= frozenset(DOCUMENTED_SCOPES) else None


def blueprint(vendor: RobawsVendor) -> Blueprint:
    bp = Blueprint("robaws_oauth", __name__)
    oauth = vendor.oauth

    @bp.errorhandler(OAuthError)
    def _oauth_error(error: OAuthError) -> Response:
        return error.response()

    @bp.route("/oauth2/authorize", methods=["GET", "POST"])
    def authorize() -> Any:
        args = request.values
        client_id = args.get("client_id", "")
        redirect_uri = args.get("redirect_uri", "")
        tenant = vendor.server.tenants.by_credential(NAME, "client_id", client_id)
        if tenant is None:
            raise RobawsError(400, "Unknown client_id")
        target = urlsplit(redirect_uri)
        if len(redirect_uri) > MAX_REDIRECT_URI:
            raise RobawsError(400, f"redirect_uri must be at most {MAX_REDIRECT_URI} characters")
        if target.scheme not in ("http", "https") or not target.netloc:
            raise RobawsError(400, "redirect_uri must be an absolute http(s) URL")
        state = args.get("state")

        def back(params: dict[str, str]) -> Response:
            if state is not None:
                params["state"] = state
            separator = "&" if target.query else "?"
            return redirect(redirect_uri + separator + urlencode(params), code=302)

        if args.get("response_type", "code") != "code":
            return back({"error": "unsupported_response_type"})
        scopes = _parse_scopes(args.get("scope"))
        if scopes is None:
            return back({"error": "invalid_scope"})
        consent = robaws_settings.for_tenant(tenant).consent_page
        if consent and request.method == "GET":
            return _consent_page(client_id, sorted(scopes), dict(args.items()))
        if consent and args.get("decision") != "approve":
            return back({"error": "access_denied"})
        return back({"code": oauth.issue_code(tenant, client_id, scopes, redirect_uri)})

    @bp.post("/oauth2/tokens")
    def tokens() -> Any:
        try:
            form = parse_form(request.get_data(cache=True))
        except BodyError as exc:
            raise OAuthError(400, "invalid_request", exc.message) from exc
        answer = oauth.exchange(form)
        return json_response(answer, 200, {"Cache-Control": "no-store", "Pragma": "no-cache"})

    return bp


def _consent_page(client_id: str, scopes: list[str], params: dict[str, str]) -> Response:
    hidden = "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
        for k, v in params.items()
        if k != "decision"
    )
    items = "".join(f"<li>{escape(s)}</li>" for s in scopes)
    page = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<title>Robaws (mock) - authorize</title></head><body>"
        f"<h1>Authorize {escape(client_id)}</h1><p>The application asks for:</p><ul>{items}</ul>"
        f"<form method='post' action=''>{hidden}"
        "<button name='decision' value='approve'>Approve</button> "
        "<button name='decision' value='deny'>Deny</button></form></body></html>"
    )
    return Response(page, mimetype="text/html", headers=dict(HTML_HEADERS))
