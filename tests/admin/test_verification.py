"""Request verification over real HTTP: ``POST /_mock/requests/find | count | near-misses`` and the
pytest helpers built on them, for every matcher field on every vendor."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from mockserver.client import AdminClient
from mockserver.testing import TenantHandle
from tests.vendors.severa.conftest import ENTITIES, Soap

FORM = "application/x-www-form-urlencoded"


def find(admin: AdminClient, **matcher: Any) -> dict[str, Any]:
    return admin.call("POST", "/requests/find", matcher)


def refusal(mockserver: Any, body: Any) -> requests.Response:
    return requests.post(f"{mockserver.url}/_mock/requests/find", json=body, timeout=10)


# -- one call per vendor, each matched on what makes that vendor special ----------------------------
def test_severa_operation_and_arguments(mock_tenant: TenantHandle, mock_admin: AdminClient) -> None:
    soap = Soap(
        requests.Session(), mock_tenant.base_urls["severa"], mock_tenant.credentials["severa"]["api_key"]
    )
    account = soap.result("GetAccountByNumber", "<accountNumber>1001</accountNumber>")
    guid = account.find(f"{{{ENTITIES}}}GUID").text
    soap.result(
        "AddNewCase",
        f"<caseInfo><AccountGUID xmlns='{ENTITIES}'>{guid}</AccountGUID>"
        f"<Name xmlns='{ENTITIES}'>Verified case</Name></caseInfo>",
    )
    found = mock_tenant.assert_requested(
        soap_operation="AddNewCase", soap_args={"caseInfo": {"Name": "Verified case", "AccountGUID": guid}}
    )
    assert found[0]["soap_operation"] == "AddNewCase"
    assert found[0]["vendor_path"] == "/webservice/S3/API.svc"
    assert found[0]["path"] == "/severa/webservice/S3/API.svc"
    mock_tenant.assert_requested(soap_operation="GetAccountByNumber", soap_args={"accountNumber": 1001})
    mock_tenant.assert_not_requested(soap_operation="DeleteCase")
    misses = mock_tenant.near_misses(soap_operation="AddNewCase", soap_args={"caseInfo": {"Name": "Other"}})
    assert "soap_args.caseInfo.Name: 'Verified case', not 'Other'" in misses[0]["differences"]
    assert misses[0]["request"]["soap_operation"] == "AddNewCase"


def test_werkbonapp_query_token(mock_tenant: TenantHandle) -> None:
    creds = mock_tenant.credentials["werkbonapp"]
    url = mock_tenant.base_urls["werkbonapp"] + "/GetWorkorders/"
    answer = requests.get(url, params={**creds, "status": "Compleet", "update_status": "false"}, timeout=10)
    assert answer.status_code == 200, answer.text
    mock_tenant.assert_requested(
        vendor="werkbonapp",
        method="get",
        path_pattern="/openapi/*/GetWorkorders/",
        query={"token": creds["token"], "status": ["Open", "Compleet"]},
        status=200,
    )
    mock_tenant.assert_not_requested(query={"update_status": "true"})
    misses = mock_tenant.near_misses(query={"token": "wrong"}, path="/openapi/8/GetWorkorders/")
    assert misses[0]["differences"] == [f"query.token: {creds['token']!r}, not 'wrong'"]


def test_workspace_cakephp_form_field(mock_tenant: TenantHandle) -> None:
    form = {"data[Quotation][contact_id]": "4", "data[Quotation][name]": "Dakkapel"}
    answer = requests.post(
        mock_tenant.base_urls["workspace"] + "/quotations.json",
        data=form,
        auth=("token", mock_tenant.credentials["workspace"]["token"]),
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    mock_tenant.assert_requested(method="POST", path="/api/v1/quotations.json", body_form=form)
    mock_tenant.assert_requested(body_form={"data": {"Quotation": {"name": "Dakkapel", "contact_id": 4}}})
    mock_tenant.assert_requested(headers={"content-type": FORM}, body_contains="Dakkapel")
    misses = mock_tenant.near_misses(body_form={"data": {"Quotation": {"name": "Dakraam"}}})
    assert misses[0]["differences"] == ["body_form.data[Quotation][name]: 'Dakkapel', not 'Dakraam'"]


def test_robaws_json_patch_body_through_the_real_hostname(mock_tenant: TenantHandle, mockserver: Any) -> None:
    creds = mock_tenant.credentials["robaws"]
    auth = (creds["api_key"], creds["api_secret"])
    created = requests.post(
        mock_tenant.base_urls["robaws"] + "/clients", json={"name": "Peeters"}, auth=auth, timeout=10
    ).json()
    ops = [{"op": "replace", "path": "/name", "value": "Peeters NV"}]
    # without the /robaws prefix: the Host is Robaws' own, the vendor path the same
    answer = requests.patch(
        f"{mockserver.url}/api/v2/clients/{created['id']}",
        data=json.dumps(ops),
        headers={"Host": "app.robaws.com", "Content-Type": "application/json-patch+json"},
        auth=auth,
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    found = mock_tenant.assert_requested(
        method="PATCH",
        path=f"/api/v2/clients/{created['id']}",
        body_json=[{"op": "replace", "value": "Peeters NV"}],
    )
    assert found[0]["path"] == found[0]["vendor_path"]
    mock_tenant.assert_requested(vendor="robaws", path_pattern="/api/v2/clients*", count=2)
    mock_tenant.assert_requested(method="POST", body_json={"name": "Peeters"}, status=201)
    misses = mock_tenant.near_misses(method="PATCH", body_json=[{"op": "remove"}])
    assert misses[0]["differences"] == ["body_json[0]: no item matches {'op': 'remove'}"]


def test_flowii_json_api_body(mock_tenant: TenantHandle) -> None:
    from tests.vendors.flowii.conftest import client_of

    flowii = client_of(mock_tenant, requests.Session())
    body = {"data": {"type": "partner", "attributes": {"name": "Ján Malý", "type": 2}}}
    assert flowii.post("/partners", body).status_code == 201
    mock_tenant.assert_requested(
        vendor="flowii",
        method="POST",
        path="/partners",
        query={"companyId": 1},
        headers={"CONTENT-TYPE": "application/vnd.api+json"},
        body_json={"data": {"type": "partner", "attributes": {"name": "Ján Malý"}}},
        status=201,
    )
    misses = mock_tenant.near_misses(path="/partners", body_json={"data": {"attributes": {"name": "B"}}})
    assert misses[0]["differences"] == ["body_json.data.attributes.name: 'Ján Malý', not 'B'"]


# -- answers and refusals ---------------------------------------------------------------------------
def test_find_count_since_and_the_answer_shapes(
    mock_tenant: TenantHandle, mock_admin: AdminClient, mock_http: requests.Session, mockserver: Any
) -> None:
    auth = ("token", mock_tenant.credentials["workspace"]["token"])
    base = mock_tenant.base_urls["workspace"]
    for number in (1, 2, 3):
        requests.get(f"{base}/quotations/{number}.json", auth=auth, timeout=10)
    for endpoint in ("find", "count", "near-misses"):  # mock_http checks each against the contract
        answer = mock_http.post(
            f"{mockserver.url}/_mock/requests/{endpoint}", json={"tenant": mock_tenant.id}
        )
        assert answer.status_code == 200
    found = find(mock_admin, tenant=mock_tenant.id, path_pattern="/api/v1/quotations/*.json")
    assert found["count"] == 3 and [e["vendor_path"] for e in found["requests"]] == [
        f"/api/v1/quotations/{n}.json" for n in (1, 2, 3)
    ]
    first = found["requests"][0]
    assert mock_admin.call("POST", "/requests/count", {"tenant": mock_tenant.id, "since": first["id"]}) == {
        "count": 2
    }
    assert mock_admin.count_requests(tenant=mock_tenant.id, since=first["time"]) == 3
    assert mock_admin.count_requests(tenant=mock_tenant.id, since=str(found["requests"][-1]["id"])) == 0


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"methd": "GET"}, "'methd'"),
        ({"status": "200"}, "'status' must be an integer"),
        ({"status": True}, "'status' must be an integer"),
        ({"query": "token=x"}, "'query' must be an object"),
        ({"query": {"token": {"a": 1}}}, "'query.token'"),
        ({"headers": {"X": None}}, "'headers.X'"),
        ({"body_json": "x"}, "'body_json' must be an object or an array"),
        ({"since": "yesterday"}, "'since'"),
        ({"path": "/a", "path_pattern": "/a*"}, "not both"),
        (["tenant"], "a matcher must be a JSON object"),
    ],
)
def test_a_bad_matcher_is_refused_naming_the_field(mockserver: Any, body: Any, named: str) -> None:
    for endpoint in ("find", "count", "near-misses"):
        answer = requests.post(f"{mockserver.url}/_mock/requests/{endpoint}", json=body, timeout=10)
        assert answer.status_code == 400
        assert named in answer.json()["error"]


def test_a_cut_body_is_counted_not_guessed(mock_tenant: TenantHandle, mock_admin: AdminClient) -> None:
    creds = mock_tenant.credentials["robaws"]
    name = "x" * (17 * 1024)  # the journal keeps 16 KiB of a body
    requests.post(
        mock_tenant.base_urls["robaws"] + "/clients",
        json={"code": "HEAD", "name": name, "tail": "END"},
        auth=(creds["api_key"], creds["api_secret"]),
        timeout=10,
    )
    kept = find(mock_admin, tenant=mock_tenant.id, body_contains='"code": "HEAD"')
    assert kept["count"] == 1 and kept["truncated_matches"] == 1
    unknown = find(mock_admin, tenant=mock_tenant.id, body_contains="END")
    assert unknown["count"] == 0 and unknown["truncated_matches"] == 1
    assert "truncated_matches" not in find(mock_admin, tenant=mock_tenant.id, method="POST")
    misses = mock_admin.near_misses(tenant=mock_tenant.id, body_contains="END")
    assert misses[0]["differences"] == ["the journal cut the body: cannot tell whether it matches"]


def test_near_misses_are_the_closest_five_and_include_wrong_credentials(
    mock_tenant: TenantHandle, mock_admin: AdminClient
) -> None:
    creds = mock_tenant.credentials["robaws"]
    base = mock_tenant.base_urls["robaws"]
    for _ in range(6):
        requests.get(f"{base}/clients", auth=(creds["api_key"], creds["api_secret"]), timeout=10)
    requests.post(f"{base}/clients", json={"name": "A"}, auth=(creds["api_key"], "wrong"), timeout=10)
    misses = mock_admin.near_misses(tenant=mock_tenant.id, method="POST", path="/api/v2/clients", status=201)
    assert len(misses) == 5
    closest = misses[0]
    assert closest["request"]["tenant"] is None and closest["request"]["method"] == "POST"
    assert closest["differences"] == [f"tenant: none, not {mock_tenant.id}", "status: 401, not 201"]
    assert misses[1]["differences"] == ["method: GET, not POST", "status: 200, not 201"]


# -- the helpers' failure messages ------------------------------------------------------------------
def test_assert_requested_lists_the_near_misses(mock_tenant: TenantHandle) -> None:
    auth = ("token", mock_tenant.credentials["workspace"]["token"])
    requests.get(mock_tenant.base_urls["workspace"] + "/quotations/1.json", auth=auth, timeout=10)
    with pytest.raises(AssertionError) as failed:
        mock_tenant.assert_requested(method="DELETE", path="/api/v1/quotations/1.json")
    message = str(failed.value)
    assert message.startswith(
        'expected 1 request(s) matching {"method": "DELETE", "path": "/api/v1/quotations/1.json"'
    )
    assert "found 0\nnear misses:\n  #" in message
    assert "GET /api/v1/quotations/1.json -> 200 (workspace, tenant " in message
    assert "    - method: GET, not DELETE" in message


def test_assert_requested_with_a_count_and_assert_not_requested_list_the_matches(
    mock_tenant: TenantHandle,
) -> None:
    auth = ("token", mock_tenant.credentials["workspace"]["token"])
    for _ in range(2):
        requests.get(mock_tenant.base_urls["workspace"] + "/quotations/1.json", auth=auth, timeout=10)
    with pytest.raises(AssertionError, match=r"found 2\n  matched: #\d+ GET /api/v1/quotations/1.json"):
        mock_tenant.assert_requested(path="/api/v1/quotations/1.json")
    assert len(mock_tenant.assert_requested(count=None, path="/api/v1/quotations/1.json")) == 2
    with pytest.raises(AssertionError, match=r"expected no request matching .*found 2\n  matched: #"):
        mock_tenant.assert_not_requested(method="GET")
    with pytest.raises(
        AssertionError, match=r"found 0\nnear misses:\n.*\n    - vendor: workspace, not severa"
    ):
        mock_tenant.assert_requested(vendor="severa")
    mock_tenant.assert_requested(count=0, vendor="severa")
