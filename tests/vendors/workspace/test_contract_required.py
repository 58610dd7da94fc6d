"""The contract's ``required`` lists equal what the server refuses when missing, field for field.

Derived from contracts/workspace.openapi.yaml itself: for every write operation and every body
shape the contract allows (JSON, flat form keys, CakePHP ``data[Model][field]`` keys), a body with
only the required fields (values from each property's ``example``) is accepted, so nothing else is
required; and leaving out any one of them is refused with the documented
``400 "Not all required fields are provided."`` naming exactly that field.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
import yaml

from mockserver.core.contracts import contracts_dir

from .conftest import Workspace, envelope

WRITE_METHODS = ("post", "put", "patch")
#: an element of each resource the fresh tenant's seed data has
SEEDED_ID = "1"


@cache
def contract() -> dict[str, Any]:
    return yaml.safe_load((contracts_dir() / "workspace.openapi.yaml").read_text(encoding="utf-8"))


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = contract()["components"]["schemas"][name]
    return schema


def write_operations() -> list[tuple[str, str, str, dict[str, Any]]]:
    found = []
    for path, item in contract()["paths"].items():
        for method, operation in item.items():
            if method in WRITE_METHODS and "requestBody" in operation:
                found.append((operation["operationId"], method, path, operation))
    return found


def variants(operation: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(encoding, body schema) of each flat-or-CakePHP shape a write operation accepts."""
    content = operation["requestBody"]["content"]
    form = content["application/x-www-form-urlencoded"]["schema"]["anyOf"]
    json_shapes = content["application/json"]["schema"]["anyOf"]
    return [("json", resolve(json_shapes[0])), ("form", resolve(form[0])), ("form", resolve(form[1]))]


def examples(operation: dict[str, Any]) -> dict[str, Any]:
    """Each field's ``example`` from the JSON body schema (the CakePHP form keys name the same fields)."""
    properties = variants(operation)[0][1]["properties"]
    return {name: prop["example"] for name, prop in properties.items() if "example" in prop}


def field_of(key: str) -> str:
    """``data[Quotation][contact_id]`` -> ``contact_id``; a flat key stays as it is."""
    nested = re.fullmatch(r"data\[\w+\]\[(\w+)\]", key)
    return nested.group(1) if nested else key


OPERATIONS = write_operations()


def test_every_write_operation_declares_its_required_fields() -> None:
    ids = {operation_id for operation_id, *_ in OPERATIONS}
    assert ids == {
        "createQuotation",
        "editQuotation",
        "sendQuotationEmail",
        "createQuotationLine",
        "editQuotationLine",
        "createContact",
        "editContact",
        "createProject",
        "editProject",
    }
    for _operation_id, _method, _path, operation in OPERATIONS:
        json_required = variants(operation)[0][1].get("required", [])
        for _encoding, schema in variants(operation)[1:]:
            assert [field_of(k) for k in schema.get("required", [])] == json_required
        assert set(json_required) <= set(examples(operation))


def _send(ws: Workspace, method: str, path: str, encoding: str, body: dict[str, Any]) -> Any:
    url_path = path.replace("{id}", SEEDED_ID)
    if encoding == "json":
        return ws.request(method.upper(), url_path, json=body)
    return ws.request(method.upper(), url_path, data=body)


@pytest.mark.parametrize(
    ("operation_id", "method", "path", "operation"), OPERATIONS, ids=[o[0] for o in OPERATIONS]
)
def test_required_lists_equal_what_the_server_refuses(
    ws: Workspace, operation_id: str, method: str, path: str, operation: dict[str, Any]
) -> None:
    values = examples(operation)
    for encoding, schema in variants(operation):
        required = schema.get("required", [])
        minimal = {key: values[field_of(key)] for key in required}
        accepted = _send(ws, method, path, encoding, minimal)
        assert accepted.status_code in (200, 201), (operation_id, encoding, minimal, accepted.text)
        for key in required:
            body = {k: v for k, v in minimal.items() if k != key}
            refused = _send(ws, method, path, encoding, body)
            assert refused.status_code == 400, (operation_id, encoding, key)
            answer = envelope(refused)
            assert answer["message"] == "Not all required fields are provided."
            assert answer["exception"] == [f"{field_of(key)}: required"]


def test_required_fields_of_lines_sent_with_a_quotation(ws: Workspace) -> None:
    """The nested ``QuotationLine`` items of createQuotation: their contract ``required`` list too."""
    operation = next(o for oid, _m, _p, o in OPERATIONS if oid == "createQuotation")
    quotation = variants(operation)[0][1]
    items = resolve(quotation["properties"]["QuotationLine"]["items"])
    line = {name: items["properties"][name]["example"] for name in items["required"]}
    base = {name: examples(operation)[name] for name in quotation["required"]}
    created = ws.post("/quotations.json", params={"depth": "1"}, json={**base, "QuotationLine": [line]})
    assert created.status_code == 201
    assert len(envelope(created)["data"]["QuotationLine"]) == 1
    for name in items["required"]:
        partial = {k: v for k, v in line.items() if k != name}
        refused = ws.post("/quotations.json", json={**base, "QuotationLine": [partial]})
        assert refused.status_code == 400
        assert envelope(refused)["exception"] == [f"{name}: required"]
