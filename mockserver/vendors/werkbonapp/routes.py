"""HTTP shape: ``/openapi/<version>/<Function>/`` with the trailing slash optional, checked in the
vendor's order: 1000 no endpoint, 1001 unknown version or function, 1002-1005 authentication,
1006 https; then the function's handler, whose payload goes into the envelope (HTTP 200 always).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Flask, Response

from mockserver.core.http import replayable as declare_replayable
from mockserver.core.http import request, server, settings, tenant, vendor_flask_app
from mockserver.vendors.werkbonapp import NAME, errors
from mockserver.vendors.werkbonapp.auth import require_https
from mockserver.vendors.werkbonapp.errors import WerkbonError, envelope
from mockserver.vendors.werkbonapp.functions import FUNCTIONS, Call, Handler, replayable
from mockserver.vendors.werkbonapp.versions import IMPLEMENTED, ApiVersion, implemented_list
from mockserver.vendors.werkbonapp.workorders import ReadForms

if TYPE_CHECKING:
    from mockserver.core.vendor import Vendor

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def create_app(vendor: Vendor) -> Flask:
    app = vendor_flask_app(vendor)

    @app.route("/", methods=METHODS)
    @app.route("/openapi", methods=METHODS)
    @app.route("/openapi/<version>", methods=METHODS)
    def no_endpoint(version: str | None = None) -> Response:
        raise WerkbonError(errors.NO_ENDPOINT, "No endpoint given")

    @app.route("/openapi/<version>/<path:function>", methods=METHODS)
    def call(version: str, function: str) -> Response:
        return dispatch(version, function)

    return app


def resolve(version_text: str, function_text: str, method: str) -> tuple[ApiVersion, Handler]:
    """The version and the function's handler, or the vendor's 1000 / 1001 - answered before any
    credential is looked at."""
    name = function_text.strip("/")
    if not name:
        raise WerkbonError(errors.NO_ENDPOINT, "No endpoint given")
    version = IMPLEMENTED.get(version_text)
    if version is None:
        raise WerkbonError(
            errors.UNKNOWN_ENDPOINT,
            f"Unknown API version: {version_text}. Implemented versions: {implemented_list()}",
        )
    handlers = FUNCTIONS.get(name.lower())
    if handlers is None or name.lower() in version.missing_functions:
        raise WerkbonError(errors.UNKNOWN_ENDPOINT, f"Unknown endpoint: {name}")
    handler = handlers.get(method)
    if handler is None:
        raise WerkbonError(errors.UNKNOWN_ENDPOINT, f"Unknown endpoint: {method} {name}")
    return version, handler


def needs_credentials(request: Any) -> bool:
    """A call of a function this version has: after 1000 and 1001, before the handler."""
    if request.endpoint != "call" or not request.view_args:
        return False
    resolve(request.view_args["version"], request.view_args["function"], request.method)
    return True


def dispatch(version_text: str, function_text: str) -> Response:
    version, handler = resolve(version_text, function_text, request.method)
    require_https()
    caller = tenant()
    forms = caller.runtime(NAME, "read_forms", ReadForms)
    context = Call(version, caller.data(NAME), request.args, settings(), server().clock.time(), forms)
    if request.method == "GET" and replayable(handler, context):
        declare_replayable(context.data)
    payload = handler(context)
    return envelope(errors.OK, [], payload, version.payload_key)
