"""From a request body to the fields of one model, validated as a whole before anything is written.

Bodies come form-encoded [doc] with flat keys (``contact_id=521``) or CakePHP keys
(``data[Quotation][contact_id]=521``) [inf], or as JSON in the same two shapes [inf]. Read-only
fields are dropped silently, as CakePHP's field whitelist does, so a record read with GET can be
posted back; fields the model does not have are refused (settings ``unknown_fields``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from marshmallow import ValidationError

from mockserver.core.bodies import BodyError, parse_body
from mockserver.core.http import request
from mockserver.vendors.workspace.errors import required_missing, save_failed
from mockserver.vendors.workspace.resources import Resource

#: associated records a create may carry beside the model's own fields (saveAssociated)
MAX_ASSOCIATED = 500


def read_body() -> dict[str, Any]:
    """The request body as a dict; an empty body is ``{}``. Unparseable bodies are a 400."""
    try:
        body = parse_body(request.get_data(cache=True), request.content_type, allow_empty=True)
    except BodyError as exc:
        raise save_failed([exc.message]) from exc
    if not isinstance(body, dict):
        raise save_failed(["body must be an object of fields"])
    return body


def split(body: dict[str, Any], model: str, associations: tuple[str, ...] = ()) -> tuple[dict, dict]:
    """(the model's fields, associated records) from a flat or CakePHP-nested body."""
    if set(body) == {"data"} and isinstance(body["data"], dict):
        body = body["data"]
    if model not in body:
        own = {k: v for k, v in body.items() if k not in associations}
        return own, {k: body[k] for k in associations if k in body}
    own = body[model]
    if not isinstance(own, dict):
        raise save_failed([f"{model}: must be an object of fields"])
    associated: dict[str, Any] = {}
    stray: list[str] = []
    for key, value in body.items():
        if key == model:
            continue
        if key in associations:
            associated[key] = value
        else:
            stray.append(key)
    if stray:
        raise save_failed([f"{key}: unknown field" for key in sorted(stray)])
    return own, associated


def validate(
    resource: Resource,
    fields: dict[str, Any],
    creating: bool,
    unknown_fields: str = "reject",
    ignore: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The model's writable fields, converted; raises the documented 400s.

    Required fields missing (or empty) come first: ``Not all required fields are provided.``;
    any other problem is ``Something went wrong while saving the data.`` with the details.
    """
    schema = _schema(resource.schema)
    skipped = set(resource.read_only) | set(ignore)
    if not creating:
        skipped |= set(resource.create_only)
    given = {k: v for k, v in fields.items() if k not in skipped}
    unknown = sorted(k for k in given if k not in schema.fields)
    if unknown and unknown_fields == "reject":
        raise save_failed([f"{key}: unknown field" for key in unknown])
    given = {k: v for k, v in given.items() if k in schema.fields}
    required = [name for name in resource.required if name not in ignore]
    missing = [name for name in required if (creating and name not in given) or _blank(given.get(name, 1))]
    if missing:
        raise required_missing(missing)
    try:
        loaded = schema.load(given, partial=True)
    except ValidationError as exc:
        raise save_failed(_messages(exc.messages)) from exc
    if creating:
        loaded = {**resource.defaults, **loaded}
    return loaded


def associated_list(value: Any, name: str) -> list[dict[str, Any]]:
    """``QuotationLine`` given as a JSON list or as form keys ``data[QuotationLine][0][...]``."""
    if isinstance(value, dict):
        if not all(isinstance(k, str) and k.isdigit() and len(k) < 6 for k in value):
            raise save_failed([f"{name}: must be a list of records"])
        value = [value[k] for k in sorted(value, key=int)]
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise save_failed([f"{name}: must be a list of records"])
    if len(value) > MAX_ASSOCIATED:
        raise save_failed([f"{name}: at most {MAX_ASSOCIATED} records"])
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _messages(messages: Any, prefix: str = "") -> list[str]:
    if isinstance(messages, dict):
        out: list[str] = []
        for key, value in messages.items():
            out.extend(_messages(value, f"{prefix}{key}: "))
        return out
    if isinstance(messages, list):
        return [f"{prefix}{m}" if isinstance(m, str) else str(m) for m in messages]
    return [f"{prefix}{messages}"]


@cache
def _schema(cls: type) -> Any:
    """One instance per input schema: building one costs more than loading with it, and a
    marshmallow schema keeps no state between loads."""
    return cls()
