"""The committed seed data and the contract stay in step with the code."""

from __future__ import annotations

from pathlib import Path

import yaml

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core import fixtures
from mockserver.vendors.werkbonapp import WerkbonApp
from mockserver.vendors.werkbonapp.functions import FUNCTIONS

ROOT = Path(__file__).resolve().parents[3]


def test_committed_fixtures_are_the_seed_42_rendering() -> None:
    app = MockServer(Config(seed_demo=False), vendor_classes={"werkbonapp": WerkbonApp})
    rendered = fixtures.render(WerkbonApp(app), 42)
    assert rendered == (ROOT / "fixtures" / "werkbonapp.json").read_text("utf-8")


def test_fixtures_cover_every_status() -> None:
    app = MockServer(Config(seed_demo=False), vendor_classes={"werkbonapp": WerkbonApp})
    orders = WerkbonApp(app).generate_fixtures(7)["workorders"]
    assert {o["status"] for o in orders} == {"Klaargezet", "Opgehaald", "Compleet", "Afgehandeld"}


def test_contract_describes_every_function_with_fidelity() -> None:
    document = yaml.safe_load((ROOT / "contracts" / "werkbonapp.openapi.yaml").read_text("utf-8"))
    assert document["servers"][0]["url"] == "https://www.werkbonapp.nl/openapi/{version}"
    described = {
        (path.strip("/").lower(), method.upper())
        for path, ops in document["paths"].items()
        for method in ops
        if method != "parameters"
    }
    for name, handlers in FUNCTIONS.items():
        for method in handlers:
            assert (name, method) in described, (name, method)
    for ops in document["paths"].values():
        for method, operation in ops.items():
            if method != "parameters":
                assert operation["x-fidelity"] in ("documented", "observed", "inferred")
