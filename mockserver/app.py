"""``create_app(config)``: the whole server as one WSGI application, built from the vendor registry.

``MockServer`` owns the shared machinery (clock, journal, fault rules, contracts, tenants) and
hands it to each vendor; the ``Gateway`` in front routes every request through the pipeline.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from mockserver import __version__
from mockserver.config import Config
from mockserver.core.clock import Clock
from mockserver.core.contracts import Contracts
from mockserver.core.faults import FaultRules
from mockserver.core.gateway import Gateway, Mount
from mockserver.core.journal import Journal
from mockserver.core.tenants import Tenant, TenantRegistry
from mockserver.core.vendor import Vendor


class MockServer:
    """The application: call it as WSGI; everything a test may want to reach is an attribute."""

    version = __version__

    def __init__(
        self, config: Config | None = None, vendor_classes: dict[str, type[Vendor]] | None = None
    ) -> None:
        from mockserver.admin import create_admin_app
        from mockserver.vendors import vendor_classes as registered

        self.config = config or Config()
        self.clock = Clock()
        self.journal = Journal(
            self.config.journal_size, self.config.journal_body_bytes, self.config.journal_max_bytes
        )
        self.faults = FaultRules(self.config.seed)
        self.contracts = Contracts()
        classes = vendor_classes if vendor_classes is not None else registered(self.config.vendors)
        self.vendors: dict[str, Vendor] = {name: cls(self) for name, cls in classes.items()}
        self.journal.describers = {name: vendor.request_facts for name, vendor in self.vendors.items()}
        self.tenants = TenantRegistry(self.vendors, self.config.data_dir, self.config.seed)
        self.tenants.max_tenants = self.config.max_tenants
        if not self.tenants.restore() and self.config.seed_demo:
            self.tenants.create_demo()
        if self.config.config_file is not None:
            from mockserver import startup

            try:
                startup.apply(startup.load(self.config.config_file, self), self)
            except startup.StartupError:
                self.tenants.close()
                raise
        self.gateway = Gateway(self, create_admin_app(self), {n: Mount(v) for n, v in self.vendors.items()})
        #: where clients reach us; set by the runner once the port is bound
        self.url = f"http://{self.config.host}:{self.config.port}"
        #: the HTTPS listener's and the forward proxy's URLs, when they run (httpd.real_urls)
        self.https_url: str | None = None
        self.proxy_url: str | None = None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        return self.gateway(environ, start_response)

    # -- operations the admin API and the CLI share --------------------------------------------------
    def reset(self) -> None:
        """Every tenant removed, ``demo`` re-seeded, clock, journal and faults cleared."""
        self.clock.reset()
        self.journal.clear()
        self.faults.clear()
        if self.gateway.replay is not None:
            self.gateway.replay.clear()
        for vendor in self.vendors.values():
            vendor.reset()
        self.tenants.reset_all()

    def describe_tenant(self, tenant: Tenant, server_url: str | None = None) -> dict[str, Any]:
        url = (server_url or self.url).rstrip("/")
        return {
            "id": tenant.id,
            "name": tenant.name,
            "seed": tenant.seed,
            "fixtures": tenant.fixtures,
            "credentials": {v: dict(c) for v, c in tenant.credentials.items() if v in self.vendors},
            "base_urls": {name: v.base_url(url) for name, v in self.vendors.items()},
        }

    def warm_up(self, after_first_answer: float = 1.0) -> threading.Thread:
        """Do deferred start-up work (building the vendors' applications; parsing the contracts in
        strict mode) in the background, so later first requests do not pay for it.

        It waits until the first request has been answered (or ``after_first_answer`` seconds have
        passed): on a one-core CI runner the warm-up would otherwise compete with that first request,
        which is the one a client waiting for the server is timing.
        """

        def work() -> None:
            self.gateway.answered.wait(after_first_answer)
            for mount in self.gateway.mounts.values():
                mount.app  # noqa: B018 - building the vendor's application is the point
                mount.vendor.warm_up()
            if self.config.strict:
                self.contracts.warm()

        thread = threading.Thread(target=work, name="mockserver-warm-up", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        for vendor in self.vendors.values():
            vendor.close()
        self.tenants.close()
        if self.gateway.access_log is not None:  # its last lines before the console's "stopped"
            self.gateway.access_log.flush()


def create_app(config: Config | None = None) -> MockServer:
    return MockServer(config)
