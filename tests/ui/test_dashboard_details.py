"""The dashboard's smaller promises in a real browser: FLOWii's "try it" answers with a Bearer token
it fetched itself, "reset everything" asks first, the overview pages its tenants, an error message
never moves a control, the clock field shows its whole value, an unknown page is styled."""

from __future__ import annotations

import re

import requests
from playwright.sync_api import Browser, Page, expect

from mockserver.config import Config
from mockserver.server import ThreadedMockServer
from tests.ui.conftest import WAIT_MS, Live, Shots, Watch


def test_flowii_try_it_fetches_the_tenants_bearer_token_and_the_call_answers_200(
    page: Page, live: Live, shots: Shots
) -> None:
    tenant = live.admin.create_tenant(name="try flowii")
    page.goto(f"/_mock/ui/contracts/flowii?tenant={tenant.id}")
    expect(page.locator("#swagger-status")).to_contain_text(
        "Bearer token filled in: got it with POST /flowii/token"
    )
    operation = page.locator(".opblock-get", has=page.locator('[data-path="/companies"]')).first
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    shots(page, "try-it-flowii", full_page=False)

    calls = [(c["method"], c["path"], c["status"]) for c in live.admin.journal(tenant=tenant.id)]
    assert calls == [("POST", "/flowii/token", 200), ("GET", "/flowii/companies", 200)]


def test_reset_everything_asks_first_and_the_overview_pages_tenants(browser: Browser, shots: Shots) -> None:
    with ThreadedMockServer(Config(port=0)) as running:
        for number in range(60):
            requests.post(f"{running.url}/_mock/tenants", json={"name": f"crowd {number}"}, timeout=10)
        watch = Watch(running.url)
        context = browser.new_context(base_url=running.url)
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        page.on("console", watch.console)
        page.on("request", watch.request)

        page.goto("/_mock/ui/")
        expect(page.locator("#tenants tbody tr")).to_have_count(50)
        pages = page.get_by_role("navigation", name="Tenant pages")
        pages.get_by_role("link", name="Next tenants").click()
        expect(page).to_have_url(re.compile(r"/_mock/ui/\?page=2$"))
        expect(page.locator("#tenants tbody tr")).to_have_count(11)
        count = page.locator("#tenants-count")
        expect(count).to_have_text("Tenants 51\u201361 of 61, oldest first · page 2 of 2")

        page.get_by_role("button", name="Reset everything").click()
        dialog = page.get_by_role("dialog", name="Reset everything?")
        expect(dialog).to_contain_text("Every tenant is removed and demo re-seeded")
        shots(page, "confirm")
        dialog.get_by_role("button", name="Cancel").click()
        assert len(requests.get(f"{running.url}/_mock/tenants", timeout=10).json()["tenants"]) == 61

        page.get_by_role("button", name="Reset everything").click()
        dialog.get_by_role("button", name="Reset everything").click()
        expect(page.locator("#tenants tbody tr")).to_have_count(1)
        expect(page.locator('#tenants tr[data-tenant="demo"]')).to_be_visible()
        tenants = requests.get(f"{running.url}/_mock/tenants", timeout=10).json()["tenants"]
        assert [t["id"] for t in tenants] == ["demo"]
        context.close()
        assert watch.problems == []


def boxes(page: Page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })",
    )


def test_an_inline_error_moves_no_control_and_the_clock_field_shows_its_whole_value(
    page: Page, live: Live, watch: Watch
) -> None:
    page.goto("/_mock/ui/clock")
    now = page.get_by_label("Now (ISO-8601)")
    assert now.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing cut off
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", now.input_value())

    controls = "main input, main button, main select, main textarea, main h3"
    before = boxes(page, controls)
    watch.expect_refusal(400)
    page.get_by_label("Seconds").fill("-600")
    page.get_by_role("button", name="Advance", exact=True).click()
    expect(page.locator('#advance [data-error-for="seconds"]')).to_contain_text("seconds must be")
    page.get_by_label("Now (ISO-8601)").fill("next tuesday")
    page.get_by_role("button", name="Set", exact=True).click()
    expect(page.locator('#set-clock [data-error-for="now"]')).to_contain_text("now is not ISO-8601")
    assert boxes(page, controls) == before


def test_an_unknown_dashboard_page_is_styled_and_links_back(page: Page, watch: Watch) -> None:
    watch.expect_refusal(404)
    answer = page.goto("/_mock/ui/nope")
    assert answer is not None and answer.status == 404
    expect(page.get_by_role("heading", name="404")).to_be_visible()
    expect(page.get_by_role("navigation", name="Dashboard")).to_be_visible()
    assert page.locator("header.top").evaluate("e => getComputedStyle(e).display") == "flex"  # styled
    page.get_by_role("link", name="Back to the overview").click()
    expect(page).to_have_url(re.compile(r"/_mock/ui/$"))
