"""Basic authentication with the literal user name ``token`` and the API token as password [doc],
and the token's rights (``Quotations.read``, ...): 401 without a valid token, 403 without the right.

The token identifies the tenant through the credential index, so authenticating never scans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockserver.core.http import settings
from mockserver.core.pipeline import Credentials, missing, unknown
from mockserver.vendors.workspace.errors import AUTHENTICATE, FORBIDDEN, UNAUTHORIZED, WorkspaceError

if TYPE_CHECKING:
    from mockserver.vendors.workspace import WorkspaceVendor

USER = "token"


def read_credentials(vendor: WorkspaceVendor, request: Any) -> Credentials:
    """The credential reader: the tenant whose API token is the Basic password (the token alone
    says whose the credentials are, whatever the user name)."""
    credentials = request.authorization
    if credentials is None or credentials.type != "basic":
        raise missing(WorkspaceError(401, UNAUTHORIZED, ["HTTP Basic authentication required"], AUTHENTICATE))
    if not credentials.password:
        raise missing(_wrong_user())
    tenant = vendor.server.tenants.by_credential(vendor.name, "token", credentials.password)
    if credentials.username != USER:
        raise _wrong_user() if tenant is not None else unknown(_wrong_user())
    if tenant is None:
        raise unknown(WorkspaceError(401, UNAUTHORIZED, ["invalid API token"], AUTHENTICATE))
    return Credentials(tenant)


def _wrong_user() -> WorkspaceError:
    return WorkspaceError(401, UNAUTHORIZED, ['use the user name "token" and your API token'], AUTHENTICATE)


def authorize(right: str) -> None:
    """403 unless the caller's token carries ``right`` (the tenant's ``rights`` setting)."""
    rights = settings().get("rights") or []
    if right not in rights:
        raise WorkspaceError(403, FORBIDDEN, [f"the token lacks the right {right}"])
