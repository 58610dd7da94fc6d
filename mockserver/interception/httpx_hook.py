"""httpx, sync and async: vendor hostnames reach the mock through a transport of our own.

The seam is httpx's public transport API: ``HTTPTransport.handle_request`` and
``AsyncHTTPTransport.handle_async_request``, which every ``httpx.Client`` / ``AsyncClient`` (and the
top-level ``httpx.get``) calls, mounts and proxies included. A request to a vendor hostname is sent,
with its ``Host`` header unchanged, to the mock's loopback port by a transport that trusts the local
CA, and the TLS name checked is the vendor's (httpcore's ``sni_hostname`` extension). The response
keeps the original request, so the client sees ``https://app.robaws.com/...`` throughout. Any other
host goes to the client's own transport untouched (or is refused under ``strict_hosts``).
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from typing import Any

from mockserver.interception import routes

_saved: dict[str, Any] = {}
_lock = threading.Lock()
#: our transports, per route (sync) and per route and event loop (async: connections are loop-bound)
_sync: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_async: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _rerouted(route: routes.Route, request: Any) -> Any:
    import httpx

    url = request.url
    tls = url.scheme == "https" and route.tls_port is not None
    target = url.copy_with(
        scheme="https" if tls else "http", host=route.host, port=route.port_for(url.port, tls=tls)
    )
    extensions = dict(request.extensions)
    if tls:
        extensions["sni_hostname"] = url.host
    return httpx.Request(
        request.method, target, headers=request.headers, stream=request.stream, extensions=extensions
    )


def _sync_transport(route: routes.Route) -> Any:
    import httpx

    with _lock:
        transport = _sync.get(route)
        if transport is None:
            transport = _sync[route] = httpx.HTTPTransport(verify=route.ssl_context or True)
        return transport


def _async_transport(route: routes.Route) -> Any:
    import httpx

    loop = asyncio.get_running_loop()
    with _lock:
        per_loop = _async.setdefault(route, weakref.WeakKeyDictionary())
        transport = per_loop.get(loop)
        if transport is None:
            transport = per_loop[loop] = httpx.AsyncHTTPTransport(verify=route.ssl_context or True)
        return transport


def _refused(request: Any, error: routes.HostRefused) -> Any:
    import httpx

    return httpx.ConnectError(str(error), request=request)


def _handle_request(self: Any, request: Any) -> Any:
    try:
        route = routes.lookup(request.url.host, request.url.port)
    except routes.HostRefused as error:
        raise _refused(request, error) from None
    if route is None:
        return _saved["sync"](self, request)
    return _saved["sync"](_sync_transport(route), _rerouted(route, request))


async def _handle_async_request(self: Any, request: Any) -> Any:
    try:
        route = routes.lookup(request.url.host, request.url.port)
    except routes.HostRefused as error:
        raise _refused(request, error) from None
    if route is None:
        return await _saved["async"](self, request)
    return await _saved["async"](_async_transport(route), _rerouted(route, request))


def install() -> None:
    try:
        import httpx
    except ImportError:  # pragma: no cover - httpx is not installed: nothing to steer
        return
    _saved["sync"] = httpx.HTTPTransport.handle_request
    _saved["async"] = httpx.AsyncHTTPTransport.handle_async_request
    httpx.HTTPTransport.handle_request = _handle_request
    httpx.AsyncHTTPTransport.handle_async_request = _handle_async_request


def uninstall() -> None:
    if not _saved:
        return
    import httpx

    httpx.HTTPTransport.handle_request = _saved.pop("sync")
    httpx.AsyncHTTPTransport.handle_async_request = _saved.pop("async")
    with _lock:
        for transport in list(_sync.values()):
            transport.close()
        _sync.clear()
        _async.clear()


routes.register(install, uninstall)
