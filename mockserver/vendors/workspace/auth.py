"""Basic authentication with the literal user name ``token`` and the API token as password [doc],
and the token's rights (``Quotations.read``, ...): 401 without a valid token, 403 without the right.

The token identifies the tenant through the credential index, so authenticating never scans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import request
from werkzeug.wrappers import Request

from mockserver.core.http import bind_tenant, server, settings
from mockserver.core.tenants import Tenant
from mockserver.vendors.workspace.errors import AUTHENTICATE, FORBIDDEN, UNAUTHORIZED, WorkspaceError

if TYPE_CHECKING:
    from mockserver.app import MockServer

USER = "token"


def credentials_owned(server: MockServer, environ: dict, body: bytes) -> bool:
    """``Vendor.credentials_owned``: the API token in the Basic password; no Basic credentials:
    owned."""
    credentials = Request(environ, shallow=True).authorization
    if credentials is None or credentials.type != "basic" or not credentials.password:
        return True
    return server.tenants.by_credential("workspace", "token", credentials.password) is not None


def authenticate(right: str) -> Tenant:
    """The caller's tenant, bound to the request, once its token is valid and carries ``right``."""
    credentials = request.authorization
    if credentials is None or credentials.type != "basic":
        raise WorkspaceError(401, UNAUTHORIZED, ["HTTP Basic authentication required"], AUTHENTICATE)
    if credentials.username != USER or not credentials.password:
        raise WorkspaceError(
            401, UNAUTHORIZED, ['use the user name "token" and your API token'], AUTHENTICATE
        )
    tenant = server().tenants.by_credential("workspace", "token", credentials.password)
    if tenant is None:
        raise WorkspaceError(401, UNAUTHORIZED, ["invalid API token"], AUTHENTICATE)
    bind_tenant(tenant)
    rights = settings().get("rights") or []
    if right not in rights:
        raise WorkspaceError(403, FORBIDDEN, [f"the token lacks the right {right}"])
    return tenant
