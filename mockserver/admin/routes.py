"""The admin app: ``/_mock`` JSON in and out; every refusal is ``{"error": "<why>"}`` with a 4xx
status, never a crash.

The routes live in topic modules (``mockserver.admin.topics``: tenants, clock, journal, faults,
contracts), each one ``Blueprint``. To add a topic, write ``topics/<name>.py`` with a
``blueprint`` and add it to ``TOPICS`` below - one line. Vendors add their own admin routes
(device simulation, webhook deliveries, key regeneration) through ``Vendor.admin_blueprint``,
mounted under ``/_mock/tenants/<tenant_id>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, Response, redirect, request
from werkzeug.exceptions import HTTPException

from mockserver.admin import access
from mockserver.admin.common import AdminError, error, release_tenant_lock
from mockserver.admin.guard import AdminGuard
from mockserver.admin.topics import clock, contracts, faults, journal, snapshots, tenants, verification
from mockserver.admin.ui import create_blueprint
from mockserver.core.clock import ClockRangeError
from mockserver.core.faults import FaultError
from mockserver.core.store import is_storage_full
from mockserver.core.tenants import TenantError

if TYPE_CHECKING:
    from mockserver.app import MockServer

#: the admin API's topic modules, registered in this order: one line per topic
TOPICS: tuple[Blueprint, ...] = (
    tenants.blueprint,
    clock.blueprint,
    journal.blueprint,
    faults.blueprint,
    contracts.blueprint,
    verification.blueprint,
    snapshots.blueprint,
)

#: refusals the admin API answers as ``{"error": message}``: their ``status`` (400 when they have
#: none) and their ``message`` (or their text)
REFUSALS: tuple[type[Exception], ...] = (AdminError, TenantError, FaultError, ClockRangeError)


def refusal(exc: Exception) -> Response:
    """The one rendering of every refused admin call."""
    return error(getattr(exc, "status", 400), getattr(exc, "message", None) or str(exc))


def create_admin_app(server: MockServer) -> Flask:
    app = Flask("mockserver.admin")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.url_map.strict_slashes = False
    app.extensions["mockserver.server"] = server
    for kind in REFUSALS:
        app.register_error_handler(kind, refusal)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        return error(exc.code or 500, exc.description or exc.name)

    @app.errorhandler(Exception)
    def _crash(exc: Exception) -> Response:
        if is_storage_full(exc):  # nothing of the write stayed (core.store): an answer, not a crash
            return error(507, "the data directory is full")
        app.logger.exception("admin error")
        return error(500, f"internal error: {type(exc).__name__}")

    app.teardown_request(release_tenant_lock)

    @app.before_request
    def _require_admin_token() -> Response | None:
        return access.guard(request, server.config.admin_token)

    for topic in TOPICS:
        app.register_blueprint(topic)
    _dashboard(app, server)
    for vendor in server.vendors.values():
        blueprint = vendor.admin_blueprint()
        if blueprint is not None:
            app.register_blueprint(blueprint, url_prefix="/_mock/tenants/<tenant_id>")
    # the admin's own clients only: Host, Origin, content type, CSRF token, body size (guard.py)
    app.wsgi_app = AdminGuard(app.wsgi_app, server)  # type: ignore[method-assign]
    return app


def _dashboard(app: Flask, server: MockServer) -> None:
    app.register_blueprint(create_blueprint(server), url_prefix="/_mock/ui")

    @app.get("/_mock/")
    def to_dashboard() -> Any:
        return redirect(access.DASHBOARD, 302)
