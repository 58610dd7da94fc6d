"""SOAP envelopes as WCF writes them, in SOAP 1.1 or 1.2.

Spyne's answer (always SOAP 1.1, with generated prefixes ``tns``/``s0``) is re-emitted here with
WCF's own layout: ``s:`` for the envelope, the service namespace as the default namespace of the
response element, ``a:`` for entities, ``b:`` for serialisation arrays, ``i:`` for
``XMLSchema-instance``. A SOAP 1.2 request gets the same body in a SOAP 1.2 envelope, its faults in
the 1.2 structure (``Code``/``Reason``/``Detail``).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from mockserver.vendors.severa.catalog import API_NS, ARRAYS_NS, ENTITIES_NS, ENTITY_ENUMS_NS, SERVICE_NS

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

CONTENT_TYPES = {SOAP11: "text/xml; charset=utf-8", SOAP12: "application/soap+xml; charset=utf-8"}

#: WCF's prefixes for the namespaces that appear inside a result
PREFIXES = {ENTITIES_NS: "a", ARRAYS_NS: "b", ENTITY_ENUMS_NS: "c", API_NS: "d", XSI: "i"}

_TRUSTED = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


@dataclass(frozen=True)
class FaultInfo:
    """What a fault says: ``Client``/``Server``, the message, and the typed detail if any."""

    code: str
    message: str
    detail_type: str | None = None
    source: str = "Severa.API"


def _namespaces(element: etree._Element) -> set[str]:
    found = set()
    for node in element.iter():
        found.add(etree.QName(node).namespace)
        found.update(etree.QName(a).namespace for a in node.attrib)
    found.discard(None)
    return found


def _copy(source: etree._Element, parent: etree._Element | None, nsmap: dict | None = None) -> etree._Element:
    if parent is None:
        target = etree.Element(source.tag, nsmap=nsmap)
    else:
        target = etree.SubElement(parent, source.tag, nsmap=nsmap)
    for key, value in source.attrib.items():
        target.set(key, value)
    target.text = source.text
    for child in source:
        _copy(child, target)
    return target


def _result_nsmap(element: etree._Element) -> dict[str | None, str]:
    used = _namespaces(element)
    return {prefix: ns for ns, prefix in PREFIXES.items() if ns in used}


def _envelope(version: str) -> tuple[etree._Element, etree._Element]:
    envelope = etree.Element(f"{{{version}}}Envelope", nsmap={"s": version})
    body = etree.SubElement(envelope, f"{{{version}}}Body")
    return envelope, body


def _serialise(envelope: etree._Element) -> bytes:
    return etree.tostring(envelope, encoding="utf-8")


def response(version: str, operation: etree._Element) -> bytes:
    """A successful answer: ``<OpResponse xmlns="http://soap.severa.com/"><OpResult …>``."""
    envelope, body = _envelope(version)
    wrapper = etree.SubElement(body, operation.tag, nsmap={None: SERVICE_NS})
    for result in operation:
        _copy(result, wrapper, _result_nsmap(result))
    return _serialise(envelope)


def fault(version: str, info: FaultInfo) -> bytes:
    envelope, body = _envelope(version)
    element = etree.SubElement(body, f"{{{version}}}Fault")
    if version == SOAP12:
        code = etree.SubElement(etree.SubElement(element, f"{{{version}}}Code"), f"{{{version}}}Value")
        code.text = "s:Sender" if info.code == "Client" else "s:Receiver"
        reason = etree.SubElement(etree.SubElement(element, f"{{{version}}}Reason"), f"{{{version}}}Text")
        reason.set(XML_LANG, "en-US")
        reason.text = info.message
        detail_tag = f"{{{version}}}Detail"
    else:
        etree.SubElement(element, "faultcode").text = f"s:{info.code}"
        text = etree.SubElement(element, "faultstring")
        text.set(XML_LANG, "en-US")
        text.text = info.message
        detail_tag = "detail"
    if info.detail_type is not None:
        detail = etree.SubElement(element, detail_tag)
        typed = etree.SubElement(detail, f"{{{API_NS}}}{info.detail_type}", nsmap={None: API_NS, "i": XSI})
        etree.SubElement(typed, f"{{{API_NS}}}Description").text = info.message
        etree.SubElement(typed, f"{{{API_NS}}}Source").text = info.source
    return _serialise(envelope)


def read_fault(fault_element: etree._Element) -> FaultInfo:
    """The fault Spyne wrote (see ``soap.fault_element``), as data."""
    code = (fault_element.findtext("faultcode") or "s:Server").split(":", 1)[-1]
    message = fault_element.findtext("faultstring") or ""
    typed = fault_element.find("detail/*")
    if typed is None:
        return FaultInfo(code, message)
    return FaultInfo(
        code,
        typed.findtext(f"{{{API_NS}}}Description") or message,
        etree.QName(typed).localname,
        typed.findtext(f"{{{API_NS}}}Source") or "Severa.API",
    )


def rewrite(version: str, spyne_answer: bytes) -> tuple[bytes, bool]:
    """Spyne's SOAP 1.1 answer in WCF's shape for ``version``; True when it is a fault."""
    root = etree.fromstring(spyne_answer, _TRUSTED)
    body = root.find(f"{{{SOAP11}}}Body")
    child = body[0] if body is not None and len(body) else None
    if child is None:
        return fault(version, FaultInfo("Server", "Empty answer")), True
    if child.tag == f"{{{SOAP11}}}Fault":
        return fault(version, read_fault(child)), True
    return response(version, child), False
