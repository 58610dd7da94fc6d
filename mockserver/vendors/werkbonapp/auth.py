"""Who is calling: ``token`` (the customer account) and ``software_token`` (the integrating
package) in the query string of every call, POST included; ``Authorization: Bearer <token>`` is
accepted in place of the ``token`` parameter. Checked in the vendor's documented order
(1002, 1003, 1004, 1005), then 1006 when the tenant demands https.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Any

from mockserver.core.http import request, settings
from mockserver.core.pipeline import Credentials, missing, unknown
from mockserver.vendors.werkbonapp import NAME, errors
from mockserver.vendors.werkbonapp.errors import WerkbonError

if TYPE_CHECKING:
    from mockserver.core.vendor import Vendor


def _bearer(request: Any) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def read_credentials(vendor: Vendor, request: Any) -> Credentials:
    """The credential reader, in the vendor's documented order (1002, 1003, 1004, 1005); the
    account ``token`` says whose the credentials are."""
    token = request.args.get("token") or _bearer(request)
    if not token:
        raise missing(WerkbonError(errors.NO_TOKEN, "Missing GET parameter: token"))
    tenant = vendor.server.tenants.by_credential(NAME, "token", token)
    software_token = request.args.get("software_token")
    if not software_token:
        refusal = WerkbonError(errors.NO_SOFTWARE_TOKEN, "Missing GET parameter: software_token")
        raise refusal if tenant is not None else unknown(refusal)
    if tenant is None:
        message = "Token is unauthorized to execute this request"
        raise unknown(WerkbonError(errors.TOKEN_UNAUTHORIZED, message))
    expected = tenant.credentials.get(NAME, {}).get("software_token", "")
    if not hmac.compare_digest(software_token.encode(), expected.encode()):
        raise WerkbonError(
            errors.SOFTWARE_TOKEN_UNAUTHORIZED, "Software token is unauthorized or not linked to this token"
        )
    return Credentials(tenant)


def require_https() -> None:
    """1006 when the tenant demands https and the call came over plain http."""
    if settings().get("require_https") and not _is_https():
        raise WerkbonError(errors.HTTPS_REQUIRED, "All endpoints should use https")


def _is_https() -> bool:
    return request.scheme == "https" or request.headers.get("X-Forwarded-Proto", "").lower() == "https"
