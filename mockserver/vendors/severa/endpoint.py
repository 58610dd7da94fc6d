"""The WSGI shim in front of the Spyne application: ``/webservice/S3/API.svc``.

It serves the WSDL (``?wsdl``, ``?singleWsdl``, ``/WSDL``), reads each SOAP request as WCF does
(``inbound``), passes it through the request pipeline (``core.pipeline``; the credential reader is
``auth``, the tenant's lock is held while Spyne runs the operation), and re-emits Spyne's answer in
WCF's shape. A request that carried a large body hands the memory its parse used back to the
operating system afterwards (``core.memory``).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterable
from html import escape
from typing import TYPE_CHECKING, Any

from mockserver.core import memory, pipeline, replay
from mockserver.core.csp import HTML_HEADERS
from mockserver.vendors.severa import BASE_PATH, envelope, inbound, serializer, wsdl
from mockserver.vendors.severa.auth import SoapFault
from mockserver.vendors.severa.envelope import FaultInfo
from mockserver.vendors.severa.operations import CALL_KEY, Call
from mockserver.vendors.severa.soap import PARSED_KEY
from mockserver.vendors.severa.spyne_runner import Runner

if TYPE_CHECKING:
    from mockserver.vendors.severa import SeveraVendor
    from mockserver.vendors.severa.soap import Soap

ENDPOINT = BASE_PATH
#: bodies at least this large are "large": at most ``LARGE_AT_ONCE`` of them are parsed and run at a
#: time (each costs its tree, up to ~25 MB at the element quota), and the memory their parse used is
#: handed back to the OS afterwards; small requests never wait for them
LARGE_BODY = 256 * 1024
LARGE_AT_ONCE = 2
_LARGE = threading.BoundedSemaphore(LARGE_AT_ONCE)
memory.map_large_allocations(LARGE_BODY)

_HELP_PAGE = (
    "<html><head><title>API Service</title></head><body><h1>API Service</h1>"
    "<p>You have created a service. To test this service, you will need to create a client and use it "
    "to call the service. You can do this using the svcutil.exe tool from the command line:</p>"
    "<pre>svcutil.exe {url}?wsdl</pre></body></html>"
)


class Endpoint:
    def __init__(self, vendor: SeveraVendor, soap: Soap) -> None:
        self.vendor = vendor
        self.soap = soap

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        method = environ.get("REQUEST_METHOD", "GET").upper()
        query = environ.get("QUERY_STRING", "").lower()
        if path.rstrip("/") == ENDPOINT:
            if method == "POST":
                return self._soap(environ, start_response)
            if method in ("GET", "HEAD"):
                if query.split("=")[0] in ("wsdl", "singlewsdl"):
                    return self._wsdl(environ, start_response)
                return self._help_page(environ, start_response)
            return self._problem(start_response, 405, f"Method {method} is not allowed on the service.")
        if path.lower() == f"{ENDPOINT}/wsdl".lower() and method in ("GET", "HEAD"):
            return self._wsdl(environ, start_response)
        return self._problem(start_response, 404, f"There is no service at {path}.")

    # -- WSDL --------------------------------------------------------------------------------------
    def _address(self, environ: dict) -> str:
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', 'localhost')}"
        scheme = environ.get("wsgi.url_scheme", "http")
        return f"{scheme}://{host}{environ.get('SCRIPT_NAME', '')}{ENDPOINT}"

    def _help_page(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """WCF's help page. Its address is built from the client's Host header, so it is escaped
        (a rebinding or hostile Host must not become markup) and the page carries the CSP."""
        body = _HELP_PAGE.format(url=escape(self._address(environ))).encode()
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=UTF-8"),
                ("Content-Length", str(len(body))),
                *HTML_HEADERS,
            ],
        )
        return [body]

    def _wsdl(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        document = wsdl.served(self.soap.get().wsdl_template, self._address(environ))
        return _answer(start_response, "200 OK", "text/xml; charset=UTF-8", document)

    # -- SOAP --------------------------------------------------------------------------------------
    def _soap(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        body = environ["wsgi.input"].read()
        if len(body) < LARGE_BODY:
            return self._operation(environ, start_response, body)
        with _LARGE:
            try:
                return self._operation(environ, start_response, body)
            finally:
                memory.release()

    def _operation(self, environ: dict, start_response: Callable, body: bytes) -> Iterable[bytes]:
        context = pipeline.current()
        assert context is not None, "the gateway serves every request in a pipeline context"
        try:
            request = _read(context, environ, body)
        except inbound.UnsupportedMediaType:
            return _answer(
                start_response, _unsupported_media_type(environ.get("CONTENT_TYPE", "")), None, b""
            )
        except inbound.Refused as refused:
            return self._fault(start_response, refused.info)
        try:
            pipeline.enter(context, request)
        except SoapFault as refused:
            return self._fault(start_response, refused.info)
        built = self.soap.get()
        inner = _spyne_environ(environ, inbound.spyne_document(request), request.operation.soap_action)
        call = inner[CALL_KEY] = Call(self.vendor, context.tenant, request.operation)
        pipeline.handler(context)
        if context.tenant is not None:
            # the answer is a function of the body (operation, arguments, key), the tenant's
            # configuration and its Severa data, unless the operation reads the clock; an
            # operation that writes outdates its own declaration by the write
            replay.declare(context, context.tenant, call.data)
        ran = Runner(built.wsgi).run(inner, request.element)
        if ran is None:  # what Spyne's deserialiser refuses: its WSGI path answers, with its fault
            ran = _spyne_path(built.wsgi, inner)
        if call.read_clock:
            replay.withdraw(context)
        pipeline.finish(context, None)
        document, is_fault = ran
        status = "500 Internal Server Error" if is_fault else "200 OK"
        return _answer(start_response, status, envelope.CONTENT_TYPE, document)

    def _fault(self, start_response: Callable, info: FaultInfo) -> Iterable[bytes]:
        return _answer(
            start_response, "500 Internal Server Error", envelope.CONTENT_TYPE, envelope.fault(info)
        )

    def _problem(self, start_response: Callable, status: int, message: str) -> Iterable[bytes]:
        from mockserver.core.vendor import Problem

        response = self.vendor.problem_response(Problem(status, message, "not_found"))
        start_response(response.status, list(response.headers.items()))
        return [response.get_data()]


def _read(context: pipeline.RequestContext, environ: dict, body: bytes) -> inbound.Inbound:
    """The SOAP call: the one the credential reader already read (or parsed) when the upstream
    passthrough asked whose the key is, else read here; the envelope is parsed once per request."""
    kept = context.parsed
    if isinstance(kept, inbound.Inbound):
        return kept
    return inbound.read(body, environ.get("CONTENT_TYPE", ""), environ.get("HTTP_SOAPACTION"), kept)


def _unsupported_media_type(content_type: str) -> str:
    """WCF's status line for a media type it does not take (the reason names both types)."""
    shown = "".join(c for c in content_type if c.isprintable())
    return (
        f"415 Cannot process the message because the content type '{shown}' was not the expected type "
        f"'{envelope.CONTENT_TYPE}'."
    )


def _answer(start_response: Callable, status: str, content_type: str | None, body: bytes) -> list[bytes]:
    headers = [("Content-Length", str(len(body)))]
    if content_type is not None:
        headers.insert(0, ("Content-Type", content_type))
    start_response(status, headers)
    return [body]


#: what Spyne is given of the request's environ: the server's own keys, none of the client's headers
#: but the host, so an answer cannot depend on a header the replay key does not hold
_SPYNE_KEYS = (
    "SERVER_NAME",
    "SERVER_PORT",
    "SERVER_PROTOCOL",
    "SCRIPT_NAME",
    "REMOTE_ADDR",
    "HTTP_HOST",
    "wsgi.url_scheme",
    "wsgi.errors",
    "wsgi.version",
    "wsgi.multithread",
    "wsgi.multiprocess",
    "wsgi.run_once",
)


def _spyne_environ(environ: dict, document: Any, action: str) -> dict[str, Any]:
    """The environ Spyne runs in: no body to read, the parsed envelope under ``PARSED_KEY``."""
    inner = {key: environ[key] for key in _SPYNE_KEYS if key in environ}
    inner.update(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/",
            "QUERY_STRING": "",
            "CONTENT_TYPE": envelope.CONTENT_TYPE,
            "CONTENT_LENGTH": "0",
            "HTTP_SOAPACTION": f'"{action}"',
            "wsgi.input": io.BytesIO(b""),
            PARSED_KEY: document,
        }
    )
    return inner


def _spyne_path(app: Callable, environ: dict) -> tuple[bytes, bool]:
    """The answer of Spyne's whole WSGI path, in WCF's shape, and whether it is a fault."""
    answer = _run(app, environ)
    if environ.get(serializer.WRITTEN_KEY):
        return answer, False  # already in WCF's shape
    return envelope.rewrite(answer)


def _run(app: Callable, environ: dict) -> bytes:
    def start_response(_status: str, _headers: list, _exc_info: Any = None) -> Callable:
        return lambda _data: None

    result = app(environ, start_response)
    try:
        return b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
