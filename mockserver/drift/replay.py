"""Reading a recording and replaying its calls against a mock, with a tenant's credentials."""

from __future__ import annotations

import http.client
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from mockserver.core.recording import decoded_body
from mockserver.core.upstream import Target, exchange
from mockserver.drift import credentials as creds
from mockserver.drift.shape import Shape, shape_of
from mockserver.vendors import NAMES, vendor_classes

#: methods that never change a vendor's data
READ_METHODS = ("GET", "HEAD", "OPTIONS")
#: POSTs that read: FLOWii's token request (a login), Severa's ``Get...`` operations
READ_POSTS: dict[str, tuple[str, ...]] = {"flowii": ("/token",)}
SOAP_READ_PREFIXES: dict[str, tuple[str, ...]] = {"severa": ("Get",)}
#: request headers never replayed: the mock's own framing
NOT_REPLAYED = frozenset({"content-length", "host", "transfer-encoding", "connection"})
REQUIRED = ("method", "path", "query", "request", "status", "response")


class DriftError(Exception):
    """A usage error: a file, tenant or server that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class Recorded:
    """One recorded exchange (a line of ``<vendor>.jsonl``)."""

    line: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.line[key]

    def request_header(self, name: str) -> str:
        return next((v for k, v in self["request"]["headers"].items() if k.lower() == name), "")

    def shape(self) -> Shape:
        return shape_of(self["status"], self["response"]["headers"], self["response"]["body"])


def load(path: Path) -> tuple[str, list[Recorded]]:
    """The vendor and the exchanges of a recording; raises ``DriftError``."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DriftError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    found: list[Recorded] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except ValueError:
            raise DriftError(f"{path}:{number}: not a JSON line") from None
        if not isinstance(line, dict) or any(key not in line for key in REQUIRED):
            raise DriftError(f"{path}:{number}: expected an object with {', '.join(REQUIRED)}")
        found.append(Recorded(line))
    vendors = {r.line.get("vendor") or path.stem for r in found}
    if not found:
        raise DriftError(f"{path}: no recorded exchange")
    if len(vendors) != 1 or not vendors <= set(NAMES):
        raise DriftError(
            f"{path}: expected the exchanges of one vendor ({', '.join(NAMES)}), found {vendors}"
        )
    return vendors.pop(), found


def _below_base(vendor: str, path: str) -> str:
    base = vendor_classes([vendor])[vendor].base_path
    return path[len(base) :] or "/" if base and path.startswith(base) else path


def operation(vendor: str, recorded: Recorded) -> str:
    """``GET /clients``; a SOAP call by its operation (``SOAP GetAllWorkTypes``)."""
    action = recorded.request_header("soapaction").strip().strip('"')
    if action:
        return f"SOAP {action.rsplit('/', 1)[-1]}"
    return f"{recorded['method']} {_below_base(vendor, recorded['path'])}"


def is_read(vendor: str, recorded: Recorded) -> bool:
    if recorded["method"].upper() in READ_METHODS:
        return True
    if _below_base(vendor, recorded["path"]) in READ_POSTS.get(vendor, ()):
        return True
    name = operation(vendor, recorded)
    return name.startswith("SOAP ") and name[5:].startswith(SOAP_READ_PREFIXES.get(vendor, ("\0",)))


class Replayer:
    """Sends recorded calls to the mock at ``url`` as the tenant whose ``credentials`` are given."""

    def __init__(self, url: str, vendor: str, credentials: dict[str, str], timeout: float = 30.0) -> None:
        self.target = Target.parse(url)
        self.vendor = vendor
        self.prefix = vendor_classes([vendor])[vendor].prefix
        self.credentials = dict(credentials)
        self.timeout = timeout

    def login(self) -> None:
        """The vendor's login, when its calls carry a token from one (FLOWii)."""
        login = creds.LOGINS.get(self.vendor)
        if login is None:
            return
        base = vendor_classes([self.vendor])[self.vendor].base_path
        body = urlencode(login.form(self.credentials)).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **login.headers(self.credentials)}
        answer = self._send("POST", self.prefix + base + login.path, headers, body)
        self.credentials["bearer"] = creds.bearer_of(answer.body)

    def replay(self, recorded: Recorded) -> Shape:
        request = recorded["request"]
        headers, query, body = creds.substitute(
            self.vendor, self.credentials, request["headers"], recorded["query"], request["body"]
        )
        path = self.prefix + recorded["path"] + (f"?{query}" if query else "")
        answer = self._send(recorded["method"], path, headers, body)
        text = decoded_body(dict(answer.headers), answer.body).decode("utf-8", errors="replace")
        return shape_of(int(answer.status[:3]), dict(answer.headers), text)

    def _send(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
        kept = [(k, v) for k, v in headers.items() if k.lower() not in NOT_REPLAYED]
        if body or method in ("POST", "PUT", "PATCH"):
            kept.append(("Content-Length", str(len(body))))
        try:
            return exchange(self.target, method, path, kept, body, time.perf_counter() + self.timeout)
        except (OSError, http.client.HTTPException) as exc:
            raise ConnectionError(f"the mock at {self.target.url} did not answer: {exc}") from None
