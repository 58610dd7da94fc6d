"""Master data: bulk upsert by key answering the count, lists, by-filter GETs, DeleteEntity."""

from __future__ import annotations

from tests.vendors.werkbonapp.conftest import WerkbonClient


def test_upsert_by_key_answers_the_count(wba: WerkbonClient) -> None:
    rows = [
        {"code": "00001", "description": "Omschrijving 1", "price": "4,55", "unit": "M2", "eancode": ""},
        {"code": "00012", "description": "Omschrijving 2", "price": 2.5, "unit": "M2", "unknown": "x"},
    ]
    assert wba.post("materials", rows) == {"code": 200, "messages": [], "response": 2}
    assert wba.post("materials", [{**rows[0], "description": "Nieuw"}])["response"] == 1
    found = wba.get("materials", key="code", value="00001")["response"]
    assert found == [{"code": "00001", "description": "Nieuw", "price": "4,55", "unit": "M2"}]
    assert wba.get("materials", key="code", value="00012")["response"][0]["price"] == "2.5"
    assert wba.post("materials", []) == {"code": 200, "messages": [], "response": 0}


def test_posted_employees_show_in_the_tenant_overview(wba: WerkbonClient) -> None:
    body = [
        {"firstname": "Jan", "lastname": "Klaassen", "number": 123},
        {"firstname": "Katrien", "lastname": "K", "number": "129"},
    ]
    assert wba.post("employees", body)["response"] == 2
    assert (
        wba.post("PostEmployees", [{"firstname": "Piet", "lastname": "P", "number": "130"}])["response"] == 1
    )
    listed = wba.get("employees", key="number", value="12%", operator="li")["response"]
    assert listed == [
        {"firstname": "Jan", "lastname": "Klaassen", "number": "123", "active": "1"},
        {"firstname": "Katrien", "lastname": "K", "number": "129", "active": "1"},
    ]
    overview = wba.tenant.admin.call("GET", f"/tenants/{wba.tenant.id}/werkbonapp")
    numbers = [e["number"] for e in overview["employees"]]
    assert {"123", "129", "130"} <= set(numbers)
    assert overview["counts"]["employees"] == len(numbers) == 9
    assert sum(overview["workorders"].values()) == 12


def test_by_filter_variants(wba: WerkbonClient) -> None:
    wba.post(
        "categories",
        [
            {"cat_code": "001", "cat_name": "Ijzerwaren", "cat_display": "1", "cat_cat_code": ""},
            {"cat_code": "001-002", "cat_name": "Schroefjes", "cat_display": 0, "cat_cat_code": "001"},
        ],
    )
    children = wba.get("category", key="cat_cat_code", value="001")["response"]
    assert children == [
        {"cat_code": "001-002", "cat_name": "Schroefjes", "cat_display": "0", "cat_cat_code": "001"}
    ]
    wba.post("objects", [{"obj_code": "CV-1", "obj_debiteur_nummer": "20001", "obj_description": "CV-ketel"}])
    [obj] = wba.get("object", key="obj_code", value="CV-1")["response"]
    assert obj["obj_description"] == "CV-ketel" and obj["obj_freefield_20"] == ""
    addresses = wba.get("address", **{"key[0]": "adr_debtor_nr", "value[0]": "20002"})["response"]
    assert [a["adr_debtor_nr"] for a in addresses] == ["20002"]
    people = wba.get("contactperson", key="cpn_debtor_nr", value="20003")["response"]
    assert len(people) == 1 and people[0]["cpn_code"] == "20003-1"


def test_composite_keys_and_numeric_comparisons(wba: WerkbonClient) -> None:
    base = {"adr_debtor_nr": "9", "adr_line_1": "Straat 1", "adr_zip": "1000 AA", "adr_city": "Amsterdam"}
    wba.post("addresses", [{**base, "adr_code": "A1"}, {**base, "adr_code": "A2"}])
    wba.post("addresses", [{**base, "adr_code": "A2", "adr_city": "Haarlem"}])
    rows = wba.get("addresses", key="adr_debtor_nr", value="9")["response"]
    assert [(r["adr_code"], r["adr_city"]) for r in rows] == [("A1", "Amsterdam"), ("A2", "Haarlem")]
    wba.get("DeleteEntity", entity="material", delete_all="1")
    wba.post(
        "materials",
        [
            {"code": "A", "description": "a", "price": "4,55", "unit": "st"},
            {"code": "B", "description": "b", "price": "12.00", "unit": "st"},
        ],
    )
    cheap = wba.get("materials", key="price", value="10", operator="lt")["response"]
    assert [m["code"] for m in cheap] == ["A"]
    assert [
        m["code"] for m in wba.get("materials", key="price", value="4.55", operator="ge")["response"]
    ] == ["A", "B"]


def test_locations(wba: WerkbonClient) -> None:
    assert (
        wba.post("locations", [{"lat": "52.09", "long": "5.12", "identifier": "101", "type": "employee"}])[
            "response"
        ]
        == 1
    )
    [location] = wba.get("locations")["response"]
    assert (location["lat"], location["long"], location["customer_id"]) == ("52.09", "5.12", "1")


def test_delete_entity(wba: WerkbonClient) -> None:
    assert wba.get("DeleteEntity", entity="material", key="code", value="M1001")["response"] == 1
    assert wba.get("DeleteEntity", entity="material", key="code", value="M1001")["response"] == 0
    assert wba.get("materials", key="code", value="M1001")["response"] == []
    assert wba.get("DeleteEntity", entity="address", key="code", value="20001-1")["response"] == 1
    assert wba.get("DeleteEntity", entity="workstatus", delete_all="1")["response"] == 4
    assert wba.get("workstatusses")["response"] == []
    assert wba.get("DeleteEntity", entity="workorder", key="workorder_no", value="WB2024001")["response"] == 1
    assert wba.get("GetWorkorder", workorder_no="WB2024001")["code"] == 1500
    assert wba.get("DeleteEntity", entity="workorder", key="db_row", value="2")["response"] == 1
