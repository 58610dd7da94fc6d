"""Connections over raw sockets on both HTTP servers (docs/security.md): an idle keep-alive
connection is closed after ``--idle-timeout``; on waitress, a client holding its cap of connections
loses its longest idle one to its next, and a request framed by both Content-Length and
Transfer-Encoding (the shape of request smuggling) is refused with 400 and the connection closed.
Nothing sleeps: a tiny timeout is configured and the test waits for the close with a deadline."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from mockserver.config import Config
from mockserver.server import ThreadedMockServer

#: how long a test waits for what it expects at most
DEADLINE = 15.0


def _serve(**options: object) -> Iterator[int]:
    with ThreadedMockServer(Config(port=0, **options)) as running:
        yield urlsplit(running.url).port or 0


@pytest.fixture(params=["granian", "waitress"])
def port(request: pytest.FixtureRequest) -> Iterator[int]:
    yield from _serve(http=request.param, idle_timeout=0.3)


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
    return sock


def _get(sock: socket.socket, port: int) -> bytes:
    """One request on ``sock`` and its whole answer (head and the Content-Length of body)."""
    sock.sendall(f"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    answer = b""
    while b"\r\n\r\n" not in answer or len(answer.partition(b"\r\n\r\n")[2]) < _length(answer):
        chunk = sock.recv(65536)
        assert chunk, f"closed after {answer!r}"
        answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer
    return answer


def _length(answer: bytes) -> int:
    head = answer.partition(b"\r\n\r\n")[0].lower()
    return next((int(line[15:]) for line in head.split(b"\r\n") if line.startswith(b"content-length:")), 0)


def _closed(sock: socket.socket) -> bool:
    """Whether the server closes ``sock`` before the deadline (reading what is left first)."""
    try:
        while sock.recv(65536):
            pass
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


def test_an_idle_keep_alive_connection_is_closed(port: int) -> None:
    with _connect(port) as sock:
        _get(sock, port)
        assert _closed(sock)
    with _connect(port) as silent:  # a connection that never sends a request at all
        assert _closed(silent)


@pytest.fixture
def waitress_port() -> Iterator[int]:
    yield from _serve(http="waitress", max_connections_per_client=3, idle_timeout=60)


def test_a_client_at_its_cap_loses_its_longest_idle_connection(waitress_port: int) -> None:
    held = [_connect(waitress_port) for _ in range(3)]
    try:
        for sock in held:
            _get(sock, waitress_port)
        with _connect(waitress_port) as newcomer:
            _get(newcomer, waitress_port)  # served at once
            assert _closed(held[0])
            _get(held[2], waitress_port)  # the others stay open
    finally:
        for sock in held:
            sock.close()


def _smuggle(port: int) -> bytes:
    """A request with both framings and a second request hidden in the body; all it gets back."""
    smuggled = f"GET /_mock/tenants/demo HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    request = (
        f"POST /_mock/reset HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Length: {5 + len(smuggled)}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{smuggled}"
    )
    with _connect(port) as sock:
        sock.sendall(request.encode())
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    return answer


def test_content_length_with_transfer_encoding_is_refused_and_closed(waitress_port: int) -> None:
    answer = _smuggle(waitress_port)
    assert answer.startswith(b"HTTP/1.1 400")
    assert answer.count(b"HTTP/1.1") == 1  # the smuggled request was never answered


def test_granian_answers_both_framings_once_and_closes(port: int) -> None:
    """hyper reads such a request by its Transfer-Encoding and then closes the connection, which
    RFC 9112 §6.1 allows: the hidden request is never answered either."""
    answer = _smuggle(port)
    assert answer.count(b"HTTP/1.1") == 1 and b"demo-token" not in answer
