"""Tenant snapshots over the admin API: ``GET``/``PUT /_mock/tenants/{id}/snapshot`` (and the
``snapshot`` field of ``POST /_mock/tenants``, which uses ``parsed``). See ``core.snapshots``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response

from mockserver.admin.common import AdminError, admin_server, error, json_body, no_content
from mockserver.core import snapshots

if TYPE_CHECKING:
    from mockserver.app import MockServer


def parsed(server: MockServer, raw: Any) -> snapshots.Snapshot:
    """A checked snapshot, or the admin API's 400 naming the place that is wrong."""
    try:
        return snapshots.parse(raw, server.vendors)
    except snapshots.SnapshotError as exc:
        raise AdminError(400, str(exc)) from None


blueprint = Blueprint("admin_snapshots", __name__, url_prefix="/_mock/tenants/<tenant_id>")


@blueprint.app_errorhandler(snapshots.SnapshotError)
def _refused(exc: snapshots.SnapshotError) -> Response:
    return error(400, str(exc))


@blueprint.get("/snapshot")
def get_snapshot(tenant_id: str) -> Any:
    server = admin_server()
    return snapshots.take(server.tenants.require(tenant_id), server.vendors)


@blueprint.put("/snapshot")
def put_snapshot(tenant_id: str) -> Any:
    server = admin_server()
    server.tenants.require(tenant_id)  # an unknown tenant is a 404 whatever the body
    server.tenants.load_snapshot(tenant_id, parsed(server, json_body(required=True)))
    return no_content()
