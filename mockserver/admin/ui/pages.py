"""The dashboard's routes under ``/_mock/ui/``: server-rendered pages and two small fragments the
pages fetch (new journal rows, one entry's detail).

Pages only read. Their forms are sent by ``static/dashboard.js`` to the JSON admin API, so a
person meets exactly the validation and errors a test client meets (one behaviour, two faces).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, abort, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from mockserver.admin.guard import csrf_token
from mockserver.admin.ui import contract_docs, matcher_page, token_page, vendor_views, views
from mockserver.admin.ui.recipes import curl_lines
from mockserver.core.csp import CONTENT_SECURITY_POLICY, HTML_HEADERS
from mockserver.core.faults import KINDS

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.core.tenants import Tenant

__all__ = ["CONTENT_SECURITY_POLICY", "create_blueprint"]

#: every method a client may send: an unknown dashboard path answers the HTML 404 for each of them
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def create_blueprint(server: MockServer) -> Blueprint:
    bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static")
    _common(bp, server)
    token_page.register(bp, server)
    _tenant_pages(bp, server)
    _journal_pages(bp, server)
    _clock_page(bp, server)
    _contract_pages(bp, server)
    matcher_page.register(bp, server)

    @bp.route("/<path:unknown>", methods=ANY_METHOD)
    def unknown_page(unknown: str) -> Any:
        """The styled 404 (a path no other route matched would get the admin API's JSON one)."""
        abort(404, "There is no dashboard page at this address.")

    return bp


def server_url() -> str:
    return request.host_url.rstrip("/")


def tenant_or_404(server: MockServer, tenant_id: str) -> Tenant:
    tenant = server.tenants.get(tenant_id)
    if tenant is None:
        abort(404, f"no tenant {tenant_id!r}")
    return tenant


def _common(bp: Blueprint, server: MockServer) -> None:
    """Headers, the HTML error page and what every template may use."""

    @bp.after_request
    def _secure(response: Response) -> Response:
        for name, value in HTML_HEADERS:
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @bp.errorhandler(HTTPException)
    def _page_error(exc: HTTPException) -> Any:
        return render_template("error.html", code=exc.code, message=exc.description), exc.code or 500

    @bp.context_processor
    def _common() -> dict[str, Any]:
        return {
            "version": server.version,
            "vendors": server.vendors,
            "tenant_ids": views.tenant_choices(server),
            "token_required": bool(server.config.admin_token),
            "csrf_token": csrf_token(request),
            "vendor_name": vendor_views.display_name,
            "envelope_error": vendor_views.envelope_error,
        }


def _tenant_pages(bp: Blueprint, server: MockServer) -> None:
    """The overview, a tenant, its data browser, its work-order board and its webhooks."""
    started = time.time()

    @bp.get("/")
    def overview() -> Any:
        base = server_url()
        shown = views.tenant_page(server, request.args.get("page", "1"))
        tenants = [{"tenant": t, "counts": views.record_counts(server, t)} for t in shown.tenants]
        return render_template(
            "overview.html",
            uptime=int(time.time() - started),
            clock=server.clock.state(),
            base_urls={name: v.base_url(base) for name, v in server.vendors.items()},
            tenants=tenants,
            paging=shown,
        )

    @bp.get("/tenants/<tenant_id>")
    def tenant(tenant_id: str) -> Any:
        found = tenant_or_404(server, tenant_id)
        described = server.describe_tenant(found, server_url())
        with found.lock:
            settings = {name: found.settings_for(name) for name in server.vendors}
            collections = {name: views.collections(found, name) for name in server.vendors}
        return render_template(
            "tenant.html",
            t=described,
            curl={
                name: curl_lines(name, described["base_urls"][name], described["credentials"].get(name, {}))
                for name in server.vendors
            },
            settings=settings,
            collections=collections,
        )

    @bp.get("/tenants/<tenant_id>/data/<vendor>/<collection>")
    def records(tenant_id: str, vendor: str, collection: str) -> Any:
        found = tenant_or_404(server, tenant_id)
        if vendor not in server.vendors:
            abort(404, f"no vendor {vendor!r}")
        query = request.args.get("q", "")[:200]
        number = views.page_number(request.args.get("page", "1"))
        with found.lock:
            if collection not in found.data(vendor).collection_names():
                abort(404, f"no collection {collection!r}")
            page = views.record_page(found, vendor, collection, query, number)
        return render_template(
            "records.html", t=found, vendor=vendor, collection=collection, q=query, page=page
        )

    def vendor_page(tenant_id: str, vendor: str, view: Callable[[Any], dict], template: str) -> Any:
        """A page about one vendor's state of a tenant (404 when that vendor is not mounted)."""
        found = tenant_or_404(server, tenant_id)
        if vendor not in server.vendors:
            abort(404, f"{vendor} is not mounted")
        with found.lock:
            model = view(found)
        return render_template(template, t=found, **model)

    @bp.get("/tenants/<tenant_id>/board")
    def board(tenant_id: str) -> Any:
        return vendor_page(tenant_id, vendor_views.WERKBONAPP, vendor_views.board, "board.html")

    @bp.get("/tenants/<tenant_id>/webhooks")
    def webhooks(tenant_id: str) -> Any:
        return vendor_page(tenant_id, vendor_views.ROBAWS, vendor_views.webhooks, "webhooks.html")


def _journal_pages(bp: Blueprint, server: MockServer) -> None:
    """The journal page, the rows it polls for, and one entry's detail."""

    def journal_filter() -> views.JournalFilter:
        args = request.args
        status = args.get("status", "")
        return views.JournalFilter(
            tenant=args.get("tenant", "")[:100],
            vendor=args.get("vendor", "")[:100],
            status=status if status in views.STATUS_CLASSES else "",
            path=args.get("path", "")[:200],
        )

    @bp.get("/journal")
    def journal() -> Any:
        where = journal_filter()
        rows, cursor = views.journal_rows(server, where, None)
        return render_template(
            "journal.html", rows=rows, cursor=cursor, where=where, status_classes=views.STATUS_CLASSES
        )

    @bp.get("/journal/rows")
    def journal_more() -> Any:
        after = request.args.get("after", "")
        if not after.isdigit():
            abort(400, "after must be an entry id")
        rows, cursor = views.journal_rows(server, journal_filter(), int(after))
        response = make_response(render_template("_journal_rows.html", rows=rows))
        response.headers["X-Journal-Cursor"] = str(cursor)
        return response

    @bp.get("/journal/<int:entry_id>")
    def journal_entry(entry_id: int) -> Any:
        entry = views.journal_entry(server, entry_id)
        if entry is None:
            abort(404, f"entry {entry_id} is no longer in the journal")
        return render_template(
            "_journal_entry.html",
            e=entry.as_json(),
            failure=vendor_views.envelope_error(entry),
            pretty=views.pretty,
        )


def _clock_page(bp: Blueprint, server: MockServer) -> None:
    """The clock, the timers it will fire, and the fault rules."""

    @bp.get("/clock")
    def clock() -> Any:
        return render_template(
            "clock.html",
            clock=server.clock.state(),
            timers=views.timers(server),
            faults=[r.as_json() for r in server.faults.list()],
            kinds=KINDS,
        )


def _contract_pages(bp: Blueprint, server: MockServer) -> None:
    """The contract list, Swagger UI over an OpenAPI contract, Severa's WSDL operations."""

    @bp.get("/contracts")
    def contracts() -> Any:
        names = server.contracts.names()
        return render_template("contracts.html", names=names, files=server.contracts.file)

    @bp.get("/contracts/<name>")
    def contract(name: str) -> Any:
        path = server.contracts.file(name)
        if path is None:
            abort(404, f"no contract {name!r}")
        if path.suffix == ".wsdl":
            return render_template("wsdl.html", name=name, services=contract_docs.wsdl_operations(path))
        tenant_id = request.args.get("tenant", "demo")
        return render_template("swagger.html", name=name, tenant_id=tenant_id)

    @bp.get("/contracts/<name>/try-it.json")
    def contract_for_try_it(name: str) -> Any:
        contract = server.contracts.get(name)
        if contract is None:
            abort(404, f"no OpenAPI contract {name!r}")
        base = server_url()
        found = server.tenants.get(request.args.get("tenant", ""))
        vendor = server.vendors.get(name)
        creds = found.credentials.get(name, {}) if found is not None else {}
        url = vendor.base_url(base) if vendor is not None else base
        return {
            "spec": contract_docs.for_try_it(contract.document, url, creds),
            "authorize": contract_docs.authorizations(contract.document, name, creds, url),
        }
