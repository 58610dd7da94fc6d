"""A new user's first hour, as they run it: real processes, real ports, what the console shows.

Every mistake ends in one clear line and a non-zero exit, never a Python traceback.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.test_cli import ROOT, get_json, start_server

pytest_plugins = ["pytester"]


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mockserver", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


def assert_one_clear_line(result: subprocess.CompletedProcess, expected: str, code: int = 1) -> None:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert expected in result.stderr, result.stderr


def stop(process: subprocess.Popen) -> str:
    """SIGTERM, the exit code checked, and what the server wrote on stderr."""
    return stop_with_output(process)[1]


def stop_with_output(process: subprocess.Popen) -> tuple[str, str]:
    """SIGTERM, the exit code checked, and the rest of stdout with all of stderr."""
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=15)
    # read through the text streams, not communicate(): start_server's readline may have buffered
    # more than the first line, and communicate() reads the pipes underneath that buffer
    out, err = process.stdout.read(), process.stderr.read()
    assert code == 0, err
    return out, err


@pytest.fixture
def busy_port():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


@pytest.fixture
def without_pytest(tmp_path) -> dict[str, str]:
    """An environment in which ``import pytest`` fails, as on a server-only install."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "pytest.py").write_text("raise ImportError('No module named pytest')\n")
    return {"PYTHONPATH": os.pathsep.join([str(shadow), str(ROOT)])}


# -- the command line ----------------------------------------------------------------------------
def test_tenants_commands_work_without_pytest(without_pytest):
    process, url = start_server("--quiet")
    try:
        created = run_cli("tenants", "--url", url, "create", "--name", "cli", env=without_pytest)
        assert created.returncode == 0, created.stderr
        tenant_id = json.loads(created.stdout)["id"]
        listed = run_cli("tenants", "--url", url, "list", env=without_pytest)
        assert tenant_id in [t["id"] for t in json.loads(listed.stdout)["tenants"]]
        assert run_cli("tenants", "--url", url, "reset", tenant_id, env=without_pytest).returncode == 0
        deleted = run_cli("tenants", "--url", url, "delete", tenant_id, env=without_pytest)
        assert deleted.returncode == 0 and deleted.stdout.strip() == f"deleted {tenant_id}"
    finally:
        stop(process)


def test_tenants_errors_print_the_servers_message():
    process, url = start_server("--quiet")
    try:
        result = run_cli("tenants", "--url", url, "delete", "nosuch")
        assert_one_clear_line(result, "Error: the server answered 404: no tenant 'nosuch'")
        assert "{'error'" not in result.stderr
    finally:
        stop(process)


def test_tenants_against_no_server_says_so(busy_port):
    result = run_cli("tenants", "--url", "http://127.0.0.1:1", "list")
    assert_one_clear_line(result, "Error: cannot reach http://127.0.0.1:1:")


def test_a_port_in_use_is_one_line(busy_port):
    result = run_cli("serve", "--port", str(busy_port))
    assert_one_clear_line(
        result, f"Error: port {busy_port} is in use; pick another with --port, or --port 0 for a free one"
    )


def test_a_data_dir_that_cannot_be_written_is_refused_before_serving(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = run_cli("serve", "--port", "0", "--data-dir", str(blocker / "state"))
    assert_one_clear_line(result, f"Error: cannot use --data-dir {blocker / 'state'}:")
    assert "listening" not in result.stdout


def test_fixtures_generate_refuses_an_unknown_vendor_listing_the_vendors(tmp_path):
    result = run_cli("fixtures", "generate", "--vendors", "nosuch", "--out", str(tmp_path))
    assert_one_clear_line(result, "unknown vendor(s): nosuch (known: werkbonapp, flowii, robaws", code=2)
    assert list(tmp_path.iterdir()) == []


def test_fixtures_generate_writes_where_it_is_told(tmp_path):
    result = run_cli("fixtures", "generate", "--vendors", "workspace", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = json.loads((tmp_path / "workspace.json").read_text())
    assert written["seed"] == 42
    assert (tmp_path / "workspace.json").read_text() == (ROOT / "fixtures" / "workspace.json").read_text()


def test_fixtures_generate_outside_a_source_checkout_needs_out(tmp_path):
    """An installed package (no pyproject.toml beside it) is never rewritten in place."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "mockserver", site / "mockserver", ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PYTHONPATH": str(site)}
    result = run_cli("fixtures", "generate", "--vendors", "workspace", env=env, cwd=tmp_path)
    assert_one_clear_line(result, "say where to write with --out DIR", code=2)
    assert not (site / "fixtures").exists() and not (site / "mockserver" / "_data").exists()


def test_python_dash_m_mockserver_is_the_cli():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "Usage: mockserver" in result.stdout and "serve" in result.stdout


def test_the_public_api_starts_a_server():
    code = (
        "from mockserver import Config, ThreadedMockServer\n"
        "import json, urllib.request\n"
        "with ThreadedMockServer(Config(port=0, vendors=['workspace'])) as s:\n"
        "    print(json.load(urllib.request.urlopen(s.url + '/_mock/health'))['status'])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_licence_file_matches_the_package_metadata():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")


# -- the seed ------------------------------------------------------------------------------------
def demo_contacts(url: str) -> list[dict]:
    request = urllib.request.Request(
        url + "/workspace/api/v1/contacts.json", headers={"Authorization": "Basic dG9rZW46ZGVtby10b2tlbg=="}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["response"]["data"]["Contacts"]


def test_the_seed_changes_the_demo_data_and_is_reported():
    committed = json.loads((ROOT / "fixtures" / "workspace.json").read_text())
    committed_names = [c["name"] for c in committed["collections"]["contacts"]]
    seen = {}
    for seed in (42, 7):
        process, url = start_server("--quiet", "--vendors", "workspace", "--seed", str(seed))
        try:
            assert get_json(url + "/_mock/tenants/demo")["seed"] == seed
            seen[seed] = [c["Contact"]["name"] for c in demo_contacts(url)]
        finally:
            stop(process)
    assert sorted(seen[42]) == sorted(committed_names)
    assert not set(seen[7]) & set(seen[42]) and seen[7]


# -- the network and the admin token -------------------------------------------------------------
def test_a_host_beyond_loopback_is_warned_about_before_anything_listens(busy_port):
    # the port is taken, so nothing ever listens beyond loopback in this test
    result = run_cli("serve", "--host", "0.0.0.0", "--port", str(busy_port))
    assert "warning: --host 0.0.0.0 is beyond loopback: the admin API (/_mock) is open" in result.stderr
    assert "--admin-token" in result.stderr
    assert_one_clear_line(result, f"port {busy_port} is in use")


def admin_status(url: str, token: str | None = None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        assert json.loads(exc.read())["error"].startswith("this server needs its admin token")
        assert exc.headers["WWW-Authenticate"].startswith("Bearer")
        return exc.code


def test_the_admin_token_guards_every_admin_call_and_clients_pass_it_on(pytester):
    process, url = start_server("--admin-token", "s3cret")
    try:
        assert admin_status(url + "/_mock/health") == 401
        assert admin_status(url + "/_mock/tenants", "wrong") == 401
        assert admin_status(url + "/_mock/nosuch") == 401
        assert admin_status(url + "/_mock/health", "s3cret") == 200
        # vendors are not behind the admin token
        assert demo_contacts(url)
        refused = run_cli("tenants", "--url", url, "list")
        assert_one_clear_line(refused, "Error: the server answered 401: this server needs its admin token")
        by_option = run_cli("tenants", "--url", url, "--admin-token", "s3cret", "list")
        assert by_option.returncode == 0 and "demo" in by_option.stdout
        by_env = run_cli("tenants", "--url", url, "list", env={"MOCKSERVER_ADMIN_TOKEN": "s3cret"})
        assert by_env.returncode == 0 and "demo" in by_env.stdout

        pytester.makepyfile(
            """
            def test_uses_the_guarded_server(mock_tenant, mock_admin):
                assert mock_tenant.id in [t["id"] for t in mock_admin.call("GET", "/tenants")["tenants"]]
            """
        )
        os.environ["MOCKSERVER_URL"], os.environ["MOCKSERVER_ADMIN_TOKEN"] = url, "s3cret"
        try:
            result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
        finally:
            del os.environ["MOCKSERVER_URL"], os.environ["MOCKSERVER_ADMIN_TOKEN"]
        result.assert_outcomes(passed=1)
    finally:
        banner, _err = stop_with_output(process)
    assert "admin token" in banner and "s3cret" not in banner


# -- the console ---------------------------------------------------------------------------------
def test_the_banner_says_which_modes_are_on(tmp_path):
    process, _url = start_server("--strict", "--no-replay", data_dir=tmp_path)
    banner, _err = stop_with_output(process)
    assert "strict mode" in banner and "violations recorded" in banner
    assert "replay of unchanged reads" in banner and "off (--no-replay)" in banner
    assert f"state kept in                      {tmp_path}" in banner
    assert "seed                               42" in banner
    assert "dashboard (open in a browser)      http://127.0.0.1:" in banner


def fetch(url: str, headers: dict[str, str] | None = None) -> None:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            r.read()
    except (urllib.error.HTTPError, OSError, http.client.HTTPException):
        pass  # a refusal or a dropped connection is what some of these tests ask for


def test_an_access_log_line_per_request_on_stderr():
    process, url = start_server("--vendors", "workspace")
    fetch(url + "/workspace/api/v1/quotations/1.json", {"Authorization": "Basic dG9rZW46ZGVtby10b2tlbg=="})
    fetch(url + "/workspace/api/v1/quotations/1.json", {"Authorization": "Basic dG9rZW46ZGVtby10b2tlbg=="})
    fetch(url + "/_mock/health")
    lines = stop(process).splitlines()
    logged = [line for line in lines if " GET " in line]
    assert len(logged) == 3, lines
    first, second, admin = (line.split() for line in logged)
    assert first[1:7] == ["workspace", "demo", "GET", "/workspace/api/v1/quotations/1.json", "200", first[6]]
    assert first[6].endswith("ms") and "replayed" not in first
    assert second[-1] == "replayed"
    assert admin[1:6] == ["-", "-", "GET", "/_mock/health", "200"]
    # every line is written before the server says it stopped (the log batches its lines)
    assert lines.index("mockserver stopped") > lines.index(logged[-1])


def test_the_access_log_as_json_and_quiet_turns_it_off():
    process, url = start_server("--vendors", "workspace", "--log-format", "json")
    fetch(url + "/workspace/api/v1/quotations/1.json")
    records = [json.loads(line) for line in stop(process).splitlines() if line.startswith("{")]
    assert [(r["vendor"], r["method"], r["path"], r["status"]) for r in records] == [
        ("workspace", "GET", "/workspace/api/v1/quotations/1.json", 401)
    ]
    assert records[0]["time"].endswith("Z") and isinstance(records[0]["ms"], float)

    process, url = start_server("--vendors", "workspace", "--quiet")
    fetch(url + "/workspace/api/v1/quotations/1.json")
    assert "/workspace/api/v1" not in stop(process)


@pytest.mark.parametrize("http_server", ["granian", "waitress"])
def test_a_deliberate_reset_leaves_no_warning_on_the_console(http_server):
    process, url = start_server("--vendors", "workspace", "--http", http_server)
    request = urllib.request.Request(
        url + "/workspace/api/v1/quotations/1.json", headers={"X-Mock-Fault": "reset"}
    )
    # a dropped connection: on waitress after the status line (IncompleteRead), on granian before or
    # after it (RemoteDisconnected or IncompleteRead), never an answer
    with pytest.raises(http.client.HTTPException), urllib.request.urlopen(request, timeout=10) as answer:
        answer.read()
    fetch(url + "/_mock/health")  # the server goes on answering
    err = stop(process)
    assert "too few bytes" not in err and "WARNING" not in err
    assert " reset " in err  # the access log says what happened


# -- the README ----------------------------------------------------------------------------------
def readme() -> str:
    return (ROOT / "README.md").read_text()


def test_every_fault_rule_in_the_readme_is_accepted(mock_admin):
    bodies = [
        json.loads(line.split("-d '", 1)[1].rsplit("'", 1)[0])
        for line in readme().replace("\\\n", "").splitlines()
        if "/_mock/faults" in line and "-d '" in line
    ]
    assert any("delay_ms" in body for body in bodies)
    for body in bodies:
        created = mock_admin.call("POST", "/faults", body)
        assert created["id"]
        mock_admin.call("DELETE", f"/faults/{created['id']}")


@pytest.mark.parametrize("vendor", ["flowii", "severa"])
def test_the_readme_client_examples_run_as_written(mockserver, vendor, capsys):
    section = readme().split("## Calling the vendors from Python", 1)[1].split("\n## ", 1)[0]
    examples = [block.split("```", 1)[0] for block in section.split("```python\n")[1:]]
    example = next(e for e in examples if f"/{vendor}" in e)
    exec(example.replace("http://127.0.0.1:8000", mockserver.url), {})
    printed = capsys.readouterr().out
    if vendor == "flowii":
        assert printed.strip() == "5 orders in company 1"
    else:
        names = eval(printed)
        assert len(names) == 5 and all(isinstance(n, str) and n for n in names)
