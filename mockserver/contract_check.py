"""Checking what a client received against the vendor's contract: the test-side half of
contract testing (``--strict`` is the server-side half).

``response_errors(requests_response)`` finds the vendor from the URL (prefix or real hostname) and
validates the response against its operation in ``contracts/<vendor>.openapi.yaml``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from werkzeug.datastructures import Headers

from mockserver.core.contracts import CallResponse, Contract, Contracts
from mockserver.vendors import vendor_classes


@lru_cache(maxsize=1)
def _contracts() -> Contracts:
    return Contracts()


@lru_cache(maxsize=1)
def _routes() -> tuple[dict[str, str], list[tuple[str, str]]]:
    classes = vendor_classes()
    by_host = {h: name for name, cls in classes.items() for h in cls.hostnames}
    by_prefix = sorted(((cls.prefix, name) for name, cls in classes.items()), key=lambda p: -len(p[0]))
    return by_host, by_prefix


def locate(url: str, host_header: str | None = None) -> tuple[str, str] | None:
    """(vendor name, the vendor's own path) for a mock URL, or None if no vendor serves it."""
    parts = urlsplit(url)
    if parts.path == "/_mock" or parts.path.startswith("/_mock/"):
        return "admin", parts.path
    by_host, by_prefix = _routes()
    host = (host_header or parts.hostname or "").rsplit(":", 1)[0].lower()
    if host in by_host:
        return by_host[host], parts.path
    for prefix, name in by_prefix:
        if parts.path == prefix or parts.path.startswith(prefix + "/"):
            return name, parts.path[len(prefix) :] or "/"
    return None


def contract_for(vendor: str) -> Contract | None:
    return _contracts().get(vendor)


def response_errors(response: Any) -> list[str]:
    """Contract errors of a ``requests`` response (empty when it conforms or has no contract)."""
    request = response.request
    located = locate(request.url, request.headers.get("Host"))
    if located is None:
        return []
    vendor, path = located
    contract = contract_for(vendor)
    if contract is None:
        return []
    body = request.body
    if isinstance(body, str):
        body = body.encode()
    call = contract.request(
        request.method,
        path,
        parse_qsl(urlsplit(request.url).query, keep_blank_values=True),
        dict(request.headers),
        body,
        request.headers.get("Content-Type", ""),
    )
    answer = CallResponse(
        response.content,
        response.status_code,
        response.headers.get("Content-Type", ""),
        Headers(list(response.headers.items())),
    )
    return contract.response_errors(call, answer)
