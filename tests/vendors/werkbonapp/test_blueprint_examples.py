"""Every worked example of the OutSmart OPENApi v8 API Blueprint, one test each, over HTTP.

Source: the vendor's API Blueprint (public copy: the README of the GitHub repository
``CloudEcosystemDev/outsmart-component``). Each test's id or docstring names the Blueprint section
and the example's title. A worked request must be accepted; the answer must have the worked answer's
code, messages, keys, value types and formats. Values that are the tenant's own data (row ids, order
numbers, URLs, time stamps) may differ. Where the Blueprint contradicts itself, the test says which
reading we chose (also in the WerkbonApp README and the contract's ``x-evidence``).

Every answer is also checked against ``contracts/werkbonapp.openapi.yaml`` by ``mock_http``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.vendors.werkbonapp.blueprint_examples import (
    BULK,
    BY_RESOURCE,
    INVOICE,
    OBJECT_READ,
    READ_FORM,
    TABLE_ONLY_KEYS,
    TRANSACTION_ANSWER,
    TRANSACTIONS,
    WORKORDER_AB756X,
    BulkExample,
    workorder_ab756x1,
)
from tests.vendors.werkbonapp.conftest import error


def assert_shape(actual: Any, example: Any, where: str = "response") -> None:
    """``actual`` has the worked answer's shape: every key of the example (present even when
    empty), the same JSON type per value (a ``null`` in the example may be text when the tenant's
    data has a value), the same shape inside arrays and objects."""
    if example is None:
        assert actual is None or isinstance(actual, str), f"{where}: {actual!r} is neither null nor text"
    elif isinstance(example, dict):
        assert isinstance(actual, dict), f"{where}: {actual!r} is not an object"
        missing = [key for key in example if key not in actual]
        assert not missing, f"{where}: keys missing {missing}"
        for key, value in example.items():
            assert_shape(actual[key], value, f"{where}.{key}")
    elif isinstance(example, list):
        assert isinstance(actual, list), f"{where}: {actual!r} is not an array"
        for n, item in enumerate(actual):
            if example:
                assert_shape(item, example[0], f"{where}[{n}]")
    else:
        assert type(actual) is type(example), f"{where}: {actual!r} is not a {type(example).__name__}"


def ok(answer: dict[str, Any]) -> Any:
    assert answer["code"] == 200, answer
    assert answer["messages"] == []
    return answer["response"]


def find(rows: list[dict[str, Any]], example: BulkExample, record: dict[str, Any]) -> dict[str, Any]:
    wanted = {k: record.get(k) or "" for k in example.key}
    found = [r for r in rows if {k: r.get(k) or "" for k in example.key} == wanted]
    assert len(found) == 1, f"{wanted} not listed once in {example.resource}"
    return found[0]


# -- master data: the four requests of every section, and its GET --------------------------------


@pytest.mark.parametrize("example", BULK, ids=lambda e: e.resource)
def test_correct_data_posted(wba: Any, example: BulkExample) -> None:
    """``## <resource>`` -> ``### Add ... [POST]`` -> "Correct ... data posted": the count synced."""
    assert wba.post(example.resource, example.correct) == {
        "code": 200,
        "messages": [],
        "response": example.count,
    }


@pytest.mark.parametrize("example", [e for e in BULK if e.missing], ids=lambda e: e.resource)
def test_required_value_missing(wba: Any, example: BulkExample) -> None:
    """``## <resource>`` -> ``### Add ... [POST]`` -> "Required value missing.": the section's code
    (1101, 1201, ... as worked; 1051 for priorities, errors, solutions, regions, vehicles and
    material_types, and 2501 for workstatusses, as their examples answer) and one message."""
    error(wba.post(example.resource, example.missing), example.missing_code, *example.missing_messages)


@pytest.mark.parametrize("example", [e for e in BULK if e.unparsable], ids=lambda e: e.resource)
def test_unparsable_json_body_posted(wba: Any, example: BulkExample) -> None:
    """``## <resource>`` -> ``### Add ... [POST]`` -> "Unparsable JSON body posted": 1009."""
    error(wba.post(example.resource, raw=example.unparsable.encode()), 1009, "Unable to parse body")


@pytest.mark.parametrize("example", [e for e in BULK if e.missing or e.unparsable], ids=lambda e: e.resource)
def test_empty_body_posted(wba: Any, example: BulkExample) -> None:
    """``## <resource>`` -> ``### Add ... [POST]`` -> "Empty body posted": 1008."""
    error(wba.post(example.resource, raw=b""), 1008, "Unable to fetch body")


@pytest.mark.parametrize("example", BULK, ids=lambda e: e.resource)
def test_get_lists_what_was_posted(wba: Any, example: BulkExample) -> None:
    """``## <resource>`` -> ``### Get ... [GET]``: after the section's correct POST, every record of
    the worked GET answer's shape (all its keys, nulls where it has nulls), and the posted values
    where the worked answer lists the posted records."""
    ok(wba.post(example.resource, example.correct))
    rows = ok(wba.get(example.resource))
    for row in rows:
        assert_shape(row, example.listed[0], example.resource)
    if example.same_data:
        for record in example.listed:
            shown = find(rows, example, record)
            assert {k: shown[k] for k in record} == record


def test_categories_correct_example_verbatim_is_not_json(wba: Any) -> None:
    """``## categories`` -> "Correct categories data posted": the worked body lacks the commas after
    ``"cat_cat_code": ""``, so it is not JSON; the vendor's own "Unparsable JSON body" example says
    such a body gets 1009. We read the missing commas as a typo of the documentation: the body with
    commas is accepted (``test_correct_data_posted``), the verbatim text is refused like any other
    broken JSON."""
    verbatim = b'[{"cat_code": "001", "cat_name": "Ijzerwaren", "cat_display": "1", "cat_cat_code": ""\n'
    verbatim += b'"cat_image": ""}]'
    error(wba.post("categories", raw=verbatim), 1009, "Unable to parse body")


def test_vehicles_unparsable_example_is_valid_json(wba: Any) -> None:
    """``## vehicles`` -> "Unparsable JSON body posted": the worked body is the correct one, valid
    JSON, yet the worked answer is 1009. A JSON body that parses cannot be refused as unparsable:
    we accept it (code 200, one vehicle) and keep 1009 for bodies that do not parse."""
    body = BY_RESOURCE["vehicles"].correct
    assert ok(wba.post("vehicles", body)) == 1
    error(wba.post("vehicles", raw=b'[{"veh_license_plate"":"GN054H"}]'), 1009, "Unable to parse body")


def test_hourtypes_zero_sale_price_is_accepted(wba: Any) -> None:
    """``## hourtypes``: the field table says ``sale_price`` is "Decimal (> 0)", but the correct
    worked body posts ``"sale_price": "0.00"`` (Ziekte) and is answered with 2. The worked example
    wins: zero is accepted; a negative price is still refused (1801)."""
    assert ok(wba.post("hourtypes", [BY_RESOURCE["hourtypes"].correct[1]])) == 1
    negative = {**BY_RESOURCE["hourtypes"].correct[0], "sale_price": "-1.00"}
    assert wba.post("hourtypes", [negative])["code"] == 1801


def test_objects_read_form_has_stamps(wba: Any) -> None:
    """``## objects`` -> ``### Get objects [GET]``: a posted object reads back with its fields as
    posted (``obj_latitude``/``obj_longitude`` null) and ``obj_created``/``obj_modified`` stamps
    in ``Y-m-d H:i:s``."""
    example = BY_RESOURCE["objects"]
    ok(wba.post("objects", example.correct))
    shown = find(ok(wba.get("objects")), example, example.correct[0])
    assert {k: shown[k] for k in example.correct[0]} == example.correct[0]
    for stamp in ("obj_created", "obj_modified"):
        assert (
            len(shown[stamp]) == len(OBJECT_READ[stamp])
            and shown[stamp][4] == "-"
            and shown[stamp][13] == ":"
        )


# -- advanced filters, by-filter GETs and the changed feeds -----------------------------------------


def test_advanced_filters(wba: Any) -> None:
    """``## Advanced filters``: "Adding a single filter: &key=key1&value=value1&operator=gt" and
    "Adding multiple filters: &key[]=key1&value[]=value1&operator[]=eq&key[]=key2&value[]=value2&
    operator[]=gt" (AND), with the operators li (LIKE, %), eq, ne, gt, ge, lt, le."""
    ok(wba.post("materials", BY_RESOURCE["materials"].correct))
    codes = [m["code"] for m in ok(wba.get("materials", key="code", value="00001", operator="gt"))]
    assert "00012" in codes and "00001" not in codes
    query = [*wba.auth.items(), ("key[]", "code"), ("value[]", "000%"), ("operator[]", "li")]
    query += [("key[]", "price"), ("value[]", "3"), ("operator[]", "gt")]
    answer = wba.http.get(wba.url("materials"), params=query).json()
    assert [m["code"] for m in ok(answer)] == ["00001"]
    for operator, expected in (("eq", ["00012"]), ("ne", ["00001"]), ("le", ["00001", "00012"])):
        query = [*wba.auth.items(), ("key[]", "code"), ("value[]", "000%"), ("operator[]", "li")]
        query += [("key[]", "code"), ("value[]", "00012"), ("operator[]", operator)]
        assert [m["code"] for m in ok(wba.http.get(wba.url("materials"), params=query).json())] == expected


@pytest.mark.parametrize(
    ("function", "resource", "key", "value"),
    [
        ("category", "categories", "cat_code", "001-002"),
        ("object", "objects", "obj_code", "Object 22323"),
        ("address", "addresses", "adr_code", "2"),
        ("contactperson", "contactpersons", "cpn_code", "1"),
    ],
)
def test_get_by_filter(wba: Any, function: str, resource: str, key: str, value: str) -> None:
    """``## category``/``## object``/``## address``/``## contactperson`` -> "Get ... by filter
    [GET]": ``key``/``value`` (single and ``key[]``/``value[]``) select records of the list's shape."""
    example = BY_RESOURCE[resource]
    ok(wba.post(resource, example.correct))
    for params in ({"key": key, "value": value}, {"key[]": key, "value[]": value}):
        rows = ok(wba.get(function, **params))
        assert rows and all(row[key] == value for row in rows)
        for row in rows:
            assert_shape(row, example.listed[0], function)


def test_objects_changed(wba: Any) -> None:
    """``## objects/changed`` -> "Get changed objects [GET]": records of the objects list's shape;
    called with ``obj_code`` (the object the external software processed) that object's changed
    indicator is cleared, so it is not shown again until it changes again."""
    ok(wba.post("objects", BY_RESOURCE["objects"].correct))
    rows = ok(wba.get("objects/changed"))
    assert any(row["obj_code"] == "Object 22323" for row in rows)
    for row in rows:
        assert_shape(row, OBJECT_READ, "objects/changed")
    ok(wba.get("objects/changed", obj_code="Object 22323"))
    assert all(row["obj_code"] != "Object 22323" for row in ok(wba.get("objects/changed")))
    ok(wba.post("objects", BY_RESOURCE["objects"].correct))
    assert any(row["obj_code"] == "Object 22323" for row in ok(wba.get("objects/changed")))


def test_object_parts_changed(wba: Any) -> None:
    """``## object_parts/changed`` -> "Get changed objects [GET]": records of the object parts'
    shape; ``opr_timestamp_mutate`` (``Y-m-d H:i:s``) shows only those mutated after it."""
    example = BY_RESOURCE["object_parts"]
    ok(wba.post("object_parts", example.correct))
    rows = ok(wba.get("object_parts/changed"))
    assert any(row["opr_serial_number"] == "65644456" for row in rows)
    for row in rows:
        assert_shape(row, example.listed[0], "object_parts/changed")
    assert ok(wba.get("object_parts/changed", opr_timestamp_mutate="2999-01-01 00:00:00")) == []


def test_object_parts_warranty_expiry(wba: Any) -> None:
    """``## object_parts`` -> ``### Get object parts [GET]``: ``opr_timestamp_warranty_expires`` is
    "automatically calculated based on installation date and the warranty months" (2018-10-11 and
    24 months: 2020-10-11); ``val_value_3`` .. ``val_value_20`` are null when never set."""
    example = BY_RESOURCE["object_parts"]
    ok(wba.post("object_parts", example.correct))
    shown = find(ok(wba.get("object_parts")), example, example.listed[0])
    assert shown["opr_timestamp_warranty_expires"] == "2020-10-11"
    assert [shown[f"val_value_{n}"] for n in range(3, 21)] == [None] * 18


def test_object_parts_installation_date_format(wba: Any) -> None:
    """``## object_parts`` field table: ``opr_timestamp_installation`` is "Date of installing
    (Y-m-d)"; another format is refused with the object part's code (2200)."""
    part = {"opr_obj_code": "Object 1", "opr_prt_code": "001", "opr_amount": "4"}
    answer = wba.post("object_parts", [{**part, "opr_timestamp_installation": "11-10-2018"}])
    error(answer, 2200, "Date invalid. Format: 2016-02-20")


# -- locations -----------------------------------------------------------------------------------


def test_locations_post_and_get(wba: Any) -> None:
    """``## locations`` -> "Post locations [POST]" answers 2; "Get location [GET]" -> "Request with
    location data present." answers records with ``customer_id``, ``lat``, ``long``,
    ``employee_nr`` and ``last_seen`` (``Y-m-d H:i:s``)."""
    body = [
        {"lat": "52.1175835", "long": "5.0364392", "identifier": "EMP001", "type": "0"},
        {"lat": "52.1175835", "long": "5.0364392", "identifier": "44-FPS-2", "type": "1"},
    ]
    assert ok(wba.post("locations", body)) == 2
    example = {
        "customer_id": "1205",
        "lat": "50.827024870303866",
        "long": "6.018792792566475",
        "employee_nr": "123",
        "last_seen": "2016-04-06 11:30:00",
    }
    rows = ok(wba.get("locations"))
    assert rows
    for row in rows:
        assert_shape(row, example, "locations")
        assert len(row["last_seen"]) == len(example["last_seen"])
    assert any(row["employee_nr"] == "EMP001" for row in rows)


def test_locations_without_data(wba: Any) -> None:
    """``## locations`` -> "Get location [GET]" -> "Request with no location data present.":
    1400 with no messages."""
    ok(wba.get("DeleteEntity", entity="location", delete_all="true"))
    error(wba.get("locations"), 1400)


# -- work orders ---------------------------------------------------------------------------------


def test_post_workorders_correct_list(wba: Any) -> None:
    """``## PostWorkorders`` -> "Correct list of workorders posted": both orders accepted (free-text
    TypeOfWork and PaymentMethod, null coordinates and material fields, WorkObjects and Employees
    as arrays of strings); the answer lists ``workorder_no`` (text) and ``row_id`` (a number)."""
    answer = ok(
        wba.post(
            "PostWorkorders",
            [WORKORDER_AB756X, workorder_ab756x1(WorkObjects=["OBJ001", "OBJ002"], Employees=["1232"])],
        )
    )
    assert [a["workorder_no"] for a in answer] == ["AB756X", "AB756X1"]
    for row in answer:
        assert_shape(row, {"workorder_no": "AB756X", "row_id": 169824}, "PostWorkorders")


def test_post_workorders_with_forms(wba: Any) -> None:
    """``## PostWorkorders`` -> "Correct workorder posted including Forms": accepted; its answer
    gives AB756X1 the row id the first example gave it (169825 in both), which is what the mock's
    default ``duplicate_workorder_no: update`` does with a WorkorderNo posted again."""
    first = ok(wba.post("PostWorkorders", [WORKORDER_AB756X, workorder_ab756x1()]))
    forms = [{"Name": "Form 1", "Data": "", "ObjectCode": ""}]
    again = ok(wba.post("PostWorkorders", [workorder_ab756x1(Forms=forms)]))
    assert again == [{"workorder_no": "AB756X1", "row_id": first[1]["row_id"]}]
    shown = ok(wba.get("GetWorkorder", row_id=str(again[0]["row_id"]), update_status="false"))
    assert shown["Forms"] == forms


def test_post_workorders_required_value_missing(wba: Any) -> None:
    """``## PostWorkorders`` -> "Required value missing.": 1501 with one message per missing field,
    in the order of the field table."""
    posted = {
        "ProjectNr": "0011",
        "ExternProjectNr": "EX011",
        "CustomerName": "Yoran van Arragon1",
        "CustomerDebtorNr": "A9857851",
        "CustomerStreet": "Adres1",
        "CustomerEmail": "john.doe@example.com1",
        "CustomerEmailInvoice": "john.doe@example.com1",
        "CustomerZIPInvoice": "3454WJ1",
        "CustomerCityInvoice": "Amsterdam1",
        "CustomerContactPersonInvoice": "John Doe1",
        "CustomerPhoneInvoice": "06111111111",
        "CustomerRemarkInvoice": "Geen1",
        "TypeOfWork": "Installatie1",
        "WorkDescription": "Verschillende werkzaamheden1",
        "PaymentMethod": "niet van toepassing1",
        "EmployeeNr": "1231",
        "WorkDate": "11-06-2011",
        "WorkTime": "10:31",
    }
    missing = (
        "WorkorderNo",
        "CustomerZIP",
        "CustomerCity",
        "CustomerContactPerson",
        "CustomerNameInvoice",
        "CustomerDebtorNrInvoice",
        "CustomerStreetInvoice",
    )
    error(wba.post("PostWorkorders", [posted]), 1501, *(f"Required field missing: {f}" for f in missing))


def _completed(wba: Any) -> str:
    """AB756X posted, fetched by the device and completed with the worked answer's work period,
    photo and documents; its row id."""
    row_id = str(ok(wba.post("PostWorkorders", [WORKORDER_AB756X]))[0]["row_id"])
    wba.device(row_id, "Opgehaald")
    wba.device(
        row_id,
        "Compleet",
        Workperiods=READ_FORM["Workperiods"],
        Photos=READ_FORM["Photos"],
        Documents=READ_FORM["Documents"],
    )
    return row_id


def test_get_workorder(wba: Any) -> None:
    """``## GetWorkorder`` -> "Get workorder [GET]": the read form has every key of the worked
    answer with its type (``id`` text, ``status`` lowercase, Materials with MaterialTotalPrice in
    the posted price's format and null MaterialType/MaterialFreeField1-5, Workperiods with
    TotalTime as ``H:i``, Photos as image/title objects, Documents as file names), plus the keys
    only its field table names (WorkInstruction, Employees)."""
    row_id = _completed(wba)
    for params in ({"row_id": row_id}, {"workorder_no": "AB756X"}):
        shown = ok(wba.get("GetWorkorder", update_status="false", **params))
        assert_shape(shown, READ_FORM, "GetWorkorder")
        assert all(key in shown for key in TABLE_ONLY_KEYS)
    example = READ_FORM["Materials"][0]
    assert [{k: m[k] for k in example} for m in shown["Materials"]] == READ_FORM["Materials"]
    assert shown["Workperiods"] == READ_FORM["Workperiods"]
    assert shown["Documents"] == READ_FORM["Documents"]
    assert len(shown["CreationDate"]) == len("2013-06-11 02:51") and len(shown["WorksheetCode"]) == 32


def test_get_workorders(wba: Any) -> None:
    """``## GetWorkorders`` -> "Get workorders [GET]" with ``status=Alle``: a list of read forms of
    the worked shape; a work period's empty EmployeeNr and HourType are present as ``""``."""
    row_id = str(ok(wba.post("PostWorkorders", [WORKORDER_AB756X]))[0]["row_id"])
    wba.device(row_id, "Opgehaald")
    period = {k: v for k, v in READ_FORM["Workperiods"][0].items() if k not in ("EmployeeNr", "HourType")}
    wba.device(row_id, "Compleet", Workperiods=[period])
    rows = ok(wba.get("GetWorkorders", status="Alle", update_status="false"))
    for row in rows:
        assert_shape(row, READ_FORM, "GetWorkorders")
    mine = next(row for row in rows if row["id"] == row_id)
    assert mine["Workperiods"][0]["EmployeeNr"] == "" and mine["Workperiods"][0]["HourType"] == ""


def test_update_workorder_correct_values(wba: Any) -> None:
    """``## UpdateWorkorder`` -> "Request with specified parameters having correct values": code 200,
    ``response`` null; the order is found by ``row_id`` or by ``workorder_no``."""
    row_id = str(ok(wba.post("PostWorkorders", [WORKORDER_AB756X]))[0]["row_id"])
    ok(wba.post("employees", [{"firstname": "Piet", "lastname": "Jansen", "number": "67"}]))
    ok(wba.post("workstatusses", [{"sta_code": "001", "sta_name": "Waiting for customer"}]))
    answer = wba.get(
        "UpdateWorkorder",
        row_id=row_id,
        workdate="05-03-2016",
        worktime="16:45",
        employee_nr="67",
        workstatus="001",
    )
    assert answer == {"code": 200, "messages": [], "response": None}
    answer = wba.get("UpdateWorkorder", workorder_no="AB756X", workdate="06-03-2016")
    assert answer == {"code": 200, "messages": [], "response": None}


def test_update_workorder_incorrect_values(wba: Any) -> None:
    """``## UpdateWorkorder`` -> "Request with parameters having incorrect values": 1504 with the
    date, time and employee messages together."""
    row_id = str(ok(wba.post("PostWorkorders", [WORKORDER_AB756X]))[0]["row_id"])
    answer = wba.get(
        "UpdateWorkorder", row_id=row_id, workdate="2016-03-05", worktime="16u45", employee_nr="no-such"
    )
    error(
        answer,
        1504,
        "Date invalid. Format: 20-02-2016",
        "Time invalid. Format: 07:08",
        "Employee not updated",
    )


def test_update_workorder_unknown(wba: Any) -> None:
    """``## UpdateWorkorder`` -> "Request with unknown worksheet based on row_id or workorder_no":
    1500 with no messages."""
    error(wba.get("UpdateWorkorder", row_id="999999999", workdate="05-03-2016"), 1500)
    error(wba.get("UpdateWorkorder", workorder_no="NO-SUCH", workdate="05-03-2016"), 1500)


# -- DeleteEntity --------------------------------------------------------------------------------


def test_delete_entity_correct_request(wba: Any) -> None:
    """``## DeleteEntity`` -> "Correct request": the parameter example (``delete_all=false``,
    ``entity=workorder``, ``key=workorder_no``, ``value=AB756X``) answers the rows deleted, 1."""
    ok(wba.post("PostWorkorders", [WORKORDER_AB756X]))
    answer = wba.get(
        "DeleteEntity", delete_all="false", entity="workorder", key="workorder_no", value="AB756X"
    )
    assert answer == {"code": 200, "messages": [], "response": 1}


def test_delete_entity_object_part_composite_key(wba: Any) -> None:
    """``## DeleteEntity``: "Since object_part uses composite primary key it is allowed to add keys
    and values as an array" (``key[]=prt_code&value[]=...&key[]=obj_code&value[]=...``)."""
    ok(wba.post("object_parts", [{"opr_obj_code": "2", "opr_prt_code": "0010", "opr_amount": "1"}]))
    url = wba.url("DeleteEntity")
    query = [*wba.auth.items(), ("delete_all", "false"), ("entity", "object_part")]
    query += [("key[]", "prt_code"), ("value[]", "0010"), ("key[]", "obj_code"), ("value[]", "2")]
    assert wba.http.get(url, params=query).json() == {"code": 200, "messages": [], "response": 1}


def test_delete_entity_wrong_entity(wba: Any) -> None:
    """``## DeleteEntity`` -> "Request with wrong entity": 1600 ``Entity: materials not found``."""
    error(
        wba.get("DeleteEntity", delete_all="false", entity="materials", key="code", value="1"),
        1600,
        "Entity: materials not found",
    )


def test_delete_entity_wrong_key(wba: Any) -> None:
    """``## DeleteEntity`` -> "Request with wrong key for entity": 1600
    ``Key: codes not allowed for entity: material``."""
    answer = wba.get("DeleteEntity", delete_all="false", entity="material", key="codes", value="1")
    error(answer, 1600, "Key: codes not allowed for entity: material")


def test_delete_entity_delete_all_workorder(wba: Any) -> None:
    """``## DeleteEntity`` -> "Request with delete all true while entity is workorder": 1600
    ``Delete all not allowed on Workorder entity``."""
    error(
        wba.get("DeleteEntity", delete_all="true", entity="workorder"),
        1600,
        "Delete all not allowed on Workorder entity",
    )


def test_delete_entity_delete_all_relation(wba: Any) -> None:
    """``## DeleteEntity`` -> "Request with delete all true while entity is relation": the number of
    relations deleted (60 in the worked answer: the tenant's count)."""
    ok(wba.post("relations", BY_RESOURCE["relations"].correct))
    count = len(ok(wba.get("relations")))
    assert wba.get("DeleteEntity", delete_all="true", entity="relation") == {
        "code": 200,
        "messages": [],
        "response": count,
    }
    assert ok(wba.get("relations")) == []


# -- invoices and transactions -------------------------------------------------------------------


def test_get_invoice(wba: Any) -> None:
    """``## invoices`` -> "Get invoice [GET]": an invoice has the worked answer's keys and types:
    ids and time stamps that may be null, ``iln_lines`` an array of line objects, ``invoice_debtor``
    an object. (Invoices are made in the vendor's app; the sandbox gets one through PUT.) The
    advanced filter of its parameter example (``key=inv_number_formatted``) selects it."""
    ok(wba.put("invoices", [{k: v for k, v in INVOICE.items() if k != "inv_id"}]))
    rows = ok(wba.get("invoices", key="inv_number_formatted", value="2018-00001", operator="eq"))
    assert len(rows) == 1
    assert_shape(rows[0], INVOICE, "invoices")
    assert rows[0]["iln_lines"] == INVOICE["iln_lines"]
    assert rows[0]["invoice_debtor"] == INVOICE["invoice_debtor"]
    assert rows[0]["inv_worksheet_id"] is None


def test_add_transactions(wba: Any) -> None:
    """``## transactions`` -> "Add transactions [POST]": the three worked transactions (one without
    an invoice, one without a time stamp) are accepted; the answer lists them with ``int_status``
    and an ``int_timestamp`` (``Y-m-d H:i:s``) each."""
    answer = ok(wba.post("transactions", TRANSACTIONS))
    assert len(answer) == 3
    for row in answer:
        assert_shape(row, TRANSACTION_ANSWER, "transactions")
        assert row["int_status"] in ("NEW", "PROCESSED")
        assert len(row["int_timestamp"]) == len("2018-07-31 11:33:45")
    assert answer[0]["int_inv_id"] is None


def test_get_transactions(wba: Any) -> None:
    """``## transactions`` -> "Get transactions [GET]": records of the worked shape; the parameter
    example's filter (``key=int_transaction_id``, ``operator=eq``) selects one."""
    ok(wba.post("transactions", TRANSACTIONS))
    rows = ok(wba.get("transactions"))
    example = {k: v for k, v in TRANSACTIONS[0].items()}
    for row in rows:
        assert_shape(row, example, "transactions")
    one = ok(
        wba.get("transactions", key="int_transaction_id", value="0000009CSD572CE75E21119", operator="eq")
    )
    assert [row["int_external_transaction_id"] for row in one] == ["RABO1212348797128314512435"]


def test_update_transactions(wba: Any) -> None:
    """``## transactions`` -> "Update transactions [PUT]": each record names its transaction by
    ``int_transaction_id`` or by ``int_external_transaction_id``; the answer is the number of
    transactions affected (2), and the invoice assignment changes."""
    ok(wba.post("transactions", TRANSACTIONS))
    body = [
        {"int_transaction_id": "0000009CSD572CE75E21119", "int_inv_id": "164"},
        {"int_external_transaction_id": "IZETTLE5415642351431123231", "int_inv_id": None},
    ]
    assert wba.put("transactions", body) == {"code": 200, "messages": [], "response": 2}
    rows = {row["int_transaction_id"]: row for row in ok(wba.get("transactions"))}
    assert rows["0000009CSD572CE75E21119"]["int_inv_id"] == "164"
    assert rows["0000005B601172CE75E21418"]["int_inv_id"] is None


def test_update_transactions_unknown_or_unnamed(wba: Any) -> None:
    """``## transactions`` -> "Update transactions [PUT]": "The request should contain
    int_transaction_id or int_external_transaction_id as a reference to update": a record naming
    neither, or one no transaction has, changes nothing (1504 for the whole batch)."""
    ok(wba.post("transactions", TRANSACTIONS))
    body = [{"int_transaction_id": "0000009CSD572CE75E21119", "int_inv_id": "7"}, {"int_inv_id": "8"}]
    error(wba.put("transactions", body), 1504, "Required field missing: int_transaction_id")
    error(
        wba.put("transactions", [{"int_transaction_id": "NOPE"}]), 1504, "int_transaction_id not found: NOPE"
    )
    rows = {row["int_transaction_id"]: row for row in ok(wba.get("transactions"))}
    assert rows["0000009CSD572CE75E21119"]["int_inv_id"] is None


# -- the envelope --------------------------------------------------------------------------------


def test_response_example_json(wba: Any) -> None:
    """``## Response`` -> "Example JSON": an unknown endpoint answers code 1001 in the envelope
    (``messages`` an array of strings, ``response`` null), with HTTP 200."""
    answer = wba.get("NoSuchFunction")
    assert answer["code"] == 1001 and answer["response"] is None
    assert isinstance(answer["messages"], list) and all(isinstance(m, str) for m in answer["messages"])
