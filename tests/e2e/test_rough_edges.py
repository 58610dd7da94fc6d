"""The rough edges a new user met on the first run (issue 25), each as the user met it: the
command line in a real process, the server over real HTTP."""

from __future__ import annotations

import ctypes
import os
import platform
import shutil
import signal

import pytest
import requests

from mockserver import Config, ThreadedMockServer
from tests.e2e.test_cli import ROOT, get_json, start_server
from tests.e2e.test_first_run import assert_one_clear_line, run_cli, stop, stop_with_output


# -- mockserver tenants ----------------------------------------------------------------------------
def test_tenants_subcommands_take_the_url_after_them_as_the_readme_spells_it():
    process, url = start_server("--quiet")
    try:
        created = run_cli("tenants", "create", "--url", url, "--name", "after")
        assert created.returncode == 0, created.stderr
        listed = run_cli("tenants", "list", "--url", url)
        assert listed.returncode == 0, listed.stderr
        assert '"name": "after"' in listed.stdout
        # after the subcommand wins over before it
        assert run_cli("tenants", "--url", "http://127.0.0.1:1", "list", "--url", url).returncode == 0
    finally:
        stop(process)


def test_tenants_take_the_admin_token_after_them_and_a_401_names_the_option_and_the_variable():
    process, url = start_server("--quiet", "--admin-token", "s3cret")
    try:
        refused = run_cli("tenants", "list", "--url", url)
        assert_one_clear_line(
            refused,
            "Error: the server answered 401: this server needs its admin token: "
            "pass it with --admin-token TOKEN or $MOCKSERVER_ADMIN_TOKEN",
        )
        assert "Authorization" not in refused.stderr
        allowed = run_cli("tenants", "list", "--url", url, "--admin-token", "s3cret")
        assert allowed.returncode == 0 and '"demo"' in allowed.stdout
    finally:
        stop(process)


# -- mockserver coverage ---------------------------------------------------------------------------
def test_coverage_outside_a_source_checkout_needs_out(tmp_path):
    """An installed package (no pyproject.toml beside it) is never written into."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "mockserver", site / "mockserver", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "contracts", site / "mockserver" / "_data" / "contracts")
    env = {"PYTHONPATH": str(site)}
    refused = run_cli("coverage", env=env, cwd=tmp_path)
    assert_one_clear_line(refused, "say where to write with --out FILE", code=2)
    assert not (site / "docs").exists()
    written = run_cli("coverage", "--out", str(tmp_path / "coverage.md"), env=env, cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "coverage.md").read_text() == (ROOT / "docs" / "coverage.md").read_text()


# -- mockserver serve --host -----------------------------------------------------------------------
@pytest.mark.parametrize("host", ["999.1.1.1", "no such host"])
def test_a_host_that_is_no_address_fails_in_one_line_before_any_warning(host):
    result = run_cli("serve", "--host", host, "--port", "0")
    assert_one_clear_line(result, f"Error: cannot listen on {host}: neither an IP address nor a host name")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "warning" not in result.stderr and result.stdout == ""


# -- --strict --------------------------------------------------------------------------------------
def test_strict_validators_are_built_before_the_server_is_started():
    with ThreadedMockServer(Config(port=0, strict=True, vendors=["werkbonapp", "workspace"])) as server:
        contracts = server.app.contracts
        assert contracts.prepared() == ["werkbonapp", "workspace"]
        # no request has paid for them
        assert requests.get(f"{server.url}/_mock/journal", timeout=30).json()["entries"] == []
        answer = requests.get(
            f"{server.url}/workspace/api/v1/quotations.json", auth=("token", "demo-token"), timeout=30
        )
        assert answer.status_code == 200
        assert requests.get(f"{server.url}/_mock/violations", timeout=30).json()["violations"] == []


def test_strict_serve_says_which_validators_are_prepared_in_its_banner():
    process, url = start_server("--strict", "--vendors", "werkbonapp,workspace")
    try:
        assert get_json(url + "/_mock/health")["vendors"] == ["werkbonapp", "workspace"]
    finally:
        banner, _err = stop_with_output(process)
    assert "contracts prepared                 werkbonapp, workspace" in banner


def test_without_strict_nothing_is_prepared():
    with ThreadedMockServer(Config(port=0, vendors=["workspace"])) as server:
        assert server.app.contracts.prepared() == []


# -- Robaws faults ---------------------------------------------------------------------------------
ROBAWS_AUTH = ("DEMOAPIKEY0000000000", "demo-api-secret")


def test_a_robaws_fault_carries_the_requests_path(mockserver):
    base = f"{mockserver.url}/robaws/api/v2"
    faulted = requests.get(
        f"{base}/clients", auth=ROBAWS_AUTH, headers={"X-Mock-Fault": "status=503"}, timeout=30
    )
    assert faulted.status_code == 503
    assert faulted.json()["path"] == "/api/v2/clients"
    assert faulted.json()["status"] == 503 and faulted.json()["error"] == "Service Unavailable"
    # the same path as the vendor's own errors give
    missing = requests.get(f"{base}/clients/987654321", auth=ROBAWS_AUTH, timeout=30)
    assert missing.status_code == 404 and missing.json()["path"] == "/api/v2/clients/987654321"


def test_a_robaws_fault_by_real_hostname_carries_the_real_path(mockserver):
    faulted = requests.get(
        f"{mockserver.url}/api/v2/projects",
        auth=ROBAWS_AUTH,
        headers={"Host": "app.robaws.com", "X-Mock-Fault": "status=500"},
        timeout=30,
    )
    assert faulted.status_code == 500 and faulted.json()["path"] == "/api/v2/projects"


def test_a_robaws_fault_rule_carries_the_requests_path(mockserver, mock_admin):
    rule = mock_admin.call(
        "POST",
        "/faults",
        {"vendor": "robaws", "method": "PATCH", "path": "/api/v2/clients/424242", "status": 502, "times": 1},
    )
    try:
        faulted = requests.patch(
            f"{mockserver.url}/robaws/api/v2/clients/424242", auth=ROBAWS_AUTH, json={}, timeout=30
        )
        assert faulted.status_code == 502 and faulted.json()["path"] == "/api/v2/clients/424242"
    finally:  # a rule with "times" goes once used up
        if rule["id"] in [r["id"] for r in mock_admin.call("GET", "/faults")["faults"]]:
            mock_admin.call("DELETE", f"/faults/{rule['id']}")
    assert rule["id"] not in [r["id"] for r in mock_admin.call("GET", "/faults")["faults"]]


# -- AdminClient -----------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/_mock/clock", "/clock", "clock", "_mock/clock"])
def test_admin_client_takes_paths_with_or_without_the_mock_prefix(mock_frozen_clock, path):
    clock = mock_frozen_clock.call("GET", path)
    assert clock["frozen"] is True and clock == mock_frozen_clock.call("GET", "/clock")
    assert mock_frozen_clock.call("GET", path.replace("clock", "health"))["status"] == "ok"


# -- stopping ----------------------------------------------------------------------------------------
def signal_a_thread_that_is_not_main(pid: int, signum: int) -> None:
    """SIGTERM as the kernel may deliver it: to any thread of the process (here, never the main
    one, whose wait the signal then does not interrupt)."""
    libc = ctypes.CDLL(None, use_errno=True)
    others = sorted(int(t) for t in os.listdir(f"/proc/{pid}/task") if int(t) != pid)
    assert others, "the server runs more than one thread"
    assert libc.syscall(SYS_TGKILL, pid, others[-1], signum) == 0, ctypes.get_errno()


#: the tgkill system call's number on x86_64 and on aarch64
SYS_TGKILL = {"x86_64": 234, "aarch64": 131}[platform.machine()]


@pytest.mark.parametrize("http", ["granian", "waitress"])
def test_sigterm_stops_the_server_whichever_thread_receives_it(http):
    process, url = start_server("--quiet", "--http", http)
    try:
        assert get_json(url + "/_mock/health")["status"] == "ok"
    finally:
        signal_a_thread_that_is_not_main(process.pid, signal.SIGTERM)
        try:
            code = process.wait(timeout=15)
        finally:
            if process.poll() is None:  # still running: the test fails, the process goes
                process.kill()
                process.wait()
    assert code == 0
