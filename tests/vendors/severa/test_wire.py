"""The exact bytes WCF clients depend on: envelope, namespaces, element names, field order, nil,
arrays, faults, SOAP 1.2, and tolerance of missing SOAPAction / Content-Type."""

from __future__ import annotations

from lxml import etree

from mockserver.vendors.severa import catalog
from tests.vendors.severa.conftest import API_NS, ENTITIES, SERVICE_NS, SOAP11, SOAP12, XSI, envelope


def test_get_version_answer_is_wcf_shaped_bytes(soap):
    response = soap.call("GetVersion", contract="IAPI")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content == (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        b'<GetVersionResponse xmlns="http://soap.severa.com/"><GetVersionResult>1.0</GetVersionResult>'
        b"</GetVersionResponse></s:Body></s:Envelope>"
    )


def test_nil_result_for_unknown_name(soap):
    response = soap.call("GetAccountByName", "<accountName>Ei ole</accountName>", contract="IAccount")
    assert response.status_code == 200
    assert response.content == (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        b'<GetAccountByNameResponse xmlns="http://soap.severa.com/">'
        b'<GetAccountByNameResult xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>'
        b"</GetAccountByNameResponse></s:Body></s:Envelope>"
    )


def test_entity_fields_in_catalogue_order_in_entities_namespace_with_nils(soap):
    result = soap.result("GetAccountByNumber", "<accountNumber>1001</accountNumber>")
    names = [etree.QName(child).localname for child in result]
    assert names == [f["name"] for f in catalog.load().fields("Account")]
    assert {etree.QName(child).namespace for child in result} == {ENTITIES}
    assert (result.nsmap["a"], result.nsmap["i"]) == (ENTITIES, XSI)
    assert result.find(f"{{{ENTITIES}}}AccountRating").get(f"{{{XSI}}}nil") == "true"
    assert result.findtext(f"{{{ENTITIES}}}Number") == "1001"
    assert result.findtext(f"{{{ENTITIES}}}IsActive") == "true"
    assert result.findtext(f"{{{ENTITIES}}}InsertTS").startswith("2024-01-02T")


JAN_8 = "<startdate>2024-01-08</startdate><enddate>2024-01-08</enddate>"


def test_arrays_are_arrayof_type_items_named_after_the_type(soap):
    result = soap.result("GetHourEntriesByDate", JAN_8)
    items = list(result)
    assert len(items) == 5
    assert {item.tag for item in items} == {f"{{{ENTITIES}}}HourEntry"}
    wire_order = [etree.QName(c).localname for c in items[0]]
    assert wire_order == [f["name"] for f in catalog.load().fields("HourEntry")]


def test_string_arrays_are_in_the_serialisation_namespace(soap):
    invoice = soap.result("GetInvoicesByStatus", "<status>Paid</status>")[0]
    guids = invoice.find(f"{{{ENTITIES}}}InvoiceAllowedCaseGUIDs")
    arrays = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
    assert [c.tag for c in guids] == [f"{{{arrays}}}string"]


def test_empty_list_is_an_empty_result_element(soap):
    response = soap.call("GetAccountsByCompanyGUID", "<companyGuid>none</companyGuid>")
    assert b"<GetAccountsByCompanyGUIDResult/>" in response.content


def test_not_found_fault_bytes(soap):
    response = soap.call("GetCaseByGUID", "<caseGuid>x</caseGuid>", contract="ICase")
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content == (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>'
        b"<faultcode>s:Client</faultcode>"
        b"<faultstring xml:lang=\"en-US\">Case with GUID 'x' was not found.</faultstring>"
        b'<detail><NotFoundException xmlns="http://schemas.datacontract.org/2004/07/Severa.API" '
        b'xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
        b"<Description>Case with GUID 'x' was not found.</Description><Source>Severa.API</Source>"
        b"</NotFoundException></detail></s:Fault></s:Body></s:Envelope>"
    )


def test_soap12_request_gets_a_soap12_answer(soap):
    body = envelope("GetAccountByNumber", "<accountNumber>1001</accountNumber>", soap.key, SOAP12)
    action = f"{SERVICE_NS}IAccount/GetAccountByNumber"
    response = soap.post(body, {"Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"'})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/soap+xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.tag == f"{{{SOAP12}}}Envelope"
    assert root.findtext(f".//{{{ENTITIES}}}Number") == "1001"


def test_soap12_fault_structure(soap):
    body = envelope("GetCaseByGUID", "<caseGuid>x</caseGuid>", soap.key, SOAP12)
    response = soap.post(body, {"Content-Type": "application/soap+xml; charset=utf-8"})
    assert response.status_code == 500
    fault = etree.fromstring(response.content).find(f"{{{SOAP12}}}Body/{{{SOAP12}}}Fault")
    assert fault.findtext(f"{{{SOAP12}}}Code/{{{SOAP12}}}Value") == "s:Sender"
    assert fault.findtext(f"{{{SOAP12}}}Reason/{{{SOAP12}}}Text") == "Case with GUID 'x' was not found."
    assert fault.find(f"{{{SOAP12}}}Detail/{{{API_NS}}}NotFoundException") is not None


def test_missing_soapaction_and_content_type_are_tolerated(soap):
    response = soap.post(envelope("GetVersion", key=soap.key), {"Content-Type": ""})
    assert response.status_code == 200
    assert b"<GetVersionResult>1.0</GetVersionResult>" in response.content


def test_soapaction_naming_another_operation_is_refused(soap):
    response = soap.post(
        envelope("GetVersion", key=soap.key),
        {"Content-Type": "text/xml", "SOAPAction": f'"{SERVICE_NS}IAPI/GetEntitySchemaVersion"'},
    )
    assert response.status_code == 500
    assert b"ContractFilter mismatch" in response.content


def test_date_only_and_datetime_inputs_are_both_accepted(soap):
    by_date = soap.result("GetHourEntriesByDate", JAN_8)
    by_time = soap.result(
        "GetHourEntriesByDate",
        "<startdate>2024-01-08T00:00:00</startdate><enddate>2024-01-08T00:00:00Z</enddate>",
    )
    assert len(by_date) == len(by_time) == 5


def test_wrong_type_is_a_client_fault_not_a_crash(soap):
    response = soap.call("GetAccountByNumber", "<accountNumber>abc</accountNumber>")
    assert response.status_code == 500
    fault = etree.fromstring(response.content).find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault")
    assert fault.findtext("faultcode") == "s:Client"


def test_wsdl_served_at_both_addresses_with_wcf_soap_actions(mockserver, mock_http):
    base = f"{mockserver.url}/severa/webservice/S3/API.svc"
    first = mock_http.get(f"{base}?wsdl")
    second = mock_http.get(f"{base}/WSDL")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    root = etree.fromstring(first.content)
    soap_ns = "http://schemas.xmlsoap.org/wsdl/soap/"
    actions = {o.get("soapAction") for o in root.iter(f"{{{soap_ns}}}operation")}
    assert "http://soap.severa.com/IAccount/GetAccountByGUID" in actions
    assert len(actions) == 256
    addresses = {a.get("location") for a in root.iter(f"{{{soap_ns}}}address")}
    assert addresses == {base}
