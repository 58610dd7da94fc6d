"""The documented commands, run as a user runs them: a real process, real signals, real HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from mockserver.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_help_explains_every_command():
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0
    for command in ("serve", "fixtures", "contracts", "tenants"):
        assert command in top.output
    serve = runner.invoke(main, ["serve", "--help"])
    for option in ("--host", "--port", "--seed", "--data-dir", "--strict", "--vendors"):
        assert option in serve.output


def test_serve_refuses_an_unknown_vendor():
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--vendors", "nope"])
    assert result.exit_code == 2 and "unknown vendor" in result.output


def test_contracts_check_validates_every_openapi_document():
    result = CliRunner().invoke(main, ["contracts", "check"])
    assert result.exit_code == 0, result.output
    assert "ok      admin" in result.output


def start_server(*args: str, data_dir: Path | None = None) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-m", "mockserver.cli", "serve", "--port", "0", *args]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=os.environ.copy()
    )
    first = process.stdout.readline()  # blocks until the port is bound and announced
    assert "listening on http://127.0.0.1:" in first, first + process.stderr.read()
    url = first.split("listening on ", 1)[1].split()[0]
    return process, url


def get_json(url: str, method: str = "GET", body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def test_serve_answers_on_loopback_prints_credentials_and_stops_on_sigterm():
    process, url = start_server()
    try:
        assert url.startswith("http://127.0.0.1:")
        health = get_json(url + "/_mock/health")
        assert health["status"] == "ok" and health["vendors"]
        banner = process.stdout.readline() + process.stdout.readline()
        assert "demo credentials" in banner
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_data_dir_state_survives_restart(tmp_path, stop):
    process, url = start_server(data_dir=tmp_path)
    try:
        tenant = get_json(url + "/_mock/tenants", "POST", {"name": "kept"})
        get_json(url + f"/_mock/tenants/{tenant['id']}/settings", "PATCH", {})
    finally:
        process.send_signal(stop)
        process.wait(timeout=15)
    restarted, url2 = start_server(data_dir=tmp_path)
    try:
        kept = get_json(url2 + f"/_mock/tenants/{tenant['id']}")
        assert kept["name"] == "kept" and kept["credentials"] == tenant["credentials"]
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=15)


@pytest.mark.parametrize(("args", "replayed"), [((), [False, True]), (("--no-replay",), [False, False])])
def test_repeated_reads_are_replayed_unless_no_replay(args, replayed):
    process, url = start_server("--vendors", "workspace", "--quiet", *args)
    try:
        request = urllib.request.Request(
            url + "/workspace/api/v1/quotations/1.json",
            headers={"Authorization": "Basic dG9rZW46ZGVtby10b2tlbg=="},
        )
        bodies = []
        for _ in range(2):
            with urllib.request.urlopen(request, timeout=10) as response:
                bodies.append(response.read())
        assert bodies[0] == bodies[1] and b'"Quotation"' in bodies[0]
        entries = get_json(url + "/_mock/journal?vendor=workspace")["entries"]
        assert [e["replayed"] for e in entries] == replayed
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
