"""Severa as PHP and Node integrators call it: PHP's ``SoapClient`` and node-soap drive the running
server over real HTTP (scripts in ``clients/``; ``scripts/test`` installs php-cli,
php-soap and the pinned npm ``soap``). Each flow loads the WSDL, round-trips an account, reads a
NotFound fault by its typed detail, gets a nil by-name lookup, books hours and round-trips a product.
A missing tool fails these tests: CI installs it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.vendors.severa.conftest import PATH

CLIENTS = Path(__file__).with_name("clients")
INSTALL = "run ./scripts/test --tools-only"
NOT_FOUND = "Account with GUID '00000000-0000-0000-0000-000000000000' was not found."


def run_flow(argv: list[str], mockserver: Any, mock_tenant: Any) -> dict[str, Any]:
    wsdl = f"{mockserver.url}{PATH}?wsdl"
    key = mock_tenant.credentials["severa"]["api_key"]
    done = subprocess.run(
        [*argv, wsdl, key], cwd=CLIENTS, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(done.stdout)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: {INSTALL}")
    return found


@pytest.fixture(scope="module")
def php() -> str:
    binary = tool("php")
    modules = subprocess.run([binary, "-m"], capture_output=True, text=True, check=False).stdout.split()
    if "soap" not in modules:
        pytest.fail(f"PHP's soap extension is not installed: {INSTALL}")
    return binary


@pytest.fixture(scope="module")
def node() -> str:
    binary = tool("node")
    if not (CLIENTS / "node_modules" / "soap" / "package.json").exists():
        pytest.fail(f"node-soap is not installed in {CLIENTS / 'node_modules'}: {INSTALL}")
    return binary


def assert_common(seen: dict[str, Any], name: str, notes: str) -> None:
    account = seen["account"]
    assert account["found_guid"] == account["guid"]
    assert (account["name"], account["notes"], account["active"]) == (name, notes, True)
    assert int(account["number"]) > 1000
    assert seen["not_found"]["faultcode"] == "s:Client"
    assert seen["not_found"]["description"] == NOT_FOUND
    assert seen["not_found"]["source"] == "Severa.API"
    hours = seen["hours"]
    assert [float(q) for q, same_case in hours["by_date"]] == [7.5]
    assert all(same_case for _q, same_case in hours["by_date"])
    assert sorted(float(q) for q in hours["by_case"]) == [3.25, 7.5]
    product = seen["product"]
    assert product["found_guid"] == product["guid"]
    assert float(product["unit_price"]) == 85.5


def test_php_soapclient_flow(php, mockserver, mock_tenant):
    seen = run_flow([php, "severa_flow.php"], mockserver, mock_tenant)
    assert seen["functions"] == 256
    assert seen["content_type"] == "text/xml; charset=utf-8"
    assert seen["soap_action"] == '"http://soap.severa.com/IAccount/GetAccountByGUID"'
    assert_common(seen, "PHP Oy", "SoapClient")
    assert seen["not_found"]["message"] == NOT_FOUND
    assert seen["not_found"]["detail"] == ["NotFoundException"]
    assert seen["nil_by_name"] is None
    assert (seen["product"]["name"], seen["product"]["code"]) == ("PHP-tuki", "PHP-1")


def test_node_soap_flow(node, mockserver, mock_tenant):
    seen = run_flow([node, "severa_flow.js"], mockserver, mock_tenant)
    assert seen["services"] == 42
    assert seen["request_headers"]["Content-Type"] == "text/xml; charset=utf-8"
    assert seen["request_headers"]["SOAPAction"] == '"http://soap.severa.com/IAccount/GetAccountByGUID"'
    assert_common(seen, "Node Oy", "node-soap")
    assert (seen["not_found"]["status"], seen["not_found"]["detail"]) == (500, "NotFoundException")
    assert seen["nil_by_name"] == "null-response"
    empty = seen["empty_event_date"]
    assert (empty["status"], empty["faultcode"], empty["detail"]) == (500, "a:DeserializationFailed", None)
    assert "The value '' cannot be parsed as the type 'DateTime'." in empty["faultstring"]
    assert (seen["product"]["name"], seen["product"]["code"]) == ("Node-tuki", "NODE-1")
