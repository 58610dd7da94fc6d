"""PATCH bodies: JSON Merge Patch (RFC 7396, core's ``merge_patch``) and JSON Patch (RFC 6902,
the ``jsonpatch`` library: add, remove, replace, move, copy, test).

Both are applied to a copy of the entity as the client sees it, so ``test`` ops compare against
the rendered values and a failure leaves the stored entity untouched.
"""

from __future__ import annotations

from typing import Any

import jsonpatch
import jsonpointer

from mockserver.core.bodies import BodyError, parse_json
from mockserver.core.merge import merge_patch
from mockserver.vendors.robaws.errors import RobawsError, bad_request

MERGE = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"
PLAIN = "application/json"


def patch_kind(content_type: str | None, plain_json: str) -> str:
    """``merge`` or ``json-patch`` for the request's media type; 415 for anything else."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media == MERGE or (media == PLAIN and plain_json == "merge"):
        return "merge"
    if media == JSON_PATCH:
        return "json-patch"
    raise RobawsError(415, f"Content type '{media or 'none'}' not supported; use {MERGE} or {JSON_PATCH}")


def require_json(content_type: str | None) -> None:
    """A POST or PUT body must be declared JSON (``application/json`` or ``application/*+json``), as
    Spring's Jackson converter requires: anything else (text/plain, XML, multipart, or no
    Content-Type, which Spring reads as application/octet-stream) is a 415."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media == PLAIN or (media.startswith("application/") and media.endswith("+json")):
        return
    shown = (content_type or "application/octet-stream")[:100]
    raise RobawsError(415, f"Content-Type '{shown}' is not supported")


def read_json(raw: bytes) -> Any:
    try:
        return parse_json(raw)
    except BodyError as exc:
        raise bad_request(f"JSON parse error: {exc.message}") from exc


def apply(entity: dict[str, Any], kind: str, body: Any) -> dict[str, Any]:
    if kind == "merge":
        if not isinstance(body, dict):
            raise bad_request("A merge patch must be a JSON object")
        return merge_patch(entity, body)
    if not isinstance(body, list) or not all(isinstance(op, dict) for op in body):
        raise bad_request("A JSON patch must be an array of operation objects")
    try:
        result = jsonpatch.JsonPatch(body).apply(entity, in_place=False)
    except jsonpatch.JsonPatchTestFailed as exc:
        raise RobawsError(422, f"JSON patch test failed: {exc}") from exc
    except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as exc:
        raise bad_request(f"Invalid JSON patch: {exc}") from exc
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        raise bad_request(f"Invalid JSON patch: {exc}") from exc
    if not isinstance(result, dict):
        raise bad_request("A JSON patch must leave the entity an object")
    return result
