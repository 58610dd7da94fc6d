"""contracts/admin.openapi.yaml tells the truth about the admin API: every route the server serves
is in it (vendor admin routes included), every operation in it is served, every operation carries
the annotation convention, and the vendor admin answers conform over real HTTP."""

from __future__ import annotations

import re

import pytest

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core.contracts import Contracts

METHODS = ("get", "put", "post", "delete", "patch")


def contract_operations() -> dict[tuple[str, str], dict]:
    document = Contracts().get("admin").document
    return {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def served_operations() -> set[tuple[str, str]]:
    server = MockServer(Config(seed_demo=False))
    served = set()
    for rule in server.gateway.admin.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule.startswith("/_mock/ui"):
            continue  # the dashboard's HTML pages are for a person, not part of the JSON API
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        served |= {(m, path) for m in rule.methods or () if m not in ("HEAD", "OPTIONS")}
    return served


def test_every_served_admin_route_is_in_the_contract_and_every_operation_is_served():
    assert served_operations() == set(contract_operations())


@pytest.mark.parametrize("key", sorted(contract_operations()), ids=" ".join)
def test_every_admin_operation_is_annotated(key):
    operation = contract_operations()[key]
    assert operation["x-fidelity"] in ("documented", "observed", "inferred")
    assert operation["x-evidence"].strip()
    assert operation["x-coverage"] in ("stateful", "empty", "not-implemented")
    if operation["x-coverage"] != "stateful":
        assert operation["x-coverage-reason"].strip()


@pytest.fixture
def admin(mockserver, mock_http, mock_tenant):
    base = f"{mockserver.url}/_mock/tenants/{mock_tenant.id}"

    def call(method: str, path: str, **kwargs):
        return mock_http.request(method, base + path, **kwargs)

    return call


def test_vendor_admin_answers_conform_to_the_contract(admin, mockserver, mock_http):
    overview = admin("GET", "/werkbonapp")
    assert overview.status_code == 200 and set(overview.json()) == {"employees", "workorders", "counts"}
    key = admin("POST", "/severa/api-key")
    assert key.status_code == 200 and key.json()["api_key"]
    assert admin("GET", "/workspace/outbox").json() == {"outbox": []}
    assert admin("DELETE", "/workspace/outbox").status_code == 204
    missing = admin("POST", "/robaws/webhook-endpoints/no-such-endpoint/resume")
    assert missing.status_code == 404 and "no-such-endpoint" in missing.json()["error"]
    unknown = mock_http.get(f"{mockserver.url}/_mock/tenants/no-such-tenant/werkbonapp")
    assert unknown.status_code == 404 and "no-such-tenant" in unknown.json()["error"]
