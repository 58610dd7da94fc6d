"""Our server: how to launch it on each WSGI server, and the admin calls the benchmarks need."""

from __future__ import annotations

import base64
import http.client
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.harness.procs import Probe
from mockserver.config import HTTP_SERVERS

#: WSGI servers we can run on: the project's two (granian, the default, and waitress, both through
#: the real CLI's ``--http``) and single-process alternatives launched by
#: ``benchmarks.harness.wsgi_alt``
WSGI_SERVERS = ("granian", "waitress", "cheroot", "gunicorn")

HEALTH = Probe("/_mock/health")


def argv(server: str | None, port: int, replay: bool = True, quiet: bool = False) -> list[str]:
    """How to launch our server; ``server=None``: the CLI's default (also for an earlier checkout,
    which may not know ``--http``); ``replay=False`` makes every request run the vendor's
    application (``--no-replay``), to measure what a read costs when computed. The access log stays
    on (the default users run; it goes to the server's log file), so its cost is in every row;
    ``quiet=True`` (``--quiet``, no access log) only for the access log's own section."""
    if server is None or server in HTTP_SERVERS:
        # the console script of this interpreter's environment: a ``mockserver`` found on PATH
        # may belong to another installation (another checkout's code)
        cli = Path(sys.executable).with_name("mockserver")
        base = [str(cli)] if cli.exists() else [sys.executable, "-m", "mockserver.cli"]
        chosen = [] if server is None else ["--http", server]
        flags = [*([] if replay else ["--no-replay"]), *(["--quiet"] if quiet else [])]
        return [*base, "serve", "--port", str(port), *chosen, *flags]
    return [sys.executable, "-m", "benchmarks.harness.wsgi_alt", server, "--port", str(port)]


def wsgi_available(server: str) -> bool:
    if server in HTTP_SERVERS:
        return True
    try:
        __import__(server)
    except ImportError:
        return False
    return True


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def outgoing(body: Any, headers: dict[str, str] | None) -> tuple[bytes | None, dict[str, str]]:
    """A request's body bytes (JSON unless given as bytes) and headers (JSON's media type added)."""
    raw = body if isinstance(body, bytes | None) else json.dumps(body).encode()
    sent = dict(headers or {})
    if raw is not None and "Content-Type" not in sent:
        sent["Content-Type"] = "application/json"
    return raw, sent


class Client:
    """A keep-alive HTTP client for setup and for timing single calls (admin API, probes)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        raw, sent = outgoing(body, headers)
        for attempt in (1, 2):
            try:
                self._conn.request(method, path, body=raw, headers=sent)
                response = self._conn.getresponse()
                return response.status, dict(response.getheaders()), response.read()
            except (OSError, http.client.HTTPException):
                self._conn.close()
                self._conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def json(self, method: str, path: str, body: Any = None, expect: int | None = None) -> Any:
        status, _headers, raw = self.request(method, path, body)
        if expect is not None and status != expect:
            raise RuntimeError(f"{method} {path} answered {status}: {raw[:300]!r}")
        return json.loads(raw) if raw else None

    def timed(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> float:
        """Seconds one call takes, seen from the client."""
        started = time.perf_counter()
        self.request(method, path, body, headers)
        return time.perf_counter() - started

    def close(self) -> None:
        self._conn.close()


def vendors(client: Client) -> list[str]:
    return client.json("GET", "/_mock/health", expect=200).get("vendors", [])


def lift_rate_limit(client: Client, tenant: str, vendor: str) -> str:
    """Switch the tenant's rate limiter for ``vendor`` off through the admin API; the knob is
    found in the vendor's settings (``rate_limit.enabled`` or a boolean ``rate_limit*`` key)."""
    settings = client.json("GET", f"/_mock/tenants/{tenant}/settings", expect=200)
    own = (
        settings.get(vendor, settings.get("settings", {}).get(vendor, {}))
        if isinstance(settings, dict)
        else {}
    )
    patch = _rate_limit_patch(own)
    if patch is None:
        return "no rate-limit knob found"
    client.json("PATCH", f"/_mock/tenants/{tenant}/settings", {vendor: patch}, expect=200)
    return f"PATCH settings {json.dumps({vendor: patch})}"


def _rate_limit_patch(settings: dict[str, Any]) -> dict[str, Any] | None:
    for key, value in settings.items():
        if "rate" not in key.lower():
            continue
        if isinstance(value, dict) and isinstance(value.get("enabled"), bool):
            return {key: {"enabled": False}}
        if isinstance(value, bool):
            return {key: False}
    return None


def create_tenant(client: Client, fixtures: str = "default") -> dict[str, Any]:
    return client.json("POST", "/_mock/tenants", {"fixtures": fixtures}, expect=201)
