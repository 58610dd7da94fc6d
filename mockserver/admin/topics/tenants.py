"""Health, tenants (create, list, show, delete, reset), their settings, and the server reset."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from mockserver.admin.common import AdminError, admin_server, json_body, json_object, no_content, server_url
from mockserver.admin.topics import snapshots

blueprint = Blueprint("admin_tenants", __name__)


@blueprint.get("/_mock/health")
def health() -> Any:
    server = admin_server()
    return {"status": "ok", "version": server.version, "vendors": list(server.vendors)}


@blueprint.post("/_mock/tenants")
def create_tenant() -> Any:
    body = json_object()
    unknown = set(body) - {"name", "seed", "fixtures", "snapshot"}
    if unknown:
        raise AdminError(400, f"unknown fields: {', '.join(sorted(unknown))}")
    name, seed = body.get("name"), body.get("seed")
    if name is not None and (not isinstance(name, str) or not 0 < len(name) <= 200):
        raise AdminError(400, "name must be a string of 1 to 200 characters")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**32):
        raise AdminError(400, "seed must be an integer from 0 to 2**32-1")
    server = admin_server()
    snapshot = snapshots.parsed(server, body["snapshot"]) if "snapshot" in body else None
    tenant = server.tenants.create(name=name, seed=seed, fixtures_mode=body.get("fixtures", "default"))
    if snapshot is not None:
        server.tenants.load_snapshot(tenant.id, snapshot)
    return server.describe_tenant(tenant, server_url()), 201


@blueprint.get("/_mock/tenants")
def list_tenants() -> Any:
    server = admin_server()
    return {"tenants": [server.describe_tenant(t, server_url()) for t in server.tenants.all()]}


@blueprint.get("/_mock/tenants/<tenant_id>")
def get_tenant(tenant_id: str) -> Any:
    server = admin_server()
    return server.describe_tenant(server.tenants.require(tenant_id), server_url())


@blueprint.delete("/_mock/tenants/<tenant_id>")
def delete_tenant(tenant_id: str) -> Any:
    admin_server().tenants.delete(tenant_id)
    return no_content()


@blueprint.post("/_mock/tenants/<tenant_id>/reset")
def reset_tenant(tenant_id: str) -> Any:
    admin_server().tenants.reset(tenant_id)
    return no_content()


@blueprint.post("/_mock/reset")
def reset_all() -> Any:
    admin_server().reset()
    return no_content()


def all_settings(tenant_id: str) -> dict[str, Any]:
    server = admin_server()
    tenant = server.tenants.require(tenant_id)
    return {name: tenant.settings_for(name) for name in server.vendors}


@blueprint.get("/_mock/tenants/<tenant_id>/settings")
def get_settings(tenant_id: str) -> Any:
    return all_settings(tenant_id)


@blueprint.patch("/_mock/tenants/<tenant_id>/settings")
def patch_settings(tenant_id: str) -> Any:
    admin_server().tenants.patch_settings(tenant_id, json_body(required=True))
    return all_settings(tenant_id)
