"""A vendor's Flask application served without Flask's per-request context.

Each REST vendor is written as a Flask application: its routes, blueprints, converters, request
hooks and error handlers are declared with Flask's decorators, which is how a reader expects to
find them. Serving a request through Flask, though, pushes an application and a request context,
opens a session, binds a URL adapter from the environ and walks signals and teardown lists: about
a third of the Python a computed read costs (``benchmarks/README.md``), for machinery the vendors
never use. ``VendorFlask.wsgi_app`` (``core.http``) calls ``dispatch`` instead, which serves the
same declarations in the same order Flask does:

    match the URL -> before-request hooks (the pipeline's steps) -> the routing error, if any
        -> the view (the pipeline's handler step) -> after-request hooks -> the WSGI answer

with errors handed to the handler registered for the nearest class, the blueprint's first.

What a vendor gives up is Flask's globals: ``flask.request``, ``current_app``, ``g`` and
``session`` are unbound while a vendor request runs. Vendors read the request through
``core.http.request`` (bound here) and everything else through the pipeline's context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from flask import Request
from werkzeug.exceptions import HTTPException
from werkzeug.local import LocalProxy
from werkzeug.routing import MapAdapter, RequestRedirect, Rule
from werkzeug.wrappers import Response as WerkzeugResponse

from mockserver.core import pipeline

if TYPE_CHECKING:
    from flask import Flask

_REQUEST: ContextVar[Request] = ContextVar("mockserver_vendor_request")

#: the request a vendor's view is answering (unbound outside one)
request: Request = LocalProxy(_REQUEST)  # type: ignore[assignment]

#: URL adapters kept per (host, script name, scheme): binding one costs more than matching, and a
#: server sees few hosts. Bounded, since the Host header is the client's to choose.
_ADAPTERS_MAX = 64
#: matched (path, method) pairs kept per application (``_match``); bounded like the adapters
_MATCHES_MAX = 4096
#: longer paths are matched every time: the cache stays small (a megabyte or so) whatever comes
_MATCHED_PATH_MAX = 256


def has_request() -> bool:
    """Whether a vendor request is being served on this thread (``flask.has_request_context``)."""
    return _REQUEST.get(None) is not None


def dispatch(app: Flask, environ: dict, start_response: Callable) -> Iterable[bytes]:
    """Serve ``environ`` with ``app``'s declarations, the request bound to ``request``."""
    incoming = app.request_class(environ)
    incoming.json_module = app.json  # type: ignore[attr-defined]
    token = _REQUEST.set(incoming)
    try:
        return _answer(app, incoming)(environ, start_response)
    finally:
        _REQUEST.reset(token)


def _answer(app: Flask, incoming: Request) -> WerkzeugResponse:
    try:
        response = _dispatch(app, incoming)
    except Exception as error:  # handed to the registered handler, as Flask does
        response = _handled(app, incoming, error)
    for name in (*incoming.blueprints, None):
        for hook in reversed(app.after_request_funcs.get(name, ())):
            response = hook(response)
    return response


def _dispatch(app: Flask, incoming: Request) -> WerkzeugResponse:
    routing_error: HTTPException | None = None
    try:
        incoming.url_rule, incoming.view_args = _match(app, incoming)  # type: ignore[misc]
    except HTTPException as error:
        routing_error = error
    for name in (None, *reversed(incoming.blueprints)):
        for hook in app.before_request_funcs.get(name, ()):
            early = hook()
            if early is not None:
                return response_of(app, early)
    if routing_error is not None:
        raise routing_error
    rule = incoming.url_rule
    assert rule is not None
    if incoming.method == "OPTIONS" and getattr(rule, "provide_automatic_options", False):
        answer = app.response_class()
        answer.allow.update(_adapter(app, incoming.environ).allowed_methods(_path_info(incoming.environ)))
        return answer
    context = pipeline.current()
    if context is not None:
        pipeline.handler(context)
    return response_of(app, app.view_functions[rule.endpoint](**(incoming.view_args or {})))


def _handled(app: Flask, incoming: Request, error: Exception) -> WerkzeugResponse:
    """The answer of the handler registered for ``error`` (the blueprint's before the app's, the
    nearest class first); a redirect of the URL map is its own answer, as in Flask."""
    if isinstance(error, RequestRedirect):
        return error.get_response(incoming.environ)
    handler = _handler_for(app, incoming, error)
    if handler is None:
        raise error
    return response_of(app, handler(error))


def _handler_for(app: Flask, incoming: Request, error: Exception) -> Callable[[Any], Any] | None:
    code = error.code if isinstance(error, HTTPException) else None
    for registered_code in (code, None) if code is not None else (None,):
        for name in (*incoming.blueprints, None):
            handlers = app.error_handler_spec.get(name, {}).get(registered_code)
            if not handlers:
                continue
            for cls in type(error).__mro__:
                if cls in handlers:
                    return handlers[cls]
    return None


def response_of(app: Flask, value: Any) -> WerkzeugResponse:
    """A view's return value as a response (a Werkzeug response as it is; the rest as Flask's
    ``make_response`` makes it)."""
    if isinstance(value, WerkzeugResponse):
        return value
    return app.make_response(value)


def _match(app: Flask, incoming: Request) -> tuple[Rule, dict[str, Any]]:
    """The rule and arguments of the request's path and method. A match depends on nothing else
    (no host or subdomain rules), so it is kept: a suite asks the same paths again and again,
    and Werkzeug's matcher walks its state machine every time. Errors (404, 405, a redirect,
    whose URL holds the host) and long paths are not kept."""
    environ = incoming.environ
    path = _path_info(environ)
    key = (path, incoming.method, _upgrades_to_websocket(environ))
    matches: dict = app.extensions.setdefault("mockserver.matches", {})
    found = matches.get(key)
    if found is None:
        found = _adapter(app, environ).match(
            path, incoming.method, return_rule=True, query_args=environ.get("QUERY_STRING", "")
        )
        if len(path) <= _MATCHED_PATH_MAX:
            if len(matches) >= _MATCHES_MAX:
                matches.clear()
            matches[key] = found
    rule, arguments = found
    return rule, dict(arguments)


def _adapter(app: Flask, environ: dict) -> MapAdapter:
    key = (
        environ.get("HTTP_HOST"),
        environ.get("SERVER_NAME"),
        environ.get("SCRIPT_NAME"),
        environ.get("wsgi.url_scheme"),
        _upgrades_to_websocket(environ),
    )
    cache: dict = app.extensions.setdefault("mockserver.adapters", {})
    adapter = cache.get(key)
    if adapter is None:
        if len(cache) >= _ADAPTERS_MAX:
            cache.clear()
        adapter = cache[key] = app.url_map.bind_to_environ(environ, server_name=None, subdomain="")
    return adapter


def _upgrades_to_websocket(environ: dict) -> bool:
    """Whether Werkzeug binds the request as a websocket (its routes then refuse it)."""
    connection = environ.get("HTTP_CONNECTION", "").lower()
    upgrade = any(part.strip() == "upgrade" for part in connection.split(","))
    return upgrade and environ.get("HTTP_UPGRADE", "").lower() == "websocket"


def _path_info(environ: dict) -> str:
    """``PATH_INFO`` as Werkzeug matches it: the WSGI string's bytes read as UTF-8."""
    return environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
