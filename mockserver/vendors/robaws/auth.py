"""Who is calling: HTTP Basic (API key : secret, the custom integration) or an OAuth2 bearer
token (the marketplace integration), and what that principal may touch.

Basic users are limited by their role: ``permissions.denied_modules`` lists the modules the
tenant's API user lacks (403 there only). Bearer tokens are limited by their scopes.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mockserver.vendors.robaws import NAME
from mockserver.vendors.robaws.errors import RobawsError

if TYPE_CHECKING:
    from mockserver.core.tenants import Tenant
    from mockserver.vendors.robaws import RobawsVendor
    from mockserver.vendors.robaws.config import RobawsConfig

UNAUTHORIZED_HEADERS = {"WWW-Authenticate": 'Basic realm="Robaws API"'}


@dataclass(frozen=True)
class Principal:
    tenant: Tenant
    #: the rate-limit bucket and idempotency scope: one per API user or OAuth client
    key: str
    #: granted OAuth scopes; None for Basic (role-based permissions instead)
    scopes: frozenset[str] | None = None


def authenticate(vendor: RobawsVendor, header: str | None) -> Principal:
    if not header:
        raise RobawsError(401, headers=UNAUTHORIZED_HEADERS)
    scheme, _, value = header.strip().partition(" ")
    scheme = scheme.lower()
    if scheme == "basic":
        return _basic(vendor, value.strip())
    if scheme == "bearer":
        return vendor.oauth.principal(value.strip())
    raise RobawsError(401, headers=UNAUTHORIZED_HEADERS)


def _basic(vendor: RobawsVendor, value: str) -> Principal:
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise RobawsError(401, headers=UNAUTHORIZED_HEADERS) from None
    key, sep, secret = decoded.partition(":")
    tenant = vendor.server.tenants.by_credential(NAME, "api_key", key) if sep else None
    if tenant is None:
        raise RobawsError(401, headers=UNAUTHORIZED_HEADERS)
    expected = tenant.credentials.get(NAME, {}).get("api_secret", "")
    if not hmac.compare_digest(secret.encode(), expected.encode()):
        raise RobawsError(401, headers=UNAUTHORIZED_HEADERS)
    return Principal(tenant, f"key:{key}")


def require_module(principal: Principal, module: str, cfg: RobawsConfig) -> None:
    """403 when the API user's role or the token's scopes do not cover ``module``.

    A module with a documented scope of its own needs that scope; any other module needs the
    scope the tenant setting ``oauth.inferred_scopes`` names for it, or none ("")."""
    if principal.scopes is not None:
        needed = cfg.inferred_scopes.get(module, module)
        if needed and needed not in principal.scopes:
            raise RobawsError(403)
    elif module in cfg.denied_modules:
        raise RobawsError(403)
