"""The one configuration object: every knob the server has, with its default, in one place."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


#: the HTTP servers ``Config.http`` may name (``mockserver.httpd``), the default first
HTTP_SERVERS = ("granian", "waitress")


@dataclass
class Config:
    """How a server instance behaves. The CLI, the pytest plugin and tests all build one of these."""

    host: str = "127.0.0.1"
    port: int = 8000
    seed: int = 42
    data_dir: Path | None = None
    #: validate incoming requests against the contracts and record violations
    strict: bool = False
    #: with ``strict``: also refuse requests that violate the contract, in the vendor's error shape
    strict_reject: bool = False
    #: vendor names to mount; ``None`` mounts every registered vendor
    vendors: list[str] | None = None
    journal_size: int = 1000
    #: bodies larger than this are refused (413 or the vendor's equivalent) before any parsing
    max_body_bytes: int = 5 * 1024 * 1024
    #: how much of each body the journal keeps
    journal_body_bytes: int = 16 * 1024
    #: the journal's total size: its oldest entries go once the kept bytes pass this (core.journal)
    journal_max_bytes: int = 16 * 1024 * 1024
    #: the HTTP server (``mockserver.httpd``): ``"granian"`` (Rust HTTP, the default) or ``"waitress"``
    http: str = "granian"
    #: Python threads that run the application
    threads: int = 8
    #: answer a read repeated over unchanged data again without running the vendor (core.replay)
    replay: bool = True
    #: whether the ``demo`` tenant is seeded at start
    seed_demo: bool = True
    #: when set, every ``/_mock`` call needs ``Authorization: Bearer <admin_token>``
    admin_token: str | None = None
    #: one line per request on stderr: ``"text"``, ``"json"``, or ``None`` for none
    access_log: str | None = None
    #: vendor -> the real vendor's base URL: requests whose credentials no tenant owns go there
    #: (``core.upstream``)
    upstreams: dict[str, str] = field(default_factory=dict)
    #: seconds a forwarded request may take in all before the client gets a 504
    upstream_timeout: float = 30.0
    #: where forwarded exchanges are recorded, secrets redacted (``core.recording``)
    record_dir: Path | None = None
    #: the start-up file (``mockserver.startup``): tenants, settings, faults and clock set at start
    config_file: Path | None = None
    #: also serve over TLS on this port (0: a free one), certificates from the local CA (core.ca)
    https_port: int | None = None
    #: also run the forward proxy on this port (0: a free one) that serves the vendors' hostnames
    proxy_port: int | None = None
    #: more names (``name`` or ``name:port``) ``/_mock`` and the dashboard answer to, beyond the
    #: loopback names and ``host`` (``mockserver.admin.guard``: no DNS rebinding)
    allow_hosts: list[str] = field(default_factory=list)
    #: the admin API's own body limit: larger bodies are refused with 413 before they are read
    admin_max_body_bytes: int = 1024 * 1024
    #: tenants the server holds at most; creating one more is refused with 429
    max_tenants: int = 10_000
    #: an idle keep-alive connection is closed after this many seconds
    idle_timeout: float = 5.0
    #: connections one client address may hold open at once (waitress); further ones are closed
    max_connections_per_client: int = 64
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.data_dir is not None:
            self.data_dir = Path(self.data_dir)
        if self.record_dir is not None:
            self.record_dir = Path(self.record_dir)
        if self.config_file is not None:
            self.config_file = Path(self.config_file)
        if self.http not in HTTP_SERVERS:
            raise ValueError(f"http must be one of {', '.join(HTTP_SERVERS)}, not {self.http!r}")
        if self.access_log not in (None, "text", "json"):
            raise ValueError(f"access_log must be 'text', 'json' or None, not {self.access_log!r}")
