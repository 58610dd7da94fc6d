"""Robaws admin routes under ``/_mock/tenants/<tenant_id>``: the webhook delivery log (normative:
``GET .../webhooks/deliveries``) and resuming a suspended endpoint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint

from mockserver.admin.helpers import AdminError, admin_tenant
from mockserver.vendors.robaws import events

if TYPE_CHECKING:
    from mockserver.vendors.robaws import RobawsVendor


def blueprint(vendor: RobawsVendor) -> Blueprint:
    bp = Blueprint("robaws_admin", __name__)

    @bp.get("/webhooks/deliveries")
    def deliveries(tenant_id: str) -> Any:
        tenant = admin_tenant(tenant_id)
        return {"deliveries": events.delivery_log(tenant).entries()}

    @bp.post("/robaws/webhook-endpoints/<endpoint_id>/resume")
    def resume(tenant_id: str, endpoint_id: str) -> Any:
        tenant = admin_tenant(tenant_id)
        collection = events.endpoints(tenant.data(vendor.name))
        found = collection.find_by("uuid", endpoint_id)
        if found is None:
            raise AdminError(404, f"no webhook endpoint {endpoint_id!r}")
        events.delivery_log(tenant).resume(endpoint_id)
        stored = collection.update(found["id"], {"status": "ACTIVE"})
        assert stored is not None
        return {"id": endpoint_id, "status": stored["status"]}

    return bp
