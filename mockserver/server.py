"""Running the application on a production WSGI server (waitress), in the foreground or a thread.

waitress: pure Python (no compiler, installs everywhere CI does), multi-threaded in one process —
which a stateful in-memory mock needs (a pre-fork server would give each worker its own state).
``ThreadedMockServer(port=0)`` is the test-suite form, like moto's ``ThreadedMotoServer``.
"""

from __future__ import annotations

import errno
import logging
import tempfile
import threading
from pathlib import Path
from typing import Any

from waitress.server import create_server

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core.gateway import RESET_PROMISED_BYTES

log = logging.getLogger("mockserver")

#: waitress warns "Task queue depth is N" on every request that waits for a free thread: with more
#: concurrent test clients than threads that is one log line per request (3-4 % of the server's
#: time at 32 connections, and a flooded CI log) for a condition that is normal, not a fault
QUEUE_LOGGER = "waitress.queue"


class DeliberateResetFilter(logging.Filter):
    """Drops waitress's warning about an answer shorter than its Content-Length when the answer is
    our own ``reset`` fault (``core.gateway``), which promises a body on purpose and sends none so
    the client sees a dropped connection: a deliberate reset is not a server problem to report."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            isinstance(record.msg, str)
            and record.msg.startswith("application returned too few bytes")
            and record.args == (0, RESET_PROMISED_BYTES)
        )


def _create(app: MockServer, config: Config) -> Any:
    logging.getLogger(QUEUE_LOGGER).setLevel(logging.ERROR)
    waitress_log = logging.getLogger("waitress")
    if not any(isinstance(f, DeliberateResetFilter) for f in waitress_log.filters):
        waitress_log.addFilter(DeliberateResetFilter())
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


class ServeError(Exception):
    """Why the server cannot start, in one line a person can act on (the CLI prints it)."""


def check_data_dir(path: Path) -> None:
    """Refuse a ``--data-dir`` that cannot be written before anything is served, rather than
    failing on the first write a client makes."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".probe-"):
            pass
    except OSError as exc:
        raise ServeError(f"cannot use --data-dir {path}: {exc.strerror or exc}") from None


def bind(app: MockServer, config: Config) -> Any:
    """The listening waitress server, or a ``ServeError`` that says what to do instead."""
    try:
        return _create(app, config)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            message = f"port {config.port} is in use; pick another with --port, or --port 0 for a free one"
        else:
            message = f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}"
        raise ServeError(message) from None


def serve(config: Config, announce: Any = None) -> None:
    """Serve in the foreground until SIGINT/SIGTERM; ``announce(app)`` runs once the port is bound."""
    import signal

    if config.data_dir is not None:
        check_data_dir(config.data_dir)
    app = MockServer(config)
    try:
        server = bind(app, config)
    except ServeError:
        app.close()
        raise
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
