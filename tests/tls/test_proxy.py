"""The forward proxy: CONNECT to a vendor hostname and absolute-form http requests are the mock,
journalled and faulted like any other request; any other host is refused and never contacted."""

from __future__ import annotations

import json
import signal
import socket
import ssl
import subprocess
import sys

import httpx
import pytest
import requests
from click.testing import CliRunner

from mockserver.cli import main
from tests.tls.clients import ROBAWS_DEMO, clean_env, curl

CLIENTS = "https://app.robaws.com/api/v2/clients"
FIRST_CLIENT = "Claeys, Van Acker en De Vos BV"


def proxied_curl(secure, *args: str) -> tuple[int, str]:
    return curl("--cacert", str(secure.ca_file), *args, env=clean_env(HTTPS_PROXY=secure.proxy_url))


def test_curl_through_the_proxy_gets_the_demo_clients(secure):
    status, body = proxied_curl(secure, "-u", ":".join(ROBAWS_DEMO), CLIENTS)
    assert status == 200
    assert json.loads(body)["items"][0]["name"] == FIRST_CLIENT


def test_an_absolute_form_http_request_is_served_too(secure):
    status, body = curl(
        "-x", secure.proxy_url, "-u", ":".join(ROBAWS_DEMO), "http://app.robaws.com/api/v2/clients?size=1"
    )
    assert status == 200 and [c["name"] for c in json.loads(body)["items"]] == [FIRST_CLIENT]


def test_requests_and_httpx_through_the_proxy(secure):
    proxies = {"https": secure.proxy_url, "http": secure.proxy_url}
    with requests.Session() as session:
        session.trust_env = False
        session.proxies, session.verify = proxies, str(secure.ca_file)
        answers = [session.get(CLIENTS, auth=ROBAWS_DEMO, timeout=10) for _ in range(2)]
        health = session.get("https://api.workspace.nl/api/v1/quotations.json", auth=("token", "demo-token"))
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[1].json()["items"][0]["name"] == FIRST_CLIENT
    assert health.status_code == 200
    context = ssl.create_default_context(cafile=secure.ca_file)
    with httpx.Client(proxy=secure.proxy_url, verify=context, trust_env=False) as client:
        answer = client.get(CLIENTS, auth=ROBAWS_DEMO)
    assert answer.status_code == 200 and answer.json()["items"][0]["name"] == FIRST_CLIENT


def test_proxied_requests_are_journalled_and_take_the_fault_header(secure):
    tenant = secure.admin.create_tenant(name="proxied")
    key = tenant.credentials["robaws"]
    auth = (key["api_key"], key["api_secret"])
    status, _ = proxied_curl(secure, "-u", ":".join(auth), "-H", "X-Mock-Fault: status=503", CLIENTS)
    assert status == 503
    status, _ = proxied_curl(secure, "-u", ":".join(auth), CLIENTS + "?size=2")
    assert status == 200
    entries = secure.admin.journal(tenant=tenant.id, vendor="robaws")
    seen = sorted((e["method"], e["path"], e["query"], e["status"]) for e in entries)
    assert ("GET", "/api/v2/clients", "size=2", 200) in seen
    quotations = "https://api.workspace.nl/api/v1/quotations.json"
    token = f"token:{tenant.credentials['workspace']['token']}"
    assert [proxied_curl(secure, "-u", token, quotations)[0] for _ in range(2)] == [200, 200]
    entries = secure.admin.journal(tenant=tenant.id, vendor="workspace")
    assert [(e["path"], e["replayed"]) for e in entries] == [
        ("/api/v1/quotations.json", False),
        ("/api/v1/quotations.json", True),  # replay works through the proxy too
    ]
    secure.admin.call("POST", "/faults", {"vendor": "robaws", "path": "/api/v2/clients", "status": 502})
    try:
        assert proxied_curl(secure, "-u", ":".join(auth), CLIENTS)[0] == 502
    finally:
        secure.admin.call("DELETE", "/faults")
    secure.admin.delete_tenant(tenant.id)


def refusal(secure, request_head: str) -> tuple[str, str]:
    """(status line, body) of the proxy's answer to a raw request head."""
    host, port = secure.proxy_url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        raw.sendall(request_head.encode())
        answer = raw.makefile("rb").read().decode()
    head, _, body = answer.partition("\r\n\r\n")
    return head.splitlines()[0], body


@pytest.mark.parametrize(
    "form", ["CONNECT {host}:{port} HTTP/1.1", "GET http://{host}:{port}/secret HTTP/1.1"]
)
def test_any_other_host_is_refused_in_one_line_and_never_contacted(secure, bystander, form):
    port = bystander.server_address[1]
    line = form.format(host="localhost", port=port)
    status_line, body = refusal(secure, f"{line}\r\nHost: localhost:{port}\r\n\r\n")
    assert status_line == "HTTP/1.1 403 Forbidden"
    assert len(body.splitlines()) == 1
    assert body.startswith("mockserver proxy: localhost is not a vendor this mock serves")
    assert "app.robaws.com (robaws)" in body and "sync.severa.com (severa)" in body
    status, _ = proxied_curl(secure, f"https://localhost:{port}/secret")
    assert status == 0  # curl: the tunnel was refused
    status, _ = curl("-x", secure.proxy_url, f"{bystander.url}/secret")
    assert status == 403
    assert bystander.hits == []


def test_a_busy_proxy_port_ends_in_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", "0", "--proxy-port", str(port), "--quiet"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: port {port} is in use; pick another with --proxy-port, or --proxy-port 0 for a free one"
    )


@pytest.mark.parametrize(
    ("head", "status", "words"),
    [
        ("GARBAGE\r\n\r\n", "HTTP/1.1 400 Bad Request", "malformed request line"),
        (
            "GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n",
            "HTTP/1.1 400 Bad Request",
            "is not a proxy request",
        ),
        ("CONNECT :443 HTTP/1.1\r\n\r\n", "HTTP/1.1 403 Forbidden", " is not a vendor this mock serves"),
    ],
)
def test_bad_requests_get_one_line_and_the_proxy_keeps_serving(secure, head, status, words):
    status_line, body = refusal(secure, head)
    assert status_line == status and words in body and len(body.splitlines()) == 1
    assert proxied_curl(secure, "-u", ":".join(ROBAWS_DEMO), CLIENTS + "?size=1")[0] == 200


def test_the_cli_prints_both_free_ports_and_serves_on_them(ca_file):
    command = [sys.executable, "-m", "mockserver.cli", "serve", "--port", "0", "--quiet"]
    process = subprocess.Popen(
        [*command, "--https-port", "0", "--proxy-port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=clean_env(),
    )
    try:
        banner = [process.stdout.readline() for _ in range(4)]
        assert "listening on http://127.0.0.1:" in banner[0]
        https_url = banner[1].split()[-1]
        proxy_url = banner[2].split()[-1]
        assert banner[1].lstrip().startswith("HTTPS") and https_url.startswith("https://127.0.0.1:")
        assert banner[2].lstrip().startswith("proxy") and proxy_url.startswith("http://127.0.0.1:")
        assert banner[3].split()[-1] == str(ca_file)
        through_proxy = curl(
            "--cacert",
            str(ca_file),
            "-u",
            ":".join(ROBAWS_DEMO),
            CLIENTS,
            env=clean_env(HTTPS_PROXY=proxy_url),
        )
        direct = curl("--cacert", str(ca_file), f"{https_url}/_mock/health")
        assert (through_proxy[0], direct[0]) == (200, 200)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
