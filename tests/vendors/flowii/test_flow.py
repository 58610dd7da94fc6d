"""The issue's main flow: token -> companies -> partner -> order -> paging -> expiry -> new token."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from mockserver.testing import AdminClient, TenantHandle

from .conftest import FlowiiClient, errors_of, order_body, rel


def test_token_companies_partner_order_paging_expiry(flowii: FlowiiClient, mock_admin: AdminClient) -> None:
    token = flowii.request_token()
    assert token.status_code == 200
    assert token.headers["Content-Type"] == "application/json"
    assert token.headers["Cache-Control"] == "no-store"
    assert set(token.json()) == {"access_token", "token_type", "expires_in"}
    assert token.json()["token_type"] == "bearer"
    assert token.json()["expires_in"] == 600
    flowii.token = token.json()["access_token"]

    companies = flowii.get("/companies", company=None)
    assert companies.status_code == 200
    assert companies.headers["Content-Type"] == "application/vnd.api+json"
    rows = companies.json()["data"]
    assert [c["id"] for c in rows] == ["1", "2"]
    assert all(c["type"] == "company" and isinstance(c["attributes"]["user-id"], int) for c in rows)
    company = int(rows[0]["id"])
    user_id = rows[0]["attributes"]["user-id"]
    assert flowii.get("/users/self", company=company).json()["data"]["id"] == str(user_id)

    partner = flowii.post(
        "/partners",
        {
            "data": {
                "type": "partner",
                "attributes": {"name": "Kotolňa Prešov s.r.o.", "type": 1, "ico": "36512345"},
                "relationships": {
                    "billing-address": {
                        "data": {
                            "type": "address",
                            "attributes": {"street": "Hlavná 12", "city": "Prešov", "zip": "080 01"},
                            "relationships": {"country": rel(1, "country")},
                        }
                    },
                    "key-contact": {
                        "data": {
                            "type": "contact",
                            "attributes": {
                                "first-name": "Ján",
                                "last-name": "Kováč",
                                "email": "jan@kotolna.sk",
                            },
                        }
                    },
                },
            }
        },
        company=company,
    )
    assert partner.status_code == 201
    partner_id = partner.json()["data"]["id"]
    partner_rels = partner.json()["data"]["relationships"]
    contact_id = partner_rels["key-contact"]["data"]["id"]
    assert partner_rels["contacts"]["data"] == [{"type": "contact", "id": contact_id}]
    included = {(r["type"], r["id"]): r for r in partner.json()["included"]}
    assert included[("contact", contact_id)]["attributes"]["last-name"] == "Kováč"
    assert included[("contact", contact_id)]["relationships"]["partner"]["data"]["id"] == partner_id
    address_id = partner_rels["billing-address"]["data"]["id"]
    assert included[("address", address_id)]["attributes"]["city"] == "Prešov"

    order = flowii.post("/orders", order_body(partner_id, deadline="2030-01-31"), company=company)
    assert order.status_code == 201
    created = order.json()["data"]
    assert created["attributes"]["serial-nr"].startswith("ZAK")
    assert created["attributes"]["deadline"] == "2030-01-31T00:00:00"
    assert created["relationships"]["partner"]["data"] == {"type": "partner", "id": partner_id}
    assert created["relationships"]["user"]["data"]["id"] == str(user_id)
    fetched = flowii.get(f"/orders/{created['id']}", company=company)
    assert fetched.json()["data"] == created

    # paging through every order of the company, 10 at a time, by following links.next
    first = flowii.get("/orders", company=company, **{"page[size]": 10, "page[number]": 0})
    assert (
        first.json() == flowii.get("/orders", company=company, **{"page[size]": 10, "page[number]": 1}).json()
    )
    seen, page = [], first
    while True:
        assert page.status_code == 200
        seen += [o["id"] for o in page.json()["data"]]
        next_link = page.json()["links"]["next"]
        if next_link is None:
            break
        query = parse_qs(urlsplit(next_link).query)
        assert query["companyId"] == [str(company)] and query["page[size]"] == ["10"]
        page = flowii.http.get(next_link, headers=flowii.headers())
    assert len(seen) == 26 and len(set(seen)) == 26
    assert seen[-1] == created["id"]

    # the token expires on the mock clock
    mock_admin.advance(601)
    expired = flowii.get("/orders", company=company)
    assert expired.status_code == 401
    assert errors_of(expired) == [
        {"status": "401", "title": "Unauthorized", "detail": "The access token has expired"}
    ]
    flowii.login()
    assert flowii.get(f"/orders/{created['id']}", company=company).status_code == 200


def test_token_valid_until_its_lifetime_ends(flowii: FlowiiClient, mock_admin: AdminClient) -> None:
    mock_admin.advance(590)
    assert flowii.get("/companies", company=None).status_code == 200
    mock_admin.advance(11)
    assert flowii.get("/companies", company=None).status_code == 401


def test_token_lifetime_is_a_tenant_setting(
    flowii: FlowiiClient, mock_tenant: TenantHandle, mock_admin: AdminClient
) -> None:
    mock_tenant.settings({"flowii": {"token_ttl_seconds": 30}})
    response = flowii.request_token()
    assert response.json()["expires_in"] == 30
    flowii.token = response.json()["access_token"]
    mock_admin.advance(31)
    assert flowii.get("/companies", company=None).status_code == 401


def test_tenant_reset_revokes_tokens(flowii: FlowiiClient, mock_tenant: TenantHandle) -> None:
    mock_tenant.reset()
    response = flowii.get("/companies", company=None)
    assert response.status_code == 401
    assert errors_of(response)[0]["detail"] == "The access token is invalid"


def test_new_order_serial_numbers_follow_each_other(flowii: FlowiiClient) -> None:
    first = flowii.post("/orders", order_body()).json()["data"]["attributes"]["serial-nr"]
    second = flowii.post("/orders", order_body()).json()["data"]["attributes"]["serial-nr"]
    assert first[:7] == second[:7]
    assert int(second[7:]) == int(first[7:]) + 1
