"""Admin routes (under ``/_mock/tenants/<tenant_id>``): the mobile app's side of the status
machine, and the tenant's overview (the employees a client posted, counts per status).

    POST /_mock/tenants/{id}/werkbonapp/workorders/{row_id}/status
         {"status": "Opgehaald" | "Compleet" | "Afgehandeld", completion data...}
    GET  /_mock/tenants/{id}/werkbonapp
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from mockserver.admin.helpers import AdminError, admin_server, admin_tenant, json_object
from mockserver.vendors.werkbonapp import NAME

#: what the device may send with Compleet, besides the status
COMPLETION_TEXT = ("WorkFinished", "Signature", "SignatureUrl", "PdfUrl", "WordUrl", "WorkStatus", "Comment")
COMPLETION_ARRAYS = ("Workperiods", "Materials", "Photos", "Documents", "Forms")


def blueprint() -> Blueprint:
    bp = Blueprint("werkbonapp_admin", __name__)

    # The vendor's modules are imported inside the handlers: the admin application is built at
    # start-up, and importing the schemas there would delay the server's first answer.
    @bp.post("/werkbonapp/workorders/<row_id>/status")
    def set_status(tenant_id: str, row_id: str) -> Any:
        from mockserver.vendors.werkbonapp import workorders

        tenant = admin_tenant(tenant_id)
        body = json_object(required=True)
        target = body.get("status")
        if target not in workorders.STATUSES:
            raise AdminError(400, f"status must be one of {', '.join(workorders.STATUSES)}")
        completion = _completion(body)
        if completion and target != workorders.COMPLEET:
            raise AdminError(
                400, f"completion data ({', '.join(completion)}) only comes with status Compleet"
            )
        data = tenant.data(NAME)
        order = workorders.collection(data).get(row_id)
        if order is None:
            raise AdminError(404, f"no work order with row_id {row_id!r}")
        now = admin_server().clock.time()
        try:
            updated = workorders.transition(data, order, target, now, completion)
        except workorders.IllegalTransition as exc:
            raise AdminError(409, str(exc)) from None
        separator = "," if tenant.settings_for(NAME).get("decimal_separator") == "," else "."
        return workorders.render(updated, separator)

    @bp.get("/werkbonapp")
    def overview(tenant_id: str) -> Any:
        from mockserver.vendors.werkbonapp import masterdata, workorders
        from mockserver.vendors.werkbonapp.entities import BY_NAME, ENTITIES

        data = admin_tenant(tenant_id).data(NAME)
        by_status = dict.fromkeys(workorders.STATUSES, 0)
        for order in workorders.collection(data).all():
            by_status[order.get("status", workorders.KLAARGEZET)] += 1
        return {
            "employees": masterdata.listing(data, BY_NAME["employees"]),
            "workorders": by_status,
            "counts": {e.name: len(masterdata.collection(data, e)) for e in ENTITIES},
        }

    return bp


def _completion(body: dict[str, Any]) -> dict[str, Any]:
    from mockserver.vendors.werkbonapp.schemas import Refusal, as_text, load_materials, load_workperiods

    """The completion data of a Compleet, validated as the API validates the same fields."""
    unknown = set(body) - {"status", *COMPLETION_TEXT, *COMPLETION_ARRAYS}
    if unknown:
        raise AdminError(400, f"unknown fields: {', '.join(sorted(unknown))}")
    out: dict[str, Any] = {}
    for name in COMPLETION_TEXT:
        if name in body:
            text = as_text(body[name])
            if text is None:
                raise AdminError(400, f"{name} must be a string")
            out[name] = text
    if out.get("WorkFinished", "1") not in ("0", "1"):
        raise AdminError(400, "WorkFinished must be '1' or '0'")
    for name in COMPLETION_ARRAYS:
        if name not in body:
            continue
        rows = body[name]
        # Documents are file names (the Blueprint's field table); the other arrays hold objects
        item = (dict, str) if name == "Documents" else dict
        if not isinstance(rows, list) or not all(isinstance(r, item) for r in rows):
            kind = "objects or file names" if name == "Documents" else "objects"
            raise AdminError(400, f"{name} must be an array of {kind}")
        try:
            if name == "Workperiods":
                rows = load_workperiods(rows)
            elif name == "Materials":
                rows = load_materials(rows)
        except Refusal as refusal:
            raise AdminError(400, f"{name}: {'; '.join(refusal.messages)}") from None
        out[name] = rows
    return out
