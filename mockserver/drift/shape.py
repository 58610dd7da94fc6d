"""The shape of an answer, and the differences between two shapes - pure functions.

Shape, not data: the status code, the media type, every JSON path with its JSON type (``string``,
``number``, ``boolean``, ``null``, ``object``, ``array``) or every XML element path with its kind
(``element`` with children, ``text``, ``nil``), and the headers clients read. A list's items share
one path (``items[].email``); an empty list on either side says nothing about its items, so paths
below it are not compared. Ids, names, timestamps and other values never count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

#: headers whose presence clients rely on; besides these, any rate-limit header
READ_HEADERS = ("location", "allow", "retry-after", "www-authenticate")
RATE_LIMIT_PARTS = ("ratelimit", "rate-limit")
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass
class Shape:
    status: int
    media_type: str
    #: path -> type
    paths: dict[str, str] = field(default_factory=dict)
    #: paths of lists or elements with nothing in them: what is below them is unknown
    empty: set[str] = field(default_factory=set)
    #: lower-case header name -> value, for the headers clients read
    headers: dict[str, str] = field(default_factory=dict)
    #: the body did not parse as its media type says
    unparsed: bool = False


def media_type(content_type: str) -> str:
    """``text/xml; charset=UTF-8`` -> ``text/xml; charset=utf-8``: the type and its charset."""
    parts = [p.strip().lower() for p in content_type.split(";")]
    charset = next((p.replace(" ", "") for p in parts[1:] if p.startswith("charset")), "")
    return parts[0] + (f"; {charset}" if charset else "")


def read_header(name: str) -> bool:
    lowered = name.lower()
    return lowered in READ_HEADERS or any(part in lowered for part in RATE_LIMIT_PARTS)


def shape_of(status: int, headers: dict[str, str], body: str) -> Shape:
    """The shape of one answer (headers by any case; body as text)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    shape = Shape(status, media_type(lowered.get("content-type", "")))
    shape.headers = {k: v for k, v in lowered.items() if read_header(k)}
    if not body.strip():
        return shape
    if "json" in shape.media_type:
        try:
            _json_paths(json.loads(body), "", shape)
        except ValueError:
            shape.unparsed = True
    elif "xml" in shape.media_type:
        try:
            root = etree.fromstring(body.encode("utf-8"), _PARSER)
        except (etree.XMLSyntaxError, ValueError):
            shape.unparsed = True
        else:
            _xml_paths(root, "", shape)
    return shape


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _json_paths(value: Any, path: str, shape: Shape) -> None:
    if path:
        _note(shape, path, json_type(value))
    if isinstance(value, dict):
        if not value and path:
            shape.empty.add(path)
        for key, item in value.items():
            _json_paths(item, f"{path}.{key}" if path else key, shape)
    elif isinstance(value, list):
        if not value:
            shape.empty.add(path)
        for item in value:
            _json_paths(item, f"{path}[]", shape)


def _note(shape: Shape, path: str, kind: str) -> None:
    """A list's items may differ (a null here, a string there): keep every type seen, sorted."""
    known = shape.paths.get(path)
    if known is None or known == kind:
        shape.paths[path] = kind
    elif kind not in known.split(" or "):
        shape.paths[path] = " or ".join(sorted({*known.split(" or "), kind}))


def _xml_paths(element: etree._Element, parent: str, shape: Shape) -> None:
    if not isinstance(element.tag, str):
        return
    path = f"{parent}/{etree.QName(element).localname}"
    children = [c for c in element if isinstance(c.tag, str)]
    if element.get(XSI_NIL) == "true":
        kind = "nil"
    elif children:
        kind = "element"
    else:
        kind = "text"
        shape.empty.add(path)
    _note(shape, path, kind)
    for child in children:
        _xml_paths(child, path, shape)


def _below_empty(path: str, empty: set[str]) -> bool:
    return any(
        path.startswith(e + "[]") or path.startswith(e + "/") or path.startswith(e + ".") for e in empty
    )


def differences(upstream: Shape, mock: Shape) -> list[str]:
    """Each shape difference in words, upstream's answer first, in a stable order."""
    found: list[str] = []
    if upstream.status != mock.status:
        found.append(f"status {upstream.status} upstream, {mock.status} in the mock")
    if upstream.media_type != mock.media_type:
        found.append(
            f"content type {upstream.media_type or '(none)'} upstream, "
            f"{mock.media_type or '(none)'} in the mock"
        )
    if upstream.unparsed != mock.unparsed:
        found.append(
            "the body " + ("does not parse upstream" if upstream.unparsed else "does not parse in the mock")
        )
    found += _header_differences(upstream.headers, mock.headers)
    empty = upstream.empty | mock.empty
    for path in sorted(upstream.paths.keys() | mock.paths.keys()):
        ours, theirs = mock.paths.get(path), upstream.paths.get(path)
        if ours == theirs or _below_empty(path, empty):
            continue
        if ours is None:
            found.append(f"{path}: absent in the mock")
        elif theirs is None:
            found.append(f"{path}: only in the mock")
        elif not _compatible(theirs, ours):
            found.append(f"{path}: {theirs} upstream, {ours} in the mock")
    return found


def _compatible(theirs: str, ours: str) -> bool:
    """Types seen over a list's items: the same path may be a string in one item and null in
    another; only types neither side ever had count."""
    return bool(set(theirs.split(" or ")) & set(ours.split(" or "))) and (" or " in theirs or " or " in ours)


def _header_differences(upstream: dict[str, str], mock: dict[str, str]) -> list[str]:
    found = []
    for name in sorted(upstream.keys() | mock.keys()):
        if name not in mock:
            found.append(f"header {name}: absent in the mock")
        elif name not in upstream:
            found.append(f"header {name}: only in the mock")
        elif name == "allow" and _methods(upstream[name]) != _methods(mock[name]):
            found.append(f"header allow: {upstream[name]} upstream, {mock[name]} in the mock")
    return found


def _methods(allow: str) -> set[str]:
    return {m.strip().upper() for m in allow.split(",") if m.strip()}
