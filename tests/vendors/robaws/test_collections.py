"""Collections: paging walk, envelope, sort, include, updatedFrom, extra-field and resource filters."""

from __future__ import annotations

import itertools
from urllib.parse import quote

ENVELOPE = ["items", "currentPage", "size", "totalPages", "totalItems"]


def test_paging_walk_visits_every_client_once(robaws):
    first = robaws.get("/clients")
    assert first.status_code == 200
    body = first.json()
    assert list(body) == ENVELOPE
    assert body["size"] == 10 and body["currentPage"] == 0
    total, pages = body["totalItems"], body["totalPages"]
    assert total >= 25 and pages == -(-total // 10)
    seen = []
    for page in range(pages):
        answer = robaws.get(f"/clients?page={page}&size=10").json()
        assert answer["currentPage"] == page
        seen.extend(item["id"] for item in answer["items"])
    assert len(seen) == total == len(set(seen))
    assert all(isinstance(i, str) and i.isdigit() for i in seen)
    assert robaws.get(f"/clients?page={pages}").json()["items"] == []


def test_envelope_size_counts_this_pages_items_so_a_size_loop_ends(robaws):
    """A real migration client pages with ``while (data.size > 0)``: it must stop after the last page."""
    total = robaws.get("/clients").json()["totalItems"]
    seen, page = [], 0
    while page <= total:  # a bound the loop must never reach
        data = robaws.get(f"/clients?page={page}&size=7").json()
        if data["size"] == 0:
            break
        assert data["size"] == len(data["items"])
        seen.extend(item["id"] for item in data["items"])
        page += 1
    assert len(seen) == total == len(set(seen))
    assert page == -(-total // 7)
    last = robaws.get(f"/clients?page={page - 1}&size=7").json()
    assert last["size"] == total - 7 * (page - 1)
    assert robaws.get(f"/clients?page={page}&size=7").json()["size"] == 0


def test_envelope_size_as_the_requested_page_size_is_a_tenant_setting(robaws):
    robaws.settings({"paging": {"envelope_size": "requested"}})
    empty = robaws.get("/clients?page=1000&size=7").json()
    assert empty["items"] == [] and empty["size"] == 7
    assert robaws.get("/clients?size=5000").json()["size"] == 100
    robaws.settings({"paging": {"envelope_size": "items"}})
    assert robaws.get("/clients?page=1000&size=7").json()["size"] == 0


def test_size_is_clamped_to_100_and_bad_paging_is_400(robaws):
    total = robaws.get("/clients").json()["totalItems"]
    assert len(robaws.get("/clients?size=5000").json()["items"]) == min(total, 100)
    bad = robaws.get("/clients?page=-1")
    assert bad.status_code == 400
    assert bad.json()["message"] == "Parameter 'page' must be a non-negative integer"
    assert robaws.get("/clients?size=0").status_code == 400
    assert robaws.get("/clients?size=99999999999999999999").status_code == 400


def test_sort_by_several_fields_with_direction(robaws):
    items = robaws.get("/employees?sort=surname:desc,name:asc&size=100").json()["items"]
    keys = [(e["surname"].casefold(), e["name"].casefold()) for e in items]
    assert [k[0] for k in keys] == sorted((k[0] for k in keys), reverse=True)
    for a, b in itertools.pairwise(keys):
        if a[0] == b[0]:
            assert a[1] <= b[1]
    assert robaws.get("/employees?sort=surname:sideways").status_code == 400


def test_default_order_is_by_id(robaws):
    ids = [int(i["id"]) for i in robaws.get("/articles?size=100").json()["items"]]
    assert ids == sorted(ids)


def test_include_embeds_dotted_relations(robaws):
    plain = robaws.get("/employees?size=100").json()["items"]
    with_employer = next(e for e in plain if e["employerId"])
    assert "employer" not in with_employer
    full = robaws.get(f"/employees/{with_employer['id']}?include=employer,employer.contacts").json()
    assert full["employer"]["id"] == with_employer["employerId"]
    contacts = full["employer"]["contacts"]
    assert contacts and all(c["clientId"] == with_employer["employerId"] for c in contacts)


def test_incremental_sync_with_updated_from(robaws, mock_admin):
    robaws.get("/clients")  # the tenant's fixtures are older than the clock
    mock_admin.advance(5)
    marker = mock_admin.call("GET", "/clock")["now"]
    assert robaws.get(f"/clients?updatedFrom={quote(marker)}").json()["totalItems"] == 0
    mock_admin.advance(1)
    changed = robaws.patch("/clients/3", {"website": "https://example.be"})
    assert changed.status_code == 200
    synced = robaws.get(f"/clients?updatedFrom={quote(marker)}").json()
    assert [c["id"] for c in synced["items"]] == ["3"]
    assert synced["items"][0]["updatedAt"] >= marker
    assert robaws.get("/clients?updatedFrom=yesterday").status_code == 400


def test_extra_field_filter_is_typed(robaws):
    everyone = robaws.get("/clients?size=100").json()["items"]

    def expected(name, value):
        return sorted(c["id"] for c in everyone if next(iter(c["extraFields"][name].values())) == value)

    text = robaws.get("/clients?size=100&" + quote("extraFields[Contact via]") + "=Website").json()
    assert sorted(c["id"] for c in text["items"]) == expected("Contact via", "Website") != []
    flag = robaws.get("/clients?size=100&extraFields%5BVIP%5D=true").json()
    assert sorted(c["id"] for c in flag["items"]) == expected("VIP", True) != []
    number = robaws.get("/clients?size=100&extraFields%5BKorting%5D=3.67").json()
    assert sorted(c["id"] for c in number["items"]) == expected("Korting", 3.67)
    integer = robaws.get("/clients?size=100&extraFields%5BMedewerkers%5D=90").json()
    assert sorted(c["id"] for c in integer["items"]) == expected("Medewerkers", 90) != []
    none = robaws.get("/clients?extraFields%5BVIP%5D=yes").json()
    assert none["totalItems"] == 0


def test_invoice_filters_and_unknown_parameters(robaws):
    credit = robaws.get("/sales-invoices?type=CREDIT_NOTE&size=100").json()["items"]
    assert credit and {i["type"] for i in credit} == {"CREDIT_NOTE"}
    ranged = robaws.get("/purchase-invoices?fromDate=2024-05-01&toDate=2024-08-31&size=100").json()["items"]
    assert all("2024-05-01" <= i["date"] <= "2024-08-31" for i in ranged)
    everything = robaws.get("/sales-invoices?whatever=1").json()
    assert everything["totalItems"] == 24
    assert robaws.get("/sales-invoices?type=RECEIPT").status_code == 400


def test_article_group_filter(robaws):
    items = robaws.get("/articles?articleGroupId=2&size=100").json()["items"]
    assert items and {a["articleGroupId"] for a in items} == {"2"}
    group = robaws.get(f"/articles/{items[0]['id']}?include=articleGroup").json()["articleGroup"]
    assert group["id"] == "2" and group["name"] == "Sanitair"


def test_work_order_lines_only_with_include(robaws):
    plain = robaws.get("/work-orders/1").json()
    assert "lineItems" not in plain and "timeEntries" not in plain
    full = robaws.get("/work-orders/1?include=lineItems").json()
    assert full["lineItems"][0]["type"] == "LINE"


def test_unknown_id_is_404_in_spring_shape(robaws):
    answer = robaws.get("/clients/999999")
    assert answer.status_code == 404
    body = answer.json()
    assert list(body) == ["timestamp", "status", "error", "path", "correlationId", "serverVersion"]
    assert body["status"] == 404 and body["error"] == "Not Found" and body["path"] == "/api/v2/clients/999999"
    assert robaws.get("/clients/abc").status_code == 404


def test_a_repeated_page_reflects_every_write_in_between(robaws):
    """Pages are reused while the tenant's data is unchanged; any write must show at once."""
    first = robaws.get("/clients?page=0&size=5").json()
    assert robaws.get("/clients?page=0&size=5").json() == first
    target = first["items"][0]["id"]
    assert robaws.patch(f"/clients/{target}", {"name": "Renamed While Cached"}).status_code == 200
    after = robaws.get("/clients?page=0&size=5").json()
    assert after["items"][0]["name"] == "Renamed While Cached"
    created = robaws.post("/clients", json={"name": "Added While Cached"})
    assert created.status_code == 201
    assert robaws.get("/clients?page=0&size=5").json()["totalItems"] == first["totalItems"] + 1


def test_top_level_contacts_list_pages_and_filters(robaws):
    """A real client reads ``GET /api/v2/contacts``: every client's contacts, with the usual query."""
    robaws.settings({"rate_limit": {"enabled": False}})  # one call per client below
    first = robaws.get("/contacts?size=5")
    assert first.status_code == 200
    body = first.json()
    assert list(body) == ENVELOPE and body["size"] == 5
    total = body["totalItems"]
    per_client = sum(
        robaws.get(f"/clients/{c['id']}/contacts").json()["totalItems"]
        for c in robaws.get("/clients?size=100").json()["items"]
    )
    assert total == per_client > 5
    seen = [
        c["id"]
        for page in range(body["totalPages"])
        for c in robaws.get(f"/contacts?page={page}&size=5").json()["items"]
    ]
    assert len(seen) == total == len(set(seen))

    of_one = robaws.get("/contacts?clientId=1&size=100").json()["items"]
    assert of_one and {c["clientId"] for c in of_one} == {"1"}
    by_surname = [
        c["surname"].casefold() for c in robaws.get("/contacts?sort=surname:asc&size=100").json()["items"]
    ]
    assert by_surname == sorted(by_surname)
    with_client = robaws.get("/contacts?include=client&size=1").json()["items"][0]
    assert with_client["client"]["id"] == with_client["clientId"]
    one = robaws.get(f"/contacts/{seen[0]}")
    assert one.status_code == 200 and one.json()["id"] == seen[0]


def test_top_level_contacts_see_writes_made_under_a_client(robaws):
    before = robaws.get("/contacts").json()["totalItems"]
    created = robaws.post("/clients/2/contacts", json={"surname": "Peeters", "name": "An"}).json()
    after = robaws.get("/contacts?clientId=2&size=100").json()
    assert robaws.get("/contacts").json()["totalItems"] == before + 1
    assert created["id"] in [c["id"] for c in after["items"]]
