"""A web page the developer opens while the mock runs cannot change its state (docs/security.md):
in headless Chromium, a page served from another origin (``evil.test``, resolved to 127.0.0.1) and
one from another port of 127.0.0.1 each try ``fetch(..., {mode: "no-cors"})`` and plain HTML form
POSTs against ``/_mock/reset`` and ``/_mock/faults``; nothing changes, with or without
``--admin-token`` (with it, the browser holds the dashboard's cookie, which it sends along from
another port of the same host: SameSite=Strict does not stop that, the guard does)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Request, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from mockserver.admin.access import COOKIE
from mockserver.client import AdminClient
from mockserver.config import Config
from mockserver.server import ThreadedMockServer
from tests.ui.conftest import CHROMIUM, CHROMIUM_ARGS, WAIT_MS

TOKEN = "s3cret"
#: three no-cors fetches and three form posts
ATTEMPTS = 6
#: how long one turn of waiting for them lasts at most (within the WAIT_MS deadline)
TURN_MS = 200
#: the attacker's page: every write a page can make without the server's consent, all at once
ATTACK = """<!doctype html><meta charset="utf-8"><title>attack</title>
<iframe name="a"></iframe><iframe name="b"></iframe><iframe name="c"></iframe>
<form id="reset" method="post" action="{mock}/_mock/reset" target="a">
  <input name="x" value="1"></form>
<form id="fault" method="post" action="{mock}/_mock/faults" target="b" enctype="text/plain">
  <input name='{{"vendor": "robaws", "status": 500, "x": "' value='"}}'></form>
<form id="tenant" method="post" action="{mock}/_mock/tenants" target="c" enctype="multipart/form-data">
  <input name="name" value="forged"></form>
<script>
const mock = "{mock}";
const fault = JSON.stringify({{vendor: "robaws", status: 500}});
const attempts = [
  fetch(mock + "/_mock/faults", {{method: "POST", mode: "no-cors", body: fault,
    headers: {{"Content-Type": "text/plain"}}, credentials: "include"}}),
  fetch(mock + "/_mock/reset", {{method: "POST", mode: "no-cors", credentials: "include"}}),
  fetch(mock + "/_mock/clock/advance", {{method: "POST", mode: "no-cors", body: '{{"seconds": 86400}}',
    credentials: "include"}}),
];
for (const id of ["reset", "fault", "tenant"]) document.getElementById(id).submit();
</script>"""


class AttackerSite:
    """Another web server on 127.0.0.1 (another port), serving the attack page at every path."""

    def __init__(self, mock_url: str) -> None:
        page = ATTACK.format(mock=mock_url).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def rebinding_browser() -> Iterator[Browser]:
    """Chromium that resolves ``evil.test`` to 127.0.0.1, as a rebinding attacker's DNS would."""
    with sync_playwright() as playwright:
        args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP evil.test 127.0.0.1"]
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield launched
        launched.close()


def _state(admin: AdminClient) -> dict:
    return {
        "tenants": sorted(t["id"] for t in admin.call("GET", "/tenants")["tenants"]),
        "faults": admin.call("GET", "/faults")["faults"],
        "frozen_now": admin.call("GET", "/clock")["now"],
    }


@pytest.mark.parametrize("token", [None, TOKEN], ids=["open", "admin-token"])
@pytest.mark.parametrize("attacker_host", ["127.0.0.1", "evil.test"], ids=["other-port", "other-origin"])
def test_a_page_elsewhere_cannot_write(
    rebinding_browser: Browser, token: str | None, attacker_host: str
) -> None:
    with ThreadedMockServer(Config(port=0, admin_token=token)) as mock:
        admin = AdminClient(mock.url, token=token)
        admin.call("PUT", "/clock", {"frozen": True})
        admin.create_tenant(name="kept")
        before = _state(admin)
        site = AttackerSite(mock.url)
        context = rebinding_browser.new_context()
        context.set_default_timeout(WAIT_MS)
        if token:  # the developer is logged in to the dashboard in this browser
            context.add_cookies(
                [
                    {
                        "name": COOKIE,
                        "value": token,
                        "url": mock.url + "/_mock",
                        "httpOnly": True,
                        "sameSite": "Strict",
                    }
                ]
            )
        answered: list[int] = []
        page = context.new_page()

        def settled(request: Request) -> None:
            if request.url.startswith(mock.url) and request.method == "POST":
                answered.append(request.response().status if request.response() else 0)

        page.on("requestfinished", settled)
        page.on("requestfailed", settled)
        try:
            page.goto(f"http://{attacker_host}:{site.port}/")
            deadline = time.monotonic() + WAIT_MS / 1000
            while len(answered) < ATTEMPTS and time.monotonic() < deadline:
                # a short wait per turn: the last attempt may end in "requestfailed" instead
                with contextlib.suppress(PlaywrightTimeout):
                    page.wait_for_event("requestfinished", timeout=TURN_MS)
        finally:
            context.close()
            site.close()
        assert len(answered) == ATTEMPTS  # every attempt reached the server ...
        assert _state(admin) == before, json.dumps(_state(admin))  # ... and changed nothing
