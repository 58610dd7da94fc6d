"""Contracts: the OpenAPI documents in ``contracts/``, served by the admin API and used to validate.

Validation uses openapi-core. Requests and responses are described to it with the vendor's *real*
URL (the contract's first server), so the same contract checks traffic that reached the mock by
prefix or by Host header. Documents are parsed lazily and cached: start-up never waits on YAML.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from werkzeug.datastructures import Headers, ImmutableMultiDict


def contracts_dir() -> Path:
    source = Path(__file__).resolve().parents[2] / "contracts"
    packaged = Path(__file__).resolve().parents[1] / "_data" / "contracts"
    return source if source.is_dir() else packaged


@dataclass
class CallRequest:
    """A request as openapi-core wants it (the ``Request`` protocol)."""

    host_url: str
    path: str
    method: str
    body: bytes | None = None
    content_type: str = ""
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from openapi_core.datatypes import RequestParameters

        self.method = self.method.lower()
        self.content_type = (self.content_type or "").lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(self.query), header=Headers(self.headers)
        )


@dataclass
class CallResponse:
    data: bytes
    status_code: int
    content_type: str
    headers: Headers


class Contract:
    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path
        self._lock = threading.Lock()

    @cached_property
    def text(self) -> str:
        return self.path.read_text("utf-8")

    @cached_property
    def document(self) -> dict[str, Any]:
        # imported here, not at start-up (~25 ms): most runs never parse a contract
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster
        return yaml.load(self.text, Loader=loader)

    @cached_property
    def openapi(self) -> Any:
        from openapi_core import OpenAPI

        return OpenAPI.from_dict(self.document)

    @property
    def prepared(self) -> bool:
        """Whether the validator is built: the first request checked against it pays nothing."""
        return "openapi" in self.__dict__

    def prepare(self) -> None:
        """Build the validator now (parsing the document and checking it as OpenAPI: 0.3-1.5 s
        a contract), so that no client request is the one that waits for it."""
        with self._lock:
            self.openapi  # noqa: B018 - evaluating the cached property is the point

    @cached_property
    def server_root(self) -> tuple[str, str]:
        """(scheme://host, path prefix) of the contract's first server: the real vendor URL."""
        url = urlsplit(self.document["servers"][0]["url"])
        return f"{url.scheme}://{url.netloc}", url.path.rstrip("/")

    def request(
        self,
        method: str,
        vendor_path: str,
        query: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        content_type: str = "",
    ) -> CallRequest:
        host, _ = self.server_root
        return CallRequest(host, vendor_path, method, body, content_type, query or [], headers or {})

    def request_errors(self, request: CallRequest) -> list[str]:
        with self._lock:
            return [_describe(e) for e in self.openapi.iter_request_errors(request)]

    def response_errors(self, request: CallRequest, response: CallResponse) -> list[str]:
        with self._lock:
            return [_describe(e) for e in self.openapi.iter_response_errors(request, response)]


def _describe(error: Exception, limit: int = 600) -> str:
    """One line per error, each part cut at ``limit`` characters (a violation quotes the value)."""
    parts = [_cut(f"{type(error).__name__}: {error}", limit)]
    cause = error.__cause__
    while cause is not None:
        details = getattr(cause, "schema_errors", None)
        if details:
            parts.extend(
                _cut(f"{'/'.join(map(str, d.path)) or '(root)'}: {d.message}", limit) for d in details
            )
            break
        parts.append(_cut(str(cause), limit))
        cause = cause.__cause__
    return " | ".join(parts)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text) - limit} more characters)"


class Contracts:
    """The contract documents by name (``admin``, each vendor's name, ``severa`` the WSDL)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or contracts_dir()
        self._contracts: dict[str, Contract] = {}
        self._files: dict[str, Path] = {}
        if self.directory.is_dir():
            for path in sorted(self.directory.iterdir()):
                if path.name.endswith(".openapi.yaml"):
                    name = path.name.removesuffix(".openapi.yaml")
                    self._contracts[name] = Contract(name, path)
                    self._files[name] = path
                elif path.suffix == ".wsdl":
                    self._files.setdefault(path.stem, path)

    def names(self) -> list[str]:
        return sorted(self._files)

    def file(self, name: str) -> Path | None:
        return self._files.get(name)

    def get(self, name: str) -> Contract | None:
        return self._contracts.get(name)

    def prepare(self, names: Iterable[str]) -> list[str]:
        """Build the validators of the named contracts (strict mode, before the server says it is
        ready); the names that have one."""
        done = []
        for name in names:
            contract = self._contracts.get(name)
            if contract is not None:
                contract.prepare()
                done.append(name)
        return done

    def prepared(self) -> list[str]:
        """The contracts whose validator is built."""
        return [name for name, contract in self._contracts.items() if contract.prepared]

    def check_request(self, vendor: str, environ: dict, body: bytes) -> list[dict[str, str]]:
        """Contract violations of a request to ``vendor`` (strict mode); empty when it conforms
        or the vendor has no OpenAPI contract. ``environ`` has the vendor's own path in
        ``PATH_INFO`` (the gateway strips the mock prefix)."""
        contract = self.get(vendor)
        if contract is None:
            return []
        from mockserver.core.journal import header_dict, wsgi_headers

        request = contract.request(
            environ.get("REQUEST_METHOD", "GET"),
            environ.get("PATH_INFO", "/"),
            parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True),
            header_dict(wsgi_headers(environ)),
            body,
            environ.get("CONTENT_TYPE", ""),
        )
        return [{"kind": "request", "message": m} for m in contract.request_errors(request)]

    def warm(self) -> None:
        """Parse every OpenAPI document now (run in the background after start-up)."""
        for contract in self._contracts.values():
            contract.document  # noqa: B018 - evaluating the cached property is the point
