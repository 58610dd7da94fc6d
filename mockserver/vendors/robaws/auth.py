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
from typing import TYPE_CHECKING, Any

from mockserver.core.bodies import BodyError, parse_form
from mockserver.core.pipeline import Credentials, missing, unknown
from mockserver.vendors.robaws import NAME
from mockserver.vendors.robaws.errors import RobawsError

if TYPE_CHECKING:
    from mockserver.core.tenants import Tenant
    from mockserver.vendors.robaws import RobawsVendor
    from mockserver.vendors.robaws.settings import RobawsSettings

UNAUTHORIZED_HEADERS = {"WWW-Authenticate": 'Basic realm="Robaws API"'}
BEARER_401 = {"WWW-Authenticate": 'Bearer realm="Robaws API", error="invalid_token"'}


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


def read_credentials(vendor: RobawsVendor, request: Any) -> Credentials:
    """The credential reader: HTTP Basic (an API user's key and secret), a bearer token, or, with
    neither, an OAuth ``client_id`` (query or form: the OAuth endpoints, which authenticate their
    client themselves, are asked only whose it is). The API answers each refusal with a 401."""
    scheme, value = _scheme(request.headers.get("Authorization") or "")
    if scheme == "basic":
        principal = _basic(vendor, value)
    elif scheme == "bearer" and value:
        principal = vendor.oauth.principal(value)
    else:
        refusal = RobawsError(401, headers=BEARER_401 if scheme == "bearer" else UNAUTHORIZED_HEADERS)
        raise _whose_client(vendor, request, refusal)
    return Credentials(principal.tenant, principal)


def _whose_client(vendor: RobawsVendor, request: Any, refusal: RobawsError) -> Exception:
    """A request without API credentials: the refusal, saying whose ``client_id`` it carries."""
    client_id = request.args.get("client_id")
    if not client_id and "form" in request.mimetype:
        try:
            client_id = parse_form(request.get_data()).get("client_id")
        except BodyError:
            client_id = None
    if not isinstance(client_id, str):
        return missing(refusal)
    known = vendor.server.tenants.by_credential(NAME, "client_id", client_id) is not None
    return refusal if known else unknown(refusal)


def _basic(vendor: RobawsVendor, value: str) -> Principal:
    pair = _basic_pair(value)
    if pair is None:
        raise missing(RobawsError(401, headers=UNAUTHORIZED_HEADERS))
    key, secret = pair
    tenants = vendor.server.tenants
    tenant = tenants.by_credential(NAME, "api_key", key)
    if tenant is None:
        refusal = RobawsError(401, headers=UNAUTHORIZED_HEADERS)
        # an OAuth client's own Basic credentials are a tenant's too (the token endpoint takes them)
        raise refusal if tenants.by_credential(NAME, "client_id", key) else unknown(refusal)
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
