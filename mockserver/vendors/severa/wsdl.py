"""The WSDL Spyne generates, brought to the shape of Severa's WCF WSDL.

Spyne names the SOAPAction after the bare operation and puts the typed faults in the service
namespace; WCF clients need ``soapAction="http://soap.severa.com/<Contract>/<Operation>"`` and the
fault details in ``Severa.API``. Bindings get WCF's ``BasicHttpBinding_<Contract>`` names. The
endpoint address is a placeholder, filled in per request with the URL the client used.
"""

from __future__ import annotations

from lxml import etree

from mockserver.vendors.severa import catalog
from mockserver.vendors.severa.catalog import (
    API_NS,
    ARRAYS_NS,
    ENTITIES_NS,
    ENTITY_ENUMS_NS,
    FAULT_LETTERS,
    SERVICE_NS,
)

ADDRESS_PLACEHOLDER = "http://mockserver.invalid/webservice/S3/API.svc"
#: the address in the committed contract: the real service
REAL_ADDRESS = "https://sync.severa.com/webservice/S3/API.svc"

WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP_BINDING = "http://schemas.xmlsoap.org/wsdl/soap/"
XS = "http://www.w3.org/2001/XMLSchema"
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def _prefix(root: etree._Element, namespace: str) -> str:
    return next(p for p, ns in root.nsmap.items() if ns == namespace and p)


def wcf_shape(document: bytes) -> bytes:
    root = _canonical_prefixes(etree.fromstring(document, _SAFE))
    _move_faults(root)
    _name_bindings(root)
    _soap_actions(root)
    _self_referencing_arrays(root)
    _sort_schemas(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


#: fixed prefixes for Severa's namespaces (Spyne numbers them s0, s1, ... in hash-seed-dependent order)
FIXED_PREFIXES = {"ent": ENTITIES_NS, "arr": ARRAYS_NS, "enm": ENTITY_ENUMS_NS, "api": API_NS}
_QNAME_ATTRIBUTES = ("type", "base", "element", "message", "binding", "ref")


def _canonical_prefixes(root: etree._Element) -> etree._Element:
    """The same document with fixed prefixes, so the WSDL is byte-identical from run to run."""
    by_namespace = {ns: prefix for prefix, ns in FIXED_PREFIXES.items()}
    rename = {p: by_namespace[ns] for p, ns in root.nsmap.items() if p and ns in by_namespace}
    nsmap = {p: ns for p, ns in root.nsmap.items() if ns not in by_namespace}
    nsmap.update(FIXED_PREFIXES)
    canonical = etree.Element(root.tag, nsmap=nsmap)
    for key, value in root.attrib.items():
        canonical.set(key, value)
    for child in list(root):
        canonical.append(child)
    for element in canonical.iter(etree.Element):
        for attribute in _QNAME_ATTRIBUTES:
            value = element.get(attribute)
            if value and ":" in value:
                prefix, local = value.split(":", 1)
                if prefix in rename:
                    element.set(attribute, f"{rename[prefix]}:{local}")
    return canonical


def _schema(root: etree._Element, namespace: str) -> etree._Element:
    return next(s for s in root.iter(f"{{{XS}}}schema") if s.get("targetNamespace") == namespace)


def _move_faults(root: etree._Element) -> None:
    """Fault types and elements into ``Severa.API``; fault message parts refer to them there."""
    tns, api = _schema(root, SERVICE_NS), _schema(root, API_NS)
    api_prefix, tns_prefix = _prefix(root, API_NS), _prefix(root, SERVICE_NS)
    names = set(FAULT_LETTERS.values())
    for node in list(tns):
        if node.get("name") in names:
            if node.tag == f"{{{XS}}}element":
                node.set("type", f"{api_prefix}:{node.get('name')}")
            api.append(node)
    for part in root.iter(f"{{{WSDL}}}part"):
        element = part.get("element", "")
        if element.startswith(f"{tns_prefix}:") and element.split(":", 1)[1] in names:
            part.set("element", f"{api_prefix}:{element.split(':', 1)[1]}")
            part.set("name", "detail")


def _name_bindings(root: etree._Element) -> None:
    tns_prefix = _prefix(root, SERVICE_NS)
    for binding in root.findall(f"{{{WSDL}}}binding"):
        binding.set("name", f"BasicHttpBinding_{binding.get('name')}")
    for port in root.iter(f"{{{WSDL}}}port"):
        port.set("name", f"BasicHttpBinding_{port.get('name')}")
        port.set("binding", f"{tns_prefix}:{port.get('name')}")


def _soap_actions(root: etree._Element) -> None:
    operations = catalog.operations()
    for operation in root.iter(f"{{{SOAP_BINDING}}}operation"):
        op = operations[operation.getparent().get("name")]
        operation.set("soapAction", op.soap_action)


def _self_referencing_arrays(root: etree._Element) -> None:
    """Spyne names an array of the enclosing type ``<Type>Array``; WCF's name is ``ArrayOf<Type>``."""
    for element in root.iter(f"{{{XS}}}element"):
        kind = element.get("type", "")
        if kind.endswith("Array") and ":" in kind:
            prefix, name = kind.split(":", 1)
            element.set("type", f"{prefix}:ArrayOf{name[: -len('Array')]}")


def _sort_schemas(root: etree._Element) -> None:
    """Schemas by namespace, and each schema's children in a fixed order (imports, simple types,
    complex types, elements, each by name): Spyne emits them in set order, which changes with the
    hash seed."""
    rank = {f"{{{XS}}}import": 0, f"{{{XS}}}simpleType": 1, f"{{{XS}}}complexType": 2, f"{{{XS}}}element": 3}
    for schema in root.iter(f"{{{XS}}}schema"):
        children = list(schema)
        for node in children:
            schema.remove(node)
        children.sort(key=lambda n: (rank.get(n.tag, 9), n.get("namespace") or n.get("name") or ""))
        schema.extend(children)
    for types in root.iter(f"{{{WSDL}}}types"):
        schemas = sorted(types, key=lambda n: n.get("targetNamespace") or "")
        for node in schemas:
            types.remove(node)
        types.extend(schemas)


def served(template: bytes, address: str) -> bytes:
    """The WSDL as served: the endpoint address is the one the client reached."""
    return template.replace(ADDRESS_PLACEHOLDER.encode(), address.encode())


def committed(template: bytes) -> bytes:
    """The WSDL as committed in ``contracts/severa.wsdl``: the real endpoint."""
    return served(template, REAL_ADDRESS)
