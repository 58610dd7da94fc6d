"""The normative admin API over real HTTP; every answer is checked against contracts/admin.openapi.yaml."""

from __future__ import annotations

import pytest


@pytest.fixture
def admin(mockserver, mock_http):
    base = mockserver.url + "/_mock"

    def call(method: str, path: str, **kwargs):
        return mock_http.request(method, base + path, **kwargs)

    return call


def test_health_lists_every_mounted_vendor(admin, mockserver):
    answer = admin("GET", "/health")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
    assert answer.json()["vendors"] == list(mockserver.app.vendors)


def test_tenant_lifecycle(admin):
    created = admin("POST", "/tenants", json={"name": "lifecycle"})
    assert created.status_code == 201
    tenant = created.json()
    assert set(tenant) >= {"id", "name", "credentials", "base_urls"}
    assert admin("GET", f"/tenants/{tenant['id']}").json() == tenant
    assert tenant["id"] in [t["id"] for t in admin("GET", "/tenants").json()["tenants"]]
    assert admin("POST", f"/tenants/{tenant['id']}/reset").status_code == 204
    assert admin("DELETE", f"/tenants/{tenant['id']}").status_code == 204
    missing = admin("GET", f"/tenants/{tenant['id']}")
    assert missing.status_code == 404 and "error" in missing.json()
    assert admin("DELETE", f"/tenants/{tenant['id']}").status_code == 404


def test_demo_tenant_has_the_documented_credentials(admin, mockserver):
    demo = admin("GET", "/tenants/demo").json()
    expected = {
        "werkbonapp": {"token": "demo-token", "software_token": "demo-software-token"},
        "workspace": {"token": "demo-token"},
    }
    for vendor, creds in expected.items():
        if vendor in mockserver.app.vendors:
            assert demo["credentials"][vendor] == creds
    for vendor, url in demo["base_urls"].items():
        assert url.startswith(mockserver.url + "/" + vendor)


def test_settings_round_trip_and_refusals(admin, mock_tenant):
    settings = admin("GET", f"/tenants/{mock_tenant.id}/settings")
    assert settings.status_code == 200
    assert set(settings.json()) == set(mock_tenant.base_urls)
    refused = admin("PATCH", f"/tenants/{mock_tenant.id}/settings", json={"no-such-vendor": {}})
    assert refused.status_code == 400
    assert admin("PATCH", "/tenants/nobody/settings", json={}).status_code == 404


def test_clock_set_advance_and_refusals(admin):
    try:
        frozen = admin("PUT", "/clock", json={"now": "2030-01-02T03:04:05Z", "frozen": True})
        assert frozen.json() == {"now": "2030-01-02T03:04:05.000Z", "frozen": True}
        advanced = admin("POST", "/clock/advance", json={"seconds": 90.5})
        assert advanced.json() == {"now": "2030-01-02T03:05:35.500Z", "frozen": True}
        assert admin("GET", "/clock").json()["now"] == "2030-01-02T03:05:35.500Z"
        for bad in ({"seconds": -1}, {"seconds": "ten"}, {}):
            assert admin("POST", "/clock/advance", json=bad).status_code == 400
        assert admin("PUT", "/clock", json={"now": "yesterday"}).status_code == 400
    finally:
        admin("PUT", "/clock", json={"frozen": False})
    assert admin("GET", "/clock").json()["frozen"] is False


def test_faults_crud(admin):
    rule = admin("POST", "/faults", json={"vendor": "*", "path": "/never/*", "status": 503})
    assert rule.status_code == 201
    rule_id = rule.json()["id"]
    assert rule_id in [r["id"] for r in admin("GET", "/faults").json()["faults"]]
    assert admin("DELETE", f"/faults/{rule_id}").status_code == 204
    assert admin("DELETE", f"/faults/{rule_id}").status_code == 404
    assert admin("POST", "/faults", json={"vendor": "*", "kind": "explode"}).status_code == 400


def test_journal_filters_and_violations(admin):
    answer = admin("GET", "/journal?limit=3")
    assert answer.status_code == 200 and len(answer.json()["entries"]) <= 3
    assert admin("GET", "/journal?limit=abc").status_code == 400
    assert admin("GET", "/journal?since=not-a-time").status_code == 400
    assert admin("GET", "/violations?vendor=workspace").json() == {"violations": []}


def test_contracts_are_listed_and_served(admin):
    listed = admin("GET", "/contracts").json()["contracts"]
    names = [c["name"] for c in listed]
    assert "admin" in names
    document = admin("GET", "/contracts/admin")
    assert document.headers["Content-Type"].startswith("application/yaml")
    assert document.text.startswith("openapi: 3.1.0")
    as_json = admin("GET", "/contracts/admin?format=json").json()
    assert as_json["paths"]["/_mock/health"]["get"]["operationId"] == "health"
    assert admin("GET", "/contracts/nothing").status_code == 404


def test_admin_client_journal_encodes_its_query(mock_admin, mock_tenant, mock_http):
    """A ``since`` time with an offset carries a '+', which must survive the query string."""
    before = mock_admin.call("GET", "/clock")["now"].replace("Z", "+00:00")
    auth = ("token", mock_tenant.credentials["workspace"]["token"])
    assert mock_http.get(mock_tenant.base_urls["workspace"] + "/projects/list.json", auth=auth).ok
    seen = mock_admin.journal(since=before, tenant=mock_tenant.id)
    assert [e["path"] for e in seen] == ["/workspace/api/v1/projects/list.json"]
    assert mock_admin.journal(since="2999-01-01T00:00:00+00:00", tenant=mock_tenant.id) == []
