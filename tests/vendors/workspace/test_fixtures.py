"""The committed seed data is exactly what the generator writes, and has the promised breadth."""

from __future__ import annotations

import json

import pytest

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core import fixtures
from mockserver.core.fixtures import fixture_path
from mockserver.vendors.workspace import VENDOR
from mockserver.vendors.workspace.models import line_total, totals


@pytest.fixture(scope="module")
def app() -> MockServer:
    """Only this vendor mounted: the fixture test does not depend on the others."""
    return MockServer(Config(vendors=["workspace"], seed_demo=False))


def test_committed_fixtures_match_the_generator_byte_for_byte(app) -> None:
    vendor = VENDOR(app)
    assert fixtures.render(vendor, 42) == fixture_path("workspace").read_text("utf-8")


def test_seed_data_has_the_promised_breadth() -> None:
    data = json.loads(fixture_path("workspace").read_text("utf-8"))["collections"]
    assert len(data["contacts"]) >= 20
    assert len(data["projects"]) >= 10
    assert len(data["quotations"]) >= 15
    assert {line["quotation_id"] for line in data["quotation_lines"]} == {q["id"] for q in data["quotations"]}
    assert [layout["name"] for layout in data["layouts"]] == [
        "Standaard template",
        "Layout zonder logo",
        "Layout tweede vestiging",
    ]


def test_seeded_totals_follow_the_same_rules_as_the_api() -> None:
    data = json.loads(fixture_path("workspace").read_text("utf-8"))["collections"]
    lines = {line["id"]: line for line in data["quotation_lines"]}
    for line in lines.values():
        assert line["total_price"] == line_total(line["amount"], line["price"])
    for quotation in data["quotations"]:
        own = [lines[i] for i in quotation["line_ids"]]
        computed = totals(own, quotation["discount"])
        assert {k: quotation[k] for k in computed} == computed


def test_another_seed_gives_other_data(app) -> None:
    vendor = VENDOR(app)
    assert fixtures.render(vendor, 7) != fixtures.render(vendor, 42)
    assert fixtures.render(vendor, 7) == fixtures.render(vendor, 7)
