"""Every resource the vendor's description names is a stateful resource here: what a client writes,
it reads back with the described fields; required fields are refused when missing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.vendors.werkbonapp.conftest import WerkbonClient, error

#: the method+path pairs of the vendor's description that answered 1001 (not implemented) before
ONCE_NOT_IMPLEMENTED = [
    ("GET", "expense_categories"),
    ("POST", "expense_categories"),
    ("GET", "expenses"),
    ("POST", "expenses"),
    ("GET", "freefields"),
    ("POST", "freefields"),
    ("GET", "generic_notes"),
    ("POST", "generic_notes"),
    ("GET", "hours"),
    ("POST", "hours"),
    ("GET", "invoices"),
    ("PUT", "invoices"),
    ("GET", "notes"),
    ("POST", "notes"),
    ("GET", "objects/changed"),
    ("GET", "prices"),
    ("POST", "prices"),
    ("POST", "project_activities"),
    ("GET", "quotations"),
    ("PUT", "quotations"),
    ("GET", "tasks"),
    ("POST", "tasks"),
    ("GET", "transactions"),
    ("POST", "transactions"),
    ("PUT", "transactions"),
    ("GET", "travel"),
    ("POST", "travel"),
    ("GET", "values"),
    ("POST", "values"),
    ("GET", "warehouses"),
    ("POST", "warehouses"),
]


@pytest.mark.parametrize(("method", "function"), ONCE_NOT_IMPLEMENTED)
def test_every_described_pair_is_served(wba: WerkbonClient, method: str, function: str) -> None:
    response = wba.http.request(
        method, wba.url(function), params=wba.auth, json=[] if method != "GET" else None
    )
    answer = response.json()
    assert response.status_code == 200 and answer["code"] == 200 and answer["messages"] == []
    assert answer["response"] in (0, [])


#: (resource, write method, one record, a required field, whether a second write of it is a new row)
ROUND_TRIPS: list[tuple[str, str, dict[str, Any], str, bool]] = [
    (
        "tasks",
        "POST",
        {"tsk_name": "Klant bellen", "tsk_debtor_nr": "20001", "tsk_priority": 2},
        "tsk_name",
        True,
    ),
    ("hours", "POST", {"hrs_emp_nr": "101", "hrs_date": "2024-03-04", "hrs_amount": "7.5"}, "hrs_date", True),
    (
        "travel",
        "POST",
        {"tra_emp_nr": "101", "tra_date": "2024-03-04", "tra_distance": 42},
        "tra_emp_nr",
        True,
    ),
    (
        "expenses",
        "POST",
        {"pre_employee_nr": "101", "pre_date": "2024-03-04", "pre_amount": "12,50"},
        "pre_date",
        True,
    ),
    (
        "notes",
        "POST",
        {"esh_emp_nr": "101", "esh_start": "2024-03-04 08:00", "esh_isnote": 1},
        "esh_start",
        True,
    ),
    (
        "generic_notes",
        "POST",
        {"nte_entity": "relation", "nte_primary": "20001", "nte_content": "Hond in de tuin"},
        "nte_content",
        True,
    ),
    ("expense_categories", "POST", {"name": "Parkeren"}, "name", False),
    (
        "freefields",
        "POST",
        {"fld_entity": "object", "fld_name": "Kleur", "fld_type": "text"},
        "fld_type",
        False,
    ),
    (
        "warehouses",
        "POST",
        {"wse_code": "BUS1", "wse_description": "Bus 1", "wse_type": "vehicle"},
        "wse_code",
        False,
    ),
    ("prices", "POST", {"material": "M1001", "debtornr": "20001", "price": "3,95"}, "price", False),
    ("values", "POST", {"code": "V1", "description": "Rood"}, "code", False),
    (
        "transactions",
        "POST",
        {"int_inv_id": "7", "int_transaction_id": "T-1", "int_amount": "121.00"},
        "int_amount",
        False,
    ),
]


@pytest.mark.parametrize(
    ("resource", "method", "record", "required", "repeat_is_new"),
    ROUND_TRIPS,
    ids=[r[0] for r in ROUND_TRIPS],
)
def test_written_records_read_back(
    wba: WerkbonClient, resource: str, method: str, record: dict[str, Any], required: str, repeat_is_new: bool
) -> None:
    answer = wba.post(resource, [{**record, "not_a_field": "x"}])
    assert answer["code"] == 200
    [listed] = wba.get(resource)["response"]
    as_text = {k: v if isinstance(v, str) else str(v) for k, v in record.items()}
    assert {k: listed[k] for k in record} == as_text
    assert "not_a_field" not in listed
    if isinstance(answer["response"], list):
        assert answer["response"] == [listed]
    else:
        assert answer["response"] == 1
    wba.post(resource, [record])
    assert len(wba.get(resource)["response"]) == (2 if repeat_is_new else 1)
    missing = {k: v for k, v in record.items() if k != required}
    error(wba.post(resource, [missing]), 1504, f"Required field missing: {required}")
    assert len(wba.get(resource)["response"]) == (2 if repeat_is_new else 1)


def test_rows_get_server_ids_stamps_and_updates_by_id(wba: WerkbonClient, mock_frozen_clock: Any) -> None:
    mock_frozen_clock.advance(60)
    wba.post("tasks", [{"tsk_name": "Offerte maken"}, {"tsk_name": "Factuur sturen"}])
    first, second = wba.get("tasks")["response"]
    assert (first["tsk_id"], second["tsk_id"], first["tsk_cus_id"]) == ("1", "2", "1")
    assert first["tsk_timestamp_create"] == first["tsk_timestamp_mutate"] != ""
    mock_frozen_clock.advance(60)
    done = {"tsk_id": second["tsk_id"], "tsk_name": "Factuur sturen", "tsk_status": "done"}
    assert wba.post("tasks", [done])["response"] == 1
    updated = wba.get("tasks", key="tsk_id", value="2")["response"][0]
    assert (updated["tsk_name"], updated["tsk_status"]) == ("Factuur sturen", "done")
    assert updated["tsk_timestamp_create"] == second["tsk_timestamp_create"]
    assert updated["tsk_timestamp_mutate"] > second["tsk_timestamp_mutate"]
    error(
        wba.post("tasks", [{"tsk_name": "Nieuw"}, {"tsk_id": "99", "tsk_name": "Weg"}]),
        1504,
        "tsk_id not found: 99",
    )
    assert len(wba.get("tasks")["response"]) == 2  # all or nothing


def test_invoices_are_changed_with_put(wba: WerkbonClient) -> None:
    assert wba.get("invoices")["response"] == []
    [created] = wba.put("invoices", [{"inv_description": "Onderhoud CV", "inv_amount": "121.00"}])["response"]
    assert created["inv_id"] == "1" and created["inv_timestamp_create"] != ""
    changed = wba.put("invoices", [{"inv_id": "1", "inv_status": "paid"}])["response"]
    assert [(i["inv_id"], i["inv_description"], i["inv_status"]) for i in changed] == [
        ("1", "Onderhoud CV", "paid")
    ]
    assert wba.get("invoices")["response"] == changed
    assert wba.get("quotations")["response"] == []  # a separate resource
    error(wba.put("quotations", [{"inv_id": "1"}]), 1504, "inv_id not found: 1")


def test_transactions_put_updates_the_external_id(wba: WerkbonClient) -> None:
    wba.post("transactions", [{"int_inv_id": "7", "int_transaction_id": "T-1", "int_amount": "121.00"}])
    assert wba.put(
        "transactions", [{"int_transaction_id": "T-1", "int_external_transaction_id": "EXT-9"}]
    ) == {
        "code": 200,
        "messages": [],
        "response": 1,
    }
    [row] = wba.get("transactions")["response"]
    assert (row["int_amount"], row["int_external_transaction_id"]) == ("121.00", "EXT-9")


def test_project_activities_are_written_not_listed(wba: WerkbonClient) -> None:
    activity = {"pra_pro_code": "P2024-001", "pra_code": "A1", "pra_name": "Fundering"}
    assert (
        wba.post("project_activities", [activity, {**activity, "pra_name": "Fundering en riolering"}])[
            "response"
        ]
        == 2
    )
    overview = wba.tenant.admin.call("GET", f"/tenants/{wba.tenant.id}/werkbonapp")
    assert overview["counts"]["project_activities"] == 1  # upserted by project and activity code
    error(wba.get("project_activities"), 1001, "Unknown endpoint: GET project_activities")


def test_v7_does_not_have_them(wba: WerkbonClient) -> None:
    error(wba.get("tasks", version=7), 1001, "Unknown endpoint: tasks", key="object")


def test_an_update_by_id_that_changes_the_key_moves_the_upsert_key(wba: WerkbonClient) -> None:
    activity = {"pra_pro_code": "P2024-001", "pra_code": "A1", "pra_name": "Fundering"}
    wba.post("project_activities", [activity])
    wba.post("project_activities", [{**activity, "pra_id": "1", "pra_code": "A2"}])
    wba.post("project_activities", [{**activity, "pra_code": "A2", "pra_name": "Riolering"}])
    overview = wba.tenant.admin.call("GET", f"/tenants/{wba.tenant.id}/werkbonapp")
    assert overview["counts"]["project_activities"] == 1
