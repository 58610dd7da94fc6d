"""A server in this process for the webhook tests, which wait for its webhook workers.

The plugin's server runs in this process unless ``MOCKSERVER_URL`` points it at a server of your
own; then these tests start one of their own instead of skipping. A module that needs it says

    @pytest.fixture(scope="module")
    def mockserver(mockserver):
        yield from in_process(mockserver)
"""

from __future__ import annotations

from collections.abc import Iterator

from mockserver.client import AdminClient
from mockserver.config import Config
from mockserver.server import ThreadedMockServer
from mockserver.testing import LiveServer


def in_process(server: LiveServer) -> Iterator[LiveServer]:
    """``server`` when it runs in this process, else a fresh in-process server for the module."""
    if server.app is not None:
        yield server
        return
    with ThreadedMockServer(Config(port=0)) as running:
        yield LiveServer(running.url, AdminClient(running.url), running.app)
