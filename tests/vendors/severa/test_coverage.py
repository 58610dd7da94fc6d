"""Severa's coverage rows follow its operation registry: a registered handler makes an operation
``stateful``; one registered as answering without an entity (``empty_because``), or an operation
without a handler, is ``empty`` with its reason."""

from __future__ import annotations

import pytest

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.vendors.severa import catalog
from mockserver.vendors.severa.operations import HANDLERS, NOT_STATEFUL


@pytest.fixture
def severa():
    return MockServer(Config(vendors=["severa"], seed_demo=False)).vendors["severa"]


def rows_by_operation(vendor) -> dict:
    return {row.operation: row for row in vendor.coverage()}


def test_every_catalogue_operation_has_one_row(severa):
    rows = severa.coverage()
    expected = {f"{op.contract}.{op.name}" for ops in catalog.load().contracts.values() for op in ops}
    assert len(rows) == len(expected) and {r.operation for r in rows} == expected
    assert {r.fidelity for r in rows} == {"observed"}
    assert all(r.reason for r in rows if r.coverage != "stateful")
    for name, row in rows_by_operation(severa).items():
        assert (row.coverage == "stateful") == (name.split(".", 1)[1] not in NOT_STATEFUL), row


def test_the_rows_follow_the_registry(severa, monkeypatch):
    before = rows_by_operation(severa)
    first, second = [name for name, row in before.items() if row.coverage == "stateful"][:2]
    monkeypatch.setitem(NOT_STATEFUL, first.split(".", 1)[1], "answers a constant in this test")
    monkeypatch.delitem(HANDLERS, second.split(".", 1)[1])
    after = rows_by_operation(severa)
    assert (after[first].coverage, after[first].reason) == ("empty", "answers a constant in this test")
    assert after[second].coverage == "empty" and after[second].reason
