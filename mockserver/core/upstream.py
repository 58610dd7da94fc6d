"""Passthrough to the real vendor: ``mockserver serve --upstream VENDOR=URL``.

A request whose credentials no tenant of the mock knows goes to the vendor's real base URL instead
of the mock's application. The vendor's one credential reader tells (``core.pipeline.carried``, the
reader the authenticate step runs): a request without credentials, or with a tenant's and a wrong
secret, is the mock's to answer. Forwarded are the same method, the path below the vendor's base,
query, body and headers but the hop-by-hop ones and ``Host``. The upstream's status, headers
(hop-by-hop removed) and body come back as they came, byte for byte (a compressed body stays
compressed). A path outside the vendor's base (Robaws' ``/oauth2/...`` beside ``/api/v2``) is sent
to the same place relative to the upstream's root, i.e. the URL with the base path taken off its end.

The whole exchange has one deadline, ``--upstream-timeout``: an upstream that does not connect, or
answers too slowly, gets the vendor's own 502 (unreachable) or 504 (too slow) through
``Vendor.problem_response``, so the mock never hangs on it. An upstream URL that points at the mock
itself is refused at start-up, and again per request (a ``--port 0`` server learns its port late):
a forwarded call must never reach this server's own ``/_mock`` admin API.

``http.client`` from the standard library does the work: one connection per forwarded request (a
developer's passthrough is not a hot path), no decoding of the answer, no new dependency.
"""

from __future__ import annotations

import http.client
import logging
import ssl
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from werkzeug.wrappers import Request

from mockserver.config import Config, is_loopback
from mockserver.core import pipeline
from mockserver.core.clock import iso_utc
from mockserver.core.journal import header_dict
from mockserver.core.recording import Recorder, decoded_body
from mockserver.core.vendor import Problem, Vendor

log = logging.getLogger("mockserver")

#: RFC 9110 section 7.6.1: meaningful for one connection only, never forwarded
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)
#: request headers the mock sets itself (the target's host, the body's real length), and
#: ``Expect``: the mock has read the whole body already
NOT_FORWARDED = HOP_BY_HOP | {"host", "content-length", "expect"}
#: headers the gateway frames the answer with again
NOT_RETURNED = HOP_BY_HOP | {"content-length"}
#: the largest upstream answer relayed; beyond it the client gets a 502 (every body is bounded)
MAX_ANSWER_BYTES = 64 * 1024 * 1024
_CHUNK = 64 * 1024
_ANY_ADDRESS = ("0.0.0.0", "::", "")


class UpstreamError(ValueError):
    """An ``--upstream`` that cannot be used, in one line (the CLI prints it)."""


@dataclass(frozen=True)
class Target:
    """Where one vendor's unowned requests go."""

    url: str
    scheme: str
    host: str
    port: int
    #: the URL's path: the vendor's base (``/api/v2``) is replaced by this
    base: str

    @classmethod
    def parse(cls, url: str) -> Target:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UpstreamError(f"upstream {url!r}: expected an http:// or https:// URL with a host")
        if parts.query or parts.fragment:
            raise UpstreamError(f"upstream {url!r}: a base URL has no query or fragment")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise UpstreamError(f"upstream {url!r}: bad port") from None
        return cls(url, parts.scheme, parts.hostname, port, parts.path.rstrip("/"))

    def path_for(self, vendor: Vendor, vendor_path: str) -> str:
        """The upstream path of a mock vendor path (``/api/v2/clients`` -> ``<base>/clients``)."""
        base = vendor.base_path.rstrip("/")
        if base and (vendor_path == base or vendor_path.startswith(base + "/")):
            return self.base + vendor_path[len(base) :] or "/"
        root = self.base[: -len(base)] if base and self.base.endswith(base) else self.base
        return root + vendor_path

    def points_at(self, host: str, port: int) -> bool:
        """Whether this target is the server listening on ``host``:``port`` (the mock itself)."""
        if port != self.port:
            return False
        wanted = host.strip("[]").lower()
        mine = self.host.strip("[]").lower()
        return mine == wanted or (is_loopback(mine) and (is_loopback(wanted) or wanted in _ANY_ADDRESS))


def parse_targets(specs: list[str] | tuple[str, ...], known_vendors: list[str]) -> dict[str, str]:
    """``VENDOR=URL`` options as {vendor: url}, each URL checked; raises ``UpstreamError``."""
    targets: dict[str, str] = {}
    for spec in specs:
        vendor, sep, url = spec.partition("=")
        vendor = vendor.strip()
        if not sep or vendor not in known_vendors:
            raise UpstreamError(
                f"--upstream {spec!r}: expected VENDOR=URL, VENDOR one of {', '.join(known_vendors)}"
            )
        if vendor in targets:
            raise UpstreamError(f"--upstream: {vendor} is given twice")
        Target.parse(url.strip())
        targets[vendor] = url.strip()
    return targets


def check_not_self(targets: dict[str, str], host: str, port: int) -> None:
    """Refuse an upstream that is this server: its forwarded calls would loop, and could reach the
    admin API. Raises ``UpstreamError``."""
    for vendor, url in targets.items():
        if Target.parse(url).points_at(host, port):
            raise UpstreamError(f"--upstream {vendor}={url} points at this mock itself ({host}:{port})")


@dataclass
class Forwarded:
    """The upstream's answer (``status`` and all), or the ``problem`` that stands in for it."""

    status: str = "502 Bad Gateway"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    duration_ms: float = 0.0
    problem: Problem | None = None


class Upstreams:
    """The configured upstreams of one server, and its recorder (``--record``)."""

    def __init__(self, targets: dict[str, str], timeout: float, record_dir: Path | None = None) -> None:
        self.targets = {vendor: Target.parse(url) for vendor, url in targets.items()}
        self.timeout = timeout
        self.recorder = Recorder(record_dir) if record_dir is not None else None

    def wants(self, vendor: Vendor, environ: dict, context: pipeline.RequestContext | None = None) -> bool:
        """Whether this request goes upstream: the vendor has one and its credential reader finds
        credentials no tenant knows. A reader that fails keeps the request here (the mock answers
        it). ``context`` is the request's pipeline context: the reader may keep its parse there."""
        if vendor.name not in self.targets:
            return False
        try:
            return pipeline.carried(vendor, Request(environ), context) is pipeline.Carried.UNKNOWN
        except Exception:
            log.exception("%s: reading the credentials failed; answered by the mock", vendor.name)
            return False

    def forward(self, vendor: Vendor, environ: dict, body: bytes, own_url: str) -> Forwarded:
        """The upstream's answer, or a 502/504 ``problem`` within the timeout. ``own_url`` is the
        mock's own address: never forwarded to."""
        target = self.targets[vendor.name]
        path = target.path_for(vendor, environ.get("PATH_INFO", "/") or "/")
        query = environ.get("QUERY_STRING", "")
        started = time.perf_counter()
        own = urlsplit(own_url)
        if own.hostname and own.port and target.points_at(own.hostname, own.port):
            return _failed(502, f"The upstream {target.url} is this mock itself", started)
        method = environ.get("REQUEST_METHOD", "GET")
        headers = request_headers(environ, body)
        try:
            answer = exchange(
                target, method, path + (f"?{query}" if query else ""), headers, body, started + self.timeout
            )
        except TimeoutError:
            return _failed(
                504, f"The upstream {target.url} did not answer within {self.timeout:g} s", started
            )
        except (OSError, http.client.HTTPException) as exc:
            return _failed(502, f"The upstream {target.url} cannot be reached ({_reason(exc)})", started)
        answer.duration_ms = _ms(started)
        return answer

    def record(self, vendor: str, environ: dict, body: bytes, answer: Forwarded, now: float) -> None:
        """With ``--record``: the exchange, redacted, appended to the vendor's file. A failed write
        is logged, never the client's failure: the answer it got is the upstream's."""
        if self.recorder is None:
            return
        exchange = {
            "time": iso_utc(datetime.fromtimestamp(now, UTC)),
            "method": environ.get("REQUEST_METHOD", "GET"),
            "path": environ.get("PATH_INFO", "/"),
            "query": environ.get("QUERY_STRING", ""),
            "request": {"headers": dict(request_headers(environ, body)), "body": body},
            "status": int(answer.status[:3]),
            "response": {
                "headers": dict(answer.headers),
                "body": decoded_body(dict(answer.headers), answer.body),
            },
            "duration_ms": answer.duration_ms,
        }
        try:
            self.recorder.record(vendor, exchange)
        except OSError:
            log.exception("cannot record a %s exchange in %s", vendor, self.recorder.directory)


def upstream_of(config: Config) -> Upstreams | None:
    """The server's upstreams, or None without ``--upstream``. Raises ``UpstreamError`` for an
    upstream that is the server itself (when its port is known)."""
    if not config.upstreams:
        return None
    if config.port:
        check_not_self(config.upstreams, config.host, config.port)
    return Upstreams(config.upstreams, config.upstream_timeout, config.record_dir)


def request_headers(environ: dict, body: bytes) -> list[tuple[str, str]]:
    """The client's headers as sent upstream: every one but the hop-by-hop ones (and those the
    ``Connection`` header names), ``Host`` and the length, which is the body's."""
    items = {k: v for k, v in environ.items() if k.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        items["HTTP_CONTENT_TYPE"] = environ["CONTENT_TYPE"]
    named = {n.strip().lower() for n in environ.get("HTTP_CONNECTION", "").split(",")}
    headers = [
        (k, v) for k, v in header_dict(list(items.items())).items() if k.lower() not in NOT_FORWARDED | named
    ]
    if body or environ.get("REQUEST_METHOD") in ("POST", "PUT", "PATCH"):
        headers.append(("Content-Length", str(len(body))))
    return headers


def exchange(
    target: Target, method: str, path: str, headers: list[tuple[str, str]], body: bytes, deadline: float
) -> Forwarded:
    """One request and its whole answer, before ``deadline`` (``time.perf_counter``); raises
    ``TimeoutError`` past it, ``OSError`` / ``HTTPException`` when the upstream fails."""
    remaining = _remaining(deadline)
    if target.scheme == "https":
        context = ssl.create_default_context()
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            target.host, target.port, timeout=remaining, context=context
        )
    else:
        conn = http.client.HTTPConnection(target.host, target.port, timeout=remaining)
    try:
        conn.putrequest(method, path, skip_host=False, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        conn.endheaders(body or None)
        conn.sock.settimeout(_remaining(deadline))
        response = conn.getresponse()
        chunks: list[bytes] = []
        size = 0
        while True:
            if conn.sock is not None:
                conn.sock.settimeout(_remaining(deadline))
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise http.client.HTTPException(f"answer larger than {MAX_ANSWER_BYTES} bytes")
            chunks.append(chunk)
        kept = [(k, v) for k, v in response.getheaders() if k.lower() not in NOT_RETURNED]
        return Forwarded(f"{response.status} {response.reason}".strip(), kept, b"".join(chunks))
    finally:
        conn.close()


def _remaining(deadline: float) -> float:
    left = deadline - time.perf_counter()
    if left <= 0:
        raise TimeoutError("deadline passed")
    return left


def _failed(status: int, message: str, started: float) -> Forwarded:
    return Forwarded(duration_ms=_ms(started), problem=Problem(status, message, "upstream"))


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)
