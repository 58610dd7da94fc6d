"""The protections of ``mockserver serve`` as a user starts it (docs/security.md): a real process,
its options, and the clients that must keep working (curl's bodiless POST, ``mockserver tenants``)."""

from __future__ import annotations

import http.client
import signal
import subprocess
import sys
from urllib.parse import urlsplit

from tests.e2e.test_cli import ROOT, start_server


def _status(url: str, method: str, path: str, headers: dict[str, str]) -> int:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, path, headers=headers)
        answer = connection.getresponse()
        answer.read()
        return answer.status
    finally:
        connection.close()


def test_allow_host_names_answer_and_others_do_not() -> None:
    process, url = start_server("--quiet", "--allow-host", "sandbox.team.test")
    try:
        port = urlsplit(url).port
        assert _status(url, "GET", "/_mock/tenants/demo", {"Host": f"sandbox.team.test:{port}"}) == 200
        assert _status(url, "GET", "/_mock/tenants/demo", {"Host": f"evil.example:{port}"}) == 421
        assert _status(url, "POST", "/_mock/reset", {}) == 204  # curl -X POST .../_mock/reset
        for command in (["create", "--name", "from-cli"], ["list"]):
            done = subprocess.run(
                [sys.executable, "-m", "mockserver.cli", "tenants", "--url", url, *command],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=60,
            )
            assert done.returncode == 0, done.stderr
        assert "from-cli" in done.stdout
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
