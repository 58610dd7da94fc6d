"""The WebServicePassword header, key regeneration, and the few operations without authentication."""

from __future__ import annotations

from lxml import etree

from tests.vendors.severa.conftest import API_NS, SOAP11


def _fault_kind(response) -> str:
    assert response.status_code == 500
    detail = etree.fromstring(response.content).find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault/detail")
    typed = detail[0]
    assert typed.findtext(f"{{{API_NS}}}Description") == "Access denied"
    return etree.QName(typed).localname


def test_missing_wrong_and_empty_keys_are_denied(soap):
    for key in (None, "wrong-key", ""):
        response = soap.call("GetAllUsers", key=key if key != "" else " ")
        assert _fault_kind(response) == "AuthenticationFailureException"


def test_operation_without_a_declared_authentication_fault_answers_general_failure(soap):
    response = soap.call("GetInvoiceOriginDetailsByInvoiceGUID", "<invoiceGUID>x</invoiceGUID>", key="wrong")
    assert _fault_kind(response) == "GeneralFailureException"


def test_operations_declaring_no_fault_answer_without_a_key(soap):
    assert soap.call("GetVersion", key=None).status_code == 200
    statuses = soap.call("GetAllInvoiceStatuses", key=None)
    assert statuses.status_code == 200
    assert b"<a:Name>Draft</a:Name>" in statuses.content


def test_regenerated_key_works_and_the_old_one_stops_at_once(soap, mock_admin, mock_tenant):
    old = soap.key
    assert soap.call("GetAllWorkTypes").status_code == 200
    new = mock_admin.call("POST", f"/tenants/{mock_tenant.id}/severa/api-key")["api_key"]
    assert new != old
    assert _fault_kind(soap.call("GetAllWorkTypes", key=old)) == "AuthenticationFailureException"
    assert soap.call("GetAllWorkTypes", key=new).status_code == 200
    assert mock_admin.call("GET", f"/tenants/{mock_tenant.id}")["credentials"]["severa"]["api_key"] == new


def test_regenerating_for_an_unknown_tenant_is_404(mock_admin):
    from mockserver.testing import AdminError

    try:
        mock_admin.call("POST", "/tenants/no-such-tenant/severa/api-key")
    except AdminError as exc:
        assert exc.status == 404
    else:
        raise AssertionError("expected a 404")


def test_calls_are_journalled_with_the_tenant(soap, mock_admin, mock_tenant):
    soap.call("GetVersion")
    entries = mock_admin.journal(tenant=mock_tenant.id, vendor="severa")
    assert entries and entries[0]["path"] == "/severa/webservice/S3/API.svc"


def test_demo_tenant_key(mockserver, mock_http):
    from tests.vendors.severa.conftest import PATH, Soap

    demo = Soap(mock_http, f"{mockserver.url}{PATH}", "demo-api-key")
    assert demo.call("GetAllWorkTypes").status_code == 200
