"""The dashboard's server side through the real WSGI application: where browsers are sent, the
admin token page and its cookie, the live journal's cursor, what "try it" is given, escaping.
(The pages in a real browser: tests/ui.)"""

from __future__ import annotations

import json

import pytest
from werkzeug.test import Client

from mockserver.admin.guard import csrf_for
from mockserver.app import MockServer
from mockserver.config import Config

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
TOKEN = "s3cret-admin-token"


@pytest.fixture
def guarded() -> Client:
    return Client(MockServer(Config(admin_token=TOKEN)))


def test_a_browser_at_the_root_is_sent_to_the_dashboard(client: Client) -> None:
    answer = client.get("/", headers={"Accept": BROWSER_ACCEPT})
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/_mock/ui/"


@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_api_clients_at_the_root_keep_the_json_answer(client: Client, accept: str | None) -> None:
    answer = client.get("/", headers={"Accept": accept} if accept else {})
    assert answer.status_code == 404
    assert answer.json["error"] == "no vendor at this path"


def test_a_browser_on_a_vendor_host_reaches_the_vendor_not_the_dashboard(client: Client) -> None:
    answer = client.get("/", headers={"Accept": BROWSER_ACCEPT, "Host": "api.workspace.nl"})
    assert answer.headers.get("Location") != "/_mock/ui/"


@pytest.mark.parametrize("path", ["/_mock", "/_mock/"])
def test_the_admin_root_redirects_to_the_dashboard(client: Client, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/_mock/ui/"


def test_dashboard_pages_allow_only_local_assets(client: Client) -> None:
    answer = client.get("/_mock/ui/")
    assert answer.status_code == 200
    assert "default-src 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["Cache-Control"] == "no-store"


def test_an_unknown_tenant_page_is_an_html_404(client: Client) -> None:
    answer = client.get("/_mock/ui/tenants/nobody")
    assert answer.status_code == 404
    assert answer.mimetype == "text/html"
    assert "no tenant &#39;nobody&#39;" in answer.text


def test_the_overview_does_not_seed_tenants(client: Client, app: MockServer) -> None:
    tenant = app.tenants.create(name="lazy")
    assert client.get("/_mock/ui/").status_code == 200
    assert all(tenant.opened_data(name) is None for name in app.vendors)


def test_the_data_browser_searches_and_pages(client: Client) -> None:
    base = "/_mock/ui/tenants/demo/data/robaws/contacts"
    first = client.get(base)
    assert "66 records · page 1 of 3" in first.text
    assert "page 3 of 3" in client.get(base + "?page=3").text
    found = client.get(base, query_string={"q": "no such text anywhere"})
    assert "0 records matching" in found.text
    assert client.get("/_mock/ui/tenants/demo/data/robaws/nothing").status_code == 404


# -- the admin token -------------------------------------------------------------------------------
def test_without_the_token_the_dashboard_asks_for_it(guarded: Client) -> None:
    answer = guarded.get("/_mock/ui/tenants/demo")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/_mock/ui/token?next=/_mock/ui/tenants/demo"
    form = guarded.get("/_mock/ui/token?next=/_mock/ui/tenants/demo")
    assert form.status_code == 200
    assert 'name="token"' in form.text
    assert guarded.get("/_mock/ui/static/dashboard.css").status_code == 200  # the form's styles


def test_a_wrong_token_is_refused_on_the_form(guarded: Client) -> None:
    answer = guarded.post("/_mock/ui/token", json={"token": "guess", "next": "/_mock/ui/"})
    assert answer.status_code == 401
    assert answer.json == {"error": "That is not the admin token."}
    assert "Set-Cookie" not in answer.headers


def test_the_token_page_sends_json_and_refuses_a_form_post(guarded: Client) -> None:
    page = guarded.get("/_mock/ui/token").text
    assert 'data-api="/_mock/ui/token"' in page and 'data-then="next"' in page
    for sent in ({"data": {"token": TOKEN}}, {"data": TOKEN, "content_type": "text/plain"}):
        answer = guarded.post("/_mock/ui/token", **sent)  # what a cross-site HTML form can send
        assert answer.status_code == 415
        assert "sends the token with its script" in answer.text
        assert "Set-Cookie" not in answer.headers
        assert "default-src 'self'" in answer.headers["Content-Security-Policy"]


def test_the_right_token_sets_a_strict_httponly_cookie_that_opens_the_dashboard(guarded: Client) -> None:
    answer = guarded.post("/_mock/ui/token", json={"token": TOKEN, "next": "/_mock/ui/journal"})
    assert answer.status_code == 200
    assert answer.json == {"next": "/_mock/ui/journal"}
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith(f"mockserver_admin_token={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/_mock" in cookie
    assert guarded.get("/_mock/ui/journal").status_code == 200  # the client keeps the cookie


def test_the_cookie_opens_the_json_admin_api_the_pages_call(guarded: Client) -> None:
    refused = guarded.get("/_mock/health")
    assert refused.status_code == 401
    assert refused.json["error"].startswith("this server needs its admin token")
    guarded.post("/_mock/ui/token", json={"token": TOKEN})
    assert guarded.get("/_mock/health").status_code == 200
    csrf = {"X-CSRF-Token": csrf_for(TOKEN, TOKEN)}  # the cookie's value is the token
    assert guarded.post("/_mock/clock/advance", json={"seconds": 1}).status_code == 403
    assert guarded.post("/_mock/clock/advance", json={"seconds": 1}, headers=csrf).status_code == 200


def test_a_browser_at_the_guarded_root_reaches_the_token_form(guarded: Client) -> None:
    root = guarded.get("/", headers={"Accept": BROWSER_ACCEPT})
    assert root.headers["Location"] == "/_mock/ui/"
    assert guarded.get("/_mock/").headers["Location"] == "/_mock/ui/"
    dashboard = guarded.get("/_mock/ui/")
    assert dashboard.status_code == 303
    assert dashboard.headers["Location"] == "/_mock/ui/token?next=/_mock/ui/"


def test_a_bearer_header_opens_the_dashboard_too(guarded: Client) -> None:
    assert guarded.get("/_mock/ui/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert guarded.get("/_mock/ui/", headers={"Authorization": "Bearer wrong"}).status_code == 303


def test_the_token_form_never_sends_a_person_to_another_site(guarded: Client) -> None:
    for target in ("https://evil.example/", "//evil.example/_mock/", "/elsewhere", 7):
        answer = guarded.post("/_mock/ui/token", json={"token": TOKEN, "next": target})
        assert answer.json == {"next": "/_mock/ui/"}


def test_without_a_configured_token_the_token_page_just_opens_the_dashboard(client: Client) -> None:
    answer = client.get("/_mock/ui/token")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/_mock/ui/"
    assert client.get("/_mock/ui/").status_code == 200


# -- the live journal ------------------------------------------------------------------------------
def call_workspace(client: Client, path: str = "/workspace/api/v1/quotations.json") -> None:
    client.get(path, headers={"Authorization": "Basic dG9rZW46ZGVtby10b2tlbg=="})  # token:demo-token


def test_new_journal_rows_come_newest_first_after_the_cursor(client: Client) -> None:
    call_workspace(client)
    first = client.get("/_mock/ui/journal/rows?after=0")
    assert first.headers["X-Journal-Cursor"] == "1"
    assert first.text.count("<li ") == 1
    call_workspace(client, "/workspace/api/v1/contacts.json")
    call_workspace(client, "/workspace/api/v1/projects.json")
    more = client.get("/_mock/ui/journal/rows?after=1")
    assert more.headers["X-Journal-Cursor"] == "3"
    assert more.text.index('id="entry-3"') < more.text.index('id="entry-2"')
    assert 'id="entry-1"' not in more.text


def test_the_cursor_waits_for_an_entry_still_being_answered(client: Client, app: MockServer) -> None:
    in_flight = app.journal.start(app.clock.time(), "workspace", "GET", "/workspace/api/v1/slow", "")
    call_workspace(client)
    rows = client.get("/_mock/ui/journal/rows?after=0")
    assert rows.headers["X-Journal-Cursor"] == str(in_flight.id - 1)
    assert 'id="entry-2"' in rows.text and f'id="entry-{in_flight.id}"' not in rows.text
    in_flight.status = 200
    in_flight.response = app.journal.message([], b"{}")
    again = client.get(f"/_mock/ui/journal/rows?after={rows.headers['X-Journal-Cursor']}")
    assert f'id="entry-{in_flight.id}"' in again.text


def test_journal_rows_filter_by_status_class_and_path(client: Client) -> None:
    call_workspace(client)
    client.get("/workspace/api/v1/quotations.json")  # no credentials: 401
    refused = client.get("/_mock/ui/journal/rows?after=0&status=4xx").text
    assert refused.count("<li ") == 1 and "401" in refused
    assert client.get("/_mock/ui/journal/rows?after=0&path=contacts").text.strip() == ""
    assert client.get("/_mock/ui/journal/rows?after=x").status_code == 400


def test_hostile_request_text_is_escaped_in_the_journal(client: Client) -> None:
    client.get("/workspace/api/v1/<script>alert(1)</script>", headers={"X-Evil": "<img src=x onerror=1>"})
    page = client.get("/_mock/ui/journal").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    detail = client.get("/_mock/ui/journal/1").text
    assert "<img src=x" not in detail and "&lt;img src=x onerror=1&gt;" in detail


def test_an_entry_shows_its_bodies_pretty_printed(client: Client) -> None:
    call_workspace(client)
    detail = client.get("/_mock/ui/journal/1").text
    assert "&#34;response&#34;: {\n" in detail  # JSON indented
    assert client.get("/_mock/ui/journal/999").status_code == 404


# -- contracts: try it ----------------------------------------------------------------------------
def try_it(client: Client, name: str, tenant: str = "demo") -> dict:
    answer = client.get(f"/_mock/ui/contracts/{name}/try-it.json?tenant={tenant}")
    assert answer.status_code == 200
    return json.loads(answer.text)


def test_try_it_calls_this_mock_with_the_tenants_credentials(client: Client) -> None:
    werkbonapp = try_it(client, "werkbonapp")
    assert werkbonapp["spec"]["servers"] == [
        {"url": "http://localhost/werkbonapp/openapi/8", "description": "this mockserver"}
    ]
    token = werkbonapp["spec"]["components"]["parameters"]["token"]
    assert token["schema"]["default"] == "demo-token"
    workspace = try_it(client, "workspace")
    assert workspace["authorize"] == {"tokenAuth": {"basic": {"username": "token", "password": "demo-token"}}}
    flowii = try_it(client, "flowii")
    assert flowii["authorize"]["ApiKey"] == {"apiKey": "demo-api-key"}
    assert try_it(client, "workspace", tenant="nobody")["authorize"] == {}  # nothing to fill in


def test_the_severa_wsdl_is_listed_by_contract_and_operation(client: Client) -> None:
    page = client.get("/_mock/ui/contracts/severa").text
    assert 'id="svc-IAccount"' in page and "<code>GetAccountByGUID</code>" in page


def test_contract_violations_are_highlighted_in_the_journal() -> None:
    strict = Client(MockServer(Config(strict=True, vendors=["workspace"])))
    call_workspace(strict, "/workspace/api/v1/quotations.json?depth=9")
    row = strict.get("/_mock/ui/journal").text
    assert 'class="violation" title="contract violations">⚠ 1<' in row
    detail = strict.get("/_mock/ui/journal/1").text
    assert '<div class="violations" role="note"><strong>Contract violations</strong>' in detail
    assert "depth" in detail.split("Contract violations", 1)[1]
