"""SOAP 1.1 envelopes as WCF's basicHttpBinding writes them.

Spyne's answer (with generated prefixes ``tns``/``s0``) is re-emitted here with WCF's own layout:
``s:`` for the envelope, the service namespace as the default namespace of the response element,
``a:`` for entities, ``b:`` for serialisation arrays, ``i:`` for ``XMLSchema-instance``. Faults the
WCF runtime raises itself (``a:ActionNotSupported``, ``a:DeserializationFailed``) carry their code in
its own namespace, declared on ``<faultcode>`` as WCF does.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from mockserver.vendors.severa.catalog import API_NS, ARRAYS_NS, ENTITIES_NS, ENTITY_ENUMS_NS, SERVICE_NS

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

CONTENT_TYPE = "text/xml; charset=utf-8"
#: the namespaces of the fault codes WCF's runtime raises itself (``a:ActionNotSupported`` of a
#: basicHttpBinding endpoint, which has no WS-Addressing; ``a:DeserializationFailed`` of the dispatcher)
ADDRESSING_NONE = "http://schemas.microsoft.com/ws/2005/05/addressing/none"
DISPATCHER_NS = "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher"
_CODE_NAMESPACES = {"ActionNotSupported": ADDRESSING_NONE, "DeserializationFailed": DISPATCHER_NS}

#: WCF's prefixes for the namespaces that appear inside a result
PREFIXES = {ENTITIES_NS: "a", ARRAYS_NS: "b", ENTITY_ENUMS_NS: "c", API_NS: "d", XSI: "i"}

_TRUSTED = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


@dataclass(frozen=True)
class FaultInfo:
    """What a fault says: its code (``Client``/``Server`` in the envelope namespace unless
    ``code_namespace`` names WCF's own), the message, and the typed detail if any."""

    code: str
    message: str
    detail_type: str | None = None
    source: str = "Severa.API"
    code_namespace: str | None = None


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


def _envelope() -> tuple[etree._Element, etree._Element]:
    envelope = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"s": SOAP11})
    body = etree.SubElement(envelope, f"{{{SOAP11}}}Body")
    return envelope, body


def _serialise(envelope: etree._Element) -> bytes:
    return etree.tostring(envelope, encoding="utf-8")


def response(operation: etree._Element) -> bytes:
    """A successful answer: ``<OpResponse xmlns="http://soap.severa.com/"><OpResult …>``."""
    envelope, body = _envelope()
    wrapper = etree.SubElement(body, operation.tag, nsmap={None: SERVICE_NS})
    for result in operation:
        _copy(result, wrapper, _result_nsmap(result))
    return _serialise(envelope)


def fault(info: FaultInfo) -> bytes:
    envelope, body = _envelope()
    element = etree.SubElement(body, f"{{{SOAP11}}}Fault")
    if info.code_namespace is None:
        etree.SubElement(element, "faultcode").text = f"s:{info.code}"
    else:
        etree.SubElement(element, "faultcode", nsmap={"a": info.code_namespace}).text = f"a:{info.code}"
    text = etree.SubElement(element, "faultstring")
    text.set(XML_LANG, "en-US")
    text.text = info.message
    if info.detail_type is not None:
        detail = etree.SubElement(element, "detail")
        typed = etree.SubElement(detail, f"{{{API_NS}}}{info.detail_type}", nsmap={None: API_NS, "i": XSI})
        etree.SubElement(typed, f"{{{API_NS}}}Description").text = info.message
        etree.SubElement(typed, f"{{{API_NS}}}Source").text = info.source
    return _serialise(envelope)


def read_fault(fault_element: etree._Element) -> FaultInfo:
    """The fault Spyne wrote (see ``soap.fault_element``), as data."""
    code_element = fault_element.find("faultcode")
    prefix, _, code = (code_element.text or "s:Server").rpartition(":")
    # Spyne's ``cleanup_namespaces`` drops a declaration only used inside text (a QName)
    namespace = code_element.nsmap.get(prefix) or _CODE_NAMESPACES.get(code)
    code_namespace = None if namespace == SOAP11 else namespace
    message = fault_element.findtext("faultstring") or ""
    typed = fault_element.find("detail/*")
    if typed is None:
        return FaultInfo(code, message, code_namespace=code_namespace)
    return FaultInfo(
        code,
        typed.findtext(f"{{{API_NS}}}Description") or message,
        etree.QName(typed).localname,
        typed.findtext(f"{{{API_NS}}}Source") or "Severa.API",
    )


def rewrite(spyne_answer: bytes) -> tuple[bytes, bool]:
    """Spyne's answer in WCF's shape; True when it is a fault."""
    root = etree.fromstring(spyne_answer, _TRUSTED)
    body = root.find(f"{{{SOAP11}}}Body")
    child = body[0] if body is not None and len(body) else None
    if child is None:
        return fault(FaultInfo("Server", "Empty answer")), True
    if child.tag == f"{{{SOAP11}}}Fault":
        return fault(read_fault(child)), True
    return response(child), False
