"""Reading a SOAP request as WCF's basicHttpBinding does, safely, before Spyne sees it.

In WCF's order: the media type (``text/xml`` only, else HTTP 415 with an empty body), the
envelope, the action (``SOAPAction`` names the operation; the body is not looked at to find it),
the ``mustUnderstand`` headers, the operation element (exactly one, the one the action names), and
the values (``deserialize``).

The body is parsed incrementally with lxml, entity resolution, DTD loading and network access off,
counting elements and depth as they arrive: any DTD is refused outright (WCF: "For security
reasons DTD is prohibited"), which stops external entities and entity expansion (billion laughs),
and a document deeper or with more elements than any Severa call needs is refused before its tree
is built (elements are counted on the bytes first, and again as they are parsed), so a 5 MiB
envelope of tiny elements costs no tree at all, not hundreds of MB.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from lxml import etree

from mockserver.vendors.severa import catalog, deserialize
from mockserver.vendors.severa.catalog import SERVICE_NS, Operation
from mockserver.vendors.severa.deserialize import FORMATTER
from mockserver.vendors.severa.envelope import ADDRESSING_NONE, DISPATCHER_NS, SOAP11, FaultInfo

#: deeper than any Severa message (envelope, body, operation, entity, array, item, field)
MAX_DEPTH = 32
#: WCF's default ``MaxItemsInObjectGraph``: far more elements than any Severa call carries
MAX_ELEMENTS = 65_536
DTD_PROHIBITED = "For security reasons DTD is prohibited in this XML document."
TOO_MANY_ELEMENTS = (
    f"Maximum number of items that can be serialized or deserialized in an object graph is "
    f"'{MAX_ELEMENTS}'. Change the object graph or increase the MaxItemsInObjectGraph quota. "
)
#: WCF's MessageEncoder accepts these charsets for text/xml
CHARSETS = ("utf-8", "utf-16", "utf-16le", "utf-16be")
#: headers the service processes (the only one Severa defines)
UNDERSTOOD = frozenset({f"{{{SERVICE_NS}}}WebServicePassword"})
_ACTORS = ("", "http://schemas.xmlsoap.org/soap/actor/next")
_CHUNK = 64 * 1024
_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


class UnsupportedMediaType(Exception):
    """Not ``text/xml``: WCF answers HTTP 415 with an empty body."""


class Refused(Exception):
    """A request that never reaches an operation: rendered as a fault."""

    def __init__(self, info: FaultInfo) -> None:
        super().__init__(info.message)
        self.info = info


@dataclass(frozen=True)
class Inbound:
    operation: Operation
    element: etree._Element
    password: str | None


def check_media_type(content_type: str) -> None:
    """``text/xml`` with a charset WCF reads (or none); anything else is refused."""
    media, *params = (part.strip() for part in content_type.split(";"))
    if media.lower() != "text/xml":
        raise UnsupportedMediaType(content_type)
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in CHARSETS:
            raise UnsupportedMediaType(content_type)


def _client(message: str) -> Refused:
    return Refused(FaultInfo("Client", message))


def _deserialization_failed(message: str) -> Refused:
    """The fault WCF's dispatcher answers when the formatter cannot read the body."""
    return Refused(FaultInfo("DeserializationFailed", message, code_namespace=DISPATCHER_NS))


def start_tags(body: bytes) -> int:
    """How many elements an 8-bit-encoded document has at most, counted on the bytes (every ``<``
    that opens no end tag, comment, CDATA or declaration): an over-full body is refused before any
    tree is built. UTF-16 documents are counted while they are parsed instead."""
    if body[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in body[:4]:
        return 0
    return body.count(b"<") - body.count(b"</") - body.count(b"<!") - body.count(b"<?")


def _parse(body: bytes) -> etree._Element:
    if not body.strip():
        raise _client("The request body is empty; a SOAP envelope was expected.")
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise _client(DTD_PROHIBITED)
    if start_tags(body) > MAX_ELEMENTS:
        raise _deserialization_failed(f"{FORMATTER}{TOO_MANY_ELEMENTS}")
    parser = etree.XMLPullParser(events=("start", "end"), **_PARSER_OPTIONS)
    depth = elements = 0
    try:
        for offset in range(0, len(body), _CHUNK):
            parser.feed(body[offset : offset + _CHUNK])
            for event, _node in parser.read_events():
                if event == "end":
                    depth -= 1
                    continue
                depth, elements = depth + 1, elements + 1
                if depth > MAX_DEPTH:
                    raise _client("The request is nested too deeply.")
                if elements > MAX_ELEMENTS:
                    raise _deserialization_failed(f"{FORMATTER}{TOO_MANY_ELEMENTS}")
        root = parser.close()
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise _client(f"The request is not well-formed XML: {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise _client(DTD_PROHIBITED)
    return root


@cache
def _by_action() -> dict[str, Operation]:
    return {op.soap_action: op for op in catalog.operations().values()}


def action_not_supported(action: str) -> Refused:
    return Refused(
        FaultInfo(
            "ActionNotSupported",
            f"The message with Action '{action}' cannot be processed at the receiver, due to a "
            "ContractFilter mismatch at the EndpointDispatcher. This may be because of either a "
            "contract mismatch (mismatched Actions between sender and receiver) or a "
            "binding/security mismatch between the sender and the receiver.  Check that sender and "
            "receiver have the same contract and the same binding (including security "
            "requirements, e.g. Message, Transport, None).",
            code_namespace=ADDRESSING_NONE,
        )
    )


def _not_understood(header: etree._Element) -> None:
    for entry in header:
        must = entry.get(f"{{{SOAP11}}}mustUnderstand", "0").strip()
        actor = entry.get(f"{{{SOAP11}}}actor", "").strip()
        if must in ("1", "true") and actor in _ACTORS and entry.tag not in UNDERSTOOD:
            name = etree.QName(entry)
            raise Refused(
                FaultInfo(
                    "MustUnderstand",
                    f"The header '{name.localname}' from the namespace '{name.namespace or ''}' was "
                    "not understood by the recipient of this message, causing the message to not be "
                    "processed.  This error typically indicates that the sender of this message has "
                    "enabled a communication protocol that the receiver cannot process.  Please "
                    "ensure that the configuration of the client's binding is consistent with the "
                    "service's binding. ",
                )
            )


def _formatter_fault(operation: Operation, found: str) -> Refused:
    return _deserialization_failed(
        f"{FORMATTER}Error in deserializing body of request message for operation "
        f"'{operation.name}'. OperationFormatter encountered an invalid Message body. Expected to "
        f"find node type 'Element' with name '{operation.name}' and namespace '{SERVICE_NS}'. "
        f"Found {found}"
    )


def _operation_element(operation: Operation, body: etree._Element | None) -> etree._Element:
    children = list(body) if body is not None else []
    if not children:
        raise _formatter_fault(operation, f"node type 'EndElement' with name 'Body' and namespace '{SOAP11}'")
    first = etree.QName(children[0])
    if (first.namespace, first.localname) != (SERVICE_NS, operation.name):
        raise _formatter_fault(
            operation,
            f"node type 'Element' with name '{first.localname}' and namespace '{first.namespace or ''}'",
        )
    if len(children) > 1:
        extra = etree.QName(children[1])
        raise _deserialization_failed(
            f"{FORMATTER}Error in deserializing body of request message for operation "
            f"'{operation.name}'. The Body holds a second element, '{extra.localname}' in namespace "
            f"'{extra.namespace or ''}'; one message carries one operation."
        )
    return children[0]


def read(
    body: bytes, content_type: str, soap_action_header: str | None, root: etree._Element | None = None
) -> Inbound:
    """The SOAP call in ``body``, read in WCF's order; ``root`` is the body already parsed (by the
    credential reader, when the upstream passthrough asked first). Raises ``UnsupportedMediaType``
    or ``Refused``."""
    check_media_type(content_type)
    if root is None:
        root = _parse(body)
    if root.tag != f"{{{SOAP11}}}Envelope":
        raise _client("The message is not a SOAP 1.1 envelope.")
    action = (soap_action_header or "").strip().strip('"').strip()
    operation = _by_action().get(action)
    if operation is None:
        raise action_not_supported(action)
    header = root.find(f"{{{SOAP11}}}Header")
    if header is not None:
        _not_understood(header)
    password = header_password(root)
    element = _operation_element(operation, root.find(f"{{{SOAP11}}}Body"))
    try:
        deserialize.check(operation, element)
    except deserialize.Undeserializable as failed:
        raise _deserialization_failed(failed.message) from None
    return Inbound(operation, element, password)


def parse(body: bytes) -> etree._Element:
    """The envelope's root, parsed as safely as ``read`` parses it; raises ``Refused``."""
    return _parse(body)


def header_password(root: etree._Element) -> str | None:
    """The ``WebServicePassword`` SOAP header's key, or None when there is none."""
    header = root.find(f"{{{SOAP11}}}Header")
    password = header.findtext(f"{{{SERVICE_NS}}}WebServicePassword") if header is not None else None
    return (password or "").strip() or None


def spyne_document(inbound: Inbound) -> etree._Element:
    """The operation element alone in a SOAP 1.1 envelope: the tree Spyne deserialises (handed
    over parsed, so the request is neither serialised nor parsed a second time)."""
    envelope = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"s": SOAP11})
    etree.SubElement(envelope, f"{{{SOAP11}}}Body").append(inbound.element)
    return envelope
