"""Vendor admin routes: ``POST /_mock/tenants/<tenant_id>/severa/api-key`` regenerates the tenant's
API key, as Severa's settings page does; the old key stops working at once."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from flask import Blueprint

from mockserver.admin.helpers import admin_server

if TYPE_CHECKING:
    from mockserver.vendors.severa import SeveraVendor


def blueprint(vendor: SeveraVendor) -> Blueprint:
    routes = Blueprint("severa_admin", __name__)

    @routes.post("/severa/api-key")
    def regenerate_api_key(tenant_id: str) -> Any:
        # no tenant lock here: the registry takes its own, and lock order must match tenant deletion
        key = secrets.token_hex(16)
        admin_server().tenants.replace_credential(tenant_id, vendor.name, "api_key", key)
        return {"api_key": key}

    return routes
