"""What a client sees of the HTTP server itself, on both servers ``--http`` offers (granian, the
default, and waitress): the server's name, keep-alive, HEAD, chunked request bodies, the process
environment kept out of requests, the port given back on stop, and each server's URL limit."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator

import pytest

from mockserver.config import Config
from mockserver.server import ThreadedMockServer

WORKSPACE = "/workspace/api/v1/quotations/1.json"
DEMO_AUTH = {"Authorization": "Basic dG9rZW46ZGVtby10b2tlbg=="}


@pytest.fixture(params=["granian", "waitress"])
def server(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedMockServer]:
    # a proxy setting in the server's environment, as CI runners often have
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")
    with ThreadedMockServer(Config(port=0, vendors=["workspace"], http=request.param)) as running:
        yield running


def connect(server: ThreadedMockServer) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", int(server.url.rsplit(":", 1)[1]), timeout=10)


def test_requests_on_one_connection_are_answered_in_turn_by_mockserver(server):
    conn = connect(server)
    answers = []
    for _ in range(3):
        conn.request("GET", WORKSPACE, headers=DEMO_AUTH)
        response = conn.getresponse()
        answers.append((response.status, response.getheader("Server"), quotation_id(response.read())))
    assert answers == [(200, "mockserver", "1")] * 3


def quotation_id(body: bytes) -> str:
    return json.loads(body)["response"]["data"]["Quotation"]["id"]


def test_head_is_answered_without_a_body_and_the_connection_goes_on(server):
    conn = connect(server)
    conn.request("HEAD", WORKSPACE, headers=DEMO_AUTH)
    head = conn.getresponse()
    assert (head.status, head.getheader("Content-Type"), head.read()) == (200, "application/json", b"")
    conn.request("GET", WORKSPACE, headers=DEMO_AUTH)
    assert quotation_id(conn.getresponse().read()) == "1"


def test_a_chunked_request_body_arrives_whole(server):
    conn = connect(server)
    chunks = [b'{"name": ', b'"chunked"', b"}"]
    conn.request("POST", "/_mock/tenants", body=iter(chunks), headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    created = json.loads(response.read())
    assert (response.status, created["name"]) == (201, "chunked")


def test_the_servers_environment_never_reads_as_a_request_header(server):
    conn = connect(server)
    conn.request("GET", WORKSPACE, headers=DEMO_AUTH)
    conn.getresponse().read()
    conn.request("GET", "/_mock/journal?vendor=workspace&limit=1")
    entry = json.loads(conn.getresponse().read())["entries"][0]
    names = {name.lower() for name in entry["request"]["headers"]}
    assert "authorization" in names and "proxy" not in names


def test_stop_gives_the_port_back(server):
    port = int(server.url.rsplit(":", 1)[1])
    server.stop()
    with ThreadedMockServer(Config(port=port, vendors=["workspace"], http="granian")) as again:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/_mock/health")
        assert (again.url.endswith(f":{port}"), conn.getresponse().status) == (True, 200)


@pytest.mark.parametrize(("http_server", "status"), [("granian", 414), ("waitress", 200)])
def test_a_url_past_64_kib_is_414_on_granian(http_server, status):
    """hyper refuses a request target of 64 KiB or more (as nginx refuses 8 KiB); waitress takes
    up to its 256 KiB header limit. Vendors' real front ends refuse far shorter URLs."""
    with ThreadedMockServer(Config(port=0, vendors=["workspace"], http=http_server)) as running:
        conn = connect(running)
        conn.request("GET", WORKSPACE + "?pad=" + "x" * 70_000, headers=DEMO_AUTH)
        assert conn.getresponse().status == status
