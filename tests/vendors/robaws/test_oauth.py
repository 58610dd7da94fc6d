"""OAuth2 authorization code flow: code -> token -> refresh (rotating) -> expiry; scopes per module."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

REDIRECT = "http://127.0.0.1:1/callback"


def authorize(robaws, **params):
    query = {
        "client_id": robaws.creds["client_id"],
        "redirect_uri": REDIRECT,
        "response_type": "code",
        **params,
    }
    answer = robaws.http.get(
        robaws.root + "/oauth2/authorize", params=query, allow_redirects=False, timeout=10
    )
    return answer


def code_for(robaws, **params):
    answer = authorize(robaws, state="xyz", **params)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == ["xyz"]
    return query["code"][0]


def token(robaws, **form):
    base = {"client_id": robaws.creds["client_id"], "client_secret": robaws.creds["client_secret"]}
    return robaws.http.post(robaws.root + "/oauth2/tokens", data={**base, **form}, timeout=10)


def bearer(robaws, access, path="/clients?size=1"):
    return robaws.http.get(robaws.base + path, headers={"Authorization": f"Bearer {access}"}, timeout=10)


@pytest.mark.usefixtures("frozen_clock")
def test_code_token_refresh_rotation_and_expiry(robaws, mock_admin):
    code = code_for(robaws)
    issued = token(robaws, grant_type="authorization_code", code=code, redirect_uri=REDIRECT)
    assert issued.status_code == 200, issued.text
    body = issued.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert issued.headers["Cache-Control"] == "no-store"
    assert bearer(robaws, body["access_token"]).status_code == 200
    assert token(robaws, grant_type="authorization_code", code=code, redirect_uri=REDIRECT).json()[
        "error"
    ] == ("invalid_grant")

    refreshed = token(robaws, grant_type="refresh_token", refresh_token=body["refresh_token"])
    assert refreshed.status_code == 200
    fresh = refreshed.json()
    assert fresh["refresh_token"] != body["refresh_token"] and fresh["access_token"] != body["access_token"]
    reused = token(robaws, grant_type="refresh_token", refresh_token=body["refresh_token"])
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"

    mock_admin.advance(3599)
    assert bearer(robaws, fresh["access_token"]).status_code == 200
    mock_admin.advance(1)
    expired = bearer(robaws, fresh["access_token"])
    assert expired.status_code == 401
    assert "invalid_token" in expired.headers["WWW-Authenticate"]
    again = token(robaws, grant_type="refresh_token", refresh_token=fresh["refresh_token"])
    assert again.status_code == 200 and bearer(robaws, again.json()["access_token"]).status_code == 200


def test_scopes_limit_modules(robaws):
    code = code_for(robaws, scope="clients projects")
    access = token(robaws, grant_type="authorization_code", code=code, redirect_uri=REDIRECT).json()
    assert access["scope"] == "clients projects"
    assert bearer(robaws, access["access_token"]).status_code == 200
    denied = bearer(robaws, access["access_token"], "/articles")
    assert denied.status_code == 403 and denied.json()["error"] == "Forbidden"


DOCUMENTED_SCOPES = [
    "settings",
    "clients",
    "work-orders",
    "planning-items",
    "employees",
    "materials",
    "installations",
    "profile",
    "projects",
    "articles",
    "posts",
    "sales-orders",
    "stock-changes",
    "offers",
    "users",
]


def access_with(robaws, scope):
    code = code_for(robaws, scope=scope)
    return token(robaws, grant_type="authorization_code", code=code, redirect_uri=REDIRECT).json()


def test_only_the_fifteen_documented_scopes_exist(robaws):
    assert len(DOCUMENTED_SCOPES) == 15
    for invented in ("sales-invoices", "purchase-invoices"):
        refused = authorize(robaws, scope=f"clients {invented}", state="s")
        assert refused.status_code == 302 and "error=invalid_scope" in refused.headers["Location"]
    everything = access_with(robaws, None)
    assert everything["scope"].split() == sorted(DOCUMENTED_SCOPES)


def test_a_token_with_every_documented_scope_reaches_every_module(robaws):
    access = access_with(robaws, " ".join(DOCUMENTED_SCOPES))["access_token"]
    for path in (
        "/clients", "/articles", "/employees", "/projects", "/offers", "/work-orders",
        "/planning-items", "/sales-invoices", "/purchase-invoices", "/webhook-endpoints",
    ):  # fmt: skip
        assert bearer(robaws, access, path).status_code == 200, path


def test_the_scope_of_a_module_without_one_is_an_inferred_setting(robaws):
    projects_only = access_with(robaws, "projects")["access_token"]
    assert bearer(robaws, projects_only, "/sales-invoices").status_code == 200  # default: none needed
    assert bearer(robaws, projects_only, "/webhook-endpoints").status_code == 403  # default: settings
    robaws.settings({"oauth": {"inferred_scopes": {"sales-invoices": "clients"}}})
    assert bearer(robaws, projects_only, "/sales-invoices").status_code == 403
    clients = access_with(robaws, "clients")["access_token"]
    assert bearer(robaws, clients, "/sales-invoices").status_code == 200
    assert bearer(robaws, clients, "/purchase-invoices").status_code == 200


def test_token_endpoint_errors(robaws):
    assert token(robaws, grant_type="password").json()["error"] == "unsupported_grant_type"
    wrong = robaws.http.post(
        robaws.root + "/oauth2/tokens",
        data={
            "grant_type": "refresh_token",
            "client_id": robaws.creds["client_id"],
            "client_secret": "nope",
            "refresh_token": "x",
        },
        timeout=10,
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    code = code_for(robaws)
    mismatch = token(robaws, grant_type="authorization_code", code=code, redirect_uri="http://elsewhere/cb")
    assert mismatch.status_code == 400 and mismatch.json()["error"] == "invalid_grant"
    assert token(robaws, grant_type="authorization_code").json()["error"] == "invalid_request"


def test_authorize_errors(robaws):
    unknown = robaws.http.get(
        robaws.root + "/oauth2/authorize",
        params={"client_id": "nobody", "redirect_uri": REDIRECT},
        allow_redirects=False,
        timeout=10,
    )
    assert unknown.status_code == 400
    bad_scope = authorize(robaws, scope="clients nuclear-launch", state="s")
    assert bad_scope.status_code == 302 and "error=invalid_scope" in bad_scope.headers["Location"]
    wrong_type = authorize(robaws, response_type="token")
    assert "error=unsupported_response_type" in wrong_type.headers["Location"]


def test_consent_page_when_configured(robaws):
    robaws.settings({"oauth": {"consent_page": True}})
    page = authorize(robaws, state="s")
    assert page.status_code == 200 and "Approve" in page.text
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    hostile = authorize(robaws, state='"><script>alert(1)</script>')
    assert "<script>alert(1)" not in hostile.text and "&lt;script&gt;" in hostile.text
    approved = robaws.http.post(
        robaws.root + "/oauth2/authorize",
        data={
            "client_id": robaws.creds["client_id"],
            "redirect_uri": REDIRECT,
            "decision": "approve",
            "state": "s",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert approved.status_code == 302 and "code=" in approved.headers["Location"]


def exchange(robaws, code):
    return token(robaws, grant_type="authorization_code", code=code, redirect_uri=REDIRECT)


def test_a_client_holds_at_most_ten_unexchanged_codes(robaws):
    """An unauthenticated loop on /oauth2/authorize cannot mint codes without limit: the eleventh
    code revokes the oldest."""
    codes = [code_for(robaws) for _ in range(11)]
    assert exchange(robaws, codes[0]).json()["error"] == "invalid_grant"
    assert exchange(robaws, codes[1]).status_code == 200
    assert exchange(robaws, codes[10]).status_code == 200


def test_an_overlong_redirect_uri_is_refused(robaws):
    long_uri = REDIRECT + "?" + "x" * 2100
    answer = robaws.http.get(
        robaws.root + "/oauth2/authorize",
        params={"client_id": robaws.creds["client_id"], "redirect_uri": long_uri},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 400 and "redirect_uri" in answer.json()["message"]


@pytest.mark.usefixtures("frozen_clock")
def test_codes_and_refresh_tokens_expire_on_the_mock_clock(robaws, mock_admin):
    code = code_for(robaws)
    mock_admin.advance(600)
    assert exchange(robaws, code).json()["error"] == "invalid_grant"
    issued = exchange(robaws, code_for(robaws)).json()
    mock_admin.advance(30 * 86400)
    assert bearer(robaws, issued["access_token"]).status_code == 401
    late = token(robaws, grant_type="refresh_token", refresh_token=issued["refresh_token"])
    assert late.json()["error"] == "invalid_grant"


@pytest.mark.parametrize("how", ["reset", "delete"])
def test_tenant_reset_or_deletion_forgets_codes_and_tokens(robaws, mock_admin, how):
    issued = exchange(robaws, code_for(robaws)).json()
    code = code_for(robaws)
    assert bearer(robaws, issued["access_token"]).status_code == 200
    if how == "reset":
        robaws.tenant.reset()
    else:
        mock_admin.delete_tenant(robaws.tenant.id)
    assert bearer(robaws, issued["access_token"]).status_code == 401
    if how == "reset":  # the client still exists: its old code and refresh token do not
        assert exchange(robaws, code).json()["error"] == "invalid_grant"
        again = token(robaws, grant_type="refresh_token", refresh_token=issued["refresh_token"])
        assert again.json()["error"] == "invalid_grant"
