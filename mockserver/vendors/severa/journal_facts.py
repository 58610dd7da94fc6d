"""What the journal and request matchers read from a Severa call: its operation and arguments.

A SOAP call's question is in its body, so "which operation did my client call, with what?" needs
the body read: the first child of ``Body`` names the operation, its children are the arguments by
name. Parsed with lxml with entities, DTDs and the network off (the body is the journal's kept copy,
so it is small), and only when an entry is read, never on the request path.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from mockserver.vendors.severa.envelope import SOAP11, XSI

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)
_NIL = f"{{{XSI}}}nil"


def request_facts(body: bytes) -> dict[str, Any]:
    """``{"soap_operation": name, "soap_args": {argument: text or nested object}}``, or nothing
    when the body is no SOAP call (cut by the journal, malformed, a WSDL request)."""
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        return {}
    try:
        root = etree.fromstring(body, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return {}
    envelope_body = root.find(f"{{{SOAP11}}}Body")
    operation = next(iter(envelope_body), None) if envelope_body is not None else None
    if operation is None or not isinstance(operation.tag, str):
        return {}
    return {"soap_operation": etree.QName(operation).localname, "soap_args": _children(operation)}


def _children(element: etree._Element) -> dict[str, Any]:
    """Child elements by local name (a repeated name as a list), each as text or nested object."""
    found: dict[str, Any] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        value = _value(child)
        if name in found:
            previous = found[name]
            found[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            found[name] = value
    return found


def _value(element: etree._Element) -> Any:
    if element.get(_NIL) == "true":
        return None
    if len(element):
        return _children(element)
    return (element.text or "").strip()
