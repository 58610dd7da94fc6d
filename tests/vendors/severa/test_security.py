"""Hostile and broken input: refused with a SOAP fault, quickly, never a crash."""

from __future__ import annotations

from lxml import etree

from tests.vendors.severa.conftest import SOAP11, envelope


def _fault_text(response, status: int = 500) -> str:
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("text/xml")
    fault = etree.fromstring(response.content).find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault")
    assert fault.findtext("faultcode") == "s:Client"
    return fault.findtext("faultstring")


def test_external_entity_is_refused(soap):
    body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + envelope(
        "GetAccountByName", "<accountName>&xxe;</accountName>", soap.key
    )
    text = _fault_text(soap.post(body, {"Content-Type": "text/xml"}))
    assert "DTD is prohibited" in text
    assert "root:" not in text


def test_billion_laughs_is_refused(soap):
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = f'<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY l0 "lol">{entities}]>'.encode() + envelope(
        "GetAccountByName", "<accountName>&l9;</accountName>", soap.key
    )
    assert "DTD is prohibited" in _fault_text(soap.post(body, {"Content-Type": "text/xml"}))


def test_utf16_dtd_is_refused_too(soap):
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
    assert "DTD is prohibited" in _fault_text(soap.post(text.encode("utf-16"), {"Content-Type": "text/xml"}))


def test_deep_nesting_is_refused(soap):
    inner = "<a>" * 5000 + "</a>" * 5000
    text = _fault_text(soap.post(envelope("GetVersion", inner, soap.key), {"Content-Type": "text/xml"}))
    assert "nested" in text or "not well-formed" in text


def test_nesting_past_our_limit_is_refused_by_our_own_check(soap):
    """40 levels pass lxml's own limit (256) and reach ours (32)."""
    inner = "<a>" * 40 + "</a>" * 40
    text = _fault_text(soap.post(envelope("GetVersion", inner, soap.key), {"Content-Type": "text/xml"}))
    assert text == "The request is nested too deeply."


def test_huge_document_is_refused_before_parsing(soap):
    name = "<accountName>" + "x" * (6 * 1024 * 1024) + "</accountName>"
    body = envelope("GetAccountByName", name, soap.key)
    response = soap.post(body, {"Content-Type": "text/xml"})
    assert response.status_code == 413
    _fault_text(response, 413)


def test_malformed_xml_empty_body_and_invalid_utf8(soap):
    for body in (b"<s:Envelope", b"", b"\xff\xfe\xfa not xml", b"<notsoap/>"):
        _fault_text(soap.post(body, {"Content-Type": "text/xml"}))


def test_unknown_path_is_a_soap_fault_404(mockserver, mock_http):
    response = mock_http.get(f"{mockserver.url}/severa/webservice/S3/Nope.svc")
    assert response.status_code == 404
    assert etree.fromstring(response.content).find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault") is not None


def test_injected_fault_is_a_general_failure(soap):
    body = envelope("GetVersion", key=soap.key)
    response = soap.post(body, {"Content-Type": "text/xml", "X-Mock-Fault": "status=503"})
    assert response.status_code == 503
    detail = etree.fromstring(response.content).find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault/detail")
    assert etree.QName(detail[0]).localname == "GeneralFailureException"


def test_real_hostname_reaches_the_service_unprefixed(mockserver, mock_http, mock_tenant):
    key = mock_tenant.credentials["severa"]["api_key"]
    response = mock_http.post(
        f"{mockserver.url}/webservice/S3/API.svc",
        data=envelope("GetVersion", key=key),
        headers={
            "Host": "sync.severa.com",
            "Content-Type": "text/xml",
            "SOAPAction": '"http://soap.severa.com/IAPI/GetVersion"',
        },
    )
    assert response.status_code == 200
    assert b"<GetVersionResult>" in response.content


def test_get_without_wsdl_is_the_service_help_page(mockserver, mock_http):
    response = mock_http.get(f"{mockserver.url}/severa/webservice/S3/API.svc")
    assert response.status_code == 200
    assert "svcutil.exe" in response.text
