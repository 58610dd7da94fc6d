"""HTTP shape: ``/openapi/<version>/<Function>/`` with the trailing slash optional, checked in the
vendor's order: 1000 no endpoint, 1001 unknown version or function, 1002-1005 authentication,
1006 https; then the function's handler, whose payload goes into the envelope (HTTP 200 always).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, Response, g, request

from mockserver.core.http import replayable as declare_replayable
from mockserver.core.http import server, settings, vendor_flask_app
from mockserver.vendors.werkbonapp import errors
from mockserver.vendors.werkbonapp.auth import authenticate
from mockserver.vendors.werkbonapp.errors import WerkbonError, envelope
from mockserver.vendors.werkbonapp.functions import FUNCTIONS, Call, replayable
from mockserver.vendors.werkbonapp.versions import IMPLEMENTED, implemented_list
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


def dispatch(version_text: str, function_text: str) -> Response:
    name = function_text.strip("/")
    if not name:
        raise WerkbonError(errors.NO_ENDPOINT, "No endpoint given")
    version = IMPLEMENTED.get(version_text)
    if version is None:
        raise WerkbonError(
            errors.UNKNOWN_ENDPOINT,
            f"Unknown API version: {version_text}. Implemented versions: {implemented_list()}",
        )
    g.werkbonapp_payload_key = version.payload_key
    handlers = FUNCTIONS.get(name.lower())
    if handlers is None or name.lower() in version.missing_functions:
        raise WerkbonError(errors.UNKNOWN_ENDPOINT, f"Unknown endpoint: {name}")
    handler = handlers.get(request.method)
    if handler is None:
        raise WerkbonError(errors.UNKNOWN_ENDPOINT, f"Unknown endpoint: {request.method} {name}")
    tenant = authenticate()
    forms = tenant.runtime("werkbonapp", "read_forms", ReadForms)
    context = Call(version, tenant.data("werkbonapp"), request.args, settings(), server().clock.time(), forms)
    if request.method == "GET" and replayable(handler, context):
        declare_replayable(context.data)
    payload = handler(context)
    return envelope(errors.OK, [], payload, version.payload_key)
