"""A body over ``--max-body`` gets the vendor's own 413, whether the gateway or the WSGI server
stops reading it, announced by Content-Length or sent chunked: over real HTTP, to a real process,
on either HTTP server."""

from __future__ import annotations

import json
import signal
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.e2e.test_cli import start_server

LIMIT = 1024
PATHS = {
    "werkbonapp": "/werkbonapp/openapi/8/materials/",
    "flowii": "/flowii/partners",
    "robaws": "/robaws/api/v2/clients",
    "workspace": "/workspace/api/v1/quotations.json",
    "severa": "/severa/webservice/S3/API.svc",
}


@pytest.fixture(scope="module", params=["granian", "waitress"])
def address(request: pytest.FixtureRequest) -> Iterator[tuple[str, int]]:
    process, url = start_server("--quiet", "--max-body", str(LIMIT), "--http", request.param)
    try:
        parts = urlsplit(url)
        yield parts.hostname, parts.port
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0


def _exchange(address: tuple[str, int], path: str, headers: str, body: bytes = b"") -> tuple[int, str, bytes]:
    """Send a POST (``body`` possibly cut short) and read the answer: status, content type, body."""
    with socket.create_connection(address, timeout=30) as sock:
        head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{headers}\r\n"
        sock.sendall(head.encode() + body)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
            head_end = received.find(b"\r\n\r\n")
            if head_end >= 0:
                length = _header(received[:head_end], "content-length")
                if length is not None and len(received) >= head_end + 4 + int(length):
                    break
    head_bytes, _, payload = received.partition(b"\r\n\r\n")
    status = int(head_bytes.split(b" ", 2)[1])
    return status, _header(head_bytes, "content-type") or "", payload


def _header(head: bytes, name: str) -> str | None:
    for line in head.decode("latin-1").split("\r\n")[1:]:
        key, _, value = line.partition(":")
        if key.strip().lower() == name:
            return value.strip()
    return None


def _chunked(size: int) -> bytes:
    piece = b"x" * 4096
    chunks = [b"%x\r\n%s\r\n" % (len(piece), piece)] * (size // len(piece))
    return b"".join(chunks) + b"0\r\n\r\n"


@pytest.mark.parametrize("vendor", list(PATHS))
def test_every_oversized_body_gets_the_vendors_own_413(address, vendor):
    path = PATHS[vendor]
    # refused by the gateway: a little over the limit, read whole
    by_gateway = _exchange(address, path, f"Content-Length: {LIMIT + 1}\r\n", b"x" * (LIMIT + 1))
    # the vendor's shape (WerkbonApp answers its own errors with HTTP 200), not waitress's text
    assert by_gateway[0] == (200 if vendor == "werkbonapp" else 413)
    assert not by_gateway[1].startswith("text/plain") and not by_gateway[2].startswith(b"Request Entity")
    # refused by the WSGI server before the body is read: a 100 MB Content-Length, no body sent
    by_length = _exchange(address, path, "Content-Length: 100000000\r\n")
    # refused by the WSGI server while a 200 KB chunked body streams in
    by_chunks = _exchange(address, path, "Transfer-Encoding: chunked\r\n", _chunked(200 * 1024))
    # and a chunked body just over the limit, decoded whole by the gateway
    small_chunks = _exchange(address, path, "Transfer-Encoding: chunked\r\n", _chunked(LIMIT + 4096))
    assert _shape(by_length) == _shape(by_chunks) == _shape(small_chunks) == _shape(by_gateway)


def _shape(answer: tuple[int, str, bytes]) -> tuple:
    """The answer without what differs per request (Robaws's timestamp and correlation id)."""
    status, content_type, body = answer
    if content_type.startswith("application/json"):
        fields = json.loads(body)
        return (
            status,
            content_type,
            {k: v for k, v in fields.items() if k not in ("timestamp", "correlationId")},
        )
    return answer
