"""companyId scoping: every business call is inside one company, and sees nothing of another."""

from __future__ import annotations

import pytest

from .conftest import COMPANY_FORBIDDEN, COMPANY_HU, COMPANY_SK, FlowiiClient, errors_of, order_body


def test_companies_list_only_accessible_ones_with_the_user_id(flowii: FlowiiClient) -> None:
    body = flowii.get("/companies", company=None).json()
    assert [(c["id"], set(c["attributes"])) for c in body["data"]] == [
        ("1", {"name", "user-id"}),
        ("2", {"name", "user-id"}),
    ]
    for company in body["data"]:
        me = flowii.get("/users/self", company=int(company["id"])).json()["data"]
        assert me["id"] == str(company["attributes"]["user-id"])
        assert me["attributes"]["email"] == "demo@example.com"


@pytest.mark.parametrize(
    ("company", "status", "detail"),
    [
        (None, 400, "The companyId query parameter is required"),
        ("", 400, "The companyId query parameter is required"),
        ("abc", 400, "companyId must be a numeric company id"),
        ("99999999999999999999999", 400, "companyId must be a numeric company id"),
        (COMPANY_FORBIDDEN, 403, "The API user has no access to company 3"),
        (999, 403, "The API user has no access to company 999"),
    ],
)
def test_missing_or_foreign_company_is_refused(
    flowii: FlowiiClient, company, status: int, detail: str
) -> None:
    params = {} if company is None else {"companyId": company}
    response = flowii.http.get(f"{flowii.base}/orders", params=params, headers=flowii.headers())
    assert response.status_code == status
    assert errors_of(response) == [
        {
            "status": str(status),
            "title": "Bad Request" if status == 400 else "Forbidden",
            "detail": detail,
            "source": {"parameter": "companyId"},
        }
    ]


def test_data_of_one_company_is_invisible_from_another(flowii: FlowiiClient) -> None:
    sk_orders = {o["id"] for o in flowii.get("/orders", COMPANY_SK, **{"page[size]": 100}).json()["data"]}
    hu_orders = {o["id"] for o in flowii.get("/orders", COMPANY_HU, **{"page[size]": 100}).json()["data"]}
    assert sk_orders and hu_orders and not sk_orders & hu_orders
    foreign = sorted(hu_orders)[0]
    response = flowii.get(f"/orders/{foreign}", COMPANY_SK)
    assert response.status_code == 404
    assert errors_of(response)[0]["detail"] == f"order {foreign} does not exist in company 1"
    assert flowii.get(f"/orders/{foreign}/documents", COMPANY_SK).status_code == 404

    hu_partners = flowii.get("/partners", COMPANY_HU).json()["data"]
    foreign_partner = hu_partners[0]["id"]
    assert flowii.get(f"/partners/{foreign_partner}", COMPANY_SK).status_code == 404
    assert flowii.get(f"/partners/{foreign_partner}/contacts", COMPANY_SK).status_code == 404
    assert foreign_partner not in {
        p["id"] for p in flowii.get("/partners", COMPANY_SK, **{"page[size]": 100}).json()["data"]
    }

    sk_users = {u["id"] for u in flowii.get("/users", COMPANY_SK).json()["data"]}
    hu_users = {u["id"] for u in flowii.get("/users", COMPANY_HU).json()["data"]}
    assert not sk_users & hu_users


def test_created_records_stay_in_their_company(flowii: FlowiiClient) -> None:
    created = flowii.post("/orders", order_body(), COMPANY_SK).json()["data"]
    assert flowii.get(f"/orders/{created['id']}", COMPANY_SK).status_code == 200
    assert flowii.get(f"/orders/{created['id']}", COMPANY_HU).status_code == 404


def test_a_create_cannot_link_another_companys_records(flowii: FlowiiClient) -> None:
    hu_partner = flowii.get("/partners", COMPANY_HU).json()["data"][0]["id"]
    response = flowii.post("/orders", order_body(hu_partner), COMPANY_SK)
    assert response.status_code == 422
    assert errors_of(response) == [
        {
            "status": "422",
            "title": "Unprocessable Entity",
            "detail": f"partner {hu_partner} does not exist in company 1",
            "source": {"pointer": "/data/relationships/partner/data/id"},
        }
    ]


def test_tenants_are_isolated(flowii: FlowiiClient, mock_admin) -> None:
    created = flowii.post("/orders", order_body()).json()["data"]
    other = mock_admin.create_tenant(name="neighbour")
    try:
        neighbour = FlowiiClient(flowii.http, other.base_urls["flowii"], other.credentials["flowii"])
        neighbour.login()
        assert neighbour.get(f"/orders/{created['id']}").status_code == 404
    finally:
        mock_admin.delete_tenant(other.id)


def test_reference_lists_are_unpaged_and_in_slovak(flowii: FlowiiClient) -> None:
    expected = {
        "/users": "user",
        "/ordertypes": "order-type",
        "/orderstates": "order-state",
        "/countries": "country",
        "/activitytypes": "activity-type",
        "/companydata": "company-data",
        "/orders/customfields": "custom-field",
    }
    for path, kind in expected.items():
        body = flowii.get(path, **{"page[size]": 1}).json()
        assert set(body) == {"data"}
        assert body["data"] and {r["type"] for r in body["data"]} == {kind}
    states = [s["attributes"]["name"] for s in flowii.get("/orderstates").json()["data"]]
    assert states == ["Nová", "Prijatá", "V riešení", "Dokončená", "Zrušená"]
    types = flowii.get("/ordertypes").json()["data"]
    child = next(t for t in types if t["relationships"]["parent"]["data"] is not None)
    assert child["attributes"]["name"] == "Servisná zmluva"
    assert child["relationships"]["parent"]["data"] == {"type": "order-type", "id": types[1]["id"]}
    fields = flowii.get("/orders/customfields").json()["data"]
    assert {f["attributes"]["value-type"] for f in fields} == {3}
