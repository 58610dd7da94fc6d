"""Two mockserver processes for the passthrough tests: a stand-in for the real vendors (its own
tenant, so its credentials are unknown to the mock) and the mock under test, started with an
``--upstream`` for every vendor pointing at the stand-in. Plus a client that makes one read (and a
write) per vendor with a given tenant's credentials, as an integration would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from mockserver.vendors.severa import catalog

ROOT = Path(__file__).resolve().parents[2]
SERVICE_NS = "http://soap.severa.com/"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
#: each vendor's base below a server's URL: the ``--upstream`` URL of the stand-in
BASES = {
    "werkbonapp": "/werkbonapp/openapi/8",
    "flowii": "/flowii",
    "robaws": "/robaws/api/v2",
    "workspace": "/workspace/api/v1",
    "severa": "/severa/webservice/S3/API.svc",
}


def start(*args: str) -> tuple[subprocess.Popen, str]:
    """``mockserver serve --port 0 --quiet ARGS`` in its own process; its URL once it listens."""
    command = [sys.executable, "-m", "mockserver.cli", "serve", "--port", "0", "--quiet", *args]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=os.environ.copy()
    )
    first = process.stdout.readline()
    if "listening on " not in first:
        process.kill()
        raise AssertionError(first + process.stderr.read())
    return process, first.split("listening on ", 1)[1].split()[0]


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def upstream_args(stand_in_url: str) -> list[str]:
    return [arg for vendor, base in BASES.items() for arg in ("--upstream", f"{vendor}={stand_in_url}{base}")]


def soap_envelope(operation: str, key: str) -> bytes:
    return (
        f'<s:Envelope xmlns:s="{SOAP11}"><s:Header><WebServicePassword xmlns="{SERVICE_NS}">{key}'
        f'</WebServicePassword></s:Header><s:Body><{operation} xmlns="{SERVICE_NS}"/></s:Body></s:Envelope>'
    ).encode()


@dataclass
class Integration:
    """One account's calls to the five vendors through ``url`` (a mock, or the stand-in)."""

    url: str
    credentials: dict[str, dict[str, str]]

    def __post_init__(self) -> None:
        self.http = requests.Session()
        self.flowii_token: str | None = None

    def _get(self, vendor: str, path: str, **kw: Any) -> requests.Response:
        return self.http.get(self.url + BASES[vendor] + path, timeout=30, **kw)

    def robaws_clients(self) -> requests.Response:
        c = self.credentials["robaws"]
        return self._get("robaws", "/clients", params={"size": 2}, auth=(c["api_key"], c["api_secret"]))

    def robaws_create_client(self, name: str) -> requests.Response:
        c = self.credentials["robaws"]
        url = self.url + BASES["robaws"] + "/clients"
        return self.http.post(url, json={"name": name}, auth=(c["api_key"], c["api_secret"]), timeout=30)

    def werkbonapp_workorders(self) -> requests.Response:
        params = {**self.credentials["werkbonapp"], "status": "Alle", "update_status": "false"}
        return self._get("werkbonapp", "/GetWorkorders/", params=params)

    def flowii_login(self) -> requests.Response:
        c = self.credentials["flowii"]
        form = {"grant_type": "password", "username": c["username"], "password": c["password"]}
        answer = self.http.post(
            self.url + BASES["flowii"] + "/token", data=form, headers={"Api-Key": c["api_key"]}, timeout=30
        )
        if answer.status_code == 200:
            self.flowii_token = answer.json()["access_token"]
        return answer

    def flowii_partners(self) -> requests.Response:
        headers = {
            "Api-Key": self.credentials["flowii"]["api_key"],
            "Authorization": f"Bearer {self.flowii_token}",
        }
        return self._get("flowii", "/partners", params={"companyId": 1, "page[size]": 2}, headers=headers)

    def workspace_quotation(self) -> requests.Response:
        return self._get(
            "workspace", "/quotations/1.json", auth=("token", self.credentials["workspace"]["token"])
        )

    def severa(self, operation: str = "GetAllWorkTypes") -> requests.Response:
        contract = catalog.operations()[operation].contract
        headers = {
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": f'"{SERVICE_NS}{contract}/{operation}"',
        }
        body = soap_envelope(operation, self.credentials["severa"]["api_key"])
        return self.http.post(self.url + BASES["severa"], data=body, headers=headers, timeout=30)

    def reads(self) -> dict[str, requests.Response]:
        """One read per vendor (FLOWii logs in first): what a drift recording needs."""
        self.flowii_login()
        return {
            "robaws": self.robaws_clients(),
            "werkbonapp": self.werkbonapp_workorders(),
            "flowii": self.flowii_partners(),
            "workspace": self.workspace_quotation(),
            "severa": self.severa(),
        }


def closed_upstream_server() -> Any:
    """A server whose every vendor has ``--upstream`` set to a closed port on this machine: what
    it forwards fails fast, what it answers itself is the mock's own."""
    import socket

    from mockserver.app import MockServer
    from mockserver.config import Config

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    upstreams = {vendor: f"http://127.0.0.1:{port}{base}" for vendor, base in BASES.items()}
    return MockServer(Config(port=0, upstreams=upstreams, upstream_timeout=5))
