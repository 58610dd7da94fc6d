"""The listeners that let clients keep the vendors' real URLs, started next to the plain one:

``--https-port``
    the same application over TLS, with a leaf certificate from the local CA (``core.ca``) for
    every vendor hostname, ``localhost`` and the loopback addresses. TLS is terminated by granian
    (rustls, outside the GIL) whatever ``--http`` names: the application is the one WSGI callable,
    so a request over TLS passes the same gateway, journal, faults and replay.
``--proxy-port``
    a forward proxy (``httpd.proxy``) that serves the vendors' hostnames from the mock and refuses
    every other host. Its ``CONNECT`` tunnels end on the HTTPS listener (an internal one on a free
    loopback port when no ``--https-port`` was asked for).
"""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core.ca import LocalCA, ca_directory
from mockserver.httpd import Listener


class PortError(Exception):
    """A listener could not be started (its port, or the CA it needs); one line saying what to change."""


def hostnames(app: MockServer) -> list[str]:
    """Every real hostname of every mounted vendor."""
    return [host for vendor in app.vendors.values() for host in vendor.hostnames]


def _bind(option: str, host: str, port: int, make: Callable[[], Listener]) -> Listener:
    try:
        return make()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortError(
                f"port {port} is in use; pick another with {option}, or {option} 0 for a free one"
            ) from None
        raise PortError(f"cannot listen on {host}:{port} for {option}: {exc.strerror or exc}") from None


@dataclass
class RealUrls:
    """The HTTPS listener and the proxy of one server; ``start`` binds and runs them, ``stop`` ends them."""

    app: MockServer
    config: Config
    plain_port: int
    https: Listener | None = None
    proxy: Listener | None = None
    _threads: list[threading.Thread] = field(default_factory=list)

    @property
    def wanted(self) -> bool:
        return self.config.https_port is not None or self.config.proxy_port is not None

    def start(self) -> RealUrls:
        """Bind every listener asked for (``PortError`` if one cannot be), then serve on threads."""
        if not self.wanted:
            return self
        from mockserver.httpd import granian_server

        config = self.config
        directory = ca_directory(config.data_dir)
        try:
            leaf = LocalCA.ensure(directory).leaf(hostnames(self.app))
        except OSError as exc:
            raise PortError(
                f"cannot create the local CA in {directory}: {exc.strerror or exc}; "
                "set MOCKSERVER_HOME to a writable directory"
            ) from None
        tls = (str(leaf.cert), str(leaf.key))
        try:
            if config.https_port is not None:
                host, port = config.host, config.https_port
                option = "--https-port"
            else:  # the proxy's tunnels only: loopback, a free port
                host, port, option = "127.0.0.1", 0, "--proxy-port"
            self.https = _bind(
                option, host, port, lambda: granian_server.bind_tls(self.app, host, port, config, tls)
            )
            if config.https_port is not None:
                self.app.https_url = f"https://{_url_host(config.host)}:{self.https.port}"
            if config.proxy_port is not None:
                self._bind_proxy()
        except PortError:
            self.stop()
            raise
        for name, listener in (("https", self.https), ("proxy", self.proxy)):
            if listener is not None:
                thread = threading.Thread(target=listener.run, name=f"mockserver-{name}", daemon=True)
                thread.start()
                self._threads.append(thread)
        return self

    def _bind_proxy(self) -> None:
        from mockserver.httpd import proxy

        config = self.config
        assert self.https is not None
        near = connect_host(config.host)
        tls_host = near if config.https_port is not None else "127.0.0.1"
        ports = proxy.Upstreams(self.plain_port, self.https.port, near, tls_host)
        self.proxy = _bind(
            "--proxy-port",
            config.host,
            config.proxy_port,
            lambda: proxy.bind(config.host, config.proxy_port, ports, self.app),
        )
        self.app.proxy_url = f"http://{_url_host(config.host)}:{self.proxy.port}"

    def stop(self) -> None:
        for listener in (self.proxy, self.https):
            if listener is not None:
                listener.stop()
        for thread in self._threads:
            thread.join(timeout=5)
        self.https = self.proxy = None
        self._threads.clear()


def connect_host(host: str) -> str:
    """The address this machine reaches a listener bound to ``host`` on (a wildcard: loopback)."""
    return {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
