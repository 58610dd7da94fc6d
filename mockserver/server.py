"""Running the application on an HTTP server (``mockserver.httpd``), in the foreground or a thread.

``ThreadedMockServer(port=0)`` is the test-suite form, like moto's ``ThreadedMotoServer``; ``serve``
is the CLI's. Both keep the application and its state in this one process.
"""

from __future__ import annotations

import errno
import socket
import tempfile
import threading
from pathlib import Path
from typing import Any

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.httpd import Listener
from mockserver.httpd import bind as bind_listener


class ThreadedMockServer:
    """A live server on a background thread: ``with ThreadedMockServer() as s: s.url``."""

    def __init__(self, config: Config | None = None, app: MockServer | None = None) -> None:
        base = config or Config(port=0)
        self.app = app or MockServer(base)
        self._config = base
        self._listener: Listener | None = None
        self._thread: threading.Thread | None = None
        self._real_urls: Any = None

    @property
    def url(self) -> str:
        return self.app.url

    def start(self) -> ThreadedMockServer:
        prepare_contracts(self.app)
        self._listener = bind_listener(self.app, self._config)
        self.app.url = f"http://{_url_host(self._config.host)}:{self._listener.port}"
        self._thread = threading.Thread(target=self._listener.run, name="mockserver", daemon=True)
        self._thread.start()
        self._real_urls = _start_real_urls(self.app, self._config, self._listener)
        self.app.warm_up()
        return self

    def stop(self) -> None:
        if self._listener is None:
            return
        listener, self._listener = self._listener, None
        if self._real_urls is not None:
            self._real_urls.stop()
        listener.stop()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.app.close()

    def __enter__(self) -> ThreadedMockServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


class ServeError(Exception):
    """Why the server cannot start, in one line a person can act on (the CLI prints it)."""


def prepare_contracts(app: MockServer) -> None:
    """In strict mode, build the mounted vendors' contract validators, and their applications,
    before the port is bound: built on first use, they made the first strict WerkbonApp request
    take seconds (strict start-up pays them once; without strict they stay deferred)."""
    if app.config.strict:
        app.contracts.prepare(app.vendors)
        for mount in app.gateway.mounts.values():
            mount.app  # noqa: B018 - building the vendor's application is the point
            mount.vendor.warm_up()


def check_data_dir(path: Path) -> None:
    """Refuse a ``--data-dir`` that cannot be written before anything is served, rather than
    failing on the first write a client makes."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".probe-"):
            pass
    except OSError as exc:
        raise ServeError(f"cannot use --data-dir {path}: {exc.strerror or exc}") from None


def check_host(host: str) -> None:
    """Refuse a ``--host`` that names no address (``999.1.1.1``, a typo'd name) before anything is
    printed or built: the one line says so, rather than a warning about the network first."""
    try:
        socket.getaddrinfo(host.strip("[]"), None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ServeError(
            f"cannot listen on {host}: neither an IP address nor a host name that resolves ({reason})"
        ) from None


def bind(app: MockServer, config: Config) -> Listener:
    """The listening server, or a ``ServeError`` that says what to do instead."""
    try:
        return bind_listener(app, config)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            message = f"port {config.port} is in use; pick another with --port, or --port 0 for a free one"
        else:
            message = f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}"
        raise ServeError(message) from None


def _start_real_urls(app: MockServer, config: Config, listener: Listener) -> Any:
    """The HTTPS listener and the proxy when the config asks for them (``httpd.real_urls``); a port
    that cannot be bound is a ``ServeError``."""
    if config.https_port is None and config.proxy_port is None:
        return None
    from mockserver.httpd.real_urls import PortError, RealUrls

    try:
        return RealUrls(app, config, listener.port).start()
    except PortError as exc:
        listener.stop()
        raise ServeError(str(exc)) from None


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def serve(config: Config, announce: Any = None) -> None:
    """Serve in the foreground until SIGINT/SIGTERM; ``announce(app)`` runs once the port is bound."""
    import signal

    if config.data_dir is not None:
        check_data_dir(config.data_dir)
    app = MockServer(config)
    try:
        prepare_contracts(app)
        listener = bind(app, config)
    except ServeError:
        app.close()
        raise
    app.url = f"http://{_url_host(config.host)}:{listener.port}"
    try:
        real_urls = _start_real_urls(app, config, listener)
    except ServeError:
        app.close()
        raise

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        # a SIGTERM right after the announcement still stops cleanly (state flushed, exit 0)
        if announce is not None:
            announce(app)
        app.warm_up()
        listener.run()
    except KeyboardInterrupt:  # pragma: no cover - depends on where the signal lands
        pass
    finally:
        if real_urls is not None:
            real_urls.stop()
        listener.stop()
        app.close()
