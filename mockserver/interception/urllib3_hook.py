"""urllib3 (and so ``requests``, zeep and every SDK on them): vendor hostnames reach the mock.

Two public-enough seams, both present in urllib3 1.26 and 2.x:

- ``urllib3.util.connection.create_connection``, through which every ``HTTPConnection`` opens its
  socket: a vendor host's connection goes to the mock's loopback port instead (its HTTPS listener
  for port 443, its plain port for 80); another host's is left alone, or refused under
  ``strict_hosts``.
- ``HTTPSConnection.connect``: for a vendor host only, the TLS handshake verifies against the local
  CA (the connection's own settings are put back afterwards), so the certificate check stays on and
  the client's trust store is never changed. With no HTTPS listener (``intercept(url=...)`` of a
  server without ``--https-port``) the connection speaks plain HTTP to the mock instead.
"""

from __future__ import annotations

from typing import Any

from mockserver.interception import routes

_saved: dict[str, Any] = {}
_TLS_SETTINGS = ("ssl_context", "ca_certs", "ca_cert_dir", "ca_cert_data", "cert_reqs", "assert_hostname")


def _create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
    host, port = address
    route = routes.lookup(host, port)
    if route is not None:
        address = (route.host, route.port_for(port, tls=port != 80))
    return _saved["create_connection"](address, *args, **kwargs)


def _connect(self: Any) -> None:
    route = routes.serving(self.host) if getattr(self, "_tunnel_host", None) is None else None
    if route is None:
        return _saved["connect"](self)
    if route.tls_port is None:  # the mock has no TLS listener: plain HTTP to it, on loopback
        from urllib3.connection import HTTPConnection

        HTTPConnection.connect(self)
        # nothing left this machine, so there is no peer to verify: no InsecureRequestWarning
        self.is_verified = True
        return None
    kept = {name: getattr(self, name, None) for name in _TLS_SETTINGS}
    self.ssl_context, self.cert_reqs, self.assert_hostname = route.ssl_context, "CERT_REQUIRED", None
    self.ca_certs = self.ca_cert_dir = self.ca_cert_data = None
    try:
        return _saved["connect"](self)
    finally:
        for name, value in kept.items():
            setattr(self, name, value)


def install() -> None:
    try:
        import urllib3.connection
        import urllib3.util.connection
    except ImportError:  # pragma: no cover - urllib3 is not installed: nothing to steer
        return
    _saved["create_connection"] = urllib3.util.connection.create_connection
    _saved["connect"] = urllib3.connection.HTTPSConnection.connect
    urllib3.util.connection.create_connection = _create_connection
    urllib3.connection.HTTPSConnection.connect = _connect


def uninstall() -> None:
    if not _saved:
        return
    import urllib3.connection
    import urllib3.util.connection

    urllib3.util.connection.create_connection = _saved.pop("create_connection")
    urllib3.connection.HTTPSConnection.connect = _saved.pop("connect")


routes.register(install, uninstall)
