"""``core.dumping``: a compiled schema writes exactly what ``schema.dump`` writes, keys in order.

Checked over every seeded record the compiled dumps serve (FLOWii's resource types, Workspace's
visible fields) and over the edges a record can have: absent keys, nulls, bytes, numbers in a
string field, a field's dump default; schemas the compiler leaves to marshmallow still dump alike.
"""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import Schema, fields, post_dump

from mockserver.app import create_app
from mockserver.config import Config
from mockserver.core.dumping import dumper
from mockserver.vendors.flowii.resources import RESOURCES
from mockserver.vendors.workspace.schemas import VISIBLE, AsString

WORKSPACE_COLLECTIONS = {
    "Quotation": "quotations",
    "QuotationLine": "quotation_lines",
    "Contact": "contacts",
    "SubContact": "sub_contacts",
    "Project": "projects",
}


@pytest.fixture(scope="module")
def demo() -> Any:
    server = create_app(Config())
    yield server.tenants.get("demo")
    server.tenants.close()


def same(schema: Schema, record: Any) -> None:
    assert list(dumper(schema)(record).items()) == list(schema.dump(record).items())


@pytest.mark.parametrize("key", sorted(RESOURCES))
def test_every_seeded_flowii_record_dumps_alike(demo: Any, key: str) -> None:
    schema = RESOURCES[key].schema()
    records = demo.data("flowii").collection(key).all()
    assert records, f"the demo tenant seeds {key}"
    for record in records:
        same(schema, record)
        same(schema, {k: None for k in record})  # every member null


@pytest.mark.parametrize("model", sorted(VISIBLE))
def test_every_seeded_workspace_record_dumps_alike(demo: Any, model: str) -> None:
    schema = Schema.from_dict({name: AsString() for name in VISIBLE[model]})()
    records = demo.data("workspace").collection(WORKSPACE_COLLECTIONS[model]).all()
    assert records
    for record in records:
        same(schema, record)


class Edges(Schema):
    name = fields.String()
    code = fields.String(data_key="code-name", attribute="code_value")
    count = fields.Integer()
    ratio = fields.Float(allow_none=True)
    raw = fields.Field()
    flag = fields.Boolean(dump_default=False)
    stamp = fields.String(dump_default=lambda: "default-stamp")
    tags = fields.List(fields.String())


@pytest.mark.parametrize(
    "record",
    [
        {},
        {"name": None, "code_value": None, "count": None, "raw": None, "tags": None},
        {"name": b"bytes \xc3\xa9", "code_value": 42, "count": "7", "ratio": 1, "raw": {"a": [1]}},
        {"name": 3.5, "flag": 0, "stamp": "given", "tags": [1, "b"], "unknown": "ignored"},
    ],
)
def test_the_edges_of_a_record_dump_alike(record: dict) -> None:
    same(Edges(), record)


class Hooked(Schema):
    name = fields.String()

    @post_dump
    def shout(self, data: dict, **_kwargs: Any) -> dict:
        return {k: v.upper() if isinstance(v, str) else v for k, v in data.items()}


class Dotted(Schema):
    city = fields.String(attribute="address.city")


class Thing:
    name = "an object, not a dict"


def test_what_the_compiler_leaves_to_marshmallow_dumps_alike() -> None:
    same(Hooked(), {"name": "quiet"})
    assert dumper(Hooked())({"name": "quiet"}) == {"name": "QUIET"}
    same(Dotted(), {"address": {"city": "Gent"}})
    assert dumper(Dotted())({"address": {"city": "Gent"}}) == {"city": "Gent"}
    same(Edges(), Thing())
