"""What every admin module shares: the server, the JSON body, the one error shape
(``{"error": ...}``), and the tenant lock an admin route holds to the end of its request.

A leaf module (it imports nothing of ``mockserver.admin``), so topic modules, vendor admin
blueprints and the app factory all import it without a cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Response, current_app, g, jsonify, request

from mockserver.core.bodies import BodyError, parse_json

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.core.tenants import Tenant


class AdminError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def json_body(required: bool = False) -> Any:
    """The request's JSON body as sent (``null`` is None); no body at all is ``{}`` unless
    ``required``. A body of only whitespace is neither JSON nor absent: refused."""
    raw = request.get_data(cache=True)
    if not raw and not required:
        return {}
    try:
        return parse_json(raw)
    except BodyError as exc:
        raise AdminError(400, exc.message) from exc


def json_object(required: bool = False) -> dict[str, Any]:
    body = json_body(required)
    if not isinstance(body, dict):
        raise AdminError(400, "body must be a JSON object")
    return body


def no_content() -> Response:
    return Response(status=204)


def admin_server() -> MockServer:
    return current_app.extensions["mockserver.server"]


def server_url() -> str:
    return request.host_url.rstrip("/")


def admin_tenant(tenant_id: str) -> Tenant:
    """The tenant of an admin route, with its lock held until the request ends (404 if unknown),
    so an admin change never interleaves with a vendor request of that tenant."""
    tenant = admin_server().tenants.require(tenant_id)
    if g.get("admin_tenant_lock") is None:
        tenant.lock.acquire()
        g.admin_tenant_lock = tenant.lock
    return tenant


def release_tenant_lock(_exc: BaseException | None = None) -> None:
    """Teardown of the admin app: the lock ``admin_tenant`` took is released."""
    held = g.pop("admin_tenant_lock", None)
    if held is not None:
        held.release()
