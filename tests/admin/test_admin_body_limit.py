"""The admin API's own body limit (1 MiB by default, ``--admin-max-body``), over raw sockets on both
HTTP servers: a larger body is refused with 413, announced or chunked, never read whole and never
handed to a route as an empty body (which used to create a tenant from nothing on waitress)."""

from __future__ import annotations

import json
import select
import socket
import time
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

import pytest

from mockserver.client import AdminClient
from mockserver.config import Config
from mockserver.server import ThreadedMockServer

LIMIT = 64 * 1024
#: the vendors' limit stays larger, as it is by default (5 MiB against 1 MiB)
VENDOR_LIMIT = 512 * 1024
DEADLINE = 30.0


@pytest.fixture(scope="module", params=["granian", "waitress"])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[int, AdminClient]]:
    config = Config(port=0, http=request.param, admin_max_body_bytes=LIMIT, max_body_bytes=VENDOR_LIMIT)
    with ThreadedMockServer(config) as running:
        yield urlsplit(running.url).port or 0, AdminClient(running.url)


def _post(port: int, length: int | None, pieces: Iterable[bytes]) -> tuple[int, dict, int]:
    """POST a tenant: the head (with ``Content-Length: length``, or chunked when None), then
    ``pieces`` until the server answers; (status, JSON body, body bytes sent)."""
    framing = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    head = (
        f"POST /_mock/tenants HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\n{framing}\r\n\r\n"
    )
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as sock:
        sock.sendall(head.encode())
        for piece in pieces:
            if select.select([sock], [], [], 0)[0]:
                break  # the server answered before the body ended
            try:
                sock.sendall(piece)
            except OSError:
                break
            sent += len(piece)
        return (*_answer(sock), sent)


def _answer(sock: socket.socket) -> tuple[int, dict]:
    raw = b""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        head, _, body = raw.partition(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ),
            None,
        )
        if length is not None and len(body) >= length:
            return int(head.split()[1]), json.loads(body[:length])
        try:
            more = sock.recv(65536)
        except ConnectionResetError:
            more = b""
        if not more:
            break
        raw += more
    raise AssertionError(f"no whole answer: {raw[:300]!r}")


def _count(admin: AdminClient) -> int:
    return len(admin.call("GET", "/tenants")["tenants"])


@pytest.mark.parametrize("size", [LIMIT + 1, 2 * VENDOR_LIMIT])
def test_an_announced_body_over_the_limit_is_refused(server: tuple[int, AdminClient], size: int) -> None:
    port, admin = server
    before = _count(admin)
    body = b"{" + b" " * (size - 2) + b"}"
    status, answer, _sent = _post(port, size, (body[i : i + 65536] for i in range(0, size, 65536)))
    assert status == 413 and answer["error"] == f"the admin API takes bodies of at most {LIMIT} bytes"
    assert _count(admin) == before  # never answered as if the body were empty


@pytest.mark.parametrize("size", [LIMIT + 1, 100 * 1024 * 1024])
def test_a_body_announced_over_the_limit_is_refused_before_it_is_sent(
    server: tuple[int, AdminClient], size: int
) -> None:
    port, _admin = server
    status, _answer, sent = _post(port, size, ())
    assert status == 413 and sent == 0  # answered on the head alone


def test_a_chunked_body_over_the_limit_is_refused_unread(server: tuple[int, AdminClient]) -> None:
    port, admin = server
    before = _count(admin)
    chunk = b"%x\r\n%s\r\n" % (65536, b" " * 65536)
    status, answer, sent = _post(port, None, (chunk for _ in range(1024)))  # 64 MiB offered
    assert status == 413 and "at most" in answer["error"]
    assert sent < 16 * 1024 * 1024  # stopped long before the 64 MiB the client offered
    assert _count(admin) == before


def test_a_body_within_the_limit_is_served(server: tuple[int, AdminClient]) -> None:
    port, admin = server
    body = json.dumps({"name": "x" * 100}).encode()
    status, tenant, _sent = _post(port, len(body), (body,))
    assert status == 201 and tenant["name"] == "x" * 100
    admin.delete_tenant(tenant["id"])
