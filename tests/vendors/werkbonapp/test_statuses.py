"""The status machine: the device simulation (admin), handing off on fetch, and the optional
self-moving ("living") sandbox driven by the mock clock or by fetches."""

from __future__ import annotations

import pytest

from mockserver.testing import AdminError
from tests.vendors.werkbonapp.conftest import WerkbonClient, workorder


def _post(wba: WerkbonClient, number: str) -> str:
    return str(wba.post("PostWorkorders", [workorder(number)])["response"][0]["row_id"])


def test_device_steps_and_illegal_transitions(wba: WerkbonClient) -> None:
    row_id = _post(wba, "SM-1")
    for target in ("Compleet", "Afgehandeld", "Klaargezet"):
        with pytest.raises(AdminError) as refused:
            wba.device(row_id, target)
        assert refused.value.status == 409
        assert "the only allowed next status is Opgehaald" in refused.value.body["error"]
    assert wba.device(row_id, "Opgehaald")["status"] == "Opgehaald"
    with pytest.raises(AdminError) as backwards:
        wba.device(row_id, "Klaargezet")
    assert backwards.value.body == {
        "error": "illegal transition Opgehaald -> Klaargezet: the only allowed next status is Compleet"
    }
    done = wba.device(
        row_id,
        "Compleet",
        WorkFinished="0",
        WorkStatus="WEER",
        PdfUrl="https://x/y.pdf",
        Materials=[
            {"MaterialCode": "M1003", "MaterialNr": "1", "MaterialPrice": "10", "MaterialName": "Pakking"}
        ],
    )
    assert (done["WorkFinished"], done["WorkStatus"], done["PdfUrl"]) == ("0", "WEER", "https://x/y.pdf")
    assert [m["MaterialCode"] for m in done["Materials"]] == ["M1001", "M1003"]
    assert wba.device(row_id, "Afgehandeld")["status"] == "Afgehandeld"
    with pytest.raises(AdminError) as final:
        wba.device(row_id, "Afgehandeld")
    assert "Afgehandeld is final" in final.value.body["error"]


def test_device_input_is_checked(wba: WerkbonClient) -> None:
    row_id = _post(wba, "SM-2")
    cases = [
        ({"status": "Klaar"}, 400),
        ({"status": "Opgehaald", "WorkFinished": "1"}, 400),
        ({"status": "Opgehaald", "colour": "red"}, 400),
    ]
    for body, status in cases:
        with pytest.raises(AdminError) as refused:
            wba.tenant.admin.call(
                "POST", f"/tenants/{wba.tenant.id}/werkbonapp/workorders/{row_id}/status", body
            )
        assert refused.value.status == status
    wba.device(row_id, "Opgehaald")
    with pytest.raises(AdminError) as bad:
        wba.device(row_id, "Compleet", Workperiods=[{"WorkDate": "2020-01-01"}])
    assert bad.value.status == 400 and "Date invalid" in bad.value.body["error"]
    with pytest.raises(AdminError) as missing:
        wba.device("987654", "Opgehaald")
    assert missing.value.status == 404
    with pytest.raises(AdminError) as no_tenant:
        wba.tenant.admin.call("POST", "/tenants/nope/werkbonapp/workorders/1/status", {"status": "Opgehaald"})
    assert no_tenant.value.status == 404


def test_update_status_false_changes_nothing(wba: WerkbonClient) -> None:
    row_id = _post(wba, "SM-3")
    wba.device(row_id, "Opgehaald")
    wba.device(row_id, "Compleet")
    for _ in range(3):
        assert (
            wba.get("GetWorkorder", row_id=row_id, update_status="false")["response"]["status"] == "Compleet"
        )
        assert wba.get("GetWorkorder", row_id=row_id, update_status="0")["response"]["status"] == "Compleet"
    assert wba.get("GetWorkorder", row_id=row_id)["response"]["status"] == "Compleet"
    assert wba.get("GetWorkorder", row_id=row_id)["response"]["status"] == "Afgehandeld"


def test_fetching_does_not_hand_off_orders_that_are_not_compleet(wba: WerkbonClient) -> None:
    row_id = _post(wba, "SM-4")
    wba.get("GetWorkorder", row_id=row_id, update_status="true")
    wba.get("GetWorkorders", status="Klaargezet", update_status="true")
    assert wba.get("GetWorkorder", row_id=row_id)["response"]["status"] == "Klaargezet"


def test_living_sandbox_by_fetches(wba: WerkbonClient) -> None:
    wba.tenant.settings({"werkbonapp": {"progression": {"enabled": True, "after_fetches": 2}}})
    row_id = _post(wba, "LIVE-1")
    seen = [
        wba.get("GetWorkorder", row_id=row_id, update_status="false")["response"]["status"] for _ in range(5)
    ]
    assert seen == ["Klaargezet", "Opgehaald", "Opgehaald", "Compleet", "Compleet"]
    assert wba.get("GetWorkorder", row_id=row_id)["response"]["WorkFinished"] == "1"


def test_fetches_before_progression_is_enabled_do_not_count(wba: WerkbonClient) -> None:
    """A plain read writes nothing: fetches count only while they drive the progression."""
    row_id = _post(wba, "LIVE-3")
    for _ in range(3):
        assert (
            wba.get("GetWorkorder", row_id=row_id, update_status="false")["response"]["status"]
            == "Klaargezet"
        )
    wba.tenant.settings({"werkbonapp": {"progression": {"enabled": True, "after_fetches": 2}}})
    seen = [
        wba.get("GetWorkorder", row_id=row_id, update_status="false")["response"]["status"] for _ in range(3)
    ]
    assert seen == ["Klaargezet", "Opgehaald", "Opgehaald"]


def test_living_sandbox_by_mock_clock(wba: WerkbonClient, mock_admin: object) -> None:
    wba.tenant.settings({"werkbonapp": {"progression": {"enabled": True, "after_seconds": 3600}}})
    row_id = _post(wba, "LIVE-2")
    assert wba.get("GetWorkorder", row_id=row_id, update_status="false")["response"]["status"] == "Klaargezet"
    mock_admin.advance(3600)  # type: ignore[attr-defined]
    assert wba.get("GetWorkorder", row_id=row_id, update_status="false")["response"]["status"] == "Opgehaald"
    mock_admin.advance(3600)  # type: ignore[attr-defined]
    compleet = wba.get("GetWorkorders", status="Compleet", update_status="false")["response"]
    assert row_id in [o["id"] for o in compleet]


def test_progression_is_off_by_default(wba: WerkbonClient, mock_admin: object) -> None:
    row_id = _post(wba, "STILL-1")
    mock_admin.advance(86400)  # type: ignore[attr-defined]
    for _ in range(3):
        assert wba.get("GetWorkorder", row_id=row_id)["response"]["status"] == "Klaargezet"


def test_duplicate_workorder_no_setting(wba: WerkbonClient) -> None:
    first = _post(wba, "DUP-1")
    again = wba.post("PostWorkorders", [workorder("DUP-1", CustomerCity="Zwolle")])["response"][0]
    assert again == {"workorder_no": "DUP-1", "row_id": int(first)}
    assert wba.get("GetWorkorder", row_id=first)["response"]["CustomerCity"] == "Zwolle"
    wba.tenant.settings({"werkbonapp": {"duplicate_workorder_no": "new"}})
    assert wba.post("PostWorkorders", [workorder("DUP-1")])["response"][0]["row_id"] != int(first)


def test_decimal_separator_setting(wba: WerkbonClient) -> None:
    row_id = _post(wba, "SEP-1")
    # the default is the Blueprint's worked read form ("MaterialTotalPrice": "0,00")
    assert wba.get("GetWorkorder", row_id=row_id)["response"]["Materials"][0]["MaterialTotalPrice"] == "9,10"
    wba.tenant.settings({"werkbonapp": {"decimal_separator": "."}})
    assert wba.get("GetWorkorder", row_id=row_id)["response"]["Materials"][0]["MaterialTotalPrice"] == "9.10"
