"""Visma Severa SOAP API (``API.svc``): Finnish PSA software, WCF basicHttpBinding, the API key in
the ``WebServicePassword`` SOAP header. Built with Spyne from the operation catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from mockserver.core.vendor import Vendor

#: the vendor's name in URLs, settings and the admin API: spelled here only
NAME = "severa"
#: the real API's root below the mock prefix
BASE_PATH = "/webservice/S3/API.svc"

from mockserver.vendors.severa import spyne_compat  # noqa: E402 - after NAME, which it imports

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.core.store import VendorData
    from mockserver.core.tenants import Tenant
    from mockserver.core.vendor import WSGIApp

# Before any submodule imports Spyne: its bundled six needs teaching on Python 3.12+.
spyne_compat.install()


class SeveraVendor(Vendor):
    name = NAME
    title = "Visma Severa SOAP API"
    prefix = "/severa"
    base_path = BASE_PATH
    hostnames = ("sync.severa.com", "sync-test.severa.com")
    locale = "fi_FI"
    demo_credentials: ClassVar[dict[str, str]] = {"api_key": "demo-api-key"}
    identifying_credentials = ("api_key",)
    contract_file = "severa.wsdl"
    # a call's question is its body (operation, arguments, the key in the SOAP header); WCF reads
    # the media type and the SOAPAction besides (``endpoint``)
    replay_headers = ("Content-Type", "SOAPAction")
    replay_bodies = True
    default_settings: ClassVar[dict[str, Any]] = {
        "max_page_size": 100,
        "page_overflow": "clamp",
        "api_version": "1.0",
        "entity_schema_version": "1.0",
    }

    def __init__(self, server: MockServer) -> None:
        super().__init__(server)
        self._soap: Any = None
        self.default_settings = {**self.default_settings, "access_rights": _full_rights()}

    @property
    def soap(self) -> Any:
        """The Spyne application, built on the first Severa request (``soap.Soap``): never at
        start-up, nor in the background warm-up, because its ~250 operations cost ~0.5 s and ~40 MB
        that only teams using Severa should pay. A SOAP client's first call is usually the WSDL."""
        if self._soap is None:
            from mockserver.vendors.severa import handlers  # noqa: F401 - registers the handlers
            from mockserver.vendors.severa.operations import dispatch
            from mockserver.vendors.severa.soap import Soap

            self._soap = Soap(dispatch)
        return self._soap

    def create_wsgi_app(self) -> WSGIApp:
        vendor = self

        def application(environ: dict, start_response: Any) -> Any:
            from mockserver.vendors.severa.endpoint import Endpoint

            return Endpoint(vendor, vendor.soap)(environ, start_response)

        return application

    # -- the request pipeline (``auth``; ``endpoint`` runs the steps) -------------------------------
    def read_credentials(self, request: Any) -> Any:
        from mockserver.vendors.severa.auth import read_credentials

        return read_credentials(self, request)

    def seed(self, data: VendorData, fixtures: dict[str, list[dict]], tenant: Tenant) -> None:
        from mockserver.vendors.severa.entities import seed

        seed(data, fixtures, tenant.id)

    def load_snapshot(self, data: VendorData, collections: dict[str, list[dict]], tenant: Tenant) -> None:
        """As seeding, but the GUIDs stay as saved: a snapshot is this tenant's world, not a seed
        shared with others."""
        from mockserver.vendors.severa.entities import seed

        seed(data, collections, tenant.id, rename=False)

    def snapshot_collections(self) -> set[str]:
        """Every stored entity kind's collection."""
        from mockserver.vendors.severa.entities import kinds

        return {name for name, _unique in kinds().values()} | super().snapshot_collections()

    def request_facts(self, body: bytes) -> dict[str, Any]:
        from mockserver.vendors.severa.journal_facts import request_facts

        return request_facts(body)

    def admin_blueprint(self) -> Any:
        from mockserver.vendors.severa.admin import blueprint

        return blueprint(self)


def _full_rights() -> dict[str, str]:
    """``access_rights``: every contract ``read+write`` (``rights``); listing them all makes the
    knob self-describing and lets the settings check refuse a contract name that does not exist."""
    from mockserver.vendors.severa import catalog
    from mockserver.vendors.severa.rights import READ_WRITE

    return dict.fromkeys(catalog.load().contracts, READ_WRITE)


VENDOR = SeveraVendor
