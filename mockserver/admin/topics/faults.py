"""Fault rules: list, add, clear, remove one."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from mockserver.admin.common import AdminError, admin_server, json_body, no_content

blueprint = Blueprint("admin_faults", __name__)


@blueprint.get("/_mock/faults")
def list_faults() -> Any:
    return {"faults": [r.as_json() for r in admin_server().faults.list()]}


@blueprint.post("/_mock/faults")
def add_fault() -> Any:
    server = admin_server()
    return server.faults.add(json_body(required=True), list(server.vendors)).as_json(), 201


@blueprint.delete("/_mock/faults")
def clear_faults() -> Any:
    admin_server().faults.clear()
    return no_content()


@blueprint.delete("/_mock/faults/<rule_id>")
def delete_fault(rule_id: str) -> Any:
    if not admin_server().faults.remove(rule_id):
        raise AdminError(404, f"no fault rule {rule_id!r}")
    return no_content()
