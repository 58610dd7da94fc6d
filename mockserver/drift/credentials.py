"""Putting a mock tenant's credentials where a recording has ``<redacted>`` - per vendor, as each
vendor's clients carry them. A table of small rules: which header, query parameter, form field or
SOAP header element holds which credential, and the one login a vendor needs first (FLOWii's
password grant, whose bearer token every other call carries).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from lxml import etree

Credentials = dict[str, str]
#: vendor -> (where, name) -> the value from the tenant's credentials (plus ``bearer`` from a login)
RULES: dict[str, dict[tuple[str, str], Callable[[Credentials], str]]] = {
    "robaws": {("header", "authorization"): lambda c: _basic(c["api_key"], c["api_secret"])},
    "werkbonapp": {
        ("query", "token"): lambda c: c["token"],
        ("query", "software_token"): lambda c: c["software_token"],
        ("header", "authorization"): lambda c: f"Bearer {c['token']}",
    },
    "flowii": {
        ("header", "api-key"): lambda c: c["api_key"],
        ("header", "authorization"): lambda c: f"Bearer {c.get('bearer', '')}",
        ("form", "username"): lambda c: c["username"],
        ("form", "password"): lambda c: c["password"],
    },
    "workspace": {("header", "authorization"): lambda c: _basic("token", c["token"])},
    "severa": {("xml", "WebServicePassword"): lambda c: c["api_key"]},
}


@dataclass(frozen=True)
class Login:
    """A login whose bearer token the vendor's other calls carry: a form POST below the base."""

    path: str
    form: Callable[[Credentials], dict[str, str]]
    headers: Callable[[Credentials], dict[str, str]]


LOGINS: dict[str, Login] = {
    "flowii": Login(
        "/token",
        lambda c: {"grant_type": "password", "username": c["username"], "password": c["password"]},
        lambda c: {"Api-Key": c["api_key"]},
    ),
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _basic(user: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()


def substitute(
    vendor: str, credentials: Credentials, headers: dict[str, str], query: str, body: str
) -> tuple[dict[str, str], str, bytes]:
    """The recorded request with the tenant's credentials in place: (headers, query, body)."""
    rules = RULES.get(vendor, {})
    filled = {}
    for name, value in headers.items():
        rule = rules.get(("header", name.lower()))
        filled[name] = rule(credentials) if rule is not None else value
    pairs = parse_qsl(query, keep_blank_values=True)
    query = urlencode([(k, _fill(rules, "query", k, v, credentials)) for k, v in pairs])
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return filled, query, _body(rules, content_type, body, credentials)


def _fill(rules: dict, where: str, name: str, value: str, credentials: Credentials) -> str:
    rule = rules.get((where, name))
    return rule(credentials) if rule is not None else value


def _body(rules: dict, content_type: str, body: str, credentials: Credentials) -> bytes:
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime == "application/x-www-form-urlencoded":
        pairs = parse_qsl(body, keep_blank_values=True)
        return urlencode([(k, _fill(rules, "form", k, v, credentials)) for k, v in pairs]).encode()
    xml_rules = {name: rule for (where, name), rule in rules.items() if where == "xml"}
    if xml_rules and "xml" in mime:
        try:
            root = etree.fromstring(body.encode("utf-8"), _PARSER)
        except (etree.XMLSyntaxError, ValueError):
            return body.encode("utf-8")
        for element in root.iter():
            if isinstance(element.tag, str) and etree.QName(element).localname in xml_rules:
                element.text = xml_rules[etree.QName(element).localname](credentials)
        return etree.tostring(root)
    return body.encode("utf-8")


def bearer_of(answer: bytes) -> str:
    """The access token of a login's answer (OAuth 2 shape), or ''."""
    try:
        token = json.loads(answer).get("access_token")
    except (ValueError, AttributeError):
        return ""
    return token if isinstance(token, str) else ""
