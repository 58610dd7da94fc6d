"""Admin routes: tenants, settings, clock, journal, violations, faults, contracts, reset.

JSON in and out; every refusal is ``{"error": "<why>"}`` with a 4xx status, never a crash.
Vendors add their own admin routes (device simulation, webhook deliveries, key regeneration)
through ``Vendor.admin_blueprint``, mounted under ``/_mock/tenants/<tenant_id>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Flask, Response, redirect, request
from werkzeug.exceptions import HTTPException

from mockserver.admin import access
from mockserver.admin.common import AdminError, error, json_body, json_object, no_content, release_tenant_lock
from mockserver.admin.ui import create_blueprint
from mockserver.core.clock import ClockRangeError, parse_iso
from mockserver.core.faults import FaultError
from mockserver.core.tenants import TenantError

if TYPE_CHECKING:
    from mockserver.app import MockServer


def create_admin_app(server: MockServer) -> Flask:
    app = Flask("mockserver.admin")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.url_map.strict_slashes = False
    app.extensions["mockserver.server"] = server
    tenants = server.tenants

    @app.errorhandler(AdminError)
    def _admin_error(exc: AdminError) -> Response:
        return error(exc.status, exc.message)

    @app.errorhandler(TenantError)
    def _tenant_error(exc: TenantError) -> Response:
        return error(exc.status, exc.message)

    @app.errorhandler(FaultError)
    def _fault_error(exc: FaultError) -> Response:
        return error(400, str(exc))

    @app.errorhandler(ClockRangeError)
    def _clock_range(exc: ClockRangeError) -> Response:
        return error(400, str(exc))

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        return error(exc.code or 500, exc.description or exc.name)

    @app.errorhandler(Exception)
    def _crash(exc: Exception) -> Response:
        app.logger.exception("admin error")
        return error(500, f"internal error: {type(exc).__name__}")

    app.teardown_request(release_tenant_lock)

    @app.before_request
    def _require_admin_token() -> Response | None:
        return access.guard(request, server.config.admin_token)

    def server_url() -> str:
        return request.host_url.rstrip("/")

    # -- health ------------------------------------------------------------------------------------
    @app.get("/_mock/health")
    def health() -> Any:
        return {"status": "ok", "version": server.version, "vendors": list(server.vendors)}

    # -- tenants -----------------------------------------------------------------------------------
    @app.post("/_mock/tenants")
    def create_tenant() -> Any:
        body = json_object()
        unknown = set(body) - {"name", "seed", "fixtures"}
        if unknown:
            raise AdminError(400, f"unknown fields: {', '.join(sorted(unknown))}")
        name, seed = body.get("name"), body.get("seed")
        if name is not None and (not isinstance(name, str) or not 0 < len(name) <= 200):
            raise AdminError(400, "name must be a string of 1 to 200 characters")
        if seed is not None and (
            not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**32
        ):
            raise AdminError(400, "seed must be an integer from 0 to 2**32-1")
        tenant = tenants.create(name=name, seed=seed, fixtures_mode=body.get("fixtures", "default"))
        return server.describe_tenant(tenant, server_url()), 201

    @app.get("/_mock/tenants")
    def list_tenants() -> Any:
        return {"tenants": [server.describe_tenant(t, server_url()) for t in tenants.all()]}

    @app.get("/_mock/tenants/<tenant_id>")
    def get_tenant(tenant_id: str) -> Any:
        return server.describe_tenant(tenants.require(tenant_id), server_url())

    @app.delete("/_mock/tenants/<tenant_id>")
    def delete_tenant(tenant_id: str) -> Any:
        tenants.delete(tenant_id)
        return no_content()

    @app.post("/_mock/tenants/<tenant_id>/reset")
    def reset_tenant(tenant_id: str) -> Any:
        tenants.reset(tenant_id)
        return no_content()

    @app.post("/_mock/reset")
    def reset_all() -> Any:
        server.reset()
        return no_content()

    # -- settings ----------------------------------------------------------------------------------
    def all_settings(tenant_id: str) -> dict[str, Any]:
        tenant = tenants.require(tenant_id)
        return {name: tenant.settings_for(name) for name in server.vendors}

    @app.get("/_mock/tenants/<tenant_id>/settings")
    def get_settings(tenant_id: str) -> Any:
        return all_settings(tenant_id)

    @app.patch("/_mock/tenants/<tenant_id>/settings")
    def patch_settings(tenant_id: str) -> Any:
        tenants.patch_settings(tenant_id, json_body(required=True))
        return all_settings(tenant_id)

    # -- clock -------------------------------------------------------------------------------------
    @app.get("/_mock/clock")
    def get_clock() -> Any:
        return server.clock.state()

    @app.put("/_mock/clock")
    def put_clock() -> Any:
        body = json_object()
        unknown = set(body) - {"now", "frozen"}
        if unknown:
            raise AdminError(400, f"unknown fields: {', '.join(sorted(unknown))}")
        now = body.get("now")
        frozen = body.get("frozen")
        if frozen is not None and not isinstance(frozen, bool):
            raise AdminError(400, "frozen must be a boolean")
        moment = None
        if now is not None:
            if not isinstance(now, str):
                raise AdminError(400, "now must be an ISO-8601 string")
            try:
                moment = parse_iso(now)
            except ValueError as exc:
                raise AdminError(400, f"now is not ISO-8601: {now!r}") from exc
        server.clock.set(moment, frozen)
        return server.clock.state()

    @app.post("/_mock/clock/advance")
    def advance_clock() -> Any:
        seconds = json_object(required=True).get("seconds")
        if (
            not isinstance(seconds, int | float)
            or isinstance(seconds, bool)
            or not 0 <= seconds <= 10 * 366 * 86400
        ):
            raise AdminError(400, "seconds must be a number from 0 to ten years")
        server.clock.advance(float(seconds))
        return server.clock.state()

    # -- journal and violations --------------------------------------------------------------------
    @app.get("/_mock/journal")
    def get_journal() -> Any:
        limit = request.args.get("limit")
        if limit is not None and (not limit.isdigit() or int(limit) > 1_000_000):
            raise AdminError(400, "limit must be a non-negative integer")
        since = request.args.get("since")
        try:
            entries = server.journal.entries(
                tenant=request.args.get("tenant"),
                vendor=request.args.get("vendor"),
                since=since,
                limit=int(limit) if limit is not None else None,
            )
        except ValueError as exc:
            raise AdminError(400, "since must be an entry id or an ISO-8601 time") from exc
        return {"entries": [e.as_json() for e in entries]}

    @app.delete("/_mock/journal")
    def clear_journal() -> Any:
        server.journal.clear()
        return no_content()

    @app.get("/_mock/violations")
    def get_violations() -> Any:
        return {
            "violations": server.journal.violations(
                tenant=request.args.get("tenant"), vendor=request.args.get("vendor")
            )
        }

    # -- faults ------------------------------------------------------------------------------------
    @app.get("/_mock/faults")
    def list_faults() -> Any:
        return {"faults": [r.as_json() for r in server.faults.list()]}

    @app.post("/_mock/faults")
    def add_fault() -> Any:
        return server.faults.add(json_body(required=True), list(server.vendors)).as_json(), 201

    @app.delete("/_mock/faults")
    def clear_faults() -> Any:
        server.faults.clear()
        return no_content()

    @app.delete("/_mock/faults/<rule_id>")
    def delete_fault(rule_id: str) -> Any:
        if not server.faults.remove(rule_id):
            raise AdminError(404, f"no fault rule {rule_id!r}")
        return no_content()

    # -- contracts ---------------------------------------------------------------------------------
    @app.get("/_mock/contracts")
    def list_contracts() -> Any:
        base = server_url()
        rows = []
        for name in server.contracts.names():
            path = server.contracts.file(name)
            assert path is not None
            rows.append(
                {
                    "name": name,
                    "format": "wsdl" if path.suffix == ".wsdl" else "openapi",
                    "file": path.name,
                    "url": f"{base}/_mock/contracts/{name}",
                }
            )
        return {"contracts": rows}

    @app.get("/_mock/contracts/<name>")
    def get_contract(name: str) -> Any:
        path = server.contracts.file(name)
        if path is None:
            raise AdminError(404, f"no contract {name!r}")
        if path.suffix == ".wsdl":
            return Response(path.read_bytes(), mimetype="text/xml")
        contract = server.contracts.get(name)
        assert contract is not None
        if request.args.get("format") == "json":
            return contract.document
        return Response(contract.text, mimetype="application/yaml")

    # -- the dashboard -----------------------------------------------------------------------------
    app.register_blueprint(create_blueprint(server), url_prefix="/_mock/ui")

    @app.get("/_mock/")
    def to_dashboard() -> Any:
        return redirect(access.DASHBOARD, 302)

    for vendor in server.vendors.values():
        blueprint = vendor.admin_blueprint()
        if blueprint is not None:
            app.register_blueprint(blueprint, url_prefix="/_mock/tenants/<tenant_id>")

    return app
