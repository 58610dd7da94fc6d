"""Request bodies as vendors receive them: JSON, form-encoded (flat or with bracketed keys).

Parsing failures are raised as ``BodyError`` with a ``kind`` the vendor maps onto its own error
shape: ``empty``, ``bad_encoding`` (not UTF-8), ``malformed`` (not JSON / not a form), ``too_deep``.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

MAX_DEPTH = 64
_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


class BodyError(ValueError):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def decode_text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BodyError("bad_encoding", f"body is not valid UTF-8 (byte {exc.start})") from exc


def parse_json(raw: bytes, allow_empty: bool = False) -> Any:
    """Decode a JSON body; nesting deeper than ``MAX_DEPTH`` is refused before it can hurt."""
    if not raw.strip():
        if allow_empty:
            return None
        raise BodyError("empty", "request body is empty")
    text = decode_text(raw)
    # fewer opening brackets than the limit cannot nest past it: count in C, walk only when needed
    if text.count("[") + text.count("{") > MAX_DEPTH:
        _check_depth(text)
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise BodyError("malformed", f"body is not valid JSON: {exc}") from exc


def _check_depth(text: str) -> None:
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise BodyError("too_deep", f"body nests deeper than {MAX_DEPTH} levels")
        elif char in "]}":
            depth -= 1


def parse_form(raw: bytes) -> dict[str, Any]:
    """``application/x-www-form-urlencoded`` with PHP/CakePHP nesting: ``data[Model][field]=v``
    becomes ``{"data": {"Model": {"field": "v"}}}``; ``a[]=1&a[]=2`` becomes a list."""
    text = decode_text(raw)
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text.strip()), errors="strict")
    except UnicodeDecodeError as exc:
        raise BodyError("bad_encoding", "form value is not valid UTF-8 once percent-decoded") from exc
    except ValueError as exc:
        raise BodyError("malformed", "body is not a valid form") from exc
    result: dict[str, Any] = {}
    for key, value in pairs:
        head, _, rest = key.partition("[")
        path = [head, *_BRACKETS.findall("[" + rest)] if rest else [head]
        if len(path) > MAX_DEPTH:
            raise BodyError("too_deep", f"form key nests deeper than {MAX_DEPTH} levels")
        _assign(result, path, value)
    return result


def _assign(target: dict[str, Any], path: list[str], value: str) -> None:
    node: Any = target
    for index, part in enumerate(path):
        last = index == len(path) - 1
        if isinstance(node, list):
            if last:
                node.append(value)
                return
            child: Any = [] if path[index + 1] == "" else {}
            node.append(child)
            node = child
            continue
        if last:
            node[part] = value
            return
        wants_list = path[index + 1] == ""
        child = node.get(part)
        if not isinstance(child, dict | list) or isinstance(child, list) != wants_list:
            child = node[part] = [] if wants_list else {}
        node = child


def parse_body(raw: bytes, content_type: str | None, allow_empty: bool = True) -> Any:
    """JSON when the content type says JSON (or the body looks like it), else a form."""
    media = (content_type or "").split(";")[0].strip().lower()
    if not raw.strip():
        if allow_empty:
            return {}
        raise BodyError("empty", "request body is empty")
    if media.endswith("json") or (not media and raw.lstrip()[:1] in (b"{", b"[")):
        return parse_json(raw)
    return parse_form(raw)
