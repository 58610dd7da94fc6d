"""The HTTP servers the application runs on, behind one small interface (``Listener``).

Two are offered, both keeping the application and its state in the one process (a stateful
in-memory mock cannot be pre-forked: each worker would get its own world):

``granian`` (the default)
    HTTP parsing and socket I/O in Rust (hyper), outside the GIL; the WSGI application runs on a
    pool of Python threads. With replay, a repeated read costs ~13 us of Python, so the HTTP
    server decides throughput: on two cores granian answers 7-8x what waitress does
    (benchmarks/README.md, finding 27).
``waitress``
    Pure Python: installs where no wheel of granian exists; ``--http waitress``.

Each module exposes ``bind(app, config) -> Listener``; ``bind`` raises ``OSError`` as the socket
layer does, so callers explain a busy port the same way for both.
"""

from __future__ import annotations

from typing import Protocol

from mockserver.app import MockServer
from mockserver.config import Config


class Listener(Protocol):
    """A bound server: ``run()`` serves until ``stop()`` (from any thread or a signal handler)."""

    port: int

    def run(self) -> None: ...

    def stop(self) -> None: ...


def bind(app: MockServer, config: Config) -> Listener:
    """The server ``config.http`` names, listening on ``config.host:config.port``."""
    if config.http == "waitress":
        from mockserver.httpd import waitress_server

        return waitress_server.bind(app, config)
    from mockserver.httpd import granian_server

    return granian_server.bind(app, config)
