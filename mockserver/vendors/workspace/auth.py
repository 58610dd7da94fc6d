"""Basic authentication with the literal user name ``token`` and the API token as password [doc],
and the token's rights (``Quotations.read``, ...): 401 without a valid token, 403 without the right.

The token identifies the tenant through the credential index, so authenticating never scans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request

from mockserver.core.http import settings
from mockserver.core.pipeline import Credentials
from mockserver.vendors.workspace import NAME
from mockserver.vendors.workspace.errors import AUTHENTICATE, FORBIDDEN, UNAUTHORIZED, WorkspaceError

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.vendors.workspace import WorkspaceVendor

USER = "token"


def credentials_owned(server: MockServer, environ: dict, body: bytes) -> bool:
    """``Vendor.credentials_owned``: the API token in the Basic password; no Basic credentials:
    owned."""
    credentials = Request(environ, shallow=True).authorization
    if credentials is None or credentials.type != "basic" or not credentials.password:
        return True
    return server.tenants.by_credential(NAME, "token", credentials.password) is not None


def read_credentials(vendor: WorkspaceVendor, request: Any) -> Credentials:
    """The credential reader: the tenant whose API token is the Basic password."""
    credentials = request.authorization
    if credentials is None or credentials.type != "basic":
        raise WorkspaceError(401, UNAUTHORIZED, ["HTTP Basic authentication required"], AUTHENTICATE)
    if credentials.username != USER or not credentials.password:
        raise WorkspaceError(
            401, UNAUTHORIZED, ['use the user name "token" and your API token'], AUTHENTICATE
        )
    tenant = vendor.server.tenants.by_credential(vendor.name, "token", credentials.password)
    if tenant is None:
        raise WorkspaceError(401, UNAUTHORIZED, ["invalid API token"], AUTHENTICATE)
    return Credentials(tenant)


def authorize(right: str) -> None:
    """403 unless the caller's token carries ``right`` (the tenant's ``rights`` setting)."""
    rights = settings().get("rights") or []
    if right not in rights:
        raise WorkspaceError(403, FORBIDDEN, [f"the token lacks the right {right}"])
