"""The dashboard's pages as a browser receives them, through the real WSGI application: every HTML
answer escapes what the client sent and carries the CSP, unknown pages get the styled 404, the
overview pages its tenants, the anti-CSRF meta tag, the journal's columns and error marks, the
destructive buttons' confirmation, "try it" for FLOWii's Bearer scheme. (In a browser: tests/ui.)"""

from __future__ import annotations

import hashlib
import hmac
import json
import re

import pytest
from werkzeug.test import Client, TestResponse

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core.csp import CONTENT_SECURITY_POLICY

TOKEN = "s3cret-admin-token"
HOSTILE = '"><script>alert(1)</script>'
SEVERA_HELP = "/severa/webservice/S3/API.svc"


def assert_safe_html(answer: TestResponse) -> None:
    assert answer.mimetype == "text/html"
    assert answer.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>alert(1)" not in answer.text


# -- every HTML page: escaped, with the CSP --------------------------------------------------------
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_an_unknown_dashboard_page_is_the_styled_404(client: Client, method: str) -> None:
    answer = client.open(f"/_mock/ui/nope/{HOSTILE}", method=method)
    assert answer.status_code == 404
    assert_safe_html(answer)
    assert '<link rel="stylesheet" href="/_mock/ui/static/dashboard.css">' in answer.text
    assert "There is no dashboard page at this address." in answer.text


@pytest.mark.parametrize(
    "path",
    [
        "/_mock/ui/",
        f"/_mock/ui/tenants/{HOSTILE}",
        f"/_mock/ui/tenants/demo/data/robaws/{HOSTILE}",
        f"/_mock/ui/journal?tenant={HOSTILE}&path={HOSTILE}",
        f"/_mock/ui/contracts/{HOSTILE}",
        f"/_mock/ui/contracts/flowii?tenant={HOSTILE}",
        "/_mock/ui/journal/rows?after=x",
        "/_mock/ui/static/nope.js",
    ],
)
def test_every_dashboard_answer_escapes_and_carries_the_csp(client: Client, path: str) -> None:
    assert_safe_html(client.get(path))


def test_the_severa_help_page_escapes_the_host_and_carries_the_csp(client: Client) -> None:
    answer = client.get(SEVERA_HELP, headers={"Host": "evil.example<script>alert(1)</script>"})
    assert answer.status_code == 200
    assert_safe_html(answer)
    assert "svcutil.exe http://evil.example&lt;script&gt;alert(1)&lt;/script&gt;/severa/" in answer.text


def test_the_severa_help_page_keeps_wcfs_text_for_an_ordinary_host(client: Client) -> None:
    answer = client.get(SEVERA_HELP, headers={"Host": "127.0.0.1:8000"})
    assert "<pre>svcutil.exe http://127.0.0.1:8000/severa/webservice/S3/API.svc?wsdl</pre>" in answer.text


# -- the overview pages its tenants ---------------------------------------------------------------
@pytest.fixture(scope="module")
def crowded() -> Client:
    server = MockServer(Config())
    for number in range(320):
        server.tenants.create(name=f"crowd {number:03d}")
    return Client(server)


def tenant_rows(page: str) -> list[str]:
    return re.findall(r'<tr data-tenant="([^"]+)">', page)


def test_the_overview_shows_fifty_tenants_a_page_with_links_to_the_others(crowded: Client) -> None:
    first = crowded.get("/_mock/ui/").text
    rows = tenant_rows(first)
    assert len(rows) == 50 and rows[0] == "demo"
    assert "Tenants 1\u201350 of 321, oldest first · page 1 of 7" in first
    assert '<nav class="actions pager" aria-label="Tenant pages">' in first
    assert 'rel="next" href="/_mock/ui/?page=2"' in first and 'rel="prev"' not in first
    assert len(first.encode()) < 150_000

    middle = crowded.get("/_mock/ui/?page=2").text
    assert 'rel="prev" href="/_mock/ui/?page=1"' in middle and 'rel="next" href="/_mock/ui/?page=3"' in middle
    assert not set(tenant_rows(middle)) & set(rows)

    last = crowded.get("/_mock/ui/?page=7").text
    assert len(tenant_rows(last)) == 21 and 'rel="next"' not in last
    assert "Tenants 301\u2013321 of 321" in last
    seen = set()
    for number in range(1, 8):
        seen |= set(tenant_rows(crowded.get(f"/_mock/ui/?page={number}").text))
    assert len(seen) == 321  # every tenant on exactly one page


@pytest.mark.parametrize("page", ["0", "99", "x", "-1", "9" * 20])
def test_a_page_number_out_of_range_shows_the_nearest_page(crowded: Client, page: str) -> None:
    answer = crowded.get(f"/_mock/ui/?page={page}")
    assert answer.status_code == 200
    assert len(tenant_rows(answer.text)) in (50, 21)


def test_pages_with_a_tenant_picker_offer_a_bounded_list(crowded: Client) -> None:
    for path in ("/_mock/ui/journal", "/_mock/ui/contracts", "/_mock/ui/contracts/flowii"):
        page = crowded.get(path).text
        assert page.count('<option value="t-') <= 50, path
        assert 'list="tenant-ids"' in page  # any other id can be typed


# -- anti-CSRF token -------------------------------------------------------------------------------
def csrf_meta(page: str) -> str | None:
    found = re.search(r'<meta name="mockserver-csrf" content="([0-9a-f]+)">', page)
    return found.group(1) if found else None


def test_with_an_admin_token_pages_carry_the_sessions_csrf_token() -> None:
    guarded = Client(MockServer(Config(admin_token=TOKEN)))
    assert guarded.post("/_mock/ui/token", json={"token": TOKEN}).status_code == 200
    expected = hmac.new(TOKEN.encode(), TOKEN.encode(), hashlib.sha256).hexdigest()
    for path in ("/_mock/ui/", "/_mock/ui/clock", "/_mock/ui/nope"):
        assert csrf_meta(guarded.get(path).text) == expected, path
    by_header = Client(MockServer(Config(admin_token=TOKEN)))
    page = by_header.get("/_mock/ui/", headers={"Authorization": f"Bearer {TOKEN}"}).text
    assert csrf_meta(page) is None  # no session cookie: nothing a page could forge


def test_without_an_admin_token_there_is_no_csrf_meta(client: Client) -> None:
    assert csrf_meta(client.get("/_mock/ui/").text) is None
    assert 'name="mockserver-csrf"' not in client.get("/_mock/ui/").text


# -- destructive buttons ask first; reset everything -------------------------------------------------
def test_destructive_forms_ask_for_confirmation(client: Client) -> None:
    client.post("/_mock/faults", json={"vendor": "workspace", "kind": "status", "status": 503})
    pages = client.get("/_mock/ui/").text + client.get("/_mock/ui/journal").text
    pages += client.get("/_mock/ui/clock").text
    forms = re.findall(r"<form [^>]*>", pages)
    for api, method in [
        ("/_mock/reset", None),
        ("/_mock/tenants/demo/reset", None),
        ("/_mock/tenants/demo", "DELETE"),
        ("/_mock/journal", "DELETE"),
        ("/_mock/faults", "DELETE"),
    ]:
        form = next(f for f in forms if f'data-api="{api}"' in f and (method is None or method in f))
        assert "data-confirm=" in form, api
    assert '<button type="submit" class="danger">Reset everything</button>' in pages


# -- journal: columns, names, legend, one time format, error envelopes -------------------------------
def werkbonapp(client: Client, token: str) -> None:
    query = f"token={token}&software_token=demo-software-token&status=Klaargezet&update_status=false"
    assert client.get(f"/werkbonapp/openapi/8/GetWorkorders/?{query}").status_code == 200


def test_a_werkbonapp_error_envelope_is_marked_as_an_error(client: Client) -> None:
    werkbonapp(client, "demo-token")
    werkbonapp(client, "wrong")  # HTTP 200, {"code": 1004, ...}
    rows = client.get("/_mock/ui/journal/rows?after=0").text
    failed, fine = rows.split('<li id="entry-1"')
    assert 'data-error="1004"' in failed and 'class="badge serror"' in failed and "200 · 1004" in failed
    assert "data-error" not in fine and 'class="badge s2xx"' in fine
    only_errors = client.get("/_mock/ui/journal/rows?after=0&status=error").text
    assert 'id="entry-2"' in only_errors and 'id="entry-1"' not in only_errors
    detail = client.get("/_mock/ui/journal/2").text
    assert "Error in a 200 answer:</strong> code 1004: Token is unauthorized" in detail


def test_the_journal_has_column_headers_full_vendor_names_a_legend_and_one_time_format(
    client: Client, app: MockServer
) -> None:
    werkbonapp(client, "demo-token")
    page = client.get("/_mock/ui/journal").text
    head = re.search(r'<div class="journal-head"[^>]*>(.*?)</div>', page).group(1)
    assert re.findall(r">([^<]+)</span>", head) == [
        "Time (UTC)", "Tenant", "Vendor", "Method", "Path", "Status", "Duration"
    ]  # fmt: skip
    assert '<span class="offscreen">Vendor </span>WerkbonApp</span>' in page
    assert "↺</span> replayed: answered again from unchanged data" in page
    time = json.loads(client.get("/_mock/journal").text)["entries"][0]["time"]
    assert f'<time datetime="{time}">{time}</time>' in page
    assert f'<time datetime="{time}">{time}</time>' in client.get("/_mock/ui/journal/1").text


# -- small things ------------------------------------------------------------------------------------
def test_field_attributes_reach_the_page_as_attributes(client: Client) -> None:
    page = client.get("/_mock/ui/clock").text
    assert 'aria-describedby="advance-seconds-error" step="any">' in page
    assert 'class="mono iso" spellcheck="false">' in page  # not escaped into the value of nothing


def test_the_severa_wsdl_page_counts_operations_in_good_english(client: Client) -> None:
    page = client.get("/_mock/ui/contracts/severa").text
    assert re.search(r'id="svc-ICompany".*?\(1 operation\)', page, re.S)
    assert re.search(r'id="svc-IAPI".*?\(2 operations\)', page, re.S)
    assert "1 operations" not in page
    assert re.search(r'<p id="wsdl-summary">42 contracts, \d+ operations\.</p>', page)


def test_try_it_gets_flowiis_bearer_token_with_the_tenants_password_grant(client: Client) -> None:
    answer = json.loads(client.get("/_mock/ui/contracts/flowii/try-it.json?tenant=demo").text)
    request = answer["authorize"]["Bearer"]["bearer"]
    assert request["url"] == "http://localhost/flowii/token"
    assert request["headers"] == {"Api-Key": "demo-api-key"}
    form = request["form"]
    token = client.post(request["url"], headers=request["headers"], data=form)
    assert token.status_code == 200 and token.json["token_type"] == "bearer"
    properties = answer["spec"]["paths"]["/token"]["post"]["requestBody"]["content"][
        "application/x-www-form-urlencoded"
    ]["schema"]["properties"]
    assert properties["username"]["default"] == form["username"]  # also ready to send by hand
