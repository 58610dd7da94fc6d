"""Severa's credential reader: the ``WebServicePassword`` SOAP header names the tenant.

An operation that declares faults refuses a call whose key no tenant owns (``Access denied``, as
its declared ``AuthenticationFailureException`` or else a ``GeneralFailureException``); the few
operations without faults run without a tenant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Response

from mockserver.core.http import VendorError
from mockserver.core.pipeline import Credentials
from mockserver.vendors.severa import NAME, envelope, inbound
from mockserver.vendors.severa.envelope import FaultInfo

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.vendors.severa import SeveraVendor

ACCESS_DENIED = "Access denied"


class SoapFault(VendorError):
    """A refusal answered as a SOAP fault (HTTP 500, the fault envelope)."""

    def __init__(self, info: FaultInfo) -> None:
        super().__init__(info.message)
        self.info = info

    def response(self) -> Response:
        body = envelope.fault(self.info)
        headers = [("Content-Type", envelope.CONTENT_TYPE), ("Content-Length", str(len(body)))]
        return Response(body, status=500, headers=headers)


def read_credentials(vendor: SeveraVendor, request: Any) -> Credentials | None:
    """``request`` is the parsed SOAP call (``inbound.Inbound``) or a werkzeug request, whose body
    is read here; a body that is no SOAP call names no tenant."""
    if not isinstance(request, inbound.Inbound):
        try:
            request = inbound.read(
                request.get_data(), request.content_type or "", request.headers.get("SOAPAction")
            )
        except (inbound.Refused, inbound.UnsupportedMediaType):
            return None
    tenant = vendor.server.tenants.by_credential(vendor.name, "api_key", request.password)
    if tenant is not None:
        return Credentials(tenant)
    operation = request.operation
    if not operation.faults:
        return None
    kind = "AuthenticationFailureException"
    if not operation.declares(kind):
        kind = "GeneralFailureException"
    raise SoapFault(FaultInfo("Client", ACCESS_DENIED, kind))


def credentials_owned(server: MockServer, environ: dict, body: bytes) -> bool:
    """``Vendor.credentials_owned``: the ``WebServicePassword`` header's key. No key, or no envelope
    to read one from (the WSDL, a broken body): owned, the mock answers with its own fault."""
    if environ.get("REQUEST_METHOD") != "POST":
        return True
    try:
        password = inbound.header_password(inbound.parse(body))
    except inbound.Refused:
        return True
    return password is None or server.tenants.by_credential(NAME, "api_key", password) is not None
