"""JSON:API as real FLOWii clients read it: singular types, sort, refused fieldsets, dotted includes,
the paging base, and partner search by the key contact."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import FlowiiClient, errors_of, order_body

SINGULAR = {
    "company",
    "user",
    "order-type",
    "order-state",
    "country",
    "activity-type",
    "company-data",
    "custom-field",
    "address",
    "contact",
    "partner",
    "custom-field-string-value",
    "order",
    "document",
    "activity",
    "task",
    "business-case",
    "product",
    "invoice",
    "payment",
    "attendance",
}


def _types(body: dict[str, Any]) -> set[str]:
    """Every ``type`` a client meets in a document: primary data, included, relationship linkage."""
    data = body["data"] if isinstance(body["data"], list) else [body["data"]]
    found = set()
    for resource in data + body.get("included", []):
        found.add(resource["type"])
        for relationship in resource.get("relationships", {}).values():
            linkage = relationship["data"]
            for item in linkage if isinstance(linkage, list) else [linkage] if linkage else []:
                found.add(item["type"])
    return found


def test_type_names_are_singular_everywhere(flowii: FlowiiClient) -> None:
    seen: set[str] = set()
    for path, params in [
        ("/companies", {"company": None}),
        ("/partners/2", {}),
        ("/orders/1", {"include": "type,state,partner,user,documents,custom-field-string-values"}),
        ("/tasks/1", {"include": "activities.activity-type,order,partner"}),
        ("/users", {}),
        ("/orders/customfields", {}),
        ("/businesscases", {}),
        ("/invoices", {}),
        ("/payments", {}),
        ("/products", {}),
        ("/attendance", {}),
        ("/companydata", {}),
        ("/countries", {}),
    ]:
        company = params.pop("company", 1)
        response = flowii.get(path, company=company, **params)
        assert response.status_code == 200, response.text
        seen |= _types(response.json())
    assert seen <= SINGULAR
    assert {"partner", "contact", "address", "order", "document", "task", "activity"} <= seen
    partner = flowii.get("/partners/2").json()
    contacts = [r for r in partner["included"] if r["type"] == "contact"]
    assert [c["id"] for c in contacts] == [
        c["id"] for c in partner["data"]["relationships"]["contacts"]["data"]
    ]


# -- sort -----------------------------------------------------------------------------------------------
def test_sort_orders_a_paged_collection(flowii: FlowiiClient) -> None:
    newest_first = flowii.get("/orders", sort="-created,id", **{"page[size]": 100}).json()["data"]
    created = [o["attributes"]["created"] for o in newest_first]
    assert created == sorted(created, reverse=True) and created != sorted(created)
    pages = []
    link = flowii.get("/orders", sort="-created,id", **{"page[size]": 7}).json()["links"]["self"]
    while link:
        body = flowii.http.get(link, headers=flowii.headers()).json()
        pages += body["data"]
        link = body["links"]["next"]
    assert pages == newest_first


def test_sort_by_name_is_case_insensitive_and_nulls_go_last(flowii: FlowiiClient) -> None:
    flowii.post("/partners", {"data": {"attributes": {"name": "aaa first partner", "ico": None}}})
    names = [
        p["attributes"]["name"]
        for p in flowii.get("/partners", sort="name", **{"page[size]": 100}).json()["data"]
    ]
    assert names[0] == "aaa first partner"
    assert names == sorted(names, key=str.casefold)
    icos = [
        p["attributes"]["ico"]
        for p in flowii.get("/partners", sort="ico", **{"page[size]": 100}).json()["data"]
    ]
    assert icos[-1] is None and icos[0] is not None
    assert [i for i in icos if i is not None] == sorted(i for i in icos if i is not None)
    by_id_desc = flowii.get("/partners", sort="-id", **{"page[size]": 100}).json()["data"]
    assert [int(p["id"]) for p in by_id_desc] == sorted((int(p["id"]) for p in by_id_desc), reverse=True)


def test_sort_applies_to_unpaged_lists_too(flowii: FlowiiClient) -> None:
    states = [s["attributes"]["name"] for s in flowii.get("/orderstates", sort="-name").json()["data"]]
    assert states == sorted(states, key=str.casefold, reverse=True)


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/orders", {"sort": "colour"}, "sort"),
        ("/orders", {"sort": "partner.name"}, "sort"),
        ("/orders/1", {"sort": "name"}, "sort"),
        ("/partners", {"fields[partner]": "name"}, "fields[partner]"),
        ("/partners/2", {"fields[contact]": "email"}, "fields[contact]"),
        ("/orders", {"filter[name]": "Montáž"}, "filter[name]"),
        ("/partners", {"filter[created-from]": "0"}, "filter[created-from]"),
        ("/orders", {"page[offset]": "20"}, "page[offset]"),
        ("/partners/2", {"include": "billing-address.nothing"}, "include"),
        ("/partners/2", {"include": "a.b.c.d.e"}, "include"),
    ],
)
def test_parameters_not_applied_are_refused(
    flowii: FlowiiClient, path: str, params: dict[str, str], parameter: str
) -> None:
    response = flowii.get(path, **params)
    assert response.status_code == 400
    [error] = errors_of(response)
    assert error["source"] == {"parameter": parameter}
    assert error["status"] == "400" and error["title"] == "Bad Request"


def test_unknown_query_parameters_are_ignored_as_the_contract_says(flowii: FlowiiClient, mock_admin) -> None:
    """Fuzzer finding: ``?zzz=1`` is ignored on reads. FLOWii documents nothing else; ignoring is
    what JSON:API servers and HTTP frameworks do, and the contract's description says so."""
    for path, company in (("/companies", None), ("/users/self", 1), ("/partners/1", 1), ("/orders", 1)):
        plain = flowii.get(path, company=company)
        odd = flowii.get(path, company=company, zzz="1", **{"\u00a1": "null", "companyid": "x"})
        assert plain.status_code == odd.status_code == 200
        assert odd.json()["data"] == plain.json()["data"]
    info = " ".join(mock_admin.call("GET", "/contracts/flowii?format=json")["info"]["description"].split())
    assert (
        "Query parameters an operation does not declare (`?zzz=1`, or `companyId` on `/companies`) "
        "are ignored" in info
    )


@pytest.mark.parametrize("parameter", ["page[size]", "page[number]"])
def test_an_empty_paging_value_reads_as_no_parameter(
    flowii: FlowiiClient, mock_admin, parameter: str
) -> None:
    """Fuzzer finding: ``page[size]=`` is the default page; the contract's pattern allows it."""
    empty = flowii.get("/partners", **{parameter: ""})
    assert empty.status_code == 200
    assert empty.json()["data"] == flowii.get("/partners").json()["data"]
    assert flowii.get("/partners", **{parameter: "x"}).status_code == 400
    contract = mock_admin.call("GET", "/contracts/flowii?format=json")
    name = "PageSize" if parameter == "page[size]" else "PageNumber"
    pattern = contract["components"]["parameters"][name]["schema"]["pattern"]
    assert re.fullmatch(pattern.strip("^$"), "") is not None
    assert re.fullmatch(pattern.strip("^$"), "x") is None


# -- include --------------------------------------------------------------------------------------------
def test_dotted_include_paths(flowii: FlowiiClient) -> None:
    body = flowii.get("/partners/2", include="key-contact,billing-address.country").json()
    relationships = body["data"]["relationships"]
    address = next(r for r in body["included"] if r["type"] == "address")
    expected = {
        ("contact", relationships["key-contact"]["data"]["id"]),
        ("address", relationships["billing-address"]["data"]["id"]),
        ("country", address["relationships"]["country"]["data"]["id"]),
    }
    assert {(r["type"], r["id"]) for r in body["included"]} == expected
    country = next(r for r in body["included"] if r["type"] == "country")
    assert set(country["attributes"]) == {"name", "code"}


def test_include_never_repeats_the_primary_resource(flowii: FlowiiClient) -> None:
    body = flowii.get("/partners/2", include="contacts.partner").json()
    assert ("partner", "2") not in {(r["type"], r["id"]) for r in body["included"]}
    assert {r["type"] for r in body["included"]} == {"contact"}


def test_include_on_a_list(flowii: FlowiiClient) -> None:
    body = flowii.get("/orders", include="partner,state", **{"page[size]": 5}).json()
    wanted = {("partner", o["relationships"]["partner"]["data"]["id"]) for o in body["data"]}
    wanted |= {("order-state", o["relationships"]["state"]["data"]["id"]) for o in body["data"]}
    keys = [(r["type"], r["id"]) for r in body["included"]]
    assert set(keys) == wanted and len(keys) == len(wanted)
    assert "included" not in flowii.get("/orders", **{"page[size]": 5}).json()


# -- paging base ----------------------------------------------------------------------------------------
def _walk(flowii: FlowiiClient, first_number: int) -> list[str]:
    response = flowii.get("/orders", **{"page[size]": 4, "page[number]": first_number})
    ids = []
    while True:
        body = response.json()
        ids += [o["id"] for o in body["data"]]
        if body["links"]["next"] is None:
            return ids
        response = flowii.http.get(body["links"]["next"], headers=flowii.headers())


def test_paging_base_first_is_the_default(flowii: FlowiiClient) -> None:
    page = {"page[size]": 4}
    assert (
        flowii.get("/orders", **page, **{"page[number]": 0}).json()["data"]
        == (flowii.get("/orders", **page, **{"page[number]": 1}).json()["data"])
    )
    everything = [o["id"] for o in flowii.get("/orders", **{"page[size]": 100}).json()["data"]]
    assert _walk(flowii, 1) == everything == _walk(flowii, 0)


def test_paging_base_zero_is_a_tenant_setting(flowii: FlowiiClient, mock_tenant) -> None:
    assert mock_tenant.settings()["flowii"]["page_base"] == "first"
    mock_tenant.settings({"flowii": {"page_base": "zero"}})
    everything = [o["id"] for o in flowii.get("/orders", **{"page[size]": 100}).json()["data"]]
    page0 = flowii.get("/orders", **{"page[size]": 4, "page[number]": 0}).json()
    page1 = flowii.get("/orders", **{"page[size]": 4, "page[number]": 1}).json()
    assert [o["id"] for o in page0["data"]] == everything[:4]
    assert [o["id"] for o in page1["data"]] == everything[4:8]
    assert page0["links"]["next"].endswith("page%5Bnumber%5D=1")
    assert flowii.get("/orders", **{"page[size]": 4}).json()["data"] == page0["data"]
    assert _walk(flowii, 0) == everything


# -- partner search ---------------------------------------------------------------------------------------
def test_partner_search_finds_the_key_contacts_email_and_name(flowii: FlowiiClient) -> None:
    body = {
        "data": {
            "type": "partner",
            "attributes": {"name": "Stavebniny Novák", "email": "info@stavebniny.example"},
            "relationships": {
                "key-contact": {
                    "data": {
                        "type": "contact",
                        "attributes": {
                            "first-name": "Zuzana",
                            "last-name": "Kvetinová",
                            "email": "zuzana.kvet@posta.example",
                        },
                    }
                }
            },
        }
    }
    partner_id = flowii.post("/partners", body).json()["data"]["id"]
    for needle in ("zuzana.kvet@posta.example", "ZUZANA KVETINOVÁ", "kvetinov"):
        found = flowii.get("/partners", **{"filter[search-text]": needle}).json()["data"]
        assert [p["id"] for p in found] == [partner_id], needle
    # an ordinary (non-key) contact of another partner does not make that partner match
    other = flowii.get("/partners/2").json()
    key_id = other["data"]["relationships"]["key-contact"]["data"]["id"]
    plain = next(r for r in other["included"] if r["type"] == "contact" and r["id"] != key_id)
    found = flowii.get("/partners", **{"filter[search-text]": plain["attributes"]["email"]}).json()["data"]
    assert "2" not in {p["id"] for p in found}


def test_a_create_answers_a_singular_type(flowii: FlowiiClient) -> None:
    """The server does not check the type a client sends; it answers the singular one."""
    created = flowii.post("/orders", order_body())
    assert created.status_code == 201 and created.json()["data"]["type"] == "order"
