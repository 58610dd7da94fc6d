"""Severa's credential reader: the ``WebServicePassword`` SOAP header names the tenant.

An operation that declares faults refuses a call whose key no tenant owns (``Access denied``, as
its declared ``AuthenticationFailureException`` or else a ``GeneralFailureException``); the few
operations without faults run without a tenant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Response

from mockserver.core import pipeline
from mockserver.core.http import VendorError
from mockserver.core.pipeline import Credentials, missing, unknown
from mockserver.vendors.severa import NAME, envelope, inbound
from mockserver.vendors.severa.envelope import FaultInfo

if TYPE_CHECKING:
    from mockserver.vendors.severa import SeveraVendor
    from mockserver.vendors.severa.catalog import Operation

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
    """The credential reader: the ``WebServicePassword`` header's key. ``request`` is the parsed
    SOAP call (``inbound.Inbound``, the endpoint's) or a werkzeug request not being served yet
    (the upstream passthrough's question), whose envelope is parsed here, once for the request."""
    if isinstance(request, inbound.Inbound):
        return _whose(vendor, request.password, request.operation)
    if request.method != "POST":
        return None  # the WSDL, the help page: no credentials
    body = request.get_data()
    try:
        root = inbound.parse(body)
    except inbound.Refused:
        return None  # no envelope to read a key from: the mock answers with its own fault
    try:
        call = inbound.read(body, request.content_type or "", request.headers.get("SOAPAction"), root)
    except (inbound.Refused, inbound.UnsupportedMediaType):
        call = None
    context = pipeline.current()
    if context is not None:  # served next: the endpoint takes the call (or the parse) from here
        context.parsed = call if call is not None else root
    if call is None:
        return _whose(vendor, inbound.header_password(root), None)
    return _whose(vendor, call.password, call.operation)


def _whose(vendor: SeveraVendor, password: str | None, operation: Operation | None) -> Credentials | None:
    """The tenant whose key ``password`` is. An operation that declares faults refuses a call
    without a tenant's key (``Access denied``); one without faults runs without a tenant."""
    tenant = vendor.server.tenants.by_credential(NAME, "api_key", password) if password else None
    if tenant is not None:
        return Credentials(tenant)
    refusal = _access_denied(operation) if operation is not None and operation.faults else None
    if password is not None:
        raise unknown(refusal)
    if refusal is not None:
        raise missing(refusal)
    return None


def _access_denied(operation: Operation) -> SoapFault:
    """As the operation's declared ``AuthenticationFailureException``, else a
    ``GeneralFailureException``."""
    kind = "AuthenticationFailureException"
    if not operation.declares(kind):
        kind = "GeneralFailureException"
    return SoapFault(FaultInfo("Client", ACCESS_DENIED, kind))
