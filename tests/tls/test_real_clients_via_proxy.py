"""Clients that keep the vendors' real https URLs and change only a proxy setting and a trusted CA:
zeep with Severa's real WSDL URL, PHP's SoapClient, and Node's https module, over real sockets."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import requests
import zeep
from lxml import etree
from zeep.transports import Transport

from tests.tls.clients import ROBAWS_DEMO, clean_env

CLIENTS = Path(__file__).with_name("clients")
WSDL = "https://sync.severa.com/webservice/S3/API.svc?wsdl"
SEVERA_NS = "http://soap.severa.com/"


def run(argv: list[str], env: dict[str, str]) -> dict:
    done = subprocess.run(
        argv, cwd=CLIENTS, capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(done.stdout)


def test_zeep_with_the_real_wsdl_url_through_the_proxy(secure):
    session = requests.Session()
    session.trust_env = False
    session.proxies = {"https": secure.proxy_url}
    session.verify = str(secure.ca_file)
    client = zeep.Client(WSDL, transport=Transport(session=session))
    service = client.bind("API", "BasicHttpBinding_IUser")
    header = etree.Element(f"{{{SEVERA_NS}}}WebServicePassword")
    header.text = "demo-api-key"
    users = service.GetAllUsers(includeInactive=False, _soapheaders=[header])
    assert len(users) > 0 and users[0].GUID
    assert service._binding_options["address"] == "https://sync.severa.com/webservice/S3/API.svc"
    entries = secure.admin.journal(vendor="severa", limit=5)
    assert any(e["method"] == "POST" and e["path"] == "/webservice/S3/API.svc" for e in entries)


def test_php_soapclient_through_the_proxy_with_the_ca(secure):
    host, port = secure.proxy_url.removeprefix("http://").rsplit(":", 1)
    seen = run(
        ["php", "soap_via_proxy.php", WSDL, "demo-api-key", host, port, str(secure.ca_file)], clean_env()
    )
    assert seen["users"] > 0 and len(seen["first_user_guid"]) == 36
    assert seen["functions"] > 100


def test_node_https_through_the_proxy_with_node_extra_ca_certs(secure):
    env = clean_env(NODE_EXTRA_CA_CERTS=str(secure.ca_file))
    argv = ["node", "https_via_proxy.js", secure.proxy_url, "https://app.robaws.com/api/v2/clients?size=1"]
    seen = run([*argv, *ROBAWS_DEMO], env)
    assert seen == {"status": 200, "first": "Claeys, Van Acker en De Vos BV"}
