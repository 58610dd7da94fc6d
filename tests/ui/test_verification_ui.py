"""The dashboard's request matcher (journal) and snapshot buttons (tenant page) in Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import requests
from playwright.sync_api import Page, expect

from tests.ui.conftest import Live, Shots, Watch


def test_the_journal_matcher_finds_requests_and_explains_near_misses(
    page: Page, live: Live, shots: Shots
) -> None:
    tenant = live.admin.create_tenant(name="matcher")
    auth = ("token", tenant.credentials["workspace"]["token"])
    posted = requests.post(
        tenant.base_urls["workspace"] + "/quotations.json",
        data={"data[Quotation][contact_id]": "4", "data[Quotation][name]": "Dakkapel"},
        auth=auth,
        timeout=10,
    )
    assert posted.status_code == 201
    page.goto("/_mock/ui/journal")
    page.get_by_text("Find requests with a matcher").click()
    page.get_by_label("Tenant", exact=True).nth(1).fill(tenant.id)
    page.get_by_label("Method").fill("PUT")
    page.get_by_label("Body form fields (JSON object)").fill('{"data": {"Quotation": {"name": "Dakraam"}}}')
    page.get_by_role("button", name="Find requests").click()

    expect(page.locator("#match-count")).to_have_text("0")
    closest = page.locator("#near-misses > li").first
    expect(closest).to_contain_text("POST /api/v1/quotations.json")
    expect(closest.locator(".difference")).to_have_text(
        ["method: POST, not PUT", "body_form.data[Quotation][name]: 'Dakkapel', not 'Dakraam'"]
    )
    shots(page, "journal-near-misses")

    page.get_by_label("Method").fill("post")
    page.get_by_label("Body form fields (JSON object)").fill('{"data[Quotation][name]": "Dakkapel"}')
    page.get_by_role("button", name="Find requests").click()
    expect(page.locator("#match-count")).to_have_text("1")
    expect(page.locator("#matches tbody tr")).to_contain_text("/api/v1/quotations.json")


def test_the_journal_matcher_names_a_bad_field(page: Page) -> None:
    page.goto("/_mock/ui/journal/match?body_json=%7Bnot+json")
    expect(page.locator("#matcher-error")).to_contain_text("matcher field 'body_json' is not valid JSON")
    page.goto("/_mock/ui/journal/match?status=abc")
    expect(page.locator("#matcher-error")).to_contain_text("'status' must be an integer")


def test_a_snapshot_is_downloaded_and_loaded_on_the_tenant_page(
    page: Page, live: Live, watch: Watch, tmp_path: Path
) -> None:
    tenant = live.admin.create_tenant(name="snapshot")
    page.goto(f"/_mock/ui/tenants/{tenant.id}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download snapshot").click()
    saved = tmp_path / "world.json"
    download.value.save_as(saved)
    snapshot = json.loads(saved.read_text())
    assert (
        snapshot["format_version"] == 1 and tenant.credentials["workspace"]["token"] not in saved.read_text()
    )

    snapshot["vendors"]["workspace"]["collections"]["contacts"] = [{"id": 1, "name": "Loaded in the browser"}]
    saved.write_text(json.dumps(snapshot))
    page.get_by_label("Snapshot file").set_input_files(str(saved))
    expect(page.get_by_label("Snapshot (JSON)")).not_to_be_empty()
    page.get_by_role("button", name="Load snapshot").click()
    expect(page.locator("#data-h ~ .grid")).to_contain_text("contacts (1)")
    contacts = requests.get(
        tenant.base_urls["workspace"] + "/contacts.json",
        auth=("token", tenant.credentials["workspace"]["token"]),
        timeout=10,
    ).json()["response"]["data"]["Contacts"]
    assert [c["Contact"]["name"] for c in contacts] == ["Loaded in the browser"]

    watch.expect_refusal(400)
    page.get_by_label("Snapshot (JSON)").fill('{"format_version": 9}')
    page.get_by_role("button", name="Load snapshot").click()
    expect(page.locator('#snapshot-load [data-error-for=""]')).to_contain_text(
        "format_version: expected 1, not 9"
    )
