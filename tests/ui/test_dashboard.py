"""The dashboard in a real browser: what a person sees and does, checked against what a client of
the vendor APIs then gets over real HTTP."""

from __future__ import annotations

import hashlib
import hmac
import re

import requests
from playwright.sync_api import Browser, Page, Request, expect

from mockserver.config import Config
from mockserver.server import ThreadedMockServer
from tests.receiver import Receiver
from tests.ui.conftest import PHONE, WAIT_MS, Live, Shots, Watch

VENDORS = ("werkbonapp", "flowii", "robaws", "workspace", "severa")


def test_a_browser_at_the_root_lands_on_the_overview_with_demo_and_the_five_vendors(
    page: Page, live: Live, shots: Shots
) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/_mock/ui/$"))
    expect(page.locator('#tenants tr[data-tenant="demo"]')).to_be_visible()
    for name in VENDORS:
        expect(page.locator("#vendor-list dt", has_text=name)).to_be_visible()
        expect(page.locator("#vendor-list code", has_text=f"{live.url}/{name}")).to_be_visible()
    shots(page, "overview")

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy workspace base URL").click()
    expect(page.get_by_role("button", name="Copy workspace base URL")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{live.url}/workspace/api/v1"


def test_tenants_are_reset_and_deleted_from_the_overview(page: Page, live: Live) -> None:
    tenant = live.admin.create_tenant(name="lifecycle")
    status = f"/tenants/{tenant.id}/werkbonapp/workorders/1/status"
    assert live.admin.call("POST", status, {"status": "Opgehaald"})["status"] == "Opgehaald"
    page.goto("/_mock/ui/")
    row = page.locator(f'#tenants tr[data-tenant="{tenant.id}"]')
    expect(row.locator("td.num").first).to_have_text("84")  # opened by the call above

    reset = row.get_by_role("button", name=f"Reset tenant {tenant.id} to its seed")
    reset.click()
    dialog = page.get_by_role("dialog", name=f"Reset tenant {tenant.id}?")
    expect(dialog).to_contain_text("every change made to its data is lost")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()  # the safe choice first
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(reset).to_be_focused()  # back where the person was
    board = live.admin.call("GET", f"/tenants/{tenant.id}/werkbonapp")["workorders"]
    assert board["Opgehaald"] == 4  # cancelled: nothing was reset

    reset.click()
    dialog.get_by_role("button", name=f"Reset tenant {tenant.id}", exact=True).click()
    counts = page.locator(f'#tenants tr[data-tenant="{tenant.id}"] td.num')
    expect(counts.first).to_have_text("\u2013")  # an en dash: not opened since the reset
    board = live.admin.call("GET", f"/tenants/{tenant.id}/werkbonapp")["workorders"]
    assert board["Opgehaald"] == 3  # order 1 is back in Klaargezet: the seed's three each

    page.get_by_role("button", name=f"Delete tenant {tenant.id}").click()
    delete = page.get_by_role("dialog", name=f"Delete tenant {tenant.id}?")
    delete.get_by_role("button", name="Cancel").click()
    expect(page.locator(f'#tenants tr[data-tenant="{tenant.id}"]')).to_have_count(1)
    page.get_by_role("button", name=f"Delete tenant {tenant.id}").click()
    delete.get_by_role("button", name=f"Delete tenant {tenant.id}", exact=True).click()
    expect(page.locator(f'#tenants tr[data-tenant="{tenant.id}"]')).to_have_count(0)
    assert tenant.id not in [t["id"] for t in live.admin.call("GET", "/tenants")["tenants"]]


def test_a_tenant_created_on_the_page_answers_a_real_call_with_its_shown_credentials(
    page: Page, live: Live, shots: Shots
) -> None:
    page.goto("/_mock/ui/")
    page.get_by_label("Name").fill("made in the browser")
    page.get_by_label("Name").press("Enter")  # the keyboard is enough
    expect(page).to_have_url(re.compile(r"/_mock/ui/tenants/t-[0-9a-f]+$"))
    tenant_id = page.url.rsplit("/", 1)[1]
    token = page.locator('[data-credential="workspace.token"]').inner_text()
    base = page.locator('.vendor-creds[data-vendor="workspace"] dd code').first.inner_text()
    shots(page, "tenant")

    answer = requests.get(f"{base}/quotations.json", auth=("token", token), timeout=10)
    assert answer.status_code == 200
    assert answer.json()["response"]["data"]["count"] == "18"  # its seeded data, reached with its token
    assert live.admin.call("GET", f"/tenants/{tenant_id}")["credentials"]["workspace"]["token"] == token


def test_the_journal_shows_a_call_live_without_a_reload(page: Page, live: Live, shots: Shots) -> None:
    tenant = live.admin.create_tenant(name="journal")
    page.goto(f"/_mock/ui/journal?tenant={tenant.id}")
    expect(page.locator("#journal-empty")).to_be_visible()
    page.evaluate("window.notReloaded = true")

    creds = tenant.credentials["robaws"]
    answer = requests.get(
        f"{tenant.base_urls['robaws']}/clients?page=0&size=1",
        auth=(creds["api_key"], creds["api_secret"]),
        timeout=10,
    )
    assert answer.status_code == 200

    row = page.locator("#journal-entries > li").first
    expect(row).to_contain_text("/robaws/api/v2/clients")
    expect(row.locator(".badge")).to_have_text("200")
    assert page.evaluate("window.notReloaded") is True
    row.locator("summary").click()
    # the response body, pretty-printed
    expect(row.locator(".entry-body")).to_contain_text('"currentPage": 0')
    shots(page, "journal")


def test_a_work_order_moves_across_the_board_to_afgehandeld(
    page: Page, live: Live, shots: Shots, watch: Watch
) -> None:
    tenant = live.admin.create_tenant(name="board")
    page.goto(f"/_mock/ui/tenants/{tenant.id}/board")
    klaargezet = page.locator('section[data-status="Klaargezet"] article.order').first
    number = klaargezet.get_attribute("data-workorder")
    card = page.locator(f'article.order[data-workorder="{number}"]')

    def column() -> str:
        return card.locator("xpath=ancestor::section[1]").get_attribute("data-status") or ""

    page.get_by_role("button", name=f"Move {number} to Opgehaald").click()
    expect(page.locator(f'section[data-status="Opgehaald"] [data-workorder="{number}"]')).to_be_visible()

    watch.expect_refusal(400)
    card.get_by_text("Move to any status…").click()
    card.get_by_label("Status", exact=True).fill("Gepland")
    card.get_by_role("button", name=f"Move {number}", exact=True).click()
    expect(card.locator('[data-error-for="status"]')).to_contain_text("status must be one of")
    assert column() == "Opgehaald"  # nothing moved

    card.get_by_text("→ Compleet (with completion data)").click()
    card.get_by_label("Comment").fill("done in the browser")
    card.get_by_role("button", name=f"Move {number} to Compleet").click()
    expect(page.locator(f'section[data-status="Compleet"] [data-workorder="{number}"]')).to_be_visible()

    page.get_by_role("button", name=f"Move {number} to Afgehandeld").focus()
    page.keyboard.press("Enter")  # the keyboard is enough
    expect(page.locator(f'section[data-status="Afgehandeld"] [data-workorder="{number}"]')).to_be_visible()

    watch.expect_refusal(409)
    card.get_by_text("Move to any status…").click()
    card.get_by_label("Status", exact=True).fill("Klaargezet")
    card.get_by_role("button", name=f"Move {number}", exact=True).click()
    refusal = card.locator('[data-error-for=""]')
    expect(refusal).to_contain_text("illegal transition Afgehandeld -> Klaargezet")
    assert column() == "Afgehandeld"
    shots(page, "board")

    creds = tenant.credentials["werkbonapp"]
    listed = requests.get(
        f"{tenant.base_urls['werkbonapp']}/GetWorkorders/",
        params={**creds, "status": "Afgehandeld", "update_status": "false"},
        timeout=10,
    ).json()
    mine = [o for o in listed["response"] if o["WorkorderNo"] == number]
    assert mine and mine[0]["Comment"] == "done in the browser"


def test_advancing_the_clock_on_the_page_expires_a_flowii_token(
    page: Page, live: Live, shots: Shots, watch: Watch
) -> None:
    tenant = live.admin.create_tenant(name="clock")
    creds = tenant.credentials["flowii"]
    base = tenant.base_urls["flowii"]
    token = requests.post(
        f"{base}/token",
        headers={"Api-Key": creds["api_key"]},
        data={"grant_type": "password", "username": creds["username"], "password": creds["password"]},
        timeout=10,
    ).json()["access_token"]
    headers = {"Api-Key": creds["api_key"], "Authorization": f"Bearer {token}"}
    assert requests.get(f"{base}/companies", headers=headers, timeout=10).status_code == 200

    page.goto("/_mock/ui/clock")
    before = page.locator("#clock-now").inner_text()
    watch.expect_refusal(400)
    page.get_by_label("Seconds").fill("-600")
    page.get_by_role("button", name="Advance", exact=True).click()
    expect(page.locator('#advance [data-error-for="seconds"]')).to_contain_text("seconds must be")
    assert page.locator("#clock-now").inner_text() == before  # nothing moved
    assert requests.get(f"{base}/companies", headers=headers, timeout=10).status_code == 200

    page.get_by_label("Seconds").fill("601")
    page.get_by_role("button", name="Advance", exact=True).click()
    expect(page.locator("#clock-now")).not_to_have_text(before)
    shots(page, "clock")

    expired = requests.get(f"{base}/companies", headers=headers, timeout=10)
    assert expired.status_code == 401
    assert "expired" in expired.text


def test_the_clock_freezes_unfreezes_and_refuses_a_time_that_is_not_iso(
    page: Page, live: Live, watch: Watch
) -> None:
    page.goto("/_mock/ui/clock")
    page.get_by_role("button", name="Freeze").click()
    expect(page.locator("#clock-frozen")).to_have_text("frozen")
    assert live.admin.call("GET", "/clock")["frozen"] is True
    frozen_at = page.locator("#clock-now").inner_text()

    watch.expect_refusal(400)
    page.get_by_label("Now (ISO-8601)").fill("next tuesday")
    page.get_by_role("button", name="Set", exact=True).click()
    expect(page.locator('#set-clock [data-error-for="now"]')).to_contain_text("now is not ISO-8601")
    assert live.admin.call("GET", "/clock")["now"] == frozen_at

    page.get_by_role("button", name="Unfreeze").click()
    expect(page.locator("#clock-frozen")).to_have_text("running")
    assert live.admin.call("GET", "/clock")["frozen"] is False


def test_a_fault_added_on_the_page_fails_the_next_request(
    page: Page, live: Live, shots: Shots, watch: Watch
) -> None:
    tenant = live.admin.create_tenant(name="faults")
    url = f"{tenant.base_urls['workspace']}/quotations.json"
    auth = ("token", tenant.credentials["workspace"]["token"])

    page.goto("/_mock/ui/clock")
    form = page.locator("#add-fault")
    form.get_by_label("Vendor").select_option("workspace")
    form.get_by_label("Kind").select_option("status")
    watch.expect_refusal(400)
    form.get_by_role("button", name="Add rule").click()  # a status fault without a status
    expect(form.locator('[data-error-for="status"]')).to_contain_text("needs 'status'")
    assert live.admin.call("GET", "/faults")["faults"] == []  # nothing half-added

    form.get_by_label("Status", exact=True).fill("503")
    form.get_by_label("Times").fill("1")
    form.get_by_role("button", name="Add rule").click()
    expect(page.locator("#faults tbody tr")).to_have_count(1)
    shots(page, "faults")

    try:
        assert requests.get(url, auth=auth, timeout=10).status_code == 503
        assert requests.get(url, auth=auth, timeout=10).status_code == 200  # times=1: used up
    finally:
        live.admin.call("DELETE", "/faults")


def test_invalid_settings_show_their_error_and_change_nothing(page: Page, live: Live, watch: Watch) -> None:
    tenant = live.admin.create_tenant(name="settings")
    before = tenant.settings()
    page.goto(f"/_mock/ui/tenants/{tenant.id}")
    box = page.get_by_label("Settings (JSON)")
    error = page.locator('#settings [data-error-for=""]')
    watch.expect_refusal(400)

    box.fill('{"flowii": {"token_ttl_seconds": 30')
    page.get_by_role("button", name="Save settings").click()
    expect(error).to_contain_text("JSON")
    box.fill('{"flowii": {"token_ttl_seconds": 30}, "robaws": {"no_such_knob": 1}}')
    page.get_by_role("button", name="Save settings").click()
    expect(error).to_contain_text("robaws.no_such_knob: unknown setting")
    assert tenant.settings() == before  # the valid flowii half was not applied either

    box.fill('{"flowii": {"token_ttl_seconds": 30}}')
    page.get_by_role("button", name="Save settings").click()
    expect(error).to_be_empty()
    expect(page.get_by_label("Settings (JSON)")).to_contain_text('"token_ttl_seconds": 30')
    assert tenant.settings()["flowii"]["token_ttl_seconds"] == 30


def test_the_contracts_page_renders_and_try_it_reaches_the_mock(page: Page, live: Live, shots: Shots) -> None:
    tenant = live.admin.create_tenant(name="contracts")
    page.goto("/_mock/ui/contracts")
    for name in VENDORS:
        expect(page.locator("#contract-list a", has_text=name).first).to_be_visible()

    page.goto(f"/_mock/ui/contracts/workspace?tenant={tenant.id}")
    operation = page.locator(".opblock-get", has=page.locator('[data-path="/quotations.json"]')).first
    operation.locator(".opblock-summary").click()
    expect(operation).to_contain_text("x-fidelity")  # how sure we are of the operation
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    shots(page, "contracts", full_page=False)

    calls = live.admin.journal(tenant=tenant.id)
    assert [(c["path"], c["status"]) for c in calls] == [("/workspace/api/v1/quotations.json", 200)]

    page.goto("/_mock/ui/contracts/severa")
    expect(page.get_by_role("heading", name="IAccount", exact=True)).to_be_visible()


def test_pages_fit_a_phone_screen(page: Page, live: Live, shots: Shots) -> None:
    tenant = live.admin.create_tenant(name="phone")
    page.set_viewport_size(PHONE)
    for name, path in [
        ("overview", "/_mock/ui/"),
        ("tenant", f"/_mock/ui/tenants/{tenant.id}"),
        ("records", f"/_mock/ui/tenants/{tenant.id}/data/robaws/clients"),
        ("board", f"/_mock/ui/tenants/{tenant.id}/board"),
        ("webhooks", f"/_mock/ui/tenants/{tenant.id}/webhooks"),
        ("journal", "/_mock/ui/journal"),
        ("clock", "/_mock/ui/clock"),
        ("contracts", "/_mock/ui/contracts"),
    ]:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than a phone"
        shots(page, f"phone-{name}")


def test_webhook_deliveries_show_attempts_signature_and_a_retry_fired_from_the_clock_page(
    page: Page, live: Live, shots: Shots
) -> None:
    tenant = live.admin.create_tenant(name="webhooks")
    base = tenant.base_urls["robaws"]
    creds = tenant.credentials["robaws"]
    auth = (creds["api_key"], creds["api_secret"])
    dispatcher = live.app.vendors["robaws"].webhooks
    with Receiver(500, 200) as receiver:
        registered = requests.post(
            f"{base}/webhook-endpoints",
            json={"url": receiver.url, "events": ["client.created"]},
            auth=auth,
            timeout=10,
        )
        assert registered.status_code == 201
        assert requests.post(f"{base}/clients", json={"name": "Hook BV"}, auth=auth, timeout=10).ok
        assert receiver.wait_for(1) and dispatcher.wait_idle(10)

        page.goto(f"/_mock/ui/tenants/{tenant.id}/webhooks")
        expect(page.locator("#endpoints")).to_contain_text(receiver.url)
        delivery = page.locator("details.delivery").first
        expect(delivery.locator("summary")).to_contain_text("client.created")
        expect(delivery.locator("summary")).to_contain_text("retrying")
        expect(delivery.locator("summary")).to_contain_text("next retry")
        delivery.locator("summary").click()
        signature = receiver.calls[0][0]["Robaws-Signature"]
        expect(delivery.locator("tbody tr").first).to_contain_text("500")
        expect(delivery.locator("tbody tr").first).to_contain_text(f"Robaws-Signature: {signature}")
        shots(page, "webhooks")

        page.goto("/_mock/ui/clock")
        timer = f"robaws webhook retry: client.created to {receiver.url}"
        expect(page.locator("#timers")).to_contain_text(timer)
        page.get_by_role("button", name="Advance the clock +1 min").click()
        expect(page.locator("#timers")).to_contain_text("None pending")
        assert receiver.wait_for(2) and dispatcher.wait_idle(10)

        page.goto(f"/_mock/ui/tenants/{tenant.id}/webhooks")
        expect(page.locator("details.delivery summary").first).to_contain_text("delivered · 2 attempts")


def test_with_an_admin_token_the_page_asks_once_and_its_forms_then_work(
    browser: Browser, shots: Shots
) -> None:
    with ThreadedMockServer(Config(port=0, admin_token="s3cret")) as guarded:
        watch = Watch(guarded.url)
        context = browser.new_context(base_url=guarded.url)
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        page.on("console", watch.console)
        page.on("request", watch.request)
        watch.expect_refusal(401)
        page.goto("/")
        expect(page).to_have_url(re.compile(r"/_mock/ui/token\?next=/_mock/ui/$"))
        sent: list[Request] = []
        page.on("request", lambda r: sent.append(r) if r.method != "GET" else None)
        page.get_by_label("Admin token").fill("guess")
        page.get_by_role("button", name="Open the dashboard").click()
        expect(page.locator("#token-token-error")).to_have_text("That is not the admin token.")
        login = sent[-1]
        assert login.url.endswith("/_mock/ui/token") and login.headers["content-type"] == "application/json"
        shots(page, "token")
        page.get_by_label("Admin token").fill("s3cret")
        page.get_by_label("Admin token").press("Enter")
        expect(page).to_have_url(re.compile(r"/_mock/ui/$"))

        csrf = page.locator('meta[name="mockserver-csrf"]').get_attribute("content")
        expected = hmac.new(b"s3cret", b"s3cret", hashlib.sha256).hexdigest()
        assert csrf == expected
        page.get_by_label("Name").fill("behind the token")
        page.get_by_role("button", name="Create tenant").click()  # the API call carries the cookie
        expect(page).to_have_url(re.compile(r"/_mock/ui/tenants/t-[0-9a-f]+$"))
        create = next(r for r in sent if r.url.endswith("/_mock/tenants"))
        assert create.headers["x-csrf-token"] == expected
        assert create.headers["content-type"] == "application/json"
        cookie = next(c for c in context.cookies() if c["name"] == "mockserver_admin_token")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"

        page.goto("/_mock/ui/contracts/admin")  # "try it" on the admin API sends the token too
        operation = page.locator(".opblock-delete", has=page.locator('[data-path="/_mock/journal"]')).first
        operation.locator(".opblock-summary").click()
        operation.get_by_role("button", name="Execute").click()
        answered = operation.locator(".live-responses-table tbody .response-col_status").first
        expect(answered).to_have_text("204")
        clear = next(r for r in sent if r.method == "DELETE" and r.url.endswith("/_mock/journal"))
        assert clear.headers["x-csrf-token"] == expected
        context.close()
        assert watch.problems == []
