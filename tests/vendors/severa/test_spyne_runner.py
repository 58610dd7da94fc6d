"""``spyne_runner``: a call runs through Spyne's deserialiser and ``process_request`` without its
WSGI layer; a message that deserialiser refuses goes back to Spyne's whole path, whose fault the
client gets exactly as before (WCF's ``a:DeserializationFailed``)."""

from __future__ import annotations

import pytest

DISPATCHER = "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def deserialization_failed(operation: str) -> bytes:
    return (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>'
        f'<faultcode xmlns:a="{DISPATCHER}">a:DeserializationFailed</faultcode>'
        '<faultstring xml:lang="en-US">The formatter threw an exception while trying to deserialize '
        f"the message: Error in deserializing body of request message for operation '{operation}'."
        "</faultstring></s:Fault></s:Body></s:Envelope>"
    ).encode()


@pytest.mark.parametrize(
    "inner",
    [
        "<accountGuid>a</accountGuid><accountGuid>b</accountGuid>",
        f'<accountGuid xmlns:i="{XSI}" i:type="i:Unknown">a</accountGuid>',
    ],
    ids=["a parameter twice", "an unknown xsi:type"],
)
def test_a_message_spynes_deserialiser_refuses_answers_its_fault(soap, inner):
    response = soap.call("GetAccountByGUID", inner)
    assert (response.status_code, response.content) == (500, deserialization_failed("GetAccountByGUID"))


def test_a_fault_the_operation_raises_is_written_by_spyne_in_wcf_shape(soap, serializer_comparison):
    response = soap.call("GetAccountByGUID", "<accountGuid>nope</accountGuid>")
    assert response.status_code == 500
    assert response.content == (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>'
        b"<faultcode>s:Client</faultcode><faultstring xml:lang=\"en-US\">Account with GUID 'nope' was "
        b'not found.</faultstring><detail><NotFoundException xmlns="http://schemas.datacontract.org/'
        b'2004/07/Severa.API" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Description>Account '
        b"with GUID 'nope' was not found.</Description><Source>Severa.API</Source></NotFoundException>"
        b"</detail></s:Fault></s:Body></s:Envelope>"
    )
    assert serializer_comparison.compared == []


def test_an_answer_is_written_once_by_the_writer(soap, serializer_comparison):
    response = soap.call("GetAccountByNumber", "<accountNumber>1001</accountNumber>")
    assert response.status_code == 200
    assert serializer_comparison.compared == ["GetAccountByNumber"]
