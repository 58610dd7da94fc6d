"""Running the application on a production WSGI server (waitress), in the foreground or a thread.

waitress: pure Python (no compiler, installs everywhere CI does), multi-threaded in one process —
which a stateful in-memory mock needs (a pre-fork server would give each worker its own state).
``ThreadedMockServer(port=0)`` is the test-suite form, like moto's ``ThreadedMotoServer``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from waitress.server import create_server

from mockserver.app import MockServer
from mockserver.config import Config

log = logging.getLogger("mockserver")

#: waitress warns "Task queue depth is N" on every request that waits for a free thread: with more
#: concurrent test clients than threads that is one log line per request (3-4 % of the server's
#: time at 32 connections, and a flooded CI log) for a condition that is normal, not a fault
QUEUE_LOGGER = "waitress.queue"


def _create(app: MockServer, config: Config) -> Any:
    logging.getLogger(QUEUE_LOGGER).setLevel(logging.ERROR)
    return create_server(
        app,
        host=config.host,
        port=config.port,
        threads=config.threads,
        ident="mockserver",
        # the mock answers one client at a time per connection; these keep shutdown quick
        channel_timeout=30,
        cleanup_interval=5,
        connection_limit=1000,
        # bodies past our own limit are refused by the gateway in the vendor's shape; waitress's
        # cap only guards memory well beyond that
        max_request_body_size=max(config.max_body_bytes * 2, 1 << 20),
    )


class ThreadedMockServer:
    """A live server on a background thread: ``with ThreadedMockServer() as s: s.url``."""

    def __init__(self, config: Config | None = None, app: MockServer | None = None) -> None:
        base = config or Config(port=0)
        self.app = app or MockServer(base)
        self._config = base
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return self.app.url

    def start(self) -> ThreadedMockServer:
        self._server = _create(self.app, self._config)
        port = self._server.effective_port
        self.app.url = f"http://{self._config.host}:{port}"
        self._thread = threading.Thread(target=self._server.run, name="mockserver", daemon=True)
        self._thread.start()
        self.app.warm_up()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        server, self._server = self._server, None
        for channel in list(server._map.values()):
            channel.close()
        server.task_dispatcher.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.app.close()

    def __enter__(self) -> ThreadedMockServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def serve(config: Config, announce: Any = None) -> None:
    """Serve in the foreground until SIGINT/SIGTERM; ``announce(app)`` runs once the port is bound."""
    import signal

    app = MockServer(config)
    server = _create(app, config)
    app.url = f"http://{config.host}:{server.effective_port}"

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        # a SIGTERM right after the announcement still stops cleanly (state flushed, exit 0)
        if announce is not None:
            announce(app)
        app.warm_up()
        server.run()  # returns on KeyboardInterrupt (waitress shuts its task threads down)
    except KeyboardInterrupt:  # pragma: no cover - depends on where the signal lands
        pass
    finally:
        server.close()
        app.close()
