"""Shared helpers for the Severa tests: raw SOAP calls, and a zeep client generated from the
served WSDL (loaded once per worker: parsing 256 operations takes a couple of seconds)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from lxml import etree

SERVICE_NS = "http://soap.severa.com/"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
ENTITIES = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
API_NS = "http://schemas.datacontract.org/2004/07/Severa.API"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PATH = "/severa/webservice/S3/API.svc"


def envelope(
    operation: str, inner: str = "", key: str | None = "demo-api-key", version: str = SOAP11
) -> bytes:
    header = (
        f'<s:Header><WebServicePassword xmlns="{SERVICE_NS}">{key}</WebServicePassword></s:Header>'
        if key is not None
        else ""
    )
    return (
        f'<s:Envelope xmlns:s="{version}">{header}<s:Body>'
        f'<{operation} xmlns="{SERVICE_NS}">{inner}</{operation}></s:Body></s:Envelope>'
    ).encode()


class Soap:
    """Raw SOAP 1.1 calls with WCF's headers, for tests that pin bytes."""

    def __init__(self, session: requests.Session, url: str, key: str) -> None:
        self.session, self.url, self.key = session, url, key

    def post(self, body: bytes, headers: dict[str, str] | None = None) -> requests.Response:
        return self.session.post(self.url, data=body, headers=headers or {}, timeout=30)

    def call(
        self, operation: str, inner: str = "", key: str | None = "", contract: str = ""
    ) -> requests.Response:
        """A call as a WCF client makes it: the SOAPAction names the operation's contract (looked
        up in the catalogue unless ``contract`` is given)."""
        contract = contract or _contract_of(operation)
        headers = {
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": f'"{SERVICE_NS}{contract}/{operation}"',
        }
        return self.post(envelope(operation, inner, self.key if key == "" else key), headers)

    def result(self, operation: str, inner: str = "") -> etree._Element:
        response = self.call(operation, inner)
        assert response.status_code == 200, response.text
        return etree.fromstring(response.content).find(f".//{{{SERVICE_NS}}}{operation}Result")


def _contract_of(operation: str) -> str:
    from mockserver.vendors.severa import catalog

    found = catalog.operations().get(operation)
    return found.contract if found is not None else "IUnknown"


@pytest.fixture
def soap(mock_tenant: Any, mock_http: requests.Session) -> Soap:
    return Soap(mock_http, mock_tenant.base_urls["severa"], mock_tenant.credentials["severa"]["api_key"])


@pytest.fixture(scope="session")
def zeep_client(mockserver: Any) -> Any:
    import zeep

    return zeep.Client(f"{mockserver.url}{PATH}?wsdl")


def password(key: str) -> etree._Element:
    header = etree.Element(f"{{{SERVICE_NS}}}WebServicePassword")
    header.text = key
    return header


@pytest.fixture
def severa(zeep_client: Any, mock_tenant: Any) -> Callable[[str], Any]:
    """``severa("IAccount").GetAccountByGUID(...)``: a zeep proxy authenticated as the test's tenant."""
    key = mock_tenant.credentials["severa"]["api_key"]

    class Bound:
        def __init__(self, contract: str) -> None:
            self._service = zeep_client.bind("API", f"BasicHttpBinding_{contract}")

        def __getattr__(self, name: str) -> Callable[..., Any]:
            operation = getattr(self._service, name)
            return lambda **kwargs: operation(_soapheaders=[password(key)], **kwargs)

    return Bound


class SerializerComparison:
    """Every successful answer ``serializer`` writes, set beside what Spyne's path would have
    answered for the same values (``serializer.compare_with_spyne``)."""

    def __init__(self) -> None:
        self.compared: list[str] = []
        self.differences: list[tuple[str, bytes, bytes]] = []
        self._lock = threading.Lock()

    def __call__(self, operation: str, ours: bytes, spyne: bytes) -> None:
        with self._lock:
            self.compared.append(operation)
            if ours != spyne:
                self.differences.append((operation, ours, spyne))


@pytest.fixture(autouse=True)
def serializer_comparison() -> Iterator[SerializerComparison]:
    """Every Severa test doubles as a check of the answer writer: an answer whose bytes differ
    from Spyne's path for the same values fails the test that caused it."""
    from mockserver.vendors.severa import serializer

    comparison = SerializerComparison()
    previous, serializer.compare_with_spyne = serializer.compare_with_spyne, comparison
    try:
        yield comparison
    finally:
        serializer.compare_with_spyne = previous
    for operation, ours, spyne in comparison.differences:
        pytest.fail(f"{operation}: the writer's bytes differ from Spyne's path\n{ours!r}\n{spyne!r}")
