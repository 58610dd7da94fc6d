"""What real, public client code does against WerkbonApp works here as it does against the vendor:
DeleteEntity by the vendor's keys, GetWorkorders by ``key=Id``, UpdateWorkorder's null answer and
client-defined workstatus numbers, integer row ids, unique OrderNrs, the changed feeds."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.vendors.werkbonapp.conftest import WerkbonClient, error, workorder

# -- DeleteEntity ------------------------------------------------------------------------------------

MASTER_DATA = {
    "categories": [{"cat_code": "C1", "cat_name": "Pompen", "cat_display": "1"}],
    "objects": [
        {"obj_code": "OBJ-1", "obj_debiteur_nummer": "20001", "obj_description": "CV-ketel"},
        {"obj_code": "OBJ-2", "obj_debiteur_nummer": "20001", "obj_description": "Boiler"},
    ],
    "errors": [{"code": "E1", "description": "Lekkage"}],
    "priorities": [{"code": "P1", "description": "Spoed"}],
    "solutions": [{"code": "S1", "description": "Vervangen"}],
    "regions": [{"reg_code": "R1", "reg_name": "Utrecht"}],
    "locations": [{"lat": "52.1", "long": "5.1", "identifier": "101", "type": "employee"}],
    "material_categories": [{"mct_mat_code": "M1001", "mct_cat_code": "C1"}],
    "vehicles": [{"veh_license_plate": "12-ABC-3", "veh_title": "Bus 1"}],
    "object_parts": [
        {"opr_obj_code": "OBJ-1", "opr_prt_code": "PRT-1", "opr_serial_number": "SN1", "opr_amount": "1"},
        {"opr_obj_code": "OBJ-1", "opr_prt_code": "PRT-2", "opr_serial_number": "SN2", "opr_amount": "1"},
    ],
}

#: (entity, DeleteEntity parameters, rows deleted, the list and filter that must no longer find it)
DOCUMENTED_KEYS: list[tuple[str, dict[str, Any], int, tuple[str, str, str]]] = [
    ("employee", {"key": "db_row", "value": "1"}, 1, ("employees", "number", "101")),
    ("employee", {"key": "number", "value": "102"}, 1, ("employees", "number", "102")),
    ("material", {"key": "db_row", "value": "1"}, 1, ("materials", "code", "M1001")),
    ("material", {"key": "code", "value": "M1002"}, 1, ("materials", "code", "M1002")),
    ("relation", {"key": "db_row", "value": "1"}, 1, ("relations", "debtor_number", "20001")),
    ("relation", {"key": "debtor_number", "value": "20002"}, 1, ("relations", "debtor_number", "20002")),
    ("project", {"key": "code", "value": "P2024-001"}, 1, ("projects", "code", "P2024-001")),
    ("hourtype", {"key": "code", "value": "NORM"}, 1, ("hourtypes", "code", "NORM")),
    ("category", {"key": "code", "value": "C1"}, 1, ("categories", "cat_code", "C1")),
    ("address", {"key": "code", "value": "20001-1"}, 1, ("addresses", "adr_code", "20001-1")),
    ("contactperson", {"key": "code", "value": "20001-1"}, 1, ("contactpersons", "cpn_code", "20001-1")),
    ("object", {"key": "code", "value": "OBJ-2"}, 1, ("objects", "obj_code", "OBJ-2")),
    ("error", {"key": "code", "value": "E1"}, 1, ("errors", "code", "E1")),
    ("priority", {"key": "code", "value": "P1"}, 1, ("priorities", "code", "P1")),
    ("solution", {"key": "code", "value": "S1"}, 1, ("solutions", "code", "S1")),
    ("region", {"key": "code", "value": "R1"}, 1, ("regions", "reg_code", "R1")),
    (
        "material_category",
        {"key": "mct_cat_code", "value": "C1"},
        1,
        ("material_categories", "mct_cat_code", "C1"),
    ),
    (
        "vehicle",
        {"key": "license_plate", "value": "12-ABC-3"},
        1,
        ("vehicles", "veh_license_plate", "12-ABC-3"),
    ),
    (
        "object_part",
        {"key[]": ["obj_code", "prt_code", "serial_number"], "value[]": ["OBJ-1", "PRT-1", "SN1"]},
        1,
        ("object_parts", "opr_prt_code", "PRT-1"),
    ),
]


def test_delete_entity_accepts_every_documented_key(wba: WerkbonClient) -> None:
    for resource, rows in MASTER_DATA.items():
        assert wba.post(resource, rows)["response"] == len(rows)
    for entity, params, deleted, (resource, field, value) in DOCUMENTED_KEYS:
        answer = wba.get("DeleteEntity", entity=entity, **params)
        assert answer == {"code": 200, "messages": [], "response": deleted}, (entity, params)
        assert wba.get(resource, key=field, value=value)["response"] == [], (entity, params)
    # the object part with the other part code is still there
    left = wba.get("object_parts", key="opr_obj_code", value="OBJ-1")["response"]
    assert [p["opr_prt_code"] for p in left] == ["PRT-2"]
    # location: the only one goes, and GET locations says so with 1400
    assert wba.get("DeleteEntity", entity="location", key="identifier", value="101")["response"] == 1
    error(wba.get("locations"), 1400)


def test_delete_workorders_by_row_number_and_order_number(wba: WerkbonClient) -> None:
    orders = wba.get("GetWorkorders", status="Alle", update_status="false")["response"]
    first, second, third = orders[0], orders[1], orders[2]
    assert wba.get("DeleteEntity", entity="workorder", key="db_row", value=first["id"])["response"] == 1
    assert (
        wba.get("DeleteEntity", entity="workorder", key="workorder_no", value=second["WorkorderNo"])[
            "response"
        ]
        == 1
    )
    assert (
        wba.get("DeleteEntity", entity="workorder", key="order_no", value=third["OrderNr"])["response"] == 1
    )
    left = {o["id"] for o in wba.get("GetWorkorders", status="Alle", update_status="false")["response"]}
    assert not left & {first["id"], second["id"], third["id"]} and len(left) == len(orders) - 3
    assert (
        wba.get("DeleteEntity", entity="workorder", key="order_no", value=third["OrderNr"])["response"] == 0
    )


def test_delete_entity_refuses_the_mocks_own_column_names(wba: WerkbonClient) -> None:
    error(
        wba.get("DeleteEntity", entity="workorder", key="row_id", value="1"),
        1600,
        "Key: row_id not allowed for entity: workorder",
    )
    error(
        wba.get("DeleteEntity", entity="address", key="adr_debtor_nr", value="20001"),
        1600,
        "Key: adr_debtor_nr not allowed for entity: address",
    )
    error(
        wba.get(
            "DeleteEntity",
            entity="object_part",
            **{"key[]": ["obj_code", "opr_prt_code"], "value[]": ["A", "B"]},
        ),
        1600,
        "Key: opr_prt_code not allowed for entity: object_part",
    )
    error(
        wba.get(
            "DeleteEntity", entity="object_part", **{"key[]": ["obj_code", "prt_code"], "value[]": ["A"]}
        ),
        1600,
        "Value missing",
    )


# -- work orders -------------------------------------------------------------------------------------


def test_get_workorders_by_id_without_status(wba: WerkbonClient) -> None:
    row_id = wba.post("PostWorkorders", [workorder("ID-1")])["response"][0]["row_id"]
    assert isinstance(row_id, int)
    found = wba.get("GetWorkorders", key="Id", value=str(row_id), update_status="false")
    assert found["code"] == 200 and [o["WorkorderNo"] for o in found["response"]] == ["ID-1"]
    assert found["response"][0]["id"] == str(row_id)
    listed = wba.get("GetWorkorders", **{"key[]": "Id", "value[]": str(row_id)}, update_status="false")
    assert [o["id"] for o in listed["response"]] == [str(row_id)]
    # a status given still applies; an unknown id finds nothing
    assert wba.get("GetWorkorders", status="Compleet", key="Id", value=str(row_id))["response"] == []
    assert wba.get("GetWorkorders", key="Id", value="999999")["response"] == []
    # Id with another operator is a plain filter over the orders
    above = wba.get("GetWorkorders", key="Id", value="12", operator="gt", update_status="false")["response"]
    assert [o["id"] for o in above] == [str(row_id)]


def test_get_workorders_by_id_hands_off_a_compleet_order(wba: WerkbonClient) -> None:
    compleet = wba.get("GetWorkorders", status="Compleet", update_status="false")["response"][0]
    [fetched] = wba.get("GetWorkorders", key="Id", value=compleet["id"])["response"]
    assert fetched["status"] == "Compleet"
    assert wba.get("GetWorkorder", row_id=compleet["id"])["response"]["status"] == "Afgehandeld"


def test_update_workorder_answers_null_and_stores_a_client_defined_workstatus(wba: WerkbonClient) -> None:
    row_id = str(wba.post("PostWorkorders", [workorder("WS-1")])["response"][0]["row_id"])
    assert wba.get("UpdateWorkorder", row_id=row_id, workstatus="99") == {
        "code": 200,
        "messages": [],
        "response": None,
    }
    assert wba.get("GetWorkorder", row_id=row_id)["response"]["WorkStatus"] == "99"
    assert wba.get("workstatusses", key="sta_code", value="99")["response"] == []
    on_99 = wba.get("GetWorkorders", status="Alle", workstatus="99", update_status="false")["response"]
    assert [o["id"] for o in on_99] == [row_id]
    error(wba.get("UpdateWorkorder", row_id="424242", workstatus="99"), 1500)


def test_new_work_orders_never_reuse_an_order_number(wba: WerkbonClient) -> None:
    seeded = {
        o["OrderNr"] for o in wba.get("GetWorkorders", status="Alle", update_status="false")["response"]
    }
    assert wba.post("PostWorkorders", [workorder("OWN-1", OrderNr="10020")])["response"][0]["row_id"]
    posted = wba.post("PostWorkorders", [workorder(f"NEW-{n}") for n in range(50)])["response"]
    numbers = [wba.get("GetWorkorder", row_id=str(p["row_id"]))["response"]["OrderNr"] for p in posted]
    assert len(set(numbers)) == 50
    assert not set(numbers) & (seeded | {"10020"})


# -- changed feeds -----------------------------------------------------------------------------------


def _stamp(clock: dict[str, Any]) -> str:
    now = datetime.fromisoformat(clock["now"].replace("Z", "+00:00"))
    return now.astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%Y-%m-%d %H:%M:%S")


OBJECT = {"obj_debiteur_nummer": "20001", "obj_description": "Warmtepomp"}
PART = {"opr_prt_code": "PRT-1", "opr_amount": "1"}


@pytest.mark.parametrize(
    ("resource", "code_field", "stamp_field", "rows"),
    [
        ("objects", "obj_code", "obj_modified", [{"obj_code": c, **OBJECT} for c in ("A", "B")]),
        (
            "object_parts",
            "opr_obj_code",
            "opr_timestamp_mutate",
            [{"opr_obj_code": c, **PART} for c in ("A", "B")],
        ),
    ],
)
def test_changed_feed_follows_writes_on_the_mock_clock(
    wba: WerkbonClient,
    mock_frozen_clock: Any,
    resource: str,
    code_field: str,
    stamp_field: str,
    rows: list[dict],
) -> None:
    feed = f"{resource}/changed"
    assert wba.get(feed)["response"] == []
    first = mock_frozen_clock.advance(60)
    wba.post(resource, [rows[0]])
    second = mock_frozen_clock.advance(60)
    wba.post(resource, [rows[1]])
    everything = wba.get(feed)["response"]
    assert [(r[code_field], r[stamp_field]) for r in everything] == [
        ("A", _stamp(first)),
        ("B", _stamp(second)),
    ]
    assert [r[code_field] for r in wba.get(feed, since=_stamp(second))["response"]] == ["B"]
    third = mock_frozen_clock.advance(60)
    wba.post(resource, [rows[0]])  # an update of A: it is changed again, and now the latest
    since_second = wba.get(feed, since=_stamp(second))["response"]
    assert [(r[code_field], r[stamp_field]) for r in since_second] == [
        ("B", _stamp(second)),
        ("A", _stamp(third)),
    ]
    assert [r[code_field] for r in wba.get(feed, since=_stamp(third))["response"]] == ["A"]
    later = mock_frozen_clock.advance(60)
    assert wba.get(feed, since=_stamp(later))["response"] == []
    assert len(wba.get(resource)["response"]) == 2  # the list itself keeps one row per record


def test_objects_keep_their_creation_stamp(wba: WerkbonClient, mock_frozen_clock: Any) -> None:
    created = mock_frozen_clock.advance(30)
    wba.post("objects", [{"obj_code": "K", **OBJECT}])
    modified = mock_frozen_clock.advance(30)
    wba.post("objects", [{"obj_code": "K", **OBJECT, "obj_description": "Nieuw"}])
    [row] = wba.get("objects/changed", since=_stamp(modified))["response"]
    assert (row["obj_created"], row["obj_modified"], row["obj_description"]) == (
        _stamp(created),
        _stamp(modified),
        "Nieuw",
    )


def test_changed_feed_refuses_a_bad_since(wba: WerkbonClient) -> None:
    error(wba.get("objects/changed", since="gisteren"), 1504, "Date invalid. Format: 2016-02-20 07:08:09")
    assert wba.get("object_parts/changed", since="2016-02-20")["code"] == 200
    error(wba.get("objects/changed", version=7), 1001, "Unknown endpoint: objects/changed", key="object")
