"""The committed seed data is exactly what the generator writes for seed 42."""

from __future__ import annotations

from pathlib import Path

from mockserver.core import fixtures
from mockserver.vendors.robaws import RobawsVendor


def test_committed_fixtures_match_the_generator():
    committed = Path(__file__).resolve().parents[3] / "fixtures" / "robaws.json"
    assert fixtures.render(RobawsVendor(None), 42) == committed.read_text("utf-8")


def test_fixtures_have_both_invoice_types_and_several_pages():
    data = RobawsVendor(None).generate_fixtures(7)
    assert len(data["clients"]) > 30
    for name in ("salesInvoices", "purchaseInvoices"):
        assert {i["type"] for i in data[name]} == {"INVOICE", "CREDIT_NOTE"}
