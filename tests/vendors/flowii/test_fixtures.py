"""The committed seed data is exactly what the generator writes, deterministic, and as promised."""

from __future__ import annotations

import json

import pytest

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core import fixtures
from mockserver.core.fixtures import fixture_path
from mockserver.vendors.flowii import VENDOR
from mockserver.vendors.flowii.fixtures import generate
from tests.vendors.flowii.conftest import client_of


@pytest.fixture(scope="module")
def app() -> MockServer:
    """Only this vendor mounted: the fixture test does not depend on the others."""
    return MockServer(Config(vendors=["flowii"], seed_demo=False))


def test_committed_fixtures_match_the_generator_byte_for_byte(app: MockServer) -> None:
    assert fixtures.render(VENDOR(app), 42) == fixture_path("flowii").read_text("utf-8")


def test_another_seed_gives_other_but_repeatable_data() -> None:
    assert generate(7) == generate(7)
    assert generate(7)["partners"] != generate(42)["partners"]


def test_seed_data_has_the_promised_breadth() -> None:
    data = json.loads(fixture_path("flowii").read_text("utf-8"))
    assert data["locale"] == "sk_SK"
    rows = data["collections"]
    companies = rows["companies"]
    assert [c["user_id"] is not None for c in companies] == [True, True, False]
    for company in (1, 2):
        mine = [r for r in rows["orders"] if r["company_id"] == company]
        assert len(mine) >= 5
        assert any(r["rel"]["documents"] for r in mine)
        assert [r for r in rows["partners"] if r["company_id"] == company]
        assert [r for r in rows["tasks"] if r["company_id"] == company]
    hungarian = [p for p in rows["partners"] if p["company_id"] == 2]
    assert all(p["ic_dph"] is None or p["ic_dph"].startswith("HU") for p in hungarian)
    assert {s["name"] for s in rows["orderstates"]} >= {"Nová", "Dokončená"}
    assert all(len(p["rel"]["contacts"]) >= 1 for p in rows["partners"])


def test_a_tenant_with_another_seed_is_served(mock_admin, mock_http) -> None:
    tenant = mock_admin.create_tenant(name="seeded", seed=7)
    try:
        client = client_of(tenant, mock_http)
        partners = client.get("/partners").json()["data"]
        assert partners[0]["attributes"]["name"] == generate(7)["partners"][0]["name"]
    finally:
        mock_admin.delete_tenant(tenant.id)


def test_an_empty_tenant_has_no_companies(mock_admin, mock_http) -> None:
    tenant = mock_admin.create_tenant(name="empty", fixtures="empty")
    try:
        client = client_of(tenant, mock_http)
        assert client.get("/companies", company=None).json() == {"data": []}
        refused = client.get("/orders")
        assert refused.status_code == 403
    finally:
        mock_admin.delete_tenant(tenant.id)
