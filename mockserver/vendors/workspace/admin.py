"""Vendor admin routes under ``/_mock/tenants/<tenant_id>``: the outbox of quotations "sent" by
e-mail, so a test or a person can see what the mock would have mailed."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from mockserver.admin.helpers import admin_tenant, no_content
from mockserver.vendors.workspace import NAME
from mockserver.vendors.workspace.models import OUTBOX


def blueprint() -> Blueprint:
    routes = Blueprint("workspace_admin", __name__)

    @routes.get("/workspace/outbox")
    def outbox(tenant_id: str) -> Any:
        mails = admin_tenant(tenant_id).data(NAME).collection(OUTBOX).all()
        return {"outbox": mails}

    @routes.delete("/workspace/outbox")
    def clear_outbox(tenant_id: str) -> Any:
        admin_tenant(tenant_id).data(NAME).collection(OUTBOX).clear()
        return no_content()

    return routes
