"""Every one of the 256 operations, called with no arguments (all are optional in the WSDL),
answers its declared type or one of the faults it declares: never an undeclared fault."""

from __future__ import annotations

import pytest
import requests
from lxml import etree

from mockserver.vendors.severa import catalog
from tests.vendors.severa.conftest import API_NS, PATH, SERVICE_NS, SOAP11, envelope

OPERATIONS = sorted(catalog.operations().values(), key=lambda op: (op.contract, op.name))


@pytest.fixture(scope="module")
def sweep(mockserver):
    """One tenant for the whole sweep (operations without arguments change nothing)."""
    tenant = mockserver.admin.create_tenant(name="severa-sweep")
    with requests.Session() as session:
        yield session, f"{mockserver.url}{PATH}", tenant.credentials["severa"]["api_key"]
    mockserver.admin.delete_tenant(tenant.id)


def test_catalogue_has_42_contracts_and_256_operations():
    assert len(catalog.load().contracts) == 42
    assert len(OPERATIONS) == 256


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: f"{op.contract}.{op.name}")
def test_operation_answers_its_declared_type(sweep, op):
    session, url, key = sweep
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{op.soap_action}"'}
    response = session.post(url, data=envelope(op.name, key=key), headers=headers, timeout=30)
    body = etree.fromstring(response.content).find(f"{{{SOAP11}}}Body")
    if response.status_code == 200:
        answer = body[0]
        assert answer.tag == f"{{{SERVICE_NS}}}{op.name}Response"
        if op.returns == "void":
            assert len(answer) == 0
        else:
            assert [c.tag for c in answer] == [f"{{{SERVICE_NS}}}{op.name}Result"]
    else:
        assert response.status_code == 500
        detail = body.find(f"{{{SOAP11}}}Fault/detail")
        assert detail is not None, response.text
        kind = etree.QName(detail[0])
        assert kind.namespace == API_NS
        assert kind.localname in op.faults
