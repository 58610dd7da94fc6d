"""Every error code a client can meet, in the vendor's envelope with HTTP 200."""

from __future__ import annotations

import pytest
import requests

from tests.vendors.werkbonapp.conftest import WerkbonClient, error, workorder


def test_no_endpoint_is_1000(wba: WerkbonClient) -> None:
    response = wba.http.get(f"{wba.server_url}/werkbonapp/openapi/8/", params=wba.auth)
    assert response.status_code == 200
    error(response.json(), 1000, "No endpoint given")
    bare = requests.get(f"{wba.server_url}/werkbonapp/openapi/", timeout=10)
    assert bare.status_code == 200 and bare.json()["code"] == 1000


def test_unknown_function_is_1001_before_authentication(wba: WerkbonClient) -> None:
    error(wba.get("GetWorkorderz", auth=False), 1001, "Unknown endpoint: GetWorkorderz")
    error(wba.get("employees/changed"), 1001, "Unknown endpoint: employees/changed")


def test_unknown_version_names_the_implemented_ones(wba: WerkbonClient) -> None:
    for version in ("6", "9", "x"):
        error(
            wba.get("GetWorkorders", version=version, status="Alle"),
            1001,
            f"Unknown API version: {version}. Implemented versions: 7, 8",
        )


def test_wrong_method_is_1001(wba: WerkbonClient) -> None:
    answer = requests.delete(wba.url("employees"), params=wba.auth, timeout=10)
    assert answer.status_code == 200
    error(answer.json(), 1001, "Unknown endpoint: DELETE employees")
    error(wba.get("PostWorkorders"), 1001, "Unknown endpoint: GET PostWorkorders")


def test_authentication_codes_in_documented_order(wba: WerkbonClient) -> None:
    token, software = wba.auth["token"], wba.auth["software_token"]
    error(wba.get("employees", auth=False), 1002, "Missing GET parameter: token")
    error(wba.get("employees", auth=False, software_token=software), 1002, "Missing GET parameter: token")
    error(wba.get("employees", auth=False, token="nope"), 1003, "Missing GET parameter: software_token")
    error(
        wba.get("employees", auth=False, token="nope", software_token=software),
        1004,
        "Token is unauthorized to execute this request",
    )
    error(
        wba.get("employees", auth=False, token=token, software_token="demo-software-token"),
        1005,
        "Software token is unauthorized or not linked to this token",
    )


def test_post_needs_the_tokens_in_the_query_too(wba: WerkbonClient) -> None:
    answer = wba.http.post(
        wba.url("employees"), json=[{"firstname": "a", "lastname": "b", "number": "1"}]
    ).json()
    error(answer, 1002, "Missing GET parameter: token")


def test_https_required_is_a_switch(wba: WerkbonClient) -> None:
    assert wba.get("employees")["code"] == 200
    wba.tenant.settings({"werkbonapp": {"require_https": True}})
    error(wba.get("employees"), 1006, "All endpoints should use https")
    wba.tenant.settings({"werkbonapp": {"require_https": False}})
    assert wba.get("employees")["code"] == 200


def test_a_tls_terminating_proxys_forwarded_proto_counts_as_https(wba: WerkbonClient) -> None:
    """Over real HTTP on the default server (granian), which passes ``X-Forwarded-Proto`` on."""
    wba.tenant.settings({"werkbonapp": {"require_https": True}})
    query = {**wba.auth}
    behind_tls = wba.http.get(wba.url("employees"), params=query, headers={"X-Forwarded-Proto": "https"})
    plain = wba.http.get(wba.url("employees"), params=query, headers={"X-Forwarded-Proto": "http"})
    assert (behind_tls.json()["code"], plain.json()["code"]) == (200, 1006)


def test_empty_body_is_1008_and_garbage_is_1009(wba: WerkbonClient) -> None:
    error(wba.post("materials", raw=b""), 1008, "Unable to fetch body")
    error(wba.post("materials", raw=b"   "), 1008, "Unable to fetch body")
    for raw in (b'[{"code"":"00001"}]', b"\xff\xfe\xfa", b'{"code": "1"}', b"[1, 2]", b'"text"', b"[" * 500):
        error(wba.post("materials", raw=raw), 1009, "Unable to parse body")


def test_oversized_body_is_an_envelope_error(wba: WerkbonClient, mockserver: object) -> None:
    huge = b"[" + b'{"code":"x","description":"y","price":"1","unit":"st"},' * 120_000 + b"{}]"
    response = requests.post(wba.url("materials"), params=wba.auth, data=huge, timeout=30)
    assert response.status_code == 200
    error(response.json(), 1009, "Unable to parse body", "Request body too large")


def test_required_fields_one_message_each_with_the_entity_code(wba: WerkbonClient) -> None:
    error(
        wba.post("employees", [{"lastname": "Klaassen", "number": "123"}]),
        1101,
        "Required field missing: firstname",
    )
    error(
        wba.post("materials", [{"description": "Omschrijving 1", "price": "4,55"}]),
        1201,
        "Required field missing: code",
        "Required field missing: unit",
    )
    error(
        wba.post("relations", [{"name": "", "debtor_number": None}]),
        1301,
        *(f"Required field missing: {f}" for f in ("name", "debtor_number", "street", "postal_code", "city")),
    )


@pytest.mark.parametrize(
    ("resource", "code", "record", "missing"),
    [
        (
            "projects",
            1701,
            {"code": "P1", "debtor_number": "1", "status": "Actief", "name": "x"},
            "date_start",
        ),
        (
            "hourtypes",
            1801,
            {"code": "H", "name": "n", "cost_booking": "1", "sale_booking": "2"},
            "sale_price",
        ),
        ("objects", 1901, {"obj_code": "O1", "obj_description": "Ketel"}, "obj_debiteur_nummer"),
        ("suppliers", 2001, {"sup_code": "S"}, "sup_name"),
        ("parts", 2101, {"prt_code": "P", "prt_sup_code": "S", "prt_value": "1"}, "prt_name"),
        ("object_parts", 2201, {"opr_obj_code": "O", "opr_prt_code": "P"}, "opr_amount"),
        ("forms", 2301, {"data": "{}"}, "name"),
        ("categories", 2401, {"cat_name": "Ijzerwaren", "cat_display": "1"}, "cat_code"),
        ("material_categories", 2501, {"mct_mat_code": "M"}, "mct_cat_code"),
        (
            "worktypes",
            2601,
            {"wrt_name": "W", "wrt_description": "d", "wrt_default_minutes": "60"},
            "wrt_active",
        ),
        ("paymentmethods", 2701, {}, "pmd_description"),
        # the Blueprint's worked example answers 2501 here (its code table says 2801)
        ("workstatusses", 2501, {"sta_code": "X"}, "sta_name"),
        (
            "addresses",
            1301,
            {"adr_debtor_nr": "1", "adr_code": "1", "adr_line_1": "a", "adr_zip": "z"},
            "adr_city",
        ),
        ("contactpersons", 1301, {"cpn_debtor_nr": "1", "cpn_code": "1"}, "cpn_name"),
        ("locations", 1401, {"lat": "52.1", "long": "5.1", "identifier": "101"}, "type"),
        # the Blueprint's worked examples answer 1051 for these
        ("priorities", 1051, {"code": "P"}, "description"),
        ("regions", 1051, {"reg_code": "R"}, "reg_name"),
        ("vehicles", 1051, {"veh_license_plate": "AB-12-CD"}, "veh_title"),
    ],
)
def test_required_field_codes_per_entity(
    wba: WerkbonClient, resource: str, code: int, record: dict, missing: str
) -> None:
    error(wba.post(resource, [record]), code, f"Required field missing: {missing}")


def test_invalid_values_per_entity(wba: WerkbonClient) -> None:
    project = {
        "code": "P1",
        "debtor_number": "1",
        "status": "Actief",
        "name": "x",
        "date_start": "01-02-2020",
    }
    error(wba.post("projects", [project]), 1701, "Date invalid. Format: 2016-02-20")
    hourtype = {"code": "H", "name": "n", "cost_booking": "1", "sale_booking": "2", "sale_price": "-1"}
    error(wba.post("hourtypes", [hourtype]), 1801, "Price invalid: sale_price")
    error(
        wba.post("hourtypes", [{**hourtype, "sale_price": "12,50", "active": "ja"}]),
        1801,
        "Invalid value for field: active (1 or 0)",
    )
    error(
        wba.post("employees", [{"firstname": {"a": 1}, "lastname": ["x"], "number": "1"}]),
        1100,
        "Invalid value for field: firstname",
        "Invalid value for field: lastname",
    )


def test_post_workorders_lists_every_missing_field(wba: WerkbonClient) -> None:
    order = workorder("MISS-1")
    del order["CustomerName"], order["PaymentMethod"]
    order["TypeOfWork"] = ""
    answer = wba.post("PostWorkorders", [order, workorder("")])
    error(
        answer,
        1501,
        "Required field missing: CustomerName",
        "Required field missing: TypeOfWork",
        "Required field missing: PaymentMethod",
        "Required field missing: WorkorderNo",
    )
    nested = workorder("MISS-2", Materials=[{"MaterialCode": "M1"}], Workperiods=[{"WorkDate": "01-01-2020"}])
    answer = wba.post("PostWorkorders", [nested])
    assert answer["code"] == 1501
    assert "Required field missing: MaterialName" in answer["messages"]
    assert "Required field missing: BeginTime" in answer["messages"]


def test_post_workorders_date_and_time_formats(wba: WerkbonClient) -> None:
    error(
        wba.post("PostWorkorders", [workorder("D-1", WorkDate="2016-02-20")]),
        1504,
        "Date invalid. Format: 20-02-2016",
    )
    error(
        wba.post("PostWorkorders", [workorder("D-2", WorkTime="7.08")]), 1504, "Time invalid. Format: 07:08"
    )
    error(
        wba.post("PostWorkorders", [workorder("D-3", WorkDate="31-02-2016", WorkEndTime="25:00")]),
        1504,
        "Date invalid. Format: 20-02-2016",
        "Time invalid. Format: 07:08",
    )


def test_nothing_is_half_stored(wba: WerkbonClient) -> None:
    before = len(wba.get("materials")["response"])
    good = {"code": "NEW-1", "description": "d", "price": "1", "unit": "st"}
    error(
        wba.post("materials", [good, {"code": "NEW-2"}]),
        1201,
        "Required field missing: description",
        "Required field missing: price",
        "Required field missing: unit",
    )
    assert len(wba.get("materials")["response"]) == before
    error(
        wba.post("PostWorkorders", [workorder("HALF-1"), workorder("HALF-2", WorkDate="x")]),
        1504,
        "Date invalid. Format: 20-02-2016",
    )
    error(wba.get("GetWorkorder", workorder_no="HALF-1"), 1500, "Workorder not found")


def test_get_workorder_not_found_is_1500(wba: WerkbonClient) -> None:
    error(wba.get("GetWorkorder", row_id="999999"), 1500, "Workorder not found")
    error(wba.get("GetWorkorder", row_id="-1"), 1500, "Workorder not found")
    error(wba.get("GetWorkorder", workorder_no="nope"), 1500, "Workorder not found")
    error(wba.get("GetWorkorder"), 1500, "Workorder not found")


def test_get_workorders_status_is_required(wba: WerkbonClient) -> None:
    allowed = "Alle, Klaargezet, Opgehaald, Compleet, Afgehandeld"
    error(wba.get("GetWorkorders"), 1504, f"Status invalid. Allowed: {allowed}")
    error(wba.get("GetWorkorders", status="Klaar"), 1504, f"Status invalid. Allowed: {allowed}")


def test_update_workorder_codes(wba: WerkbonClient) -> None:
    row_id = wba.post("PostWorkorders", [workorder("UPD-1")])["response"][0]["row_id"]
    error(wba.get("UpdateWorkorder", row_id="424242", workdate="01-01-2020"), 1500)
    error(wba.get("UpdateWorkorder", row_id=row_id), 1502, "Update workorder request is missing update data")
    error(
        wba.get("UpdateWorkorder", row_id=row_id, workdate="2020-01-01", worktime="8u"),
        1504,
        "Date invalid. Format: 20-02-2016",
        "Time invalid. Format: 07:08",
    )
    error(wba.get("UpdateWorkorder", row_id=row_id, employee_nr="999"), 1504, "Employee not updated")
    error(wba.get("UpdateWorkorder", row_id=row_id, workstatus="NOPE"), 1504, "Workstatus not found: NOPE")
    error(
        wba.get("UpdateWorkorder", row_id=row_id, workdate="20-02-2016", worktime="07:08"),
        1503,
        "No data changed",
    )
    done = wba.get(
        "UpdateWorkorder",
        workorder_no="UPD-1",
        workdate="21-02-2016",
        worktime="09:30",
        employee_nr="102",
        workstatus="WACHT",
    )
    assert done == {"code": 200, "messages": [], "response": None}
    order = wba.get("GetWorkorder", row_id=row_id)["response"]
    assert (order["WorkDate"], order["WorkTime"], order["EmployeeNr"], order["WorkStatus"]) == (
        "21-02-2016",
        "09:30",
        "102",
        "WACHT",
    )


def test_update_workorder_materials(wba: WerkbonClient) -> None:
    row_id = str(wba.post("PostWorkorders", [workorder("MAT-1")])["response"][0]["row_id"])
    rows = [{"MaterialCode": "M1002", "MaterialNr": "3", "MaterialPrice": "2.50", "MaterialName": "Kabel"}]
    assert wba.post("UpdateWorkorder", rows, row_id=row_id, ProcessMaterials="1")["response"] == row_id
    materials = wba.get("GetWorkorder", row_id=row_id)["response"]["Materials"]
    assert [(m["MaterialCode"], m["MaterialTotalPrice"]) for m in materials] == [
        ("M1001", "9,10"),
        ("M1002", "7,50"),
    ]
    assert materials[1]["MaterialProcessed"] == "1"
    wba.post("UpdateWorkorder", rows, row_id=row_id, ClearMaterials="1")
    assert [m["MaterialCode"] for m in wba.get("GetWorkorder", row_id=row_id)["response"]["Materials"]] == [
        "M1002"
    ]
    error(
        wba.post("UpdateWorkorder", [{"MaterialCode": "X"}], row_id=row_id),
        1504,
        "Required field missing: MaterialNr",
        "Required field missing: MaterialPrice",
        "Required field missing: MaterialName",
    )
    error(
        wba.post("UpdateWorkorder", [], row_id=row_id),
        1502,
        "Update workorder request is missing update data",
    )
    error(wba.post("UpdateWorkorder", rows, row_id="777777"), 1500, "Workorder not found")
    error(wba.post("UpdateWorkorder", raw=b"", row_id=row_id), 1008, "Unable to fetch body")


def test_delete_entity_codes(wba: WerkbonClient) -> None:
    error(
        wba.get("DeleteEntity", entity="materials", key="code", value="M1001"),
        1600,
        "Entity: materials not found",
    )
    error(
        wba.get("DeleteEntity", entity="material", key="codes", value="M1001"),
        1600,
        "Key: codes not allowed for entity: material",
    )
    error(
        wba.get("DeleteEntity", entity="workorder", delete_all="1"),
        1600,
        "Delete all not allowed on Workorder entity",
    )
    error(wba.get("DeleteEntity", entity="material", key="code"), 1600, "Value missing")
    error(wba.get("DeleteEntity"), 1600, "Entity:  not found")


def test_bad_filters_are_1007(wba: WerkbonClient) -> None:
    error(wba.get("materials", key="nope", value="1"), 1007, "Filter key not allowed: nope")
    error(
        wba.get("materials", key="code", value="1", operator="like"),
        1007,
        "Filter operator not allowed: like",
    )
    error(wba.get("materials", key="code"), 1007, "Filter invalid: every key needs one value")


def test_an_operator_without_a_key_is_1007_not_ignored(wba: WerkbonClient) -> None:
    """Fuzzer finding: ``operator`` alone was dropped and every record listed, while the same
    operator beside a key was refused; an operator always belongs to a key."""
    for resource in ("employees", "materials", "relations", "GetWorkorders"):
        for operator in ("eq", "true"):
            error(wba.get(resource, operator=operator), 1007, "Filter invalid: every operator needs one key")
    error(
        wba.get("materials", **{"operator[]": ["eq", "lt"], "key[]": ["code"], "value[]": ["1"]}),
        1007,
        "Filter invalid: every operator needs one key",
    )


def test_absurd_query_values_never_crash(wba: WerkbonClient) -> None:
    for params in (
        {"row_id": "9" * 400},
        {"row_id": "١٢"},
        {"workorder_no": "\x00"},
        {"update_status": "maybe"},
    ):
        assert wba.get("GetWorkorder", **params)["code"] == 1500
    assert (
        wba.get(
            "GetWorkorders", status="Alle", update_status="false", **{"key[999]": "id", "value[999]": "1"}
        )["code"]
        == 200
    )


def test_injected_faults_keep_the_envelope(wba: WerkbonClient) -> None:
    response = wba.http.get(wba.url("employees"), params=wba.auth, headers={"X-Mock-Fault": "status=503"})
    assert response.status_code == 503
    error(response.json(), 1007, "Injected fault")
