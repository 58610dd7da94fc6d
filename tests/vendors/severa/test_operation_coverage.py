"""Severa's coverage rows follow its operation registry: a registered stateful handler makes an
operation ``stateful``; without one the row says what the operation answers instead."""

from __future__ import annotations

import pytest

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.vendors.severa import catalog
from mockserver.vendors.severa.operations import HANDLERS


@pytest.fixture
def severa():
    return MockServer(Config(vendors=["severa"], seed_demo=False)).vendors["severa"]


def rows_by_operation(vendor) -> dict:
    return {row.operation: row for row in vendor.coverage()}


def test_every_catalogue_operation_has_one_row(severa):
    rows = severa.coverage()
    expected = [f"{op.contract}.{op.name}" for ops in catalog.load().contracts.values() for op in ops]
    assert [r.operation for r in rows] == expected
    assert {r.fidelity for r in rows} == {"observed"}
    assert all(r.reason for r in rows if r.coverage != "stateful")


def test_registering_a_handler_makes_the_row_stateful(severa, monkeypatch):
    before = rows_by_operation(severa)
    stateful = next(name for name, row in before.items() if row.coverage == "stateful")
    operation = stateful.split(".", 1)[1]
    handler = HANDLERS[operation]
    monkeypatch.delitem(HANDLERS, operation)
    without = rows_by_operation(severa)[stateful]
    assert without.coverage == "empty" and without.reason.startswith("no stateful handler yet")
    monkeypatch.setitem(HANDLERS, operation, handler)
    again = rows_by_operation(severa)[stateful]
    assert again.coverage == "stateful" and again.reason == ""
