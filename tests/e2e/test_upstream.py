"""Passthrough and recording over real sockets (issue 22): a second mockserver process stands in
for the real vendors, with a tenant of its own whose credentials the mock under test does not know."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from mockserver.client import AdminClient
from tests.e2e.upstream_setup import Integration, start, stop, upstream_args


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    record = tmp_path_factory.mktemp("record")
    stand_in, stand_in_url = start()
    try:
        account = AdminClient(stand_in_url).call("POST", "/tenants", {"name": "real account", "seed": 7})
        mock, mock_url = start(*upstream_args(stand_in_url), "--record", str(record))
        try:
            yield {
                "stand_in": stand_in_url,
                "mock": mock_url,
                "record": record,
                "account": account,
                "demo": AdminClient(mock_url).call("GET", "/tenants/demo"),
            }
        finally:
            stop(mock)
    finally:
        stop(stand_in)


def _shape(answer: requests.Response) -> tuple:
    return answer.status_code, answer.headers.get("Content-Type"), answer.content


def test_the_stand_ins_account_gets_the_stand_ins_answers_for_every_vendor(sides):
    through_mock = Integration(sides["mock"], sides["account"]["credentials"]).reads()
    direct = Integration(sides["stand_in"], sides["account"]["credentials"]).reads()
    for vendor, answer in through_mock.items():
        assert answer.status_code == 200, (vendor, answer.text)
        assert _shape(answer) == _shape(direct[vendor]), vendor
    # the mock's own demo account sees the mock's data (seed 42), not the stand-in's (seed 7)
    demo = Integration(sides["mock"], sides["demo"]["credentials"]).robaws_clients()
    assert demo.status_code == 200 and demo.json() != through_mock["robaws"].json()
    entries = AdminClient(sides["mock"]).call("GET", "/journal?vendor=robaws")["entries"]
    forwarded = [e for e in entries if e["upstream"]]
    assert forwarded and all(e["tenant"] is None and e["upstream_duration_ms"] > 0 for e in forwarded)
    assert entries[-1]["upstream"] is False and entries[-1]["tenant"] == "demo"


def test_a_write_lands_upstream_and_leaves_the_mocks_tenants_alone(sides):
    account = Integration(sides["mock"], sides["account"]["credentials"])
    demo = Integration(sides["mock"], sides["demo"]["credentials"])
    demo_before = demo.robaws_clients().json()["totalItems"]
    created = account.robaws_create_client("Doorgestuurd BV")
    assert created.status_code == 201, created.text
    key = sides["account"]["credentials"]["robaws"]
    on_stand_in = requests.get(
        f"{sides['stand_in']}/robaws/api/v2/clients/{created.json()['id']}",
        auth=(key["api_key"], key["api_secret"]),
        timeout=30,
    )
    assert on_stand_in.status_code == 200 and on_stand_in.json()["name"] == "Doorgestuurd BV"
    assert demo.robaws_clients().json()["totalItems"] == demo_before
    assert [t["id"] for t in AdminClient(sides["mock"]).call("GET", "/tenants")["tenants"]] == ["demo"]


def test_the_recording_holds_every_exchange_and_none_of_the_secrets(sides):
    account = Integration(sides["mock"], sides["account"]["credentials"])
    account.reads()
    secrets = [v for creds in sides["account"]["credentials"].values() for v in creds.values()]
    secrets.append(account.flowii_token)
    journal = AdminClient(sides["mock"]).call("GET", "/journal")["entries"]
    for vendor in ("robaws", "werkbonapp", "flowii", "workspace", "severa"):
        raw = (sides["record"] / f"{vendor}.jsonl").read_bytes()
        for secret in secrets:
            assert secret.encode() not in raw, (vendor, secret)
        lines = [json.loads(line) for line in raw.splitlines()]
        assert raw.endswith(b"\n") and len(lines) == sum(
            1 for e in journal if e["vendor"] == vendor and e["upstream"]
        )
        assert all(line["vendor"] == vendor and line["status"] in (200, 201) for line in lines)
        marker = "&lt;redacted&gt;</WebServicePassword>" if vendor == "severa" else "<redacted>"
        assert marker in raw.decode()
    flowii = [json.loads(line) for line in (sides["record"] / "flowii.jsonl").read_text().splitlines()]
    login = next(line for line in flowii if line["path"] == "/token")
    assert json.loads(login["response"]["body"])["access_token"] == "<redacted>"
    assert "password=<redacted>" in login["request"]["body"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_upstream_is_the_vendors_502(sides, tmp_path: Path):
    port = _closed_port()
    mock, url = start("--upstream", f"robaws=http://127.0.0.1:{port}/api/v2", "--upstream-timeout", "5")
    try:
        answer = Integration(url, sides["account"]["credentials"]).robaws_clients()
        assert answer.status_code == 502 and answer.headers["Content-Type"] == "application/json"
        assert set(answer.json()) >= {"status", "path"}
        entry = AdminClient(url).call("GET", "/journal")["entries"][-1]
        assert (entry["status"], entry["upstream"]) == (502, True)
    finally:
        stop(mock)


def test_a_silent_upstream_is_the_vendors_504_after_the_timeout(sides):
    with socket.socket() as silent:  # accepts connections (the kernel's backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        upstream = f"severa=http://127.0.0.1:{port}/webservice/S3/API.svc"
        mock, url = start("--upstream", upstream, "--upstream-timeout", "0.5")
        try:
            answer = Integration(url, sides["account"]["credentials"]).severa()
            assert answer.status_code == 504 and b"<faultcode>s:Server</faultcode>" in answer.content
            assert answer.headers["Content-Type"].startswith("text/xml")
            entry = AdminClient(url).call("GET", "/journal")["entries"][-1]
            assert entry["upstream"] is True and entry["upstream_duration_ms"] >= 500
        finally:
            stop(mock)
