"""The vendor's recommended integration flow, end to end over HTTP."""

from __future__ import annotations

import requests

from tests.vendors.werkbonapp.conftest import WerkbonClient, workorder


def test_recommended_flow(wba: WerkbonClient) -> None:
    # 1. master data
    assert wba.post(
        "relations",
        [
            {
                "name": "Bakkerij De Korenaar",
                "debtor_number": "30001",
                "street": "Dorpsstraat",
                "postal_code": "1234 AB",
                "city": "Utrecht",
            }
        ],
    ) == {"code": 200, "messages": [], "response": 1}
    assert (
        wba.post("employees", [{"firstname": "Jan", "lastname": "Klaassen", "number": "123"}])["response"]
        == 1
    )
    # 2. PostWorkorders
    posted = wba.post("PostWorkorders", [workorder("FLOW-1", EmployeeNr="123")])
    assert posted["code"] == 200 and posted["messages"] == []
    [row] = posted["response"]
    assert row["workorder_no"] == "FLOW-1" and isinstance(row["row_id"], int)
    row_id = str(row["row_id"])
    order = wba.get("GetWorkorder", row_id=row_id, update_status="false")["response"]
    assert order["status"] == "Klaargezet" and order["id"] == row_id
    # 3. the device fetches and completes it
    assert wba.device(row_id, "Opgehaald")["status"] == "Opgehaald"
    done = wba.device(
        row_id,
        "Compleet",
        WorkFinished="1",
        Signature="data:image/png;base64,AAAA",
        Workperiods=[
            {"WorkDate": "20-02-2016", "BeginTime": "07:08", "EndTime": "08:38", "TotalTime": "01:30"}
        ],
    )
    assert done["status"] == "Compleet" and done["WorkFinished"] == "1"
    # 4. poll without handling: it stays Compleet
    for _ in range(2):
        polled = wba.get("GetWorkorders", status="Compleet", update_status="false")["response"]
        assert row_id in [o["id"] for o in polled]
    # 5. process it, then fetch it with update_status=true: the answer still says Compleet ...
    fetched = wba.get("GetWorkorder", row_id=row_id, update_status="true")["response"]
    assert fetched["status"] == "Compleet"
    assert fetched["Workperiods"][0]["TotalTime"] == "01:30"
    assert fetched["Materials"][0]["MaterialTotalPrice"] == "9,10"
    assert fetched["Signature"] == "data:image/png;base64,AAAA"
    assert len(fetched["WorksheetCode"]) == 32
    # 6. ... and the next poll no longer returns it
    polled = wba.get("GetWorkorders", status="Compleet", update_status="false")["response"]
    assert row_id not in [o["id"] for o in polled]
    assert wba.get("GetWorkorder", row_id=row_id)["response"]["status"] == "Afgehandeld"


def test_fresh_tenant_has_completed_orders_to_poll(wba: WerkbonClient) -> None:
    compleet = wba.get("GetWorkorders", status="Compleet", update_status="false")["response"]
    assert len(compleet) >= 1
    assert {o["status"] for o in compleet} == {"Compleet"}
    every = wba.get("GetWorkorders", status="Alle", update_status="false")["response"]
    assert {o["status"] for o in every} == {"Klaargezet", "Opgehaald", "Compleet", "Afgehandeld"}


def test_get_workorders_hands_off_only_compleet_orders(wba: WerkbonClient) -> None:
    before = wba.get("GetWorkorders", status="Alle", update_status="false")["response"]
    answered = wba.get("GetWorkorders", status="Alle")["response"]  # update_status absent = true
    assert [o["status"] for o in answered] == [o["status"] for o in before]  # built before the change
    after = {
        o["id"]: o["status"]
        for o in wba.get("GetWorkorders", status="Alle", update_status="false")["response"]
    }
    for order in before:
        expected = "Afgehandeld" if order["status"] == "Compleet" else order["status"]
        assert after[order["id"]] == expected
    assert wba.get("GetWorkorders", status="Compleet")["response"] == []


def test_workstatus_and_advanced_filters(wba: WerkbonClient) -> None:
    rows = wba.post(
        "PostWorkorders", [workorder("F-1", WorkStatus="WACHT"), workorder("F-2", CustomerCity="Zwolle")]
    )
    ids = [str(r["row_id"]) for r in rows["response"]]
    waiting = wba.get("GetWorkorders", status="Klaargezet", workstatus="WACHT", update_status="false")[
        "response"
    ]
    assert [o["id"] for o in waiting] == [ids[0]]
    zwolle = wba.get(
        "GetWorkorders",
        status="Alle",
        update_status="false",
        key="CustomerCity",
        value="Zwol%",
        operator="li",
    )["response"]
    assert [o["WorkorderNo"] for o in zwolle] == ["F-2"]
    both = wba.get(
        "GetWorkorders",
        status="Alle",
        update_status="false",
        **{"key[]": ["WorkorderNo", "WorkorderNo"], "value[]": ["F-1", "F-2"], "operator[]": ["ge", "le"]},
    )
    assert [o["WorkorderNo"] for o in both["response"]] == ["F-1", "F-2"]


def test_get_workorder_by_workorder_no(wba: WerkbonClient) -> None:
    wba.post("PostWorkorders", [workorder("BYNO-7")])
    order = wba.get("GetWorkorder", workorder_no="BYNO-7")["response"]
    assert order["WorkorderNo"] == "BYNO-7"
    assert order["CreationDate"][:2] == "20" and order["OrderNr"]


def test_real_hostnames_reach_the_vendor(wba: WerkbonClient) -> None:
    for host in ("www.werkbonapp.nl", "app.out-smart.com"):
        response = wba.http.get(
            f"{wba.server_url}/openapi/8/employees/", params=wba.auth, headers={"Host": host}
        )
        assert response.status_code == 200
        assert response.json()["code"] == 200 and len(response.json()["response"]) == 6


def test_trailing_slash_is_optional_and_bearer_is_accepted(wba: WerkbonClient) -> None:
    url = wba.url("employees").rstrip("/")
    plain = requests.get(url, params=wba.auth, timeout=10).json()
    bearer = requests.get(
        url,
        params={"software_token": wba.auth["software_token"]},
        headers={"Authorization": f"Bearer {wba.auth['token']}"},
        timeout=10,
    ).json()
    assert plain["code"] == bearer["code"] == 200
    assert plain["response"] == bearer["response"]
