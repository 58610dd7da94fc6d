"""Reading a SOAP request safely, before Spyne sees it.

The body is parsed once with lxml with entity resolution, DTD loading and network access off;
any DTD is refused outright (WCF: "For security reasons DTD is prohibited"), which stops external
entities and entity expansion (billion laughs) before they cost anything. Nesting deeper than any
Severa message needs is refused too. What remains is a small, known tree: the envelope version, the
``WebServicePassword`` header, the operation element and the SOAP action the client named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from mockserver.vendors.severa import catalog
from mockserver.vendors.severa.catalog import SERVICE_NS, Operation
from mockserver.vendors.severa.envelope import SOAP11, SOAP12

#: deeper than any Severa message (envelope, body, operation, entity, array, item, field)
MAX_DEPTH = 32
DTD_PROHIBITED = "For security reasons DTD is prohibited in this XML document."

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)
_ACTION_PARAM = re.compile(r'action\s*=\s*"?([^";]*)"?', re.IGNORECASE)


class Refused(Exception):
    """A request that never reaches an operation: rendered as an ``s:Client`` fault."""

    def __init__(self, message: str, version: str = SOAP11) -> None:
        super().__init__(message)
        self.message = message
        self.version = version


@dataclass(frozen=True)
class Inbound:
    version: str
    operation: Operation
    element: etree._Element
    password: str | None


def version_of(content_type: str) -> str:
    return SOAP12 if "application/soap+xml" in content_type.lower() else SOAP11


def requested_action(content_type: str, soap_action_header: str | None) -> str:
    """The action a client named: the SOAPAction header (1.1) or the ``action`` parameter (1.2)."""
    if soap_action_header:
        return soap_action_header.strip().strip('"').strip()
    match = _ACTION_PARAM.search(content_type or "")
    return match.group(1).strip() if match else ""


def _parse(body: bytes, version: str) -> etree._Element:
    if not body.strip():
        raise Refused("The request body is empty; a SOAP envelope was expected.", version)
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise Refused(DTD_PROHIBITED, version)
    try:
        root = etree.fromstring(body, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise Refused(f"The request is not well-formed XML: {exc}", version) from None
    if root.getroottree().docinfo.doctype:
        raise Refused(DTD_PROHIBITED, version)
    depth = 0
    for event, _node in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_DEPTH:
            raise Refused("The request is nested too deeply.", version)
    return root


def read(body: bytes, content_type: str, soap_action_header: str | None) -> Inbound:
    version = version_of(content_type)
    root = _parse(body, version)
    if root.tag in (f"{{{SOAP11}}}Envelope", f"{{{SOAP12}}}Envelope"):
        version = etree.QName(root).namespace
    else:
        raise Refused("The message is not a SOAP envelope.", version)
    header = root.find(f"{{{version}}}Header")
    password = header.findtext(f"{{{SERVICE_NS}}}WebServicePassword") if header is not None else None
    body_element = root.find(f"{{{version}}}Body")
    children = list(body_element) if body_element is not None else []
    if not children:
        raise Refused("The SOAP body is empty.", version)
    element = children[0]
    name = etree.QName(element)
    operation = catalog.operations().get(name.localname) if name.namespace == SERVICE_NS else None
    action = requested_action(content_type, soap_action_header)
    if operation is None or (action and action != operation.soap_action):
        shown = action or f"{{{name.namespace}}}{name.localname}"
        raise Refused(
            f"The message with Action '{shown}' cannot be processed at the receiver, due to a "
            "ContractFilter mismatch at the EndpointDispatcher.",
            version,
        )
    return Inbound(version, operation, element, (password or "").strip() or None)


def spyne_request(inbound: Inbound) -> bytes:
    """The operation element alone in a SOAP 1.1 envelope: what Spyne is given to deserialise."""
    envelope = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"s": SOAP11})
    etree.SubElement(envelope, f"{{{SOAP11}}}Body").append(inbound.element)
    return etree.tostring(envelope, encoding="utf-8")
