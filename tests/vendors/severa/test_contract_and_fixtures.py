"""The committed WSDL, the committed fixtures and the catalogue copy stay in step with the code;
start-up never pays for building the Spyne application."""

from __future__ import annotations

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
    shared = ROOT.parent / "shared" / "vendors" / "severa-catalog.json"  # beside the clone, if there
    packaged = ROOT / "mockserver" / "vendors" / "severa" / "catalog.json"
    if shared.exists():
        assert packaged.read_bytes() == shared.read_bytes()
    assert packaged.stat().st_size > 100_000


def test_spyne_application_is_built_on_first_use_not_at_start_or_warm_up():
    server = MockServer(Config(vendors=["severa"]))
    server.warm_up(after_first_answer=0).join(timeout=30)
    assert server.vendors["severa"].soap.ready is False
    server.vendors["severa"].soap.get()
    assert server.vendors["severa"].soap.ready is True
