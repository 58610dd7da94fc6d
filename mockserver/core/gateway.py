"""The front door: the vendor-agnostic part of the request pipeline, as WSGI middleware.

    request -> vendor dispatch (path prefix, or Host = a real vendor hostname)
            -> _journal_start -> _due_timers -> _body_limit -> _faults (rules / X-Mock-Fault)
            -> _strict_check (strict mode) -> _refuse (a problem found so far, vendor-shaped)
            -> _forward (credentials no tenant owns + an --upstream for the vendor: forward, record)
            -> _replay (the kept answer to the same read, ``core.replay``)
            -> _vendor (its WSGI app, in a ``core.pipeline`` context)
            -> _journal_finish

``Gateway.chain`` holds the steps; each is a short method over one ``Exchange`` and the chain
stops at the first that answers. Everything here works on plain WSGI, so the Spyne SOAP
application passes through the same steps as the Flask ones. Authentication, rate limiting and
idempotency need the vendor's knowledge of its credentials: they are the vendor chain
(``core.pipeline``), which every vendor application runs inside ``_vendor``.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from werkzeug.wrappers import Response

from mockserver.core import pipeline
from mockserver.core.accesslog import AccessLog
from mockserver.core.faults import Fault, FaultError, parse_header
from mockserver.core.http import json_response
from mockserver.core.journal import Entry, wsgi_headers
from mockserver.core.replay import ReplayStore, environ_keys, request_key
from mockserver.core.upstream import upstream_of
from mockserver.core.vendor import Problem, Vendor, WSGIApp

if TYPE_CHECKING:
    from mockserver.app import MockServer

log = logging.getLogger("mockserver")

ADMIN_PREFIX = "/_mock"
DASHBOARD = ADMIN_PREFIX + "/ui/"
#: the body length a ``reset`` fault promises and never sends
RESET_PROMISED_BYTES = 4096
FAULT_HEADER = "HTTP_X_MOCK_FAULT"
#: set by the WSGI server when it refused the body as too large before the application saw it
#: (``mockserver.httpd.waitress_server``): the gateway then answers the vendor's own 413
BODY_TOO_LARGE_ENVIRON_KEY = "mockserver.body_too_large"


class Mount:
    """A vendor and its WSGI application, built on first use: compiling a vendor's URL map and
    importing its modules costs tens of milliseconds, which start-up should not wait for."""

    def __init__(self, vendor: Vendor) -> None:
        self.vendor = vendor
        #: the environ keys of the headers the vendor's replayable answers depend on
        self.replay_keys = environ_keys(vendor.replay_headers)
        self._app: WSGIApp | None = None
        self._lock = threading.Lock()

    @property
    def app(self) -> WSGIApp:
        if self._app is None:
            with self._lock:
                if self._app is None:
                    self._app = self.vendor.create_wsgi_app()
        return self._app


class Captured:
    """A complete response from a WSGI app, held so it can be journalled and altered."""

    def __init__(self) -> None:
        self.status = "500 INTERNAL SERVER ERROR"
        self.headers: list[tuple[str, str]] = []

    def start_response(self, status: str, headers: list, exc_info=None) -> Callable:
        self.status, self.headers = status, list(headers)
        return lambda _data: None

    @property
    def code(self) -> int:
        return int(self.status.split(" ", 1)[0])


class Exchange:
    """One vendor request on its way through the gateway's chain: what each step found."""

    __slots__ = (
        "answer",
        "body",
        "captured",
        "context",
        "entry",
        "environ",
        "fault",
        "full_path",
        "method",
        "mount",
        "problem",
        "replay_key",
        "reset",
        "revision",
        "started",
        "vendor_path",
    )  # fmt: skip

    def __init__(self, mount: Mount, environ: dict) -> None:
        self.mount = mount
        self.environ = environ
        self.started = time.perf_counter()
        self.method: str = environ.get("REQUEST_METHOD", "GET")
        self.vendor_path: str = environ.get("PATH_INFO", "/")
        self.full_path: str = environ.get("SCRIPT_NAME", "") + self.vendor_path
        self.entry: Entry
        self.body = b""
        #: a failure found before the vendor runs, rendered by ``_refuse``
        self.problem: Problem | None = None
        self.fault: Fault | None = None
        self.captured = Captured()
        #: the answer's body, once a step has answered
        self.answer: bytes | None = None
        #: a ``reset`` fault: the connection is dropped instead of answered
        self.reset = False
        self.replay_key: tuple | None = None
        self.revision: int | None = None
        #: the vendor chain's context, made early when the upstream's question needs one
        self.context: pipeline.RequestContext | None = None


def _drain(iterable: Iterable[bytes]) -> bytes:
    try:
        return b"".join(iterable)
    finally:
        close = getattr(iterable, "close", None)
        if close is not None:
            close()


class Gateway:
    def __init__(self, server: MockServer, admin: WSGIApp, mounts: dict[str, Mount]) -> None:
        self.server = server
        self.admin = admin
        self.mounts = mounts
        self._by_host = {host: m for m in mounts.values() for host in m.vendor.hostnames}
        self._by_prefix = sorted(mounts.values(), key=lambda m: -len(m.vendor.prefix))
        self.replay = ReplayStore(server.tenants) if server.config.replay else None
        #: set once the first request has been answered (deferred warm-up waits for it)
        self.answered = threading.Event()
        style = server.config.access_log
        self.access_log = AccessLog(style) if style else None
        self.upstream = upstream_of(server.config)
        #: the steps every vendor request runs, in the docstring's order, until one answers
        self.chain: tuple[Callable[[Exchange], None], ...] = (
            self._journal_start,
            self._due_timers,
            self._body_limit,
            self._faults,
            self._strict_check,
            self._refuse,
            self._forward,
            self._replay,
            self._vendor,
        )

    # -- dispatch ----------------------------------------------------------------------------------
    def resolve(self, environ: dict) -> Mount | None:
        """Find the vendor; for prefix mounts, move the prefix from PATH_INFO to SCRIPT_NAME."""
        path = environ.get("PATH_INFO", "") or "/"
        host = environ.get("HTTP_HOST", "").rsplit(":", 1)[0].lower()
        by_host = self._by_host.get(host)
        if by_host is not None:
            return by_host
        for mount in self._by_prefix:
            prefix = mount.vendor.prefix
            if path == prefix or path.startswith(prefix + "/"):
                environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + prefix
                environ["PATH_INFO"] = path[len(prefix) :] or "/"
                return mount
        return None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            path = environ.get("PATH_INFO", "") or "/"
            if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
                return self._unjournalled(self.admin, environ, start_response)
            mount = self.resolve(environ)
            if mount is None:
                return self._unjournalled(self._no_vendor, environ, start_response)
            return self._serve(mount, environ, start_response)
        finally:
            if not self.answered.is_set():
                self.answered.set()

    def _unjournalled(self, app: WSGIApp, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """Admin and unknown paths: not journalled, but in the access log when it is on. Logged
        when the status is sent, so a streamed answer is logged when it starts."""
        access_log = self.access_log
        if access_log is None:
            return app(environ, start_response)
        started = time.perf_counter()

        def logged(status: str, headers: list, exc_info: object = None) -> Callable:
            method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
            access_log.write(None, None, method, path, int(status[:3]), _ms(started))
            return start_response(status, headers, exc_info)

        return app(environ, logged)

    def _no_vendor(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if _browser_at_root(environ):
            return Response(status=302, headers={"Location": DASHBOARD})(environ, start_response)
        vendors = {m.vendor.name: m.vendor.prefix + m.vendor.base_path for m in self.mounts.values()}
        response = json_response(
            {"error": "no vendor at this path", "vendors": vendors, "admin": ADMIN_PREFIX}, 404
        )
        return response(environ, start_response)

    # -- the pipeline ------------------------------------------------------------------------------
    def _serve(self, mount: Mount, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """Run the chain (``CHAIN``) until a step answers, then journal the answer."""
        exchange = Exchange(mount, environ)
        for step in self.chain:
            step(exchange)
            if exchange.answer is not None or exchange.reset:
                break
        return self._journal_finish(exchange, start_response)

    def _journal_start(self, exchange: Exchange) -> None:
        server, environ = self.server, exchange.environ
        exchange.entry = server.journal.start(
            server.clock.time(),
            exchange.mount.vendor.name,
            exchange.method,
            exchange.full_path,
            environ.get("QUERY_STRING", ""),
            exchange.vendor_path,
        )

    def _due_timers(self, _exchange: Exchange) -> None:
        self.server.clock.run_due()

    def _body_limit(self, exchange: Exchange) -> None:
        """Buffer the body (journalled); over the limit it is a 413, unless a fault header is
        malformed (the next step's 400 wins)."""
        exchange.body, too_large = self._read_body(exchange.environ)
        self.server.journal.request(exchange.entry, wsgi_headers(exchange.environ), exchange.body)
        if too_large:
            exchange.problem = Problem(413, "Request body too large", "too_large")

    def _faults(self, exchange: Exchange) -> None:
        """``X-Mock-Fault`` or the first matching fault rule: a delay, then a status answer or a
        dropped connection (a malformed body is cut at ``_journal_finish``)."""
        header = exchange.environ.get(FAULT_HEADER)
        try:
            fault = exchange.fault = (
                parse_header(header)
                if header
                else self.server.faults.pick(
                    exchange.mount.vendor.name, exchange.method, (exchange.vendor_path, exchange.full_path)
                )
            )
        except FaultError as exc:
            exchange.problem = Problem(400, str(exc), "fault")
            return
        if fault is None:
            return
        if fault.delay_ms:
            time.sleep(fault.delay_ms / 1000)
        if exchange.problem is None and fault.kind == "status":
            exchange.answer = self._fault_response(exchange.mount.vendor, fault, exchange)
        elif exchange.problem is None and fault.kind == "reset":
            exchange.reset = True

    def _strict_check(self, exchange: Exchange) -> None:
        if exchange.problem is not None or not self.server.config.strict:
            return
        violations = self.server.contracts.check_request(
            exchange.mount.vendor.name, exchange.environ, exchange.body
        )
        exchange.entry.violations = violations
        if violations and self.server.config.strict_reject:
            exchange.problem = Problem(400, violations[0]["message"], "contract")

    def _refuse(self, exchange: Exchange) -> None:
        """A problem an earlier step found, in the vendor's own shape."""
        if exchange.problem is not None:
            exchange.answer = _problem(exchange.mount.vendor, exchange.problem, exchange)

    def _replay(self, exchange: Exchange) -> None:
        """The kept answer to the same read, while what it was rendered from is unchanged."""
        replay, mount = self.replay, exchange.mount
        if replay is None:
            return
        question = exchange.body if mount.vendor.replay_bodies else None
        exchange.replay_key = key = request_key(exchange.environ, mount.replay_keys, question)
        if key is None:
            return
        kept = replay.answer(key)
        if kept is None:
            exchange.revision = replay.revision
            return
        exchange.entry.tenant = kept.basis.tenant.id
        exchange.captured.status, exchange.captured.headers = kept.status, list(kept.headers)
        exchange.entry.replayed = True
        exchange.answer = kept.body

    def _vendor(self, exchange: Exchange) -> None:
        """The vendor's application, in a pipeline context (``core.pipeline``); an answer it
        declared replayable is kept."""
        mount, captured, key = exchange.mount, exchange.captured, exchange.replay_key
        with pipeline.serving(mount.vendor, exchange.context) as context:
            try:
                answer = _drain(mount.app(exchange.environ, captured.start_response))
            except Exception:
                log.exception("vendor %s crashed", mount.vendor.name)
                answer = _problem(mount.vendor, Problem(500, "Internal server error", "internal"), exchange)
                key = None
            exchange.entry.tenant = context.tenant.id if context.tenant is not None else None
            if key is not None and self.replay is not None and context.basis is not None:
                self.replay.keep(
                    key, context.basis, exchange.revision, captured.status, captured.headers, answer
                )
        exchange.answer = answer

    def _journal_finish(self, exchange: Exchange, start_response: Callable) -> Iterable[bytes]:
        entry = exchange.entry
        if exchange.reset:
            entry.status, entry.duration_ms, entry.reset = 0, _ms(exchange.started), True
            self._log(entry)
            return _reset(start_response)
        body = exchange.answer or b""
        if exchange.fault is not None and exchange.fault.kind == "malformed":
            body = _mangle(body)
        captured = exchange.captured
        captured.headers = [(k, v) for k, v in captured.headers if k.lower() != "content-length"]
        captured.headers.append(("Content-Length", str(len(body))))
        entry.status = captured.code
        entry.duration_ms = _ms(exchange.started)
        self.server.journal.response(entry, captured.headers, body)
        self._log(entry)
        start_response(captured.status, captured.headers)
        return [body]

    def _log(self, entry: Entry) -> None:
        if self.access_log is not None:
            self.access_log.entry(entry)

    def _read_body(self, environ: dict) -> tuple[bytes, bool]:
        """The whole body, buffered so the journal, the contract check and the app all see it.
        Bodies over the limit are not read past the limit."""
        limit = self.server.config.max_body_bytes
        if environ.get(BODY_TOO_LARGE_ENVIRON_KEY):
            environ["CONTENT_LENGTH"] = "0"
            environ.pop("HTTP_TRANSFER_ENCODING", None)
            return b"", True
        stream = environ.get("wsgi.input")
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            environ["wsgi.input"] = io.BytesIO(b"")
            environ["CONTENT_LENGTH"] = "0"
            return b"", True
        chunked = environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked"
        if stream is None or (declared <= 0 and not chunked):
            body = b""
        else:
            body = stream.read(declared if declared > 0 else limit + 1)
        if len(body) > limit:
            environ["wsgi.input"] = io.BytesIO(b"")
            environ["CONTENT_LENGTH"] = "0"
            return b"", True
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return body, False

    def _forward(self, exchange: Exchange) -> None:
        """The upstream's answer when the request's credentials are no tenant's and the vendor has
        an ``--upstream`` (``core.upstream``), recorded with ``--record``; never kept for replay."""
        upstream, vendor, environ = self.upstream, exchange.mount.vendor, exchange.environ
        if upstream is None:
            return
        exchange.context = pipeline.RequestContext(vendor)
        if not upstream.wants(vendor, environ, exchange.context):
            return
        forwarded = upstream.forward(vendor, environ, exchange.body, self.server.url)
        exchange.entry.upstream, exchange.entry.upstream_ms = True, forwarded.duration_ms
        if forwarded.problem is not None:
            exchange.answer = _problem(vendor, forwarded.problem, exchange)
            return
        exchange.captured.status, exchange.captured.headers = forwarded.status, forwarded.headers
        upstream.record(vendor.name, environ, exchange.body, forwarded, self.server.clock.time())
        exchange.answer = forwarded.body

    def _fault_response(self, vendor: Vendor, fault: Fault, exchange: Exchange) -> bytes:
        """A fault rule's status answer: the vendor's own error shape, or the rule's body, with the
        rule's headers in place of the answer's own of the same name."""
        status, captured = fault.status or 500, exchange.captured
        if fault.body is None:
            answer = _problem(vendor, Problem(status, "Injected fault", "fault"), exchange)
        else:
            if isinstance(fault.body, str):
                response = Response(fault.body, status=status, mimetype="text/plain")
            else:
                response = json_response(fault.body, status)
            answer = _drain(response(exchange.environ, captured.start_response))
        if fault.headers:
            names = {name.lower() for name in fault.headers}
            kept = [(k, v) for k, v in captured.headers if k.lower() not in names]
            captured.headers = kept + list(fault.headers.items())
        return answer


def _browser_at_root(environ: dict) -> bool:
    """A person opening the server's root in a browser (which names text/html in Accept, where an
    API client sends ``*/*`` or JSON) is sent to the dashboard; API clients keep the JSON answer."""
    accept = environ.get("HTTP_ACCEPT", "")
    return (
        environ.get("PATH_INFO", "") in ("", "/")
        and environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        and any(part.split(";", 1)[0].strip() == "text/html" for part in accept.split(","))
    )


def _problem(vendor: Vendor, problem: Problem, exchange: Exchange) -> bytes:
    """The vendor's rendering of a platform-detected problem; a plain JSON error if that fails,
    because the front door must answer whatever a vendor does."""
    environ, captured = exchange.environ, exchange.captured
    try:
        return _drain(vendor.problem_response(problem)(environ, captured.start_response))
    except Exception:
        log.exception("vendor %s could not render %s", vendor.name, problem)
        fallback = json_response({"error": problem.message}, problem.status)
        return _drain(fallback(environ, captured.start_response))


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def _mangle(body: bytes) -> bytes:
    """A body that no parser accepts: the real answer cut short (or a lone brace)."""
    return body[: len(body) // 2] if len(body) > 1 else b"{"


def _reset(start_response: Callable) -> Iterable[bytes]:
    """Promise a body and send none: the server closes the connection mid-response, which a
    client sees as a dropped connection (IncompleteRead / connection reset)."""
    start_response(
        "200 OK", [("Content-Length", str(RESET_PROMISED_BYTES)), ("Content-Type", "application/json")]
    )
    # an iterator, not a list: a server that takes a list as the whole answer (granian) would
    # correct the Content-Length; an iterator it streams, and ends the connection when it runs dry
    return iter(())
