"""``mockserver serve --config FILE`` and ``MOCKSERVER_CONFIG``: a start-up file with tenants,
credentials, data, settings, faults and the clock; a real process, real HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from mockserver.cli import main
from tests.e2e.test_cli import ROOT, get_json, start_server
from tests.vendors.severa.conftest import Soap

CREDENTIALS = {
    "werkbonapp": {"token": "ci-wba-token", "software_token": "ci-wba-software"},
    "flowii": {"api_key": "ci-flowii-key", "username": "ci@example.com", "password": "ci-flowii-password"},
    "robaws": {"api_key": "CIKEY0000000000000000", "api_secret": "ci-secret"},
    "workspace": {"token": "ci-token"},
    "severa": {"api_key": "ci-severa-key"},
}
CONFIG = f"""\
# the team's CI world
clock: "2025-01-06T08:00:00Z"
tenants:
  - id: ci
    name: Continuous integration
    credentials: {json.dumps(CREDENTIALS)}
    seed: 7
    settings: {{robaws: {{rate_limit: {{enabled: false}}}}}}
  - id: blank
    fixtures: empty
faults:
  - {{vendor: robaws, method: POST, path: "/api/v2/clients*", status: 503, times: 1}}
"""


def vendor_statuses(url: str) -> dict[str, int]:
    """One authenticated call per vendor with the declared credentials: the status each answers."""
    wba, flowii, robaws = CREDENTIALS["werkbonapp"], CREDENTIALS["flowii"], CREDENTIALS["robaws"]
    query = {**wba, "status": "Open", "update_status": "false"}
    soap = Soap(requests.Session(), f"{url}/severa/webservice/S3/API.svc", CREDENTIALS["severa"]["api_key"])
    token_form = {"grant_type": "password", "username": flowii["username"], "password": flowii["password"]}
    return {
        "werkbonapp": requests.get(
            f"{url}/werkbonapp/openapi/8/GetWorkorders/", params=query, timeout=10
        ).status_code,
        "flowii": requests.post(
            f"{url}/flowii/token", data=token_form, headers={"Api-Key": flowii["api_key"]}, timeout=10
        ).status_code,
        "robaws": requests.get(
            f"{url}/robaws/api/v2/clients", auth=(robaws["api_key"], robaws["api_secret"]), timeout=10
        ).status_code,
        "workspace": requests.get(
            f"{url}/workspace/api/v1/quotations.json",
            auth=("token", CREDENTIALS["workspace"]["token"]),
            timeout=10,
        ).status_code,
        "severa": soap.call("GetAccountByNumber", "<accountNumber>1001</accountNumber>").status_code,
    }


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) == 0


@pytest.mark.parametrize("data_dir", [False, True], ids=["memory", "data-dir"])
def test_fixed_credentials_for_every_vendor_survive_a_restart(tmp_path: Path, data_dir: bool) -> None:
    config = tmp_path / "mockserver.yaml"
    config.write_text(CONFIG)
    for start in (1, 2):
        process, url = start_server("--config", str(config), data_dir=tmp_path / "data" if data_dir else None)
        try:
            assert vendor_statuses(url) == dict.fromkeys(CREDENTIALS, 200), f"start {start}"
            tenant = get_json(f"{url}/_mock/tenants/ci")
            assert tenant["name"] == "Continuous integration" and tenant["seed"] == 7
            for vendor, declared in CREDENTIALS.items():
                assert declared.items() <= tenant["credentials"][vendor].items()
            settings = get_json(f"{url}/_mock/tenants/ci/settings")
            assert settings["robaws"]["rate_limit"]["enabled"] is False
            blank = get_json(f"{url}/_mock/tenants/blank")
            assert blank["fixtures"] == "empty" and blank["credentials"]["robaws"]["api_key"]
        finally:
            stop(process)


def test_clock_and_faults_are_set_at_start(tmp_path: Path) -> None:
    config = tmp_path / "mockserver.yaml"
    config.write_text(CONFIG)
    process, url = start_server("--config", str(config))
    try:
        assert get_json(f"{url}/_mock/clock")["now"].startswith("2025-01-06T08:0")
        faults = get_json(f"{url}/_mock/faults")["faults"]
        assert [(f["vendor"], f["path"], f["status"], f["times"]) for f in faults] == [
            ("robaws", "/api/v2/clients*", 503, 1)
        ]
        robaws = CREDENTIALS["robaws"]
        auth = (robaws["api_key"], robaws["api_secret"])
        first = requests.post(f"{url}/robaws/api/v2/clients", json={"name": "A"}, auth=auth, timeout=10)
        second = requests.post(f"{url}/robaws/api/v2/clients", json={"name": "A"}, auth=auth, timeout=10)
        assert (first.status_code, second.status_code) == (503, 201)
    finally:
        stop(process)


def test_a_tenant_from_a_snapshot_beside_the_file(tmp_path: Path, mockserver: Any, mock_tenant: Any) -> None:
    snapshot = mockserver.admin.call("GET", f"/tenants/{mock_tenant.id}/snapshot")
    snapshot["vendors"]["workspace"]["collections"]["contacts"] = [{"id": 1, "name": "From the snapshot"}]
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "ci.json").write_text(json.dumps(snapshot))
    config = tmp_path / "mockserver.json"
    config.write_text(
        json.dumps({"tenants": [{"id": "ci", "credentials": CREDENTIALS, "snapshot": "snapshots/ci.json"}]})
    )
    process, url = start_server("--config", str(config))
    try:
        contacts = requests.get(
            f"{url}/workspace/api/v1/contacts.json",
            auth=("token", CREDENTIALS["workspace"]["token"]),
            timeout=10,
        ).json()["response"]["data"]["Contacts"]
        assert [c["Contact"]["name"] for c in contacts] == ["From the snapshot"]
    finally:
        stop(process)


def refused(tmp_path: Path, text: str, name: str = "mockserver.yaml", *extra: str) -> str:
    config = tmp_path / name
    config.write_text(text)
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--config", str(config), *extra])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0].removeprefix("Error: ").replace(str(config), "FILE")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "tenants:\n  - id: ci\n    credentials:\n      robaws: {api_kee: X}\n",
            "FILE:4: tenants[0].credentials.robaws.api_kee: unknown field",
        ),
        ("tenants:\n  - id: ci\n    sed: 7\n", "FILE:3: tenants[0].sed: unknown field"),
        ("tenants:\n  - name: no id\n", "FILE:2: tenants[0]: 'id' is a required property"),
        ("tenants:\n  - id: demo\n", "FILE:2: tenants[0].id: 'demo' is the built-in tenant"),
        ("tenants:\n  - id: a\n  - id: a\n", "FILE:3: tenants[1].id: tenant 'a' is declared twice"),
        (
            "tenants:\n  - id: ci\n    seed: seven\n",
            "FILE:3: tenants[0].seed: 'seven' is not of type 'integer'",
        ),
        (
            "tenants:\n  - id: ci\n    settings: {robaws: {rate_limit: {enabled: 3}}}\n",
            "FILE:3: tenants[0].settings: robaws.rate_limit.enabled: expected bool",
        ),
        (
            "tenants:\n  - id: ci\n    settings: {stripe: {}}\n",
            "FILE:3: tenants[0].settings: 'stripe' is not one of",
        ),
        ("tenants:\n  - id: ci\n    snapshot: missing.json\n", "FILE:3: tenants[0].snapshot: cannot read"),
        ("clock: yesterday\n", "FILE:1: clock: not an ISO-8601 time: 'yesterday'"),
        (
            "faults:\n  - {vendor: robaws, status: 503}\n  - {vendor: nope, status: 500}\n",
            "FILE:3: faults[1]: vendor must be one of",
        ),
        ("tenants:\n  - id: ci\n   bad: indent\n", "FILE:3: not valid YAML"),
        ("colour: blue\n", "FILE:1: colour: unknown field"),
    ],
)
def test_an_invalid_file_stops_the_server_with_one_line(tmp_path: Path, text: str, expected: str) -> None:
    assert refused(tmp_path, text).startswith(expected)


def test_an_invalid_json_file_and_an_invalid_snapshot_name_their_line(tmp_path: Path) -> None:
    assert refused(tmp_path, '{\n  "tenants": [\n    {"id": }\n  ]\n}', "c.json").startswith(
        "FILE:3: not valid JSON"
    )
    (tmp_path / "s.json").write_text('{"format_version": 2}')
    text = "tenants:\n  - id: ci\n    snapshot: s.json\n"
    message = refused(tmp_path, text)
    assert (
        message.startswith("FILE:3: tenants[0].snapshot: ") and "format_version: expected 1, not 2" in message
    )
    missing = CliRunner().invoke(main, ["serve", "--port", "0", "--config", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 1 and "none.yaml: cannot read it" in missing.output


def test_with_a_data_dir_a_changed_credential_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "mockserver.yaml"
    config.write_text("tenants:\n  - id: ci\n    credentials: {workspace: {token: first}}\n")
    process, _url = start_server("--config", str(config), data_dir=tmp_path / "data")
    stop(process)
    changed = "tenants:\n  - id: ci\n    credentials: {workspace: {token: second}}\n"
    message = refused(tmp_path, changed, "mockserver.yaml", "--data-dir", str(tmp_path / "data"))
    assert message.startswith(
        "FILE:3: tenants[0].credentials.workspace.token: tenant 'ci' in the data directory"
    )


def test_the_pytest_plugin_reads_mockserver_config(tmp_path: Path) -> None:
    config = tmp_path / "mockserver.yaml"
    config.write_text(CONFIG)
    (tmp_path / "test_uses_config.py").write_text(
        "def test_ci_tenant(mock_admin):\n"
        "    tenant = mock_admin.call('GET', '/tenants/ci')\n"
        f"    assert tenant['credentials']['workspace']['token'] == {CREDENTIALS['workspace']['token']!r}\n"
    )
    env = {**os.environ, "MOCKSERVER_CONFIG": str(config), "PYTHONPATH": str(ROOT)}
    env.pop("MOCKSERVER_URL", None)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        str(tmp_path),
    ]
    passed = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    config.write_text("tenants:\n  - id: ci\n    sed: 7\n")
    stopped = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert stopped.returncode == 4  # a usage error: nothing ran
    assert f"MOCKSERVER_CONFIG: {config}:3: tenants[0].sed: unknown field" in stopped.stderr
