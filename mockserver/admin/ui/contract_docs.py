"""The contracts page: each OpenAPI contract made ready for Swagger UI's "try it" against this mock,
and Severa's WSDL as a list of contracts and operations.

For "try it" the document's ``servers`` become this mock's base URL of the vendor (never the real
vendor's host), and the chosen tenant's credentials are filled in: as the default of a parameter
named like a credential (WerkbonApp's ``token`` in the query, FLOWii's ``Api-Key`` header), and as
values for the document's security schemes (API key, HTTP Basic).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from mockserver.admin.ui.recipes import basic_credentials, bearer_request

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
FIDELITY = re.compile(r"x-fidelity:\s*(documented|observed|inferred)")


def _key(name: str) -> str:
    return name.lower().replace("-", "_")


def for_try_it(document: dict[str, Any], base_url: str, credentials: dict[str, str]) -> dict[str, Any]:
    """A copy of ``document`` whose requests go to ``base_url`` with ``credentials`` filled in."""
    doc = copy.deepcopy(document)
    doc["servers"] = [{"url": base_url, "description": "this mockserver"}]
    by_key = {_key(k): v for k, v in credentials.items()}
    for parameter in _parameters(doc):
        value = by_key.get(_key(str(parameter.get("name", ""))))
        if value is not None and parameter.get("in") in ("query", "header"):
            parameter["example"] = value
            # a new schema object: YAML anchors let parameters share one (token, software_token)
            parameter["schema"] = {**parameter.get("schema", {}), "default": value}
    for properties in _form_properties(doc):
        for field_name, schema in properties.items():
            value = by_key.get(_key(field_name))
            if value is not None and isinstance(schema, dict):
                properties[field_name] = {**schema, "default": value}
    return doc


def _form_properties(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The properties of every inline form body (FLOWii's ``POST /token``: its username and
    password are filled in too, so the token request is ready to send by hand as well)."""
    found = []
    for item in (doc.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else ():
            content = (
                operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
            )
            schema = content.get("application/x-www-form-urlencoded", {}).get("schema", {})
            if isinstance(schema.get("properties"), dict):
                found.append(schema["properties"])
    return found


def _parameters(doc: dict[str, Any]) -> list[dict[str, Any]]:
    found = list((doc.get("components") or {}).get("parameters", {}).values())
    for item in (doc.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        found += item.get("parameters", [])
        for operation in item.values():
            if isinstance(operation, dict):
                found += operation.get("parameters", [])
    return [p for p in found if isinstance(p, dict) and "$ref" not in p]


def authorizations(
    document: dict[str, Any], vendor: str, credentials: dict[str, str], base_url: str = ""
) -> dict[str, Any]:
    """Swagger UI ``preauthorize`` values per security scheme: an API key by its header or query
    name, HTTP Basic as user and password, and for HTTP Bearer the token request the page sends
    first (FLOWii's password grant: ``{"bearer": {"url", "headers", "form"}}``). Schemes this cannot
    fill (OAuth2 flows) stay empty for the person to fill in."""
    by_key = {_key(k): v for k, v in credentials.items()}
    found: dict[str, Any] = {}
    schemes = (document.get("components") or {}).get("securitySchemes", {})
    for name, scheme in schemes.items():
        kind = scheme.get("type")
        if kind == "apiKey" and _key(scheme.get("name", "")) in by_key:
            found[name] = {"apiKey": by_key[_key(scheme["name"])]}
        elif kind == "http" and scheme.get("scheme", "").lower() == "basic":
            pair = basic_credentials(vendor, credentials)
            if pair is not None:
                found[name] = {"basic": {"username": pair[0], "password": pair[1]}}
        elif kind == "http" and scheme.get("scheme", "").lower() == "bearer":
            token_request = bearer_request(vendor, base_url, credentials)
            if token_request is not None:
                found[name] = {"bearer": token_request}
    return found


@dataclass(frozen=True)
class WsdlOperation:
    name: str
    fidelity: str | None


def wsdl_operations(path: Path) -> dict[str, list[WsdlOperation]]:
    """Operations per service contract (port type), with the fidelity mark an operation's
    ``wsdl:documentation`` carries (``x-fidelity: ...``), if any."""
    return _parse_wsdl(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _parse_wsdl(path: Path, _mtime: int) -> dict[str, list[WsdlOperation]]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.parse(str(path), parser).getroot()
    contracts: dict[str, list[WsdlOperation]] = {}
    for port_type in root.iterfind(f"{{{WSDL_NS}}}portType"):
        operations = []
        for op in port_type.iterfind(f"{{{WSDL_NS}}}operation"):
            text = " ".join(op.findtext(f"{{{WSDL_NS}}}documentation", default="").split())
            mark = FIDELITY.search(text)
            operations.append(WsdlOperation(op.get("name", ""), mark.group(1) if mark else None))
        contracts[port_type.get("name", "")] = operations
    return contracts
