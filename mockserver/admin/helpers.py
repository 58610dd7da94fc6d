"""What vendor admin blueprints share: finding the tenant and answering like the rest of /_mock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app, g

from mockserver.admin.routes import AdminError, error, json_body, json_object, no_content

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.core.tenants import Tenant

__all__ = ["AdminError", "admin_tenant", "error", "json_body", "json_object", "no_content"]


def admin_server() -> MockServer:
    return current_app.extensions["mockserver.server"]


def admin_tenant(tenant_id: str) -> Tenant:
    """The tenant of an admin route, with its lock held until the request ends (404 if unknown)."""
    tenant = admin_server().tenants.get(tenant_id)
    if tenant is None:
        raise AdminError(404, f"no tenant {tenant_id!r}")
    if g.get("mockserver_tenant_lock") is None:
        tenant.lock.acquire()
        g.mockserver_tenant_lock = tenant.lock
    return tenant
