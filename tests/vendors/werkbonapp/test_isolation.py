"""Tenants never see each other: credentials pick the tenant, data stays in it."""

from __future__ import annotations

from typing import Any

from tests.vendors.werkbonapp.conftest import WerkbonClient, workorder


def test_tenants_are_isolated(wba: WerkbonClient, mock_admin: Any) -> None:
    other = mock_admin.create_tenant(name="werkbonapp-other")
    try:
        theirs = WerkbonClient(wba.server_url, other, wba.http)
        row_id = wba.post("PostWorkorders", [workorder("ISO-1")])["response"][0]["row_id"]
        wba.post("employees", [{"firstname": "Alleen", "lastname": "Hier", "number": "777"}])
        assert theirs.get("GetWorkorder", workorder_no="ISO-1")["code"] == 1500
        assert theirs.get("employees", key="number", value="777")["response"] == []
        assert wba.get("GetWorkorder", row_id=row_id)["response"]["WorkorderNo"] == "ISO-1"
        mixed = wba.get(
            "employees",
            auth=False,
            token=wba.auth["token"],
            software_token=other.credentials["werkbonapp"]["software_token"],
        )
        assert mixed["code"] == 1005
        assert wba.auth["token"] != other.credentials["werkbonapp"]["token"]
    finally:
        mock_admin.delete_tenant(other.id)


def test_reset_restores_the_seed(wba: WerkbonClient) -> None:
    wba.get("DeleteEntity", entity="material", delete_all="1")
    assert wba.get("materials")["response"] == []
    wba.tenant.reset()
    assert len(wba.get("materials")["response"]) == 15
