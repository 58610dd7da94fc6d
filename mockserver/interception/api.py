"""``intercept()``: requests to the vendors' real hostnames are answered by the mock, in-process.

    with intercept() as mock:
        robaws = mock.demo.robaws
        requests.get("https://app.robaws.com/api/v2/clients", auth=(robaws.key, robaws.secret))

Without ``url`` the block runs its own server (plain and HTTPS listeners on free loopback ports,
the HTTPS certificate from the local CA), and stops it on leaving. With ``url`` it steers to an
already running server; give its ``https_url`` (``--https-port``) too for TLS end to end, else
``https`` requests reach it as plain HTTP. Covered: urllib3 (so ``requests``, zeep, boto-style
SDKs on them) and httpx, sync and async. Not covered: ``urllib.request``, aiohttp, pycurl and
other stacks with their own sockets (use the proxy, ``--proxy-port``, for those).
"""

from __future__ import annotations

import functools
import inspect
import ssl
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mockserver.client import AdminClient, TenantHandle
from mockserver.interception import httpx_hook, routes, urllib3_hook

__all__ = ["Credentials", "Interception", "intercept"]

_HOOKS = (urllib3_hook, httpx_hook)  # imported for their registration with ``routes``
#: short names for the credential fields a test types most (``mock.demo.robaws.key``)
ALIASES = {
    "key": ("api_key", "token"),
    "secret": ("api_secret", "password", "software_token"),
}


class Credentials:
    """One vendor's credentials with attribute access: ``.api_key``, ``.token``; ``.key`` is the
    identifying one (``api_key`` or ``token``), ``.secret`` its partner (``api_secret``, ``password``)."""

    def __init__(self, fields: dict[str, str]) -> None:
        self._fields = dict(fields)

    def __getattr__(self, name: str) -> str:
        fields = self.__dict__.get("_fields", {})
        if name in fields:
            return fields[name]
        for field in ALIASES.get(name, ()):
            if field in fields:
                return fields[field]
        raise AttributeError(f"no credential {name!r}; this vendor has {', '.join(fields)}")

    def __getitem__(self, name: str) -> str:
        return self._fields[name]

    def as_dict(self) -> dict[str, str]:
        return dict(self._fields)

    def __repr__(self) -> str:
        return f"Credentials({self._fields!r})"


class TenantCredentials:
    """A tenant's credentials per vendor: ``mock.demo.robaws.key``."""

    def __init__(self, tenant_id: str, credentials: dict[str, dict[str, str]]) -> None:
        self.id = tenant_id
        self._vendors = {name: Credentials(fields) for name, fields in credentials.items()}

    def __getattr__(self, vendor: str) -> Credentials:
        vendors = self.__dict__.get("_vendors", {})
        if vendor in vendors:
            return vendors[vendor]
        raise AttributeError(f"no vendor {vendor!r}; served: {', '.join(vendors)}")

    def __getitem__(self, vendor: str) -> Credentials:
        return self._vendors[vendor]


class Interception:
    """What a running ``intercept()`` block offers: the server, its admin API, the demo credentials."""

    def __init__(
        self, url: str, https_url: str | None, admin: AdminClient, hostnames: frozenset[str]
    ) -> None:
        self.url = url
        self.https_url = https_url
        self.admin = admin
        self.hostnames = hostnames
        self._demo: TenantCredentials | None = None
        #: the pytest fixture's fresh tenant (``mock_intercept``): ``.tenant.robaws.key``, ``.credentials``
        self.tenant: TenantCredentials | None = None
        self.credentials: dict[str, dict[str, str]] = {}
        self.tenant_id: str | None = None

    def use_tenant(self, handle: TenantHandle) -> None:
        """Offer ``handle``'s credentials as ``.tenant`` and ``.credentials``."""
        self.tenant = TenantCredentials(handle.id, handle.credentials)
        self.credentials = handle.credentials
        self.tenant_id = handle.id

    @property
    def demo(self) -> TenantCredentials:
        """The seeded ``demo`` tenant's credentials (fetched once)."""
        if self._demo is None:
            body = self.admin.call("GET", "/tenants/demo")
            self._demo = TenantCredentials(body["id"], body["credentials"])
        return self._demo

    def new_tenant(self, **fields: Any) -> TenantHandle:
        """A fresh tenant on the server (``admin.create_tenant``)."""
        return self.admin.create_tenant(**fields)


class intercept:  # lower case: a function and a decorator to its users, as ``unittest.mock.patch`` is
    """Answer requests to the vendors' real hostnames from the mock; see the module docstring.

    ``strict_hosts=True`` refuses every other host (a connection error naming it), so a test cannot
    reach the internet by mistake. Blocks nest (the innermost wins) and may run on several threads;
    leaving the last one puts urllib3 and httpx back as they were.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        https_url: str | None = None,
        ca_file: str | Path | None = None,
        strict_hosts: bool = False,
        server: Any = None,
    ) -> None:
        self._url, self._https_url, self._ca_file = url, https_url, ca_file
        self._strict_hosts = strict_hosts
        self._given_server = server
        self._own_server: Any = None
        self._route: routes.Route | None = None

    # -- context manager ---------------------------------------------------------------------------
    def __enter__(self) -> Interception:
        if self._route is not None:
            raise RuntimeError("this intercept() is already active; make a new one to nest")
        url, https_url, ca_file, vendors = self._target()
        hostnames = frozenset(h for cls in _vendor_classes(vendors) for h in cls.hostnames)
        plain, tls = _port(url), _port(https_url) if https_url else None
        context = ssl.create_default_context(cafile=str(ca_file)) if tls is not None else None
        own = frozenset(("127.0.0.1", p) for p in (plain, tls) if p is not None)
        near = urllib.parse.urlsplit(url).hostname or "127.0.0.1"
        own = own | {(near, p) for p in (plain, tls) if p is not None}
        self._route = routes.Route(hostnames, plain, tls, context, self._strict_hosts, near, own)
        routes.push(self._route)
        return Interception(url, https_url, AdminClient(url), hostnames)

    def __exit__(self, *_exc: object) -> None:
        route, self._route = self._route, None
        if route is not None:
            routes.pop(route)
        if self._own_server is not None:
            self._own_server.stop()
            self._own_server = None

    def _target(self) -> tuple[str, str | None, Path | None, list[str] | None]:
        """(plain URL, HTTPS URL, CA file, vendor names) of the server to steer to."""
        from mockserver.core.ca import LocalCA, ca_directory

        server = self._given_server
        if server is None and self._url is None:
            from mockserver.config import Config
            from mockserver.server import ThreadedMockServer

            server = self._own_server = ThreadedMockServer(Config(port=0, https_port=0)).start()
        if server is not None:
            app = server.app
            ca = LocalCA(ca_directory(app.config.data_dir))
            return server.url, app.https_url, ca.cert_path, list(app.vendors)
        url = str(self._url).rstrip("/")
        ca_file = Path(self._ca_file) if self._ca_file else LocalCA(ca_directory()).cert_path
        vendors = AdminClient(url).call("GET", "/health")["vendors"]
        return url, self._https_url, ca_file, vendors

    # -- decorator ---------------------------------------------------------------------------------
    def __call__(self, function: Callable) -> Callable:
        """``@intercept()`` on a test (or any function, sync or async): a fresh block per call."""
        settings = (self._url, self._https_url, self._ca_file, self._strict_hosts, self._given_server)

        def fresh() -> intercept:
            url, https_url, ca_file, strict, server = settings
            return intercept(url, https_url=https_url, ca_file=ca_file, strict_hosts=strict, server=server)

        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with fresh():
                    return await function(*args, **kwargs)

            return run_async

        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            with fresh():
                return function(*args, **kwargs)

        return run


def _port(url: str) -> int:
    parts = urllib.parse.urlsplit(url)
    return parts.port or (443 if parts.scheme == "https" else 80)


def _vendor_classes(names: list[str] | None) -> list[type]:
    from mockserver.vendors import vendor_classes

    return list(vendor_classes(names).values())
