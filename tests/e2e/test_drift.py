"""``mockserver drift`` end to end (issue 22): a recording made through the mock of a stand-in
upstream (a second mockserver process), replayed against an in-process mock. Same code on both
sides: no difference. A stand-in made to differ with fault rules (a fixed body with a field removed,
added, retyped; a changed status; a changed header): each difference reported, in words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from lxml import etree

from mockserver.cli import main
from mockserver.client import AdminClient
from tests.e2e.upstream_setup import Integration, start, stop, upstream_args

VENDORS = ("robaws", "werkbonapp", "flowii", "workspace", "severa")


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    record = tmp_path_factory.mktemp("record")
    stand_in, stand_in_url = start()
    try:
        account = AdminClient(stand_in_url).call("POST", "/tenants", {"name": "real account"})
        mock, mock_url = start(*upstream_args(stand_in_url), "--record", str(record))
        try:
            yield {"stand_in": stand_in_url, "mock": mock_url, "record": record, "account": account}
        finally:
            stop(mock)
    finally:
        stop(stand_in)


class Recording:
    """What the mock records from now on, per vendor, copied to files of their own."""

    def __init__(self, record: Path) -> None:
        self.record = record
        self.offsets = {v: _size(record / f"{v}.jsonl") for v in VENDORS}

    def file(self, vendor: str, into: Path) -> Path:
        source = (self.record / f"{vendor}.jsonl").read_bytes()
        target = into / f"{vendor}.jsonl"
        target.write_bytes(source[self.offsets[vendor] :])
        return target


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def drift(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["drift", *args])
    return result.exit_code, result.output


@pytest.fixture
def faults(sides) -> Iterator[AdminClient]:
    admin = AdminClient(sides["stand_in"])
    yield admin
    admin.call("DELETE", "/faults")


def test_no_difference_when_both_sides_run_the_same_code(sides, tmp_path):
    recording = Recording(sides["record"])
    account = Integration(sides["mock"], sides["account"]["credentials"])
    account.reads()
    assert account.robaws_create_client("Nieuw BV").status_code == 201
    for vendor in VENDORS:
        code, output = drift(str(recording.file(vendor, tmp_path)))
        assert code == 0, output
        assert "no difference" in output and "0 differences" in output
    code, output = drift(str(tmp_path / "robaws.jsonl"), "--format", "json")
    report = json.loads(output)
    assert code == 0 and report["summary"]["skipped_writes"] == 1
    code, output = drift(str(tmp_path / "robaws.jsonl"), "--include-writes", "--format", "json")
    assert code == 0 and json.loads(output)["summary"]["replayed"] == 2


def _robaws_fault(sides) -> dict:
    """GET /clients answered with a fixed body: email removed, a field added, totalItems retyped,
    and a Location header the mock does not send (rate-limit headers kept as they were)."""
    direct = Integration(sides["stand_in"], sides["account"]["credentials"]).robaws_clients()
    body = direct.json()
    for item in body["items"]:
        del item["email"]
        item["nickname"] = "added upstream"
    body["totalItems"] = str(body["totalItems"])
    headers = {k: v for k, v in direct.headers.items() if "ratelimit" in k.lower()}
    headers["Location"] = "https://app.robaws.com/api/v2/clients"
    return {
        "vendor": "robaws",
        "method": "GET",
        "path": "/api/v2/clients",
        "status": 200,
        "body": body,
        "headers": headers,
    }


def _severa_fault(sides) -> dict:
    """GetAllWorkTypes answered with each WorkType's Name removed, as WCF frames it."""
    direct = Integration(sides["stand_in"], sides["account"]["credentials"]).severa()
    root = etree.fromstring(direct.content)
    for name in root.iter("{http://schemas.datacontract.org/2004/07/Severa.Entities.API}Name"):
        name.getparent().remove(name)
    return {
        "vendor": "severa",
        "method": "POST",
        "status": 200,
        "body": etree.tostring(root).decode(),
        "headers": {"Content-Type": "text/xml; charset=utf-8"},
    }


def _flowii_fault(sides) -> dict:
    """GET /partners with each id a number instead of a string (JSON:API says string)."""
    account = Integration(sides["stand_in"], sides["account"]["credentials"])
    account.flowii_login()
    body = account.flowii_partners().json()
    for item in body["data"]:
        item["id"] = int(item["id"])
    headers = {"Content-Type": "application/vnd.api+json"}
    return {
        "vendor": "flowii",
        "method": "GET",
        "path": "/partners",
        "status": 200,
        "body": body,
        "headers": headers,
    }


def _werkbonapp_fault(sides) -> dict:
    """GetWorkorders with the same body, but HTTP 500."""
    direct = Integration(sides["stand_in"], sides["account"]["credentials"]).werkbonapp_workorders()
    return {"vendor": "werkbonapp", "path": "/openapi/8/GetWorkorders/", "status": 500, "body": direct.json()}


def test_each_kind_of_difference_is_reported(sides, faults, tmp_path):
    for rule in (_robaws_fault(sides), _severa_fault(sides), _flowii_fault(sides), _werkbonapp_fault(sides)):
        faults.call("POST", "/faults", rule)
    recording = Recording(sides["record"])
    Integration(sides["mock"], sides["account"]["credentials"]).reads()

    code, output = drift(str(recording.file("robaws", tmp_path)))
    assert code == 1, output
    for line in (
        "GET /clients: items[].email: only in the mock",
        "GET /clients: items[].nickname: absent in the mock",
        "GET /clients: totalItems: string upstream, number in the mock",
        "GET /clients: header location: absent in the mock",
    ):
        assert line in output.splitlines(), output
    assert "4 differences" in output

    code, output = drift(str(recording.file("werkbonapp", tmp_path)))
    assert code == 1 and "GET /GetWorkorders/: status 500 upstream, 200 in the mock" in output.splitlines()

    code, output = drift(str(recording.file("flowii", tmp_path)), "--format", "json")
    report = json.loads(output)
    partners = next(op for op in report["operations"] if op["name"] == "GET /partners")
    assert code == 1 and partners["differences"] == ["data[].id: number upstream, string in the mock"]

    code, output = drift(str(recording.file("severa", tmp_path)))
    path = "/Envelope/Body/GetAllWorkTypesResponse/GetAllWorkTypesResult/WorkType/Name"
    assert code == 1 and f"SOAP GetAllWorkTypes: {path}: only in the mock" in output.splitlines()

    code, output = drift(str(recording.file("workspace", tmp_path)))
    assert code == 0, output


def test_known_differences_are_shown_as_known(sides, faults, tmp_path):
    faults.call("POST", "/faults", _werkbonapp_fault(sides))
    recording = Recording(sides["record"])
    Integration(sides["mock"], sides["account"]["credentials"]).werkbonapp_workorders()
    ignore = tmp_path / "drift-ignore"
    ignore.write_text("# the mock answers 200 on purpose\nGET /GetWorkorders/: status 500 *\n")
    code, output = drift(str(recording.file("werkbonapp", tmp_path)), "--ignore", str(ignore))
    assert code == 0, output
    assert "GET /GetWorkorders/: status 500 upstream, 200 in the mock (known)" in output.splitlines()


def test_usage_errors_exit_2(tmp_path):
    missing = drift(str(tmp_path / "nope.jsonl"))
    (tmp_path / "bad.jsonl").write_text("not json\n")
    bad = drift(str(tmp_path / "bad.jsonl"))
    assert missing[0] == 2 and "cannot read" in missing[1]
    assert bad[0] == 2 and "not a JSON line" in bad[1]


def test_an_unknown_tenant_is_a_usage_error(sides, tmp_path):
    recording = Recording(sides["record"])
    Integration(sides["mock"], sides["account"]["credentials"]).workspace_quotation()
    code, output = drift(
        str(recording.file("workspace", tmp_path)), "--url", sides["mock"], "--tenant", "nobody"
    )
    assert code == 2 and "404" in output
    assert requests.get(sides["mock"] + "/_mock/health", timeout=10).status_code == 200
