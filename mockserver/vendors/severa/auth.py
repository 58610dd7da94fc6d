"""Whose key a SOAP call carries: the ``WebServicePassword`` SOAP header, read by ``inbound``
(the endpoint authenticates with the same reader)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.vendors.severa import inbound

if TYPE_CHECKING:
    from mockserver.app import MockServer

VENDOR = "severa"


def credentials_owned(server: MockServer, environ: dict, body: bytes) -> bool:
    """``Vendor.credentials_owned``: the ``WebServicePassword`` header's key. No key, or no envelope
    to read one from (the WSDL, a broken body): owned, the mock answers with its own fault."""
    if environ.get("REQUEST_METHOD") != "POST":
        return True
    try:
        password = inbound.header_password(inbound.parse(body))
    except inbound.Refused:
        return True
    return password is None or server.tenants.by_credential(VENDOR, "api_key", password) is not None
