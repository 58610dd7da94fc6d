"""v7 against v8: the payload key, the work-order key names, and the functions v7 lacks."""

from __future__ import annotations

from tests.vendors.werkbonapp.conftest import WerkbonClient, error, workorder


def test_v7_envelope_uses_object(wba: WerkbonClient) -> None:
    v8 = wba.get("employees", version=8)
    v7 = wba.get("employees", version=7)
    assert list(v8) == ["code", "messages", "response"]
    assert list(v7) == ["code", "messages", "object"]
    assert v7["object"] == v8["response"]
    error(wba.get("GetWorkorder", version=7, row_id="99999"), 1500, "Workorder not found", key="object")
    error(wba.get("employees", version=7, auth=False), 1002, "Missing GET parameter: token", key="object")


def test_v7_work_orders_use_lowercase_arrays_and_work_instruction(wba: WerkbonClient) -> None:
    legacy = workorder("V7-1")
    legacy["WorkInstruction"] = legacy.pop("WorkDescription")
    legacy["materials"] = legacy.pop("Materials")
    row_id = wba.post("PostWorkorders", [legacy], version=7)["object"][0]["row_id"]
    old = wba.get("GetWorkorder", version=7, row_id=row_id, update_status="false")["object"]
    new = wba.get("GetWorkorder", version=8, row_id=row_id, update_status="false")["response"]
    for key in ("materials", "workperiods", "photos", "documents"):
        assert key in old and key not in new
    for key in ("Materials", "Workperiods", "Photos", "Documents", "WorkDescription"):
        assert key in new and key not in old
    # v8's read form also has WorkInstruction (the Blueprint's field table: future use), empty
    assert new["WorkInstruction"] == ""
    assert old["WorkInstruction"] == new["WorkDescription"] == "Oven slaat af"
    assert old["materials"] == new["Materials"]
    polled = wba.get("GetWorkorders", version=7, status="Klaargezet", update_status="false")["object"]
    assert all("materials" in o for o in polled)


def test_v7_lacks_the_endpoints_added_in_v8(wba: WerkbonClient) -> None:
    error(wba.get("workstatusses", version=7), 1001, "Unknown endpoint: workstatusses", key="object")
    assert wba.get("workstatusses", version=8)["code"] == 200
