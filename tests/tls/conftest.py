"""Every test here keeps the local CA in a temporary ``MOCKSERVER_HOME``: the real home is never touched."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mockserver.client import AdminClient
from mockserver.config import Config
from mockserver.core.ca import HOME_ENV, LocalCA, ca_directory
from mockserver.server import ThreadedMockServer

_HOME = tempfile.mkdtemp(prefix="mockserver-home-")
atexit.register(shutil.rmtree, _HOME, True)
os.environ[HOME_ENV] = _HOME  # subprocesses (the CLI, PHP, Node) inherit it


@pytest.fixture(scope="session")
def local_ca() -> LocalCA:
    return LocalCA.ensure(ca_directory())


@pytest.fixture(scope="session")
def ca_file(local_ca: LocalCA) -> Path:
    return local_ca.cert_path


@dataclass
class SecureServer:
    """A live server with its HTTPS listener and forward proxy, and what a client needs of them."""

    server: ThreadedMockServer
    https_port: int
    proxy_url: str
    ca_file: Path

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def admin(self) -> AdminClient:
        return AdminClient(self.server.url)


@pytest.fixture(scope="session")
def secure() -> Iterator[SecureServer]:
    with ThreadedMockServer(Config(port=0, https_port=0, proxy_port=0)) as running:
        app = running.app
        https_port = int(app.https_url.rsplit(":", 1)[1])
        yield SecureServer(running, https_port, app.proxy_url, LocalCA.ensure(ca_directory()).cert_path)


class Bystander(ThreadingHTTPServer):
    """A local server that is no vendor: it counts every request that reaches it."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.hits.append(self.path)
                body = b"bystander"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def bystander() -> Iterator[Bystander]:
    server = Bystander()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
