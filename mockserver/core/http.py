"""Flask plumbing shared by the REST vendors: each vendor is its own Flask application, so its
routes are written in the vendor's real paths and every error, even a 404 from routing, is
rendered in the vendor's own shape.

Request-scoped helpers (``server()``, ``tenant()``, ``settings()``, ``replayable()``) read the
pipeline's context (``core.pipeline``), which the gateway creates and the steps fill in.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson
from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from mockserver.core import pipeline
from mockserver.core.dispatch import dispatch
from mockserver.core.dispatch import has_request as has_request  # re-exported for vendors
from mockserver.core.dispatch import request as request  # re-exported for vendors
from mockserver.core.replay import declare
from mockserver.core.store import is_storage_full
from mockserver.core.vendor import Problem

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.core.store import VendorData
    from mockserver.core.tenants import Tenant
    from mockserver.core.vendor import Vendor

log = logging.getLogger("mockserver")

#: what a vendor says when a write cannot be made durable (``core.store.StorageFull``)
STORAGE_FULL_MESSAGE = "Insufficient storage: the mock server's data directory is full"

_KINDS = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}


class VendorError(Exception):
    """Base of every vendor's errors: data (status, code, message) raised and rendered once.

    Subclasses implement ``response()`` in the vendor's envelope.
    """

    def response(self) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError


class VendorFlask(Flask):
    """A vendor's Flask application, declared with Flask's decorators and served by
    ``core.dispatch`` without Flask's per-request context; its view runs as the pipeline's
    ``handler`` step. Vendor code reads the request through ``core.http.request``."""

    def wsgi_app(self, environ: dict, start_response: Callable) -> Any:  # type: ignore[override]
        return dispatch(self, environ, start_response)


def vendor_flask_app(vendor: Vendor) -> Flask:
    """A Flask application for ``vendor``: every request its routes match (or that
    ``Vendor.needs_credentials`` names) passes the pipeline's steps (``core.pipeline``) before its
    handler, and every error, even a 404 from routing, is rendered in the vendor's own shape."""
    app = VendorFlask(f"mockserver.vendors.{vendor.name}")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.compact = True  # type: ignore[attr-defined]
    app.url_map.strict_slashes = False
    app.extensions["mockserver.vendor"] = vendor

    @app.errorhandler(VendorError)
    def _vendor_error(error: VendorError) -> Response:
        return error.response()

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        code = error.code or 500
        kind = _KINDS.get(code, "internal")
        response = vendor.problem_response(Problem(code, error.description or "", kind))
        if code == 405 and isinstance(getattr(error, "valid_methods", None), list):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _crash(error: Exception) -> Response:
        if is_storage_full(error):  # nothing of the write stayed (core.store): an answer, not a crash
            log.warning("%s: %s", vendor.name, error)
            return vendor.problem_response(Problem(507, STORAGE_FULL_MESSAGE, "storage_full"))
        log.exception("unhandled error in %s", vendor.name)
        return vendor.problem_response(Problem(500, "Internal server error", "internal"))

    @app.before_request
    def _enter() -> Response | None:
        if not vendor.needs_credentials(request):
            return None
        return pipeline.enter(context(), request)

    @app.after_request
    def _finish(response: Response) -> Response:
        found = pipeline.current()
        return pipeline.finish(found, response) if found is not None else response

    return app


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None, mimetype: str = "application/json"
) -> Response:
    """Compact UTF-8 JSON, keys in the order given: usable with or without a Flask context."""
    return Response(encode_json(body), status=status, headers=headers, mimetype=mimetype)


def encode_json(body: Any) -> bytes:
    """The bytes ``json_response`` sends, for answers that are cached already encoded.

    orjson writes the bytes of ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` for what
    vendors answer (strings, numbers, lists, objects) five to six times faster - encoding was
    up to a fifth of a computed read (``benchmarks/README.md``). What orjson refuses (an integer
    beyond 64 bits, a type it does not know) goes to the standard library, as before. The same
    numbers, spelled alike except a float in exponent form (``1e-5`` for ``1e-05``: below 0.0001 or
    from 1e16), and a NaN, which no vendor answers (``null`` for the invalid ``NaN``)."""
    try:
        return orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def current_vendor() -> Vendor:
    return context().vendor


def server() -> MockServer:
    return current_vendor().server


def context() -> pipeline.RequestContext:
    """The pipeline's context of the request being served (``core.pipeline``)."""
    found = pipeline.current()
    if found is None:
        raise RuntimeError("no vendor request is being served (the gateway creates the context)")
    return found


def tenant() -> Tenant:
    """The authenticated caller's tenant."""
    found = context().tenant
    assert found is not None, "the request was not authenticated"
    return found


def replayable(data: VendorData, valid: Callable[[], bool] | None = None) -> None:
    """Declare this answer a function of the request, the bound tenant's configuration and
    ``data`` alone, so the gateway may replay it while they stay the same and ``valid()`` (when
    given: a token still live) holds (``core.replay``). Call it before reading ``data``."""
    declare(context(), tenant(), data, valid)


def settings() -> dict[str, Any]:
    """The bound tenant's settings for the current vendor (cached by the tenant until a patch)."""
    return context().settings
