"""The transport as WCF's basicHttpBinding answers it, pinned as raw HTTP bytes on a socket: media
types (415), SOAPAction dispatch (a:ActionNotSupported), mustUnderstand, one operation per body,
values that do not deserialise (a:DeserializationFailed), and the element-count quota."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from mockserver.config import Config
from mockserver.server import ThreadedMockServer
from tests.vendors.severa.conftest import PATH, SERVICE_NS, envelope

ACTION_TEXT = (
    "cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher. "
    "This may be because of either a contract mismatch (mismatched Actions between sender and receiver) "
    "or a binding/security mismatch between the sender and the receiver.  Check that sender and receiver "
    "have the same contract and the same binding (including security requirements, e.g. Message, "
    "Transport, None)."
)
FORMATTER = "The formatter threw an exception while trying to deserialize the message: "
ENTITIES = "http://schemas.datacontract.org/2004/07/Severa.Entities.API"
DISPATCHER = "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher"


@dataclass
class Raw:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes


def raw(url: str, body: bytes, headers: dict[str, str]) -> Raw:
    """One HTTP/1.1 request written byte for byte on a socket; the answer read until close."""
    parts = urlsplit(url)
    lines = [
        f"POST {PATH} HTTP/1.1",
        f"Host: {parts.netloc}",
        f"Content-Length: {len(body)}",
        "Connection: close",
    ]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, payload = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in header_lines)}
    _version, status, reason = status_line.split(" ", 2)
    return Raw(int(status), reason, parsed, payload)


def fault_bytes(code: str, text: str) -> bytes:
    return (
        f'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>{code}'
        f'<faultstring xml:lang="en-US">{text}</faultstring></s:Fault></s:Body></s:Envelope>'
    ).encode()


def deserialization_failed(text: str) -> bytes:
    return fault_bytes(f'<faultcode xmlns:a="{DISPATCHER}">a:DeserializationFailed</faultcode>', text)


@pytest.fixture
def post(mock_tenant):
    url = mock_tenant.base_urls["severa"]
    key = mock_tenant.credentials["severa"]["api_key"]

    def send(
        operation: str, inner: str = "", headers: dict[str, str] | None = None, body: bytes = b""
    ) -> Raw:
        return raw(url, body or envelope(operation, inner, key), headers if headers is not None else {})

    send.key = key
    return send


def wcf(contract: str, operation: str) -> dict[str, str]:
    return {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{SERVICE_NS}{contract}/{operation}"'}


# -- media type -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content_type",
    [
        'application/soap+xml; charset=utf-8; action="http://soap.severa.com/IAPI/GetVersion"',
        "application/json",
        "text/plain; charset=utf-8",
        None,
        "text/xml; charset=iso-8859-1",
    ],
    ids=["soap12", "json", "text-plain", "none", "latin1"],
)
def test_anything_but_text_xml_is_415_with_an_empty_body(post, content_type):
    headers = {"SOAPAction": f'"{SERVICE_NS}IAPI/GetVersion"'}
    if content_type is not None:
        headers["Content-Type"] = content_type
    answer = post("GetVersion", headers=headers)
    assert (answer.status, answer.body, answer.headers["content-length"]) == (415, b"", "0")


@pytest.fixture(scope="module")
def on_waitress():
    """A server on waitress, which writes the status line's reason phrase as the application gives
    it; granian (hyper) always writes the standard one (docs/command-line.md, "HTTP servers")."""
    with ThreadedMockServer(Config(port=0, http="waitress", vendors=["severa"])) as server:
        demo = server.app.describe_tenant(server.app.tenants.get("demo"))
        yield server.app.url + PATH, demo["credentials"]["severa"]["api_key"]


@pytest.mark.parametrize("content_type", ["application/json", None], ids=["json", "none"])
def test_the_415_reason_phrase_is_wcfs_message_on_waitress(on_waitress, content_type):
    url, key = on_waitress
    headers = {"SOAPAction": f'"{SERVICE_NS}IAPI/GetVersion"'}
    if content_type is not None:
        headers["Content-Type"] = content_type
    answer = raw(url, envelope("GetVersion", "", key), headers)
    assert (answer.status, answer.body) == (415, b"")
    assert answer.reason == (
        f"Cannot process the message because the content type '{content_type or ''}' was not the expected "
        "type 'text/xml; charset=utf-8'."
    )


def test_a_soap12_envelope_as_json_is_415_too(post):
    answer = post("GetVersion", headers={"Content-Type": "application/json"}, body=b'{"GetVersion": {}}')
    assert (answer.status, answer.body) == (415, b"")


def test_text_xml_in_any_case_and_utf16_charset_are_accepted(post):
    assert post("GetVersion", headers={**wcf("IAPI", "GetVersion"), "Content-Type": "TEXT/XML"}).status == 200
    utf16 = envelope("GetVersion", key=post.key).decode().encode("utf-16")
    headers = {**wcf("IAPI", "GetVersion"), "Content-Type": 'text/xml; charset="utf-16"'}
    answer = post("GetVersion", headers=headers, body=utf16)
    assert answer.status == 200
    assert b"<GetVersionResult>1.0</GetVersionResult>" in answer.body


# -- SOAPAction --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("soap_action", "named"),
    [
        (None, ""),
        ('""', ""),
        ("", ""),
        (f'"{SERVICE_NS}IAPI/DropAllTables"', f"{SERVICE_NS}IAPI/DropAllTables"),
    ],
    ids=["missing", "empty-quoted", "empty", "unknown"],
)
def test_missing_empty_or_unknown_soapaction_is_action_not_supported(post, soap_action, named):
    headers = {"Content-Type": "text/xml; charset=utf-8"}
    if soap_action is not None:
        headers["SOAPAction"] = soap_action
    answer = post("GetVersion", headers=headers)
    assert answer.status == 500
    assert answer.headers["content-type"] == "text/xml; charset=utf-8"
    assert answer.body == fault_bytes(
        '<faultcode xmlns:a="http://schemas.microsoft.com/ws/2005/05/addressing/none">a:ActionNotSupported</faultcode>',
        f"The message with Action '{named}' {ACTION_TEXT}",
    )


def test_soapaction_naming_another_operation_is_an_operation_formatter_fault(post):
    answer = post("GetVersion", headers=wcf("IAPI", "GetEntitySchemaVersion"))
    assert answer.status == 500
    assert answer.body == deserialization_failed(
        f"{FORMATTER}Error in deserializing body of request message for operation 'GetEntitySchemaVersion'. "
        "OperationFormatter encountered an invalid Message body. Expected to find node type 'Element' with "
        "name 'GetEntitySchemaVersion' and namespace 'http://soap.severa.com/'. Found node type 'Element' "
        "with name 'GetVersion' and namespace 'http://soap.severa.com/'"
    )


# -- headers -----------------------------------------------------------------------------------------
def _with_header(key: str, header: str) -> bytes:
    return (
        f'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>{header}'
        f'<WebServicePassword xmlns="{SERVICE_NS}">{key}</WebServicePassword></s:Header><s:Body>'
        f'<GetVersion xmlns="{SERVICE_NS}"/></s:Body></s:Envelope>'
    ).encode()


def test_unknown_must_understand_header_is_a_must_understand_fault(post):
    header = '<Trace xmlns="urn:example" s:mustUnderstand="1">on</Trace>'
    answer = post("GetVersion", headers=wcf("IAPI", "GetVersion"), body=_with_header(post.key, header))
    assert answer.status == 500
    assert answer.body == fault_bytes(
        "<faultcode>s:MustUnderstand</faultcode>",
        "The header 'Trace' from the namespace 'urn:example' was not understood by the recipient of this "
        "message, causing the message to not be processed.  This error typically indicates that the sender "
        "of this message has enabled a communication protocol that the receiver cannot process.  Please "
        "ensure that the configuration of the client's binding is consistent with the service's binding. ",
    )


@pytest.mark.parametrize(
    "header",
    [
        '<Trace xmlns="urn:example">on</Trace>',
        '<Trace xmlns="urn:example" s:mustUnderstand="0">on</Trace>',
        '<Trace xmlns="urn:example" s:mustUnderstand="1" s:actor="urn:someone-else">on</Trace>',
    ],
    ids=["optional", "must-understand-0", "other-actor"],
)
def test_optional_or_foreign_headers_are_ignored(post, header):
    answer = post("GetVersion", headers=wcf("IAPI", "GetVersion"), body=_with_header(post.key, header))
    assert answer.status == 200


def test_the_password_header_may_be_marked_must_understand(post):
    body = (
        f'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>'
        f'<WebServicePassword xmlns="{SERVICE_NS}" s:mustUnderstand="1">{post.key}</WebServicePassword>'
        f'</s:Header><s:Body><GetVersion xmlns="{SERVICE_NS}"/></s:Body></s:Envelope>'
    ).encode()
    assert post("GetVersion", headers=wcf("IAPI", "GetVersion"), body=body).status == 200


# -- one operation per body -------------------------------------------------------------------------
def test_a_second_operation_in_the_body_is_a_fault_and_neither_runs(post):
    name = f'<Name xmlns="{ENTITIES}">Kaksi Oy</Name>'
    add = f'<AddNewAccount xmlns="{SERVICE_NS}"><accountInfo>{name}</accountInfo></AddNewAccount>'
    body = (
        f'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>'
        f'<WebServicePassword xmlns="{SERVICE_NS}">{post.key}</WebServicePassword></s:Header><s:Body>'
        f'{add}<GetVersion xmlns="{SERVICE_NS}"/></s:Body></s:Envelope>'
    ).encode()
    answer = post("AddNewAccount", headers=wcf("IAccount", "AddNewAccount"), body=body)
    assert answer.status == 500
    assert answer.body == deserialization_failed(
        f"{FORMATTER}Error in deserializing body of request message for operation 'AddNewAccount'. The Body "
        "holds a second element, 'GetVersion' in namespace 'http://soap.severa.com/'; one message carries "
        "one operation."
    )
    lookup = post(
        "GetAccountByName", "<accountName>Kaksi Oy</accountName>", wcf("IAccount", "GetAccountByName")
    )
    assert (
        b'<GetAccountByNameResult xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>'
        in lookup.body
    )


# -- values that do not deserialise -----------------------------------------------------------------
HOUR_ENTRY_PREFIX = (
    f"{FORMATTER}There was an error while trying to deserialize parameter "
    "http://soap.severa.com/:hourEntryInfo. The InnerException message was 'There was an error "
    "deserializing the object of type Severa.Entities.API.HourEntry. "
)
SUFFIX = "'.  Please see InnerException for more details."


def test_empty_event_date_as_node_soap_sends_it_is_a_wcf_deserialization_fault(post):
    inner = f'<hourEntryInfo xmlns:a="{ENTITIES}"><a:EventDate/><a:Quantity>1.5</a:Quantity></hourEntryInfo>'
    answer = post("AddNewHourEntry", inner, wcf("IHourEntry", "AddNewHourEntry"))
    assert answer.status == 500
    assert answer.body == deserialization_failed(
        f"{HOUR_ENTRY_PREFIX}The value '' cannot be parsed as the type 'DateTime'.{SUFFIX}"
    )
    assert b"could not be validated" not in answer.body


def test_a_decimal_past_system_decimal_is_a_deserialization_fault(post):
    huge = "1" + "0" * 30
    inner = f'<hourEntryInfo xmlns:a="{ENTITIES}"><a:Quantity>{huge}</a:Quantity></hourEntryInfo>'
    answer = post("AddNewHourEntry", inner, wcf("IHourEntry", "AddNewHourEntry"))
    assert answer.status == 500
    assert answer.body == deserialization_failed(
        f"{HOUR_ENTRY_PREFIX}The value '{huge}' cannot be parsed as the type 'Decimal'.{SUFFIX}"
    )


@pytest.mark.parametrize(
    ("operation", "contract", "inner", "text"),
    [
        (
            "GetAccountByNumber",
            "IAccount",
            "<accountNumber>abc</accountNumber>",
            "parameter http://soap.severa.com/:accountNumber. The InnerException message was 'There was "
            "an error deserializing the object of type System.Int64. The value 'abc' cannot be parsed as "
            "the type 'Int64'.",
        ),
        (
            "GetHourEntriesByDate",
            "IHourEntry",
            "<startdate>08.01.2024</startdate>",
            "parameter http://soap.severa.com/:startdate. The InnerException message was 'There was an error "
            "deserializing the object of type System.Nullable`1[[System.DateTime, mscorlib, Version=4.0.0.0, "
            "Culture=neutral, PublicKeyToken=b77a5c561934e089]]. The value '08.01.2024' cannot be parsed as "
            "the type 'DateTime'.",
        ),
        (
            "GetHourEntriesChangedSince",
            "IHourEntry",
            "<startDate>2024-02-30T00:00:00</startDate>",
            "parameter http://soap.severa.com/:startDate. The InnerException message was 'There was an error "
            "deserializing the object of type System.DateTime. The value '2024-02-30T00:00:00' cannot be "
            "parsed as the type 'DateTime'.",
        ),
        (
            "GetAllAccounts",
            "IAccount",
            "<options>Everything</options><startFromIndex>0</startFromIndex><count>10</count>",
            "parameter http://soap.severa.com/:options. The InnerException message was 'There was an error "
            "deserializing the object of type Severa.API.AccountGetOptions. Invalid enum value 'Everything' "
            "cannot be deserialized into type 'Severa.API.AccountGetOptions'. Ensure that the necessary enum "
            "values are present and are marked with EnumMemberAttribute attribute if the type has "
            "DataContractAttribute attribute.",
        ),
        (
            "GetAllAccounts",
            "IAccount",
            '<options>None</options><startFromIndex xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
            'i:nil="true"/><count>10</count>',
            "parameter http://soap.severa.com/:startFromIndex. The InnerException message was 'There was an "
            "error deserializing the object of type System.Int32. ValueType 'System.Int32' cannot be null.",
        ),
    ],
    ids=["long", "date", "no-such-day", "enum", "nil-int"],
)
def test_values_that_do_not_deserialize_are_named_as_wcf_names_them(post, operation, contract, inner, text):
    answer = post(operation, inner, wcf(contract, operation))
    assert answer.status == 500
    assert answer.body == deserialization_failed(
        f"{FORMATTER}There was an error while trying to deserialize {text}{SUFFIX}"
    )


def test_values_wcf_reads_are_accepted(post):
    for start, end in (
        (" 2024-01-08 ", "2024-01-08T23:59:59.9999999"),
        ("2024-01-08Z", "2024-01-08T23:59:59+02:00"),
    ):
        inner = f"<startdate>{start}</startdate><enddate>{end}</enddate>"
        answer = post("GetHourEntriesByDate", inner, wcf("IHourEntry", "GetHourEntriesByDate"))
        assert answer.status == 200
        assert answer.body.count(b"<a:HourEntry>") == 5
    inner = "<options> IncludeInactive </options><startFromIndex> +0 </startFromIndex><count>5</count>"
    assert post("GetAllAccounts", inner, wcf("IAccount", "GetAllAccounts")).status == 200
    every = post("GetAllUsers", "<includeInactive>1</includeInactive>", wcf("IUser", "GetAllUsers"))
    active = post("GetAllUsers", "<includeInactive> false </includeInactive>", wcf("IUser", "GetAllUsers"))
    assert every.status == active.status == 200
    assert every.body.count(b"<a:User>") >= active.body.count(b"<a:User>") > 0


# -- element-count quota ----------------------------------------------------------------------------
def test_more_elements_than_the_object_graph_quota_are_refused(post):
    items = "<b:string/>" * 70_000
    inner = (
        f'<userGUIDs xmlns:b="http://schemas.microsoft.com/2003/10/Serialization/Arrays">{items}</userGUIDs>'
    )
    answer = post("GetUsersByGUIDs", inner, wcf("IUser", "GetUsersByGUIDs"))
    assert answer.status == 500
    assert answer.body == deserialization_failed(
        f"{FORMATTER}Maximum number of items that can be serialized or deserialized in an object graph is "
        "'65536'. Change the object graph or increase the MaxItemsInObjectGraph quota. ",
    )


def test_the_wsdl_declares_soap_11_bindings_only(mockserver, mock_http):
    from lxml import etree

    document = etree.fromstring(mock_http.get(f"{mockserver.url}{PATH}?wsdl").content)
    soap11 = {e.tag for e in document.iter() if "schemas.xmlsoap.org/wsdl/soap/" in str(e.tag)}
    soap12 = [e.tag for e in document.iter() if "schemas.xmlsoap.org/wsdl/soap12/" in str(e.tag)]
    assert soap11 and soap12 == []


def test_a_type_spyne_cannot_read_is_wcfs_outer_deserialization_fault(post):
    """What ``deserialize`` does not judge (here an ``xsi:type`` no contract declares) and Spyne
    cannot read still answers in WCF's words, not Spyne's."""
    inner = (
        f'<hourEntryInfo xmlns:a="{ENTITIES}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
        'i:type="a:NoSuchType"><a:Quantity>1</a:Quantity></hourEntryInfo>'
    )
    answer = post("AddNewHourEntry", inner, wcf("IHourEntry", "AddNewHourEntry"))
    assert answer.status == 500
    assert answer.body == deserialization_failed(
        f"{FORMATTER}Error in deserializing body of request message for operation 'AddNewHourEntry'."
    )
