"""Tenant snapshots over real HTTP: ``GET``/``PUT /_mock/tenants/{id}/snapshot`` and ``POST
/_mock/tenants {"snapshot"}``. A tenant loaded from a snapshot behaves as the tenant it was taken
from: the same records, found by the same lookups, and the next create of each vendor gets the
same id and number there as it would have got in the original."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from mockserver.client import AdminClient, AdminError
from mockserver.testing import TenantHandle
from tests.vendors.flowii.conftest import client_of, order_body
from tests.vendors.severa.conftest import ENTITIES, Soap
from tests.vendors.werkbonapp.conftest import workorder

Created = tuple[Any, Any]  # (the record's id, the vendor's number for it)


def robaws_create(tenant: TenantHandle) -> Created:
    creds = tenant.credentials["robaws"]
    answer = requests.post(
        tenant.base_urls["robaws"] + "/work-orders",
        json={"projectId": "4", "description": "Snapshot"},
        auth=(creds["api_key"], creds["api_secret"]),
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"], answer.json()["number"]


def robaws_lookup(tenant: TenantHandle, created: Created) -> bool:
    creds = tenant.credentials["robaws"]
    url = f"{tenant.base_urls['robaws']}/work-orders/{created[0]}"
    return requests.get(url, auth=(creds["api_key"], creds["api_secret"]), timeout=10).status_code == 200


def workspace_create(tenant: TenantHandle) -> Created:
    answer = requests.post(
        tenant.base_urls["workspace"] + "/quotations.json",
        data={"data[Quotation][contact_id]": "1"},
        auth=("token", tenant.credentials["workspace"]["token"]),
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    quotation = answer.json()["response"]["data"]["Quotation"]
    return quotation["id"], quotation["code"]


def workspace_lookup(tenant: TenantHandle, created: Created) -> bool:
    url = f"{tenant.base_urls['workspace']}/quotations/{created[0]}.json"
    answer = requests.get(url, auth=("token", tenant.credentials["workspace"]["token"]), timeout=10)
    return answer.status_code == 200 and answer.json()["response"]["data"]["Quotation"]["code"] == created[1]


_WORKORDER_NUMBERS = itertools.count(1)


def werkbonapp_create(tenant: TenantHandle) -> Created:
    """A new work order (its own WorkorderNo: PostWorkorders updates the one with the same number)."""
    url = tenant.base_urls["werkbonapp"] + "/PostWorkorders/"
    order = workorder(f"SNAP-{next(_WORKORDER_NUMBERS)}")
    answer = requests.post(url, params=tenant.credentials["werkbonapp"], json=[order], timeout=10)
    assert answer.status_code == 200, answer.text
    row_id = answer.json()["response"][0]["row_id"]
    return row_id, werkbonapp_order(tenant, row_id)


def werkbonapp_order(tenant: TenantHandle, row_id: Any) -> str | None:
    url = tenant.base_urls["werkbonapp"] + "/GetWorkorder/"
    query = {**tenant.credentials["werkbonapp"], "row_id": row_id, "update_status": "false"}
    answer = requests.get(url, params=query, timeout=10).json()
    return (answer.get("response") or {}).get("OrderNr")


def werkbonapp_lookup(tenant: TenantHandle, created: Created) -> bool:
    url = tenant.base_urls["werkbonapp"] + "/GetWorkorders/"
    query = {
        **tenant.credentials["werkbonapp"],
        "key": "OrderNr",
        "value": created[1],
        "update_status": "false",
    }
    answer = requests.get(url, params=query, timeout=10).json()
    return [str(o["id"]) for o in answer["response"]] == [str(created[0])]


def flowii_create(tenant: TenantHandle) -> Created:
    answer = client_of(tenant, requests.Session()).post("/orders", order_body())
    assert answer.status_code == 201, answer.text
    return answer.json()["data"]["id"], answer.json()["data"]["attributes"]["serial-nr"]


def flowii_lookup(tenant: TenantHandle, created: Created) -> bool:
    answer = client_of(tenant, requests.Session()).get(f"/orders/{created[0]}")
    return answer.status_code == 200 and answer.json()["data"]["attributes"]["serial-nr"] == created[1]


def severa(tenant: TenantHandle) -> Soap:
    return Soap(requests.Session(), tenant.base_urls["severa"], tenant.credentials["severa"]["api_key"])


def severa_create(tenant: TenantHandle) -> Created:
    soap = severa(tenant)
    account = soap.result("GetAccountByNumber", "<accountNumber>1001</accountNumber>")
    case = soap.result(
        "AddNewCase",
        f"<caseInfo><AccountGUID xmlns='{ENTITIES}'>{account.findtext(f'{{{ENTITIES}}}GUID')}</AccountGUID>"
        f"<Name xmlns='{ENTITIES}'>Snapshot</Name></caseInfo>",
    )
    return case.findtext(f"{{{ENTITIES}}}GUID"), case.findtext(f"{{{ENTITIES}}}CaseNumber")


def severa_lookup(tenant: TenantHandle, created: Created) -> bool:
    case = severa(tenant).result("GetCaseByGUID", f"<caseGuid>{created[0]}</caseGuid>")
    return case is not None and case.findtext(f"{{{ENTITIES}}}CaseNumber") == created[1]


VENDORS: dict[str, tuple[Callable[[TenantHandle], Created], Callable[[TenantHandle, Created], bool]]] = {
    "robaws": (robaws_create, robaws_lookup),
    "workspace": (workspace_create, workspace_lookup),
    "werkbonapp": (werkbonapp_create, werkbonapp_lookup),
    "flowii": (flowii_create, flowii_lookup),
    "severa": (severa_create, severa_lookup),
}


@pytest.fixture
def tenants(mock_admin: AdminClient) -> Iterator[Callable[..., TenantHandle]]:
    made: list[str] = []

    def make(**fields: Any) -> TenantHandle:
        tenant = mock_admin.create_tenant(**fields)
        made.append(tenant.id)
        return tenant

    yield make
    for tenant_id in made:
        mock_admin.delete_tenant(tenant_id)


@pytest.mark.parametrize("vendor", list(VENDORS))
def test_a_loaded_snapshot_continues_ids_and_numbering(
    vendor: str, mock_admin: AdminClient, tenants: Callable[..., TenantHandle]
) -> None:
    create, lookup = VENDORS[vendor]
    original = tenants()
    first = create(original)
    snapshot = mock_admin.call("GET", f"/tenants/{original.id}/snapshot")
    assert "credentials" not in str(snapshot) and original.credentials[vendor] != {}
    assert all(secret not in str(snapshot) for secret in original.credentials[vendor].values())
    loaded = tenants(snapshot=snapshot)
    assert loaded.credentials[vendor] != original.credentials[vendor]
    assert lookup(loaded, first)  # the record is there, found through the vendor's own lookups
    next_in_loaded = create(loaded)
    next_in_original = create(original)
    if vendor == "severa":  # GUIDs are made for each tenant; the case number is the numbering
        assert next_in_loaded[1] == next_in_original[1] == str(int(first[1]) + 1)
    else:
        assert next_in_loaded == next_in_original
        assert next_in_loaded != first
    # PUT replaces: the loaded tenant back to the moment of the snapshot
    mock_admin.call("PUT", f"/tenants/{loaded.id}/snapshot", snapshot)
    assert lookup(loaded, first)
    assert create(loaded)[1] == next_in_original[1]


def test_a_snapshot_carries_settings_and_a_reset_returns_to_it(
    mock_admin: AdminClient, tenants: Callable[..., TenantHandle]
) -> None:
    original = tenants(fixtures="empty")
    original.settings({"robaws": {"rate_limit": {"enabled": False}}})
    snapshot = mock_admin.call("GET", f"/tenants/{original.id}/snapshot")
    assert snapshot["format_version"] == 1
    assert snapshot["settings"] == {"robaws": {"rate_limit": {"enabled": False}}}
    assert set(snapshot["vendors"]) == {"werkbonapp", "flowii", "robaws", "workspace", "severa"}
    # the empty tenant has no contact; the snapshot brings one (a snapshot can be written by hand)
    snapshot["vendors"]["workspace"]["collections"]["contacts"] = [{"id": 1, "name": "Loaded"}]
    loaded = tenants(snapshot=snapshot)
    assert loaded.settings()["robaws"]["rate_limit"]["enabled"] is False
    created = workspace_create(loaded)
    loaded.reset()
    assert not workspace_lookup(loaded, created)  # gone: back to the snapshot, not the seed
    assert workspace_create(loaded) == created


def refusals() -> list[tuple[Callable[[dict[str, Any]], Any], str]]:
    def set_in(path: list[Any], value: Any) -> Callable[[dict[str, Any]], Any]:
        def change(snapshot: dict[str, Any]) -> None:
            node = snapshot
            for key in path[:-1]:
                node = node.setdefault(key, {}) if isinstance(node, dict) else node[key]
            node[path[-1]] = value

        return change

    def drop_id(snapshot: dict[str, Any]) -> None:
        del snapshot["vendors"]["robaws"]["collections"]["clients"][2]["id"]

    def twice(snapshot: dict[str, Any]) -> None:
        clients = snapshot["vendors"]["robaws"]["collections"]["clients"]
        clients.append(dict(clients[0]))

    return [
        (set_in(["format_version"], 2), "format_version: expected 1, not 2"),
        (set_in(["extra"], 1), "snapshot.extra: unknown field"),
        (set_in(["vendors", "stripe"], {}), "vendors.stripe: unknown vendor"),
        (
            set_in(["vendors", "robaws", "collections", "invoices2"], []),
            "vendors.robaws.collections.invoices2: unknown collection",
        ),
        (
            set_in(["vendors", "robaws", "collections", "clients"], {}),
            "vendors.robaws.collections.clients: expected an array",
        ),
        (drop_id, "vendors.robaws.collections.clients[2].id: missing"),
        (
            set_in(["vendors", "robaws", "collections", "clients", 0, "id"], "1"),
            "clients[0].id: expected a positive integer",
        ),
        (twice, "appears twice"),
        (
            set_in(["vendors", "robaws", "sequences", "offers"], -1),
            "vendors.robaws.sequences.offers: expected a non-negative",
        ),
        (
            set_in(["settings", "robaws", "rate_limit", "enabled"], "no"),
            "settings.robaws.rate_limit.enabled: expected bool",
        ),
        (set_in(["settings", "robaws", "nope"], 1), "settings.robaws.nope: unknown setting"),
        (set_in(["vendors", "flowii"], []), "vendors.flowii: expected an object"),
    ]


@pytest.mark.parametrize(("spoil", "named"), refusals(), ids=[named for _s, named in refusals()])
def test_an_invalid_snapshot_is_refused_naming_the_place_and_the_tenant_is_unchanged(
    spoil: Callable[[dict[str, Any]], Any],
    named: str,
    mock_admin: AdminClient,
    mock_tenant: TenantHandle,
    tenants: Callable[..., TenantHandle],
    mockserver: Any,
) -> None:
    created = robaws_create(mock_tenant)
    snapshot = mock_admin.call("GET", f"/tenants/{mock_tenant.id}/snapshot")
    spoiled = copy.deepcopy(snapshot)
    spoil(spoiled)
    with pytest.raises(AdminError) as refused:
        mock_admin.call("PUT", f"/tenants/{mock_tenant.id}/snapshot", spoiled)
    assert refused.value.status == 400 and named in refused.value.message
    assert robaws_lookup(mock_tenant, created)
    assert mock_admin.call("GET", f"/tenants/{mock_tenant.id}/snapshot") == snapshot
    before = len(mock_admin.call("GET", "/tenants")["tenants"])
    with pytest.raises(AdminError) as refused:
        tenants(snapshot=spoiled)
    assert refused.value.status == 400 and named in refused.value.message
    assert len(mock_admin.call("GET", "/tenants")["tenants"]) == before


def test_snapshot_refusals_of_the_document_and_the_tenant(
    mockserver: Any, mock_tenant: TenantHandle, mock_http: requests.Session
) -> None:
    url = f"{mockserver.url}/_mock/tenants/{mock_tenant.id}/snapshot"
    assert mock_http.get(url).status_code == 200  # mock_http checks it against the admin contract
    assert requests.put(url, json=[1], timeout=10).json() == {"error": "snapshot: expected a JSON object"}
    assert (
        requests.put(url, data=b"{", headers={"Content-Type": "application/json"}, timeout=10).status_code
        == 400
    )
    assert requests.put(url, json={}, timeout=10).json()["error"].startswith("format_version")
    missing = f"{mockserver.url}/_mock/tenants/nobody/snapshot"
    assert requests.get(missing, timeout=10).status_code == 404
    assert requests.put(missing, json={"format_version": 1}, timeout=10).status_code == 404


def test_a_loaded_snapshot_is_kept_in_the_data_dir_across_a_restart(tmp_path: Any) -> None:
    from mockserver.config import Config
    from mockserver.server import ThreadedMockServer

    with ThreadedMockServer(Config(port=0, data_dir=tmp_path)) as first:
        admin = AdminClient(first.url)
        tenant = admin.create_tenant()
        snapshot = admin.call("GET", f"/tenants/{tenant.id}/snapshot")
        snapshot["vendors"]["workspace"]["collections"]["contacts"] = [{"id": 1, "name": "Kept"}]
        admin.call("PUT", f"/tenants/{tenant.id}/snapshot", snapshot)
        created = workspace_create(tenant)
    with ThreadedMockServer(Config(port=0, data_dir=tmp_path)) as second:
        admin = AdminClient(second.url)
        kept = TenantHandle.from_json(admin.call("GET", f"/tenants/{tenant.id}"), admin)
        assert workspace_lookup(kept, created)
        assert workspace_create(kept)[1] != created[1]  # numbering continued after the restart
