"""In-process interception: requests, httpx (sync and async), urllib3 and zeep reach the five
vendors at their real https URLs; other hosts pass untouched or, strict, are refused; leaving the
block restores the libraries; blocks nest and run on threads."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
import requests
import urllib3
import urllib3.connection
import urllib3.util.connection
import zeep
from lxml import etree

from mockserver import intercept
from mockserver.config import Config
from mockserver.server import ThreadedMockServer

ROBAWS = "https://app.robaws.com/api/v2/clients?size=1"
FIRST_CLIENT = "Claeys, Van Acker en De Vos BV"
WSDL = "https://sync.severa.com/webservice/S3/API.svc?wsdl"


def five_vendor_calls(get, post, mock) -> dict[str, int]:
    """One authenticated call to each vendor at its real URL; the statuses by vendor."""
    demo = mock.demo
    token = post(
        "https://api.flowii.com/token",
        data={"grant_type": "password", "username": demo.flowii.username, "password": demo.flowii.password},
        headers={"Api-Key": demo.flowii.key},
    ).json()["access_token"]
    werkbonapp = "https://www.werkbonapp.nl/openapi/8/GetWorkorders/"
    return {
        "robaws": get(ROBAWS, auth=(demo.robaws.key, demo.robaws.secret)).status_code,
        "workspace": get(
            "https://api.workspace.nl/api/v1/quotations.json", auth=("token", demo.workspace.key)
        ).status_code,
        "werkbonapp": get(
            werkbonapp,
            params={"token": demo.werkbonapp.key, "software_token": demo.werkbonapp.software_token},
        ).status_code,
        "flowii": get(
            "https://api.flowii.com/companies",
            headers={"Api-Key": demo.flowii.key, "Authorization": f"Bearer {token}"},
        ).status_code,
        "severa": get(WSDL).status_code,
    }


def test_requests_and_httpx_reach_all_five_vendors_at_their_real_urls():
    with intercept() as mock:
        assert five_vendor_calls(requests.get, requests.post, mock) == dict.fromkeys(
            ["robaws", "workspace", "werkbonapp", "flowii", "severa"], 200
        )
        with httpx.Client() as client:
            assert set(five_vendor_calls(client.get, client.post, mock).values()) == {200}
        answer = httpx.get(ROBAWS, auth=(mock.demo.robaws.key, mock.demo.robaws.secret))
        assert str(answer.url) == ROBAWS and answer.json()["items"][0]["name"] == FIRST_CLIENT
        entries = mock.admin.journal(vendor="robaws", limit=3)
        assert entries[0]["path"] == "/api/v2/clients"


def test_httpx_async_and_urllib3():
    async def fetch(mock) -> list[int]:
        async with httpx.AsyncClient() as client:
            auth = (mock.demo.robaws.key, mock.demo.robaws.secret)
            answers = await asyncio.gather(*(client.get(ROBAWS, auth=auth) for _ in range(3)))
        return [a.status_code for a in answers]

    with intercept() as mock:
        assert asyncio.run(fetch(mock)) == [200, 200, 200]
        headers = urllib3.make_headers(basic_auth=f"{mock.demo.robaws.key}:{mock.demo.robaws.secret}")
        answer = urllib3.request("GET", ROBAWS, headers=headers)
        assert answer.status == 200 and answer.json()["items"][0]["name"] == FIRST_CLIENT


def test_zeep_with_the_real_wsdl_url():
    with intercept() as mock:
        client = zeep.Client(WSDL)
        service = client.bind("API", "BasicHttpBinding_IUser")
        header = etree.Element("{http://soap.severa.com/}WebServicePassword")
        header.text = mock.demo.severa.key
        users = service.GetAllUsers(includeInactive=False, _soapheaders=[header])
        assert len(users) > 0
        assert any(e["path"] == "/webservice/S3/API.svc" for e in mock.admin.journal(vendor="severa"))


def test_other_hosts_pass_untouched_and_strict_hosts_refuses_them(bystander):
    with intercept():
        assert requests.get(bystander.url + "/mine", timeout=10).text == "bystander"
        assert httpx.get(bystander.url + "/mine").text == "bystander"
    with intercept(strict_hosts=True):
        with pytest.raises(requests.ConnectionError, match=r"strict_hosts=True\) refused 127\.0\.0\.1"):
            requests.get(bystander.url + "/strict", timeout=10)
        with pytest.raises(httpx.ConnectError, match=r"refused 127\.0\.0\.1"):
            httpx.get(bystander.url + "/strict")
    assert bystander.hits == ["/mine", "/mine"]


def test_leaving_restores_the_libraries_and_blocks_nest():
    originals = (
        urllib3.util.connection.create_connection,
        urllib3.connection.HTTPSConnection.connect,
        httpx.HTTPTransport.handle_request,
        httpx.AsyncHTTPTransport.handle_async_request,
    )
    with ThreadedMockServer(Config(port=0, https_port=0)) as other, intercept() as outer:
        mine = outer.new_tenant(name="outer").credentials["robaws"]
        with intercept(server=other) as inner:
            assert inner.url == other.url
            requests.get(ROBAWS, auth=(inner.demo.robaws.key, inner.demo.robaws.secret))
            assert len(inner.admin.journal()) == 1
        answer = requests.get(ROBAWS, auth=(mine["api_key"], mine["api_secret"]))
        assert answer.status_code == 200  # the outer server again: it knows this tenant
        assert len(inner.admin.journal()) == 1
    assert (
        urllib3.util.connection.create_connection,
        urllib3.connection.HTTPSConnection.connect,
        httpx.HTTPTransport.handle_request,
        httpx.AsyncHTTPTransport.handle_async_request,
    ) == originals


def test_threads_share_one_block_safely():
    with intercept() as mock:
        auth = (mock.demo.robaws.key, mock.demo.robaws.secret)
        mock.admin.settings("demo", {"robaws": {"rate_limit": {"enabled": False}}})
        statuses: list[int] = []

        def work() -> None:
            with requests.Session() as session:
                statuses.extend(session.get(ROBAWS, auth=auth).status_code for _ in range(5))

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert statuses == [200] * 20


@intercept()
def test_the_decorator_form():
    assert requests.get(ROBAWS, auth=("DEMOAPIKEY0000000000", "demo-api-secret")).status_code == 200


def test_the_fixture_gives_a_fresh_tenant(mock_intercept):
    key = mock_intercept.tenant.robaws
    answer = requests.get(ROBAWS, auth=(key.api_key, key.api_secret))
    assert answer.status_code == 200
    assert mock_intercept.credentials["robaws"]["api_key"] == key.key
    entries = mock_intercept.admin.journal(tenant=mock_intercept.tenant_id)
    assert [e["path"] for e in entries] == ["/api/v2/clients"]


def test_a_running_server_by_url_with_or_without_its_https_listener(secure):
    auth = ("DEMOAPIKEY0000000000", "demo-api-secret")
    https_url = f"https://127.0.0.1:{secure.https_port}"
    for kwargs, scheme in (({"https_url": https_url, "ca_file": secure.ca_file}, "https"), ({}, "http")):
        with intercept(secure.url, **kwargs) as mock:
            assert mock.url == secure.url
            answers = [requests.get(ROBAWS, auth=auth), httpx.get(ROBAWS, auth=auth)]
            assert [a.status_code for a in answers] == [200, 200]
            wsdl = requests.get(WSDL).text
            assert f'location="{scheme}://sync.severa.com/webservice/S3/API.svc"' in wsdl


def test_blocks_on_two_threads_may_leave_in_any_order():
    original = urllib3.util.connection.create_connection
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, int] = {}
    auth = ("DEMOAPIKEY0000000000", "demo-api-secret")

    def first() -> None:
        with intercept():
            first_in.set()
            second_in.wait(30)
        first_out.set()  # left before the second block: the second still intercepts

    def second() -> None:
        first_in.wait(30)
        with intercept():
            second_in.set()
            first_out.wait(30)
            seen["second"] = requests.get(ROBAWS, auth=auth, timeout=10).status_code

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert seen == {"second": 200}
    assert urllib3.util.connection.create_connection is original
