"""The application on granian's WSGI worker, run in this process.

granian's own server runs workers in child processes (or, on free-threaded builds only, in
threads), which would move the mock's state out of the process that owns the CLI, the pytest
plugin's ``ThreadedMockServer`` and ``--port 0``. So this module drives the worker itself, the way
granian's thread-mode server does: we bind the socket (so a busy port is an ``OSError`` like any
other, and port 0 is known before serving), hand its descriptor to one ``WSGIWorker`` (hyper in
Rust: parsing, keep-alive, I/O, outside the GIL) and answer on its pool of Python threads.

That uses granian's compiled module below its public server API; ``pyproject.toml`` pins the minor
version it was written against and ``tests/core/test_http_servers.py`` exercises every behaviour
we rely on, so an upgrade that moves it fails there first.

Our own WSGI callback replaces granian's: it does not copy ``os.environ`` into every request's
environ (an ``HTTP_PROXY`` variable would otherwise read as a ``Proxy`` request header), it names
the server ``mockserver`` as waitress did, sends every answer of known length in one write, and
hands over a deliberately short answer (the ``reset`` fault: a Content-Length with no body) as a
stream, so hyper ends the connection mid-answer instead of correcting the length.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

from granian._futures import _new_cbscheduler
from granian._granian import SocketHolder, WorkerSignal, WSGIWorker
from granian._loops import close_active_loop, loops
from granian.http import HTTP1Settings

from mockserver.app import MockServer
from mockserver.config import Config

log = logging.getLogger("mockserver")

#: connections the kernel queues before the worker accepts them
BACKLOG = 1024
#: requests in flight at once; more wait in the kernel's queue (granian's default for 1 worker)
BACKPRESSURE = 1024
#: an idle Python thread of the pool ends after this many seconds (granian's range: 5-600)
THREAD_IDLE_SECONDS = 30
#: how often the serving thread looks for a signal while it waits for stop() (see run)
STOP_POLL_SECONDS = 0.25
#: TLS off: the mock serves plain HTTP on loopback
_NO_TLS = (False, None, None, None, "tls13", None, [], False)
#: the oldest TLS a client may speak on the HTTPS listener: 1.2, as PHP, Java and .NET still do
TLS_MIN = "tls1.2"

_BASE_ENVIRON: dict[str, Any] = {
    "GATEWAY_INTERFACE": "CGI/1.1",
    "SCRIPT_NAME": "",
    "SERVER_SOFTWARE": "mockserver",
    "wsgi.errors": sys.stderr,
    "wsgi.input_terminated": True,  # the body ends where the request ends (Werkzeug reads it so)
    "wsgi.multiprocess": False,
    "wsgi.multithread": True,
    "wsgi.run_once": False,
    "wsgi.version": (1, 0),
}
_SERVER_HEADER = ("Server", "mockserver")
_FAILED = (500, [("Content-Type", "text/plain"), ("Content-Length", "21")], b"Internal Server Error")


class _StartResponse:
    __slots__ = ("headers", "status")

    def __init__(self) -> None:
        self.status = 0
        self.headers: list[tuple[str, str]] = []

    def __call__(self, status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        self.status = int(status.split(" ", 1)[0])
        self.headers = headers


class _Body:
    """An answer granian streams; ``close`` is the WSGI iterable's own (PEP 3333)."""

    __slots__ = ("__next__", "_inner")

    def __init__(self, inner: Iterable[bytes]) -> None:
        self._inner = inner
        self.__next__ = iter(inner).__next__

    def __iter__(self) -> _Body:
        return self

    def close(self) -> None:
        _close(self._inner)


def _close(body: Iterable[bytes]) -> None:
    close = getattr(body, "close", None)
    if close is not None:
        close()


def wsgi_callback(app: Callable) -> Callable[[Any, dict], int]:
    """granian's per-request call: build the environ, run ``app``, give granian the answer."""

    def handle(proto: Any, scope: dict) -> int:
        environ = _BASE_ENVIRON | scope
        response = _StartResponse()
        try:
            body = app(environ, response)
        except Exception:
            log.exception(
                "unhandled error answering %s %s", scope.get("REQUEST_METHOD"), scope.get("PATH_INFO")
            )
            proto.response_bytes(*_FAILED)
            return 500
        headers = response.headers
        if not any(name.lower() == "server" for name, _ in headers):
            headers = [*headers, _SERVER_HEADER]
        if isinstance(body, list):
            proto.response_bytes(response.status, headers, b"".join(body))
        elif (length := _content_length(headers)) is not None:
            # a finite answer (Flask's, the admin API's) goes out in one write: streamed, hyper
            # writes the head and the body apart, and a client's delayed ACK holds the second
            # write back ~40 ms
            try:
                whole = b"".join(body)
            finally:
                _close(body)
            if len(whole) == length:
                proto.response_bytes(response.status, headers, whole)
            else:  # shorter than promised (a ``reset`` fault): hyper ends the connection short
                proto.response_iter(response.status, headers, iter((whole,)))
        else:
            proto.response_iter(response.status, headers, _Body(body))
        return response.status

    return handle


def _content_length(headers: list[tuple[str, str]]) -> int | None:
    for name, value in headers:
        if name.lower() == "content-length":
            return int(value) if value.isdigit() else None
    return None


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (a name, IPv4 or IPv6; port 0 picks a free one)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


class GranianListener:
    """One granian WSGI worker serving ``app`` on an already listening socket."""

    def __init__(
        self,
        app: Callable,
        sock: socket.socket,
        threads: int,
        idle_timeout: float = 5.0,
        tls: tuple[str, str] | None = None,
    ) -> None:
        self.port: int = sock.getsockname()[1]
        #: ``(certificate chain, key)`` files: TLS is terminated by granian (rustls), in Rust
        self.tls = tls
        self._app = app
        self._sock = sock
        self._threads = threads
        self._idle_timeout = idle_timeout
        self._signal = WorkerSignal()
        self._stopped = threading.Event()
        self._lock = threading.RLock()

    def run(self) -> None:
        """Serve until ``stop()``. The Rust side runs on its own threads; this thread waits, so a
        signal handler on the main thread still runs (and may raise to end the wait)."""
        loop = loops.get("asyncio")
        try:
            with self._lock:
                if self._stopped.is_set():
                    self._sock.close()
                    return
                worker = WSGIWorker(
                    1,
                    # the worker owns the descriptor from here on, and closes it when it stops
                    (None, SocketHolder(self._sock.detach(), False, BACKLOG)),
                    None,  # no IPC: there is no parent process
                    1,  # Rust I/O threads
                    512,  # Rust threads for blocking I/O
                    self._threads,  # Python threads running the application
                    THREAD_IDLE_SECONDS,
                    BACKPRESSURE,
                    "1",  # HTTP/1.1 only, as the vendors' APIs are reached
                    # hyper's header read timeout runs from the moment a connection waits for a
                    # request: an idle keep-alive (or slowly sent) connection is closed after it
                    HTTP1Settings(header_read_timeout=max(1, round(self._idle_timeout * 1000))),
                    None,
                    None,  # no static files
                    *(_NO_TLS if self.tls is None else (True, *self.tls, None, TLS_MIN, None, [], False)),
                    (None, None),  # no metrics
                )
                scheduler = _new_cbscheduler(loop, wsgi_callback(self._app), impl_asyncio=True)
                worker.serve_mtr(scheduler, loop, self._signal)
            # a wait with a timeout: a signal the kernel hands to one of granian's threads sets
            # Python's flag but does not interrupt this thread's wait, and the handler (SIGTERM's
            # stop) runs only here, on the main thread, once the wait returns
            while not self._stopped.wait(STOP_POLL_SECONDS):
                pass
        finally:
            self.stop()
            close_active_loop(loop)

    def stop(self) -> None:
        """Signal the worker once: granian's ``WorkerSignal.set`` blocks when it is set again
        before the worker has taken the first (``run`` and the server's shutdown both call this,
        and a second set hung a SIGTERM'd server under load)."""
        with self._lock:
            if self._stopped.is_set():
                return
            self._stopped.set()
            self._signal.set()


def bind(app: MockServer, config: Config) -> GranianListener:
    return GranianListener(app, listen(config.host, config.port), config.threads, config.idle_timeout)


def bind_tls(app: MockServer, host: str, port: int, config: Config, tls: tuple[str, str]) -> GranianListener:
    """The application over TLS on ``host:port``, with the certificate chain and key files ``tls``."""
    return GranianListener(app, listen(host, port), config.threads, config.idle_timeout, tls)
