"""Browser tests of the dashboard: headless Chromium from Debian (``/usr/bin/chromium``, installed
by ``scripts/test``) driven by Playwright, against a real server on a free loopback port.

Every page fails its test on a console error, an uncaught exception, or a request to any host
but the server (everything must be served locally). A test that expects the server to refuse a
form declares the refusal's status, whose "Failed to load resource" console line is then allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from mockserver.config import Config
from mockserver.server import ThreadedMockServer
from mockserver.testing import AdminClient

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: how long a page may take to show what a test waits for (a deadline, never a sleep)
WAIT_MS = 10_000


@dataclass
class Live:
    url: str
    admin: AdminClient
    app: object


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    with ThreadedMockServer(Config(port=0)) as running:
        yield Live(running.url, AdminClient(running.url), running.app)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright gives each launch a fresh temporary user-data-dir of its own.
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page did that a test must not allow."""

    origin: str
    problems: list[str] = field(default_factory=list)
    allowed_statuses: set[int] = field(default_factory=set)

    def console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        refused = re.search(r"status of (\d{3})", message.text)
        if refused and int(refused.group(1)) in self.allowed_statuses:
            return
        self.problems.append(f"console error: {message.text}")

    def request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.problems.append(f"request to another host: {request.url}")

    def expect_refusal(self, status: int) -> None:
        self.allowed_statuses.add(status)


@dataclass
class Shots:
    folder: Path

    def __call__(self, page: Page, name: str, full_page: bool = True) -> Path:
        path = self.folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def watch(live: Live) -> Watch:
    return Watch(live.url)


@pytest.fixture
def page(browser: Browser, live: Live, watch: Watch) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, base_url=live.url)
    context.set_default_timeout(WAIT_MS)
    opened = context.new_page()
    opened.on("console", watch.console)
    opened.on("pageerror", lambda exc: watch.problems.append(f"uncaught: {exc}"))
    opened.on("request", watch.request)
    yield opened
    context.close()
    assert watch.problems == []


@pytest.fixture
def shots(tmp_path: Path) -> Shots:
    return Shots(tmp_path)
