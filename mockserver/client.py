"""A client of a running server's ``/_mock`` admin API, on the standard library alone.

The pytest plugin and ``mockserver tenants`` share it; it lives apart from ``mockserver.testing``
so the command line never imports pytest (which a server-only install does not have).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

#: the environment variable that carries ``--admin-token`` to clients (and to ``serve``)
ADMIN_TOKEN_ENV = "MOCKSERVER_ADMIN_TOKEN"


class AdminError(AssertionError):
    """A refusal from the admin API. An ``AssertionError``, so a test that trips one fails."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"admin API answered {status}: {body!r}")
        self.status = status
        self.body = body

    @property
    def message(self) -> str:
        """The server's own words: the ``error`` of its ``{"error": ...}`` body."""
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), str):
            return self.body["error"]
        return json.dumps(self.body) if self.body is not None else "(no body)"


class AdminClient:
    """The ``/_mock`` admin API over HTTP. ``token`` defaults to ``$MOCKSERVER_ADMIN_TOKEN``."""

    def __init__(self, url: str, token: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.token = token if token is not None else os.environ.get(ADMIN_TOKEN_ENV) or None

    def endpoint(self, path: str) -> str:
        """The URL of an admin path, named as in this API (``/clock``) or as in the README and the
        contract (``/_mock/clock``): both are the same call."""
        path = "/" + path.lstrip("/")
        if path == "/_mock" or path.startswith(("/_mock/", "/_mock?")):
            path = path.removeprefix("/_mock") or "/"
        return f"{self.url}/_mock{path}"

    def call(self, method: str, path: str, body: Any = None) -> Any:
        """``method path`` with a JSON ``body``; the decoded answer, or an ``AdminError``."""
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if data is not None else {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.endpoint(path), data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            raise AdminError(exc.code, _loads(raw)) from None
        return _loads(raw)

    # conveniences for what tests do most
    def create_tenant(self, **fields: Any) -> TenantHandle:
        return TenantHandle.from_json(self.call("POST", "/tenants", fields), self)

    def delete_tenant(self, tenant_id: str) -> None:
        self.call("DELETE", f"/tenants/{tenant_id}")

    def settings(self, tenant_id: str, patch: dict[str, Any] | None = None) -> dict[str, Any]:
        if patch is None:
            return self.call("GET", f"/tenants/{tenant_id}/settings")
        return self.call("PATCH", f"/tenants/{tenant_id}/settings", patch)

    def advance(self, seconds: float) -> dict[str, Any]:
        return self.call("POST", "/clock/advance", {"seconds": seconds})

    def journal(self, **query: Any) -> list[dict[str, Any]]:
        return self.call("GET", f"/journal?{urllib.parse.urlencode(query)}")["entries"]

    # request verification (``POST /_mock/requests/...``): the matcher's fields as keywords
    def requests(self, **matcher: Any) -> list[dict[str, Any]]:
        """The journal entries ``matcher`` selects, oldest first."""
        return self.call("POST", "/requests/find", matcher)["requests"]

    def count_requests(self, **matcher: Any) -> int:
        return self.call("POST", "/requests/count", matcher)["count"]

    def near_misses(self, **matcher: Any) -> list[dict[str, Any]]:
        """The closest entries that do not match, each with its ``differences`` in words."""
        return self.call("POST", "/requests/near-misses", matcher)["near_misses"]

    def assert_requested(self, count: int | None = 1, **matcher: Any) -> list[dict[str, Any]]:
        """Fail unless exactly ``count`` requests match (at least one when ``count`` is None);
        the message lists the near misses, so a failing test says what was sent instead."""
        found = self.requests(**matcher)
        if (count is None and found) or len(found) == count:
            return found
        wanted = "at least 1" if count is None else str(count)
        lines = [f"expected {wanted} request(s) matching {_shown(matcher)}, found {len(found)}"]
        lines += [f"  matched: {_entry_line(entry)}" for entry in found]
        misses = (
            self.near_misses(**matcher) if not found or (count is not None and len(found) < count) else []
        )
        if misses:
            lines.append("near misses:")
            for miss in misses:
                lines.append(f"  {_entry_line(miss['request'])}")
                lines += [f"    - {difference}" for difference in miss["differences"]]
        elif not found:
            lines.append("no near misses: the journal holds no request close to it")
        raise AssertionError("\n".join(lines))

    def assert_not_requested(self, **matcher: Any) -> None:
        """Fail if any request matches, listing them."""
        found = self.requests(**matcher)
        if found:
            lines = [f"expected no request matching {_shown(matcher)}, found {len(found)}"]
            lines += [f"  matched: {_entry_line(entry)}" for entry in found]
            raise AssertionError("\n".join(lines))


def _shown(matcher: dict[str, Any]) -> str:
    return json.dumps(matcher, sort_keys=True)


def _entry_line(entry: dict[str, Any]) -> str:
    """One journal entry in a line: ``#12 POST /api/v2/clients -> 201 (robaws, tenant t-1)``."""
    operation = f" {entry['soap_operation']}" if entry.get("soap_operation") else ""
    return (
        f"#{entry['id']} {entry['method']} {entry.get('vendor_path') or entry['path']}{operation}"
        f" -> {entry['status']} ({entry['vendor']}, tenant {entry['tenant']})"
    )


def _loads(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:  # not our server, or a proxy's page: show the text, do not crash
        return raw.decode("utf-8", "replace")[:500]


@dataclass
class TenantHandle:
    id: str
    name: str
    credentials: dict[str, dict[str, str]]
    base_urls: dict[str, str]
    admin: AdminClient | None = field(default=None, repr=False)

    @classmethod
    def from_json(cls, body: dict[str, Any], admin: AdminClient | None = None) -> TenantHandle:
        return cls(body["id"], body["name"], body["credentials"], body["base_urls"], admin)

    def settings(self, patch: dict[str, Any] | None = None) -> dict[str, Any]:
        assert self.admin is not None
        return self.admin.settings(self.id, patch)

    def reset(self) -> None:
        assert self.admin is not None
        self.admin.call("POST", f"/tenants/{self.id}/reset")

    # request verification, scoped to this tenant (see ``AdminClient``)
    def requests(self, **matcher: Any) -> list[dict[str, Any]]:
        assert self.admin is not None
        return self.admin.requests(tenant=self.id, **matcher)

    def near_misses(self, **matcher: Any) -> list[dict[str, Any]]:
        assert self.admin is not None
        return self.admin.near_misses(tenant=self.id, **matcher)

    def assert_requested(self, count: int | None = 1, **matcher: Any) -> list[dict[str, Any]]:
        assert self.admin is not None
        return self.admin.assert_requested(count, tenant=self.id, **matcher)

    def assert_not_requested(self, **matcher: Any) -> None:
        assert self.admin is not None
        self.admin.assert_not_requested(tenant=self.id, **matcher)
