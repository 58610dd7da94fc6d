"""The HTTPS listener: the vendors' own hostnames over TLS with the local CA, and the prefixed paths
on 127.0.0.1, for curl and Python clients; a busy port ends in one line."""

from __future__ import annotations

import json
import socket
import ssl

import httpx
import requests
from click.testing import CliRunner

from mockserver.cli import main
from tests.tls.clients import ROBAWS_DEMO, curl


def demo_client_names(body: str) -> list[str]:
    return [client["name"] for client in json.loads(body)["items"]]


def test_curl_reaches_robaws_at_its_real_hostname_over_tls(secure):
    port = secure.https_port
    status, body = curl(
        "--resolve",
        f"app.robaws.com:{port}:127.0.0.1",
        "--cacert",
        str(secure.ca_file),
        "-u",
        ":".join(ROBAWS_DEMO),
        f"https://app.robaws.com:{port}/api/v2/clients",
    )
    assert status == 200
    assert demo_client_names(body)[0] == "Claeys, Van Acker en De Vos BV"


def test_the_prefixed_paths_work_on_the_loopback_address(secure):
    url = f"https://127.0.0.1:{secure.https_port}/robaws/api/v2/clients"
    answer = requests.get(url, auth=ROBAWS_DEMO, verify=secure.ca_file, timeout=10)
    assert answer.status_code == 200 and demo_client_names(answer.text)[0] == "Claeys, Van Acker en De Vos BV"
    with httpx.Client(verify=ssl.create_default_context(cafile=secure.ca_file)) as client:
        health = client.get(f"https://localhost:{secure.https_port}/_mock/health").json()
    assert health["status"] == "ok"


def test_a_client_without_the_ca_refuses_the_certificate(secure):
    status, _ = curl(f"https://127.0.0.1:{secure.https_port}/_mock/health")
    assert status == 0


def test_a_severa_wsdl_over_tls_names_its_https_endpoint(secure):
    port = secure.https_port
    status, body = curl(
        "--resolve",
        f"sync.severa.com:{port}:127.0.0.1",
        "--cacert",
        str(secure.ca_file),
        f"https://sync.severa.com:{port}/webservice/S3/API.svc?wsdl",
    )
    assert status == 200
    assert f'location="https://sync.severa.com:{port}/webservice/S3/API.svc"' in body


def test_a_busy_https_port_ends_in_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", "0", "--https-port", str(port), "--quiet"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: port {port} is in use; pick another with --https-port, or --https-port 0 for a free one"
    )


def test_an_unwritable_ca_home_ends_in_one_line(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.write_text("a file where the directory should be")
    monkeypatch.setenv("MOCKSERVER_HOME", str(home))
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--https-port", "0", "--quiet"])
    assert result.exit_code == 1
    assert (
        result.output.strip().splitlines()[-1].startswith(f"Error: cannot create the local CA in {home}/tls")
    )
