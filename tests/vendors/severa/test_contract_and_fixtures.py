"""The committed WSDL, the committed fixtures and the catalogue copy stay in step with the code;
start-up never pays for building the Spyne application."""

from __future__ import annotations

import time
from pathlib import Path

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core import fixtures
from mockserver.vendors.severa import SeveraVendor, wsdl

ROOT = Path(__file__).resolve().parents[3]


def test_served_wsdl_matches_the_committed_contract(mockserver, mock_http):
    served = mock_http.get(f"{mockserver.url}/severa/webservice/S3/API.svc?wsdl").content
    address = f"{mockserver.url}/severa/webservice/S3/API.svc"
    committed = (ROOT / "contracts" / "severa.wsdl").read_bytes()
    assert served.replace(address.encode(), wsdl.REAL_ADDRESS.encode()) == committed


def test_committed_contract_is_served_by_the_admin_api(mock_admin, mockserver, mock_http):
    response = mock_http.get(f"{mockserver.url}/_mock/contracts/severa")
    assert response.status_code == 200
    assert response.content == (ROOT / "contracts" / "severa.wsdl").read_bytes()


def test_fixtures_file_is_what_the_generator_writes(app):
    expected = fixtures.render(SeveraVendor(app), 42)
    assert (ROOT / "fixtures" / "severa.json").read_text("utf-8") == expected


def test_packaged_catalogue_is_the_shared_source_of_truth():
    shared = Path("/work/shared/vendors/severa-catalog.json")
    packaged = ROOT / "mockserver" / "vendors" / "severa" / "catalog.json"
    if shared.exists():
        assert packaged.read_bytes() == shared.read_bytes()
    assert packaged.stat().st_size > 100_000


def test_start_up_does_not_build_the_spyne_application():
    started = time.perf_counter()
    server = MockServer(Config(vendors=["severa"]))
    assert server.vendors["severa"].soap.ready is False
    assert time.perf_counter() - started < 5  # generous: the point is the flag above
    server.vendors["severa"].warm_up()
    assert server.vendors["severa"].soap.ready is True
