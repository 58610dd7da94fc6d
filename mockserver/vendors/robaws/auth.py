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

from werkzeug.wrappers import Request

from mockserver.core.bodies import BodyError, parse_form
from mockserver.vendors.robaws import NAME
from mockserver.vendors.robaws.errors import RobawsError

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.core.tenants import Tenant
    from mockserver.vendors.robaws import RobawsVendor
    from mockserver.vendors.robaws.settings import RobawsSettings

UNAUTHORIZED_HEADERS = {"WWW-Authenticate": 'Basic realm="Robaws API"'}


@dataclass(frozen=True)
class Principal:
    tenant: Tenant
    #: the rate-limit bucket and idempotency scope: one per API user or OAuth client
    key: str
    #: granted OAuth scopes; None for Basic (role-based permissions instead)
    scopes: frozenset[str] | None = None


def _scheme(header: str) -> tuple[str, str]:
    """``Authorization``: the scheme in lower case, and its value."""
    scheme, _, value = header.strip().partition(" ")
    return scheme.lower(), value.strip()


def _basic_pair(value: str) -> tuple[str, str] | None:
    """Basic credentials as (user, secret), or None when they do not decode."""
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    user, sep, secret = decoded.partition(":")
    return (user, secret) if sep else None


def authenticate(vendor: RobawsVendor, header: str | None) -> Principal:
    if not header:
        raise RobawsError(401, headers=UNAUTHORIZED_HEADERS)
    scheme, value = _scheme(header)
    if scheme == "basic":
        return _basic(vendor, value)
    if scheme == "bearer":
        return vendor.oauth.principal(value)
    raise RobawsError(401, headers=UNAUTHORIZED_HEADERS)


def credentials_owned(server: MockServer, environ: dict, body: bytes) -> bool:
    """``Vendor.credentials_owned``: the Basic API key (or OAuth client, on the token endpoint), the
    bearer token, or the ``client_id`` of the OAuth endpoints; none of them: owned."""
    tenants = server.tenants
    scheme, value = _scheme(environ.get("HTTP_AUTHORIZATION", ""))
    if scheme == "bearer" and value:
        return server.vendors[NAME].oauth.index.find(value, tenants) is not None
    if scheme == "basic":
        pair = _basic_pair(value)
        return pair is None or any(tenants.by_credential(NAME, k, pair[0]) for k in ("api_key", "client_id"))
    request = Request(environ, shallow=True)
    client_id = request.args.get("client_id")
    if not client_id and "form" in request.mimetype:
        try:
            client_id = parse_form(body).get("client_id")
        except BodyError:
            client_id = None
    return not isinstance(client_id, str) or tenants.by_credential(NAME, "client_id", client_id) is not None


def _basic(vendor: RobawsVendor, value: str) -> Principal:
    pair = _basic_pair(value)
    if pair is None:
        raise RobawsError(401, headers=UNAUTHORIZED_HEADERS)
    key, secret = pair
    tenant = vendor.server.tenants.by_credential(NAME, "api_key", key)
    if tenant is None:
        raise RobawsError(401, headers=UNAUTHORIZED_HEADERS)
    expected = tenant.credentials.get(NAME, {}).get("api_secret", "")
    if not hmac.compare_digest(secret.encode(), expected.encode()):
        raise RobawsError(401, headers=UNAUTHORIZED_HEADERS)
    return Principal(tenant, f"key:{key}")


def require_module(principal: Principal, module: str, settings: RobawsSettings) -> None:
    """403 when the API user's role or the token's scopes do not cover ``module``.

    A module with a documented scope of its own needs that scope; any other module needs the
    scope the tenant setting ``oauth.inferred_scopes`` names for it, or none ("")."""
    if principal.scopes is not None:
        needed = settings.inferred_scopes.get(module, module)
        if needed and needed not in principal.scopes:
            raise RobawsError(403)
    elif module in settings.denied_modules:
        raise RobawsError(403)
