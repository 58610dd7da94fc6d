"""What vendor admin blueprints share: finding the tenant and answering like the rest of /_mock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

from mockserver.admin.routes import AdminError, error, json_body, json_object, no_content
from mockserver.core.http import bind_tenant

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.core.tenants import Tenant

__all__ = ["AdminError", "admin_tenant", "error", "json_body", "json_object", "no_content"]


def admin_server() -> MockServer:
    return current_app.extensions["mockserver.server"]


def admin_tenant(tenant_id: str) -> Tenant:
    """The tenant of an admin route, with its lock held until the request ends (404 if unknown)."""
    return bind_tenant(admin_server().tenants.require(tenant_id))
