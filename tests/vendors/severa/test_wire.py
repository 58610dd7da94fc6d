"""The exact bytes WCF clients depend on: envelope, namespaces, element names, field order, nil,
arrays, faults. (How the transport refuses what WCF refuses: ``test_transport``.)"""

from __future__ import annotations

from lxml import etree

from mockserver.vendors.severa import catalog
from tests.vendors.severa.conftest import ENTITIES, XSI


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


def test_date_only_and_datetime_inputs_are_both_accepted(soap):
    by_date = soap.result("GetHourEntriesByDate", JAN_8)
    by_time = soap.result(
        "GetHourEntriesByDate",
        "<startdate>2024-01-08T00:00:00</startdate><enddate>2024-01-08T00:00:00Z</enddate>",
    )
    assert len(by_date) == len(by_time) == 5


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
