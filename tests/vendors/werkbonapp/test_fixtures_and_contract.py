"""The committed seed data and the contract stay in step with the code."""

from __future__ import annotations

from pathlib import Path

import yaml

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core import fixtures
from mockserver.vendors.werkbonapp import WerkbonApp, contract_gen
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


def test_committed_contract_is_what_contract_gen_writes() -> None:
    committed = (ROOT / "contracts" / contract_gen.FILE_NAME).read_text("utf-8")
    assert committed == contract_gen.render(), "run: python -m mockserver.vendors.werkbonapp.contract_gen"


def _operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, ops in document["paths"].items()
        for method, operation in ops.items()
        if method != "parameters"
    ]


def test_every_operation_says_how_sure_why_and_what_the_mock_does() -> None:
    document = contract_gen.build()
    not_stateful = set()
    for path, method, operation in _operations(document):
        assert operation["x-fidelity"] in ("documented", "observed", "inferred"), (path, method)
        assert isinstance(operation["x-evidence"], str) and operation["x-evidence"].endswith("."), (
            path,
            method,
        )
        assert operation["x-coverage"] in ("stateful", "empty", "not-implemented"), (path, method)
        if operation["x-coverage"] != "stateful":
            assert operation["x-coverage-reason"], (path, method)
            not_stateful.add(path)
    # only the URLs that name no function of the vendor answer a constant error
    assert not_stateful == {"/", "/{function}/", "/{function}", "/{function}/{subfunction}/"}


def test_contract_names_the_http_200_errors_a_vendor_quirk() -> None:
    document = contract_gen.build()
    assert any("HTTP 200" in quirk for quirk in document["info"]["x-vendor-quirks"])
    for path, method, operation in _operations(document):
        assert "Vendor quirk" in operation["responses"]["200"]["description"], (path, method)


def test_contract_fidelity_follows_the_evidence() -> None:
    """What public client code showed is ``observed``, never ``documented``."""
    document = contract_gen.build()
    fidelity = {(path, method): op["x-fidelity"] for path, method, op in _operations(document)}
    for key in (
        ("/PostWorkorders/", "post"),
        ("/GetWorkorders/", "get"),
        ("/UpdateWorkorder/", "get"),
        ("/DeleteEntity/", "get"),
        ("/objects/changed/", "get"),
        ("/object_parts/changed/", "get"),
    ):
        assert fidelity[key] == "observed", key
    assert fidelity[("/tasks/", "post")] == fidelity[("/invoices/", "put")] == "inferred"
