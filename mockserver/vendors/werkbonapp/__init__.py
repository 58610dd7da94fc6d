"""WerkbonApp (OutSmart) Open API: Dutch field-service work orders.

Real API: ``https://www.werkbonapp.nl/openapi/8/`` (also ``app.out-smart.com``); in the mock:
``/werkbonapp/openapi/8/``. Credentials are the ``token`` and ``software_token`` query parameters.
"""

from __future__ import annotations

from typing import Any, ClassVar

from mockserver.core.store import VendorData
from mockserver.core.tenants import Tenant
from mockserver.core.vendor import Vendor

#: the vendor's name in URLs, settings and the admin API: spelled here only
NAME = "werkbonapp"
#: the real API's root below the mock prefix
BASE_PATH = "/openapi/8"


class WerkbonApp(Vendor):
    name = NAME
    title = "WerkbonApp (OutSmart) Open API"
    prefix = "/werkbonapp"
    base_path = BASE_PATH
    hostnames = ("www.werkbonapp.nl", "app.out-smart.com")
    locale = "nl_NL"
    demo_credentials: ClassVar[dict[str, str]] = {
        "token": "demo-token",
        "software_token": "demo-software-token",
    }
    identifying_credentials = ("token",)
    #: a replayable read (``functions.replayable``) depends on the Bearer form of the token and, when
    #: the tenant requires https, on the proxy's scheme header
    replay_headers = ("Authorization", "X-Forwarded-Proto")
    default_settings: ClassVar[dict[str, Any]] = {
        #: answer 1006 to plain-http calls (the real API refuses them; off for local use)
        "require_https": False,
        #: a posted WorkorderNo that exists: "update" that order, or "new" (always a new row)
        "duplicate_workorder_no": "update",
        #: decimal separator of computed amounts (MaterialTotalPrice): "," (as the Blueprint's
        #: worked read form, "0,00") or "."
        "decimal_separator": ",",
        #: a "living" sandbox: Klaargezet/Opgehaald orders step forward on their own
        "progression": {"enabled": False, "after_fetches": 0, "after_seconds": 0},
    }
    contract_file = "werkbonapp.openapi.yaml"

    # -- the request pipeline (``auth``, ``routes.needs_credentials``) ------------------------------
    def read_credentials(self, request: Any) -> Any:
        from mockserver.vendors.werkbonapp.auth import read_credentials

        return read_credentials(self, request)

    def needs_credentials(self, request: Any) -> bool:
        from mockserver.vendors.werkbonapp.routes import needs_credentials

        return needs_credentials(request)

    def generate_fixtures(self, seed: int) -> dict[str, list[dict]]:
        from mockserver.vendors.werkbonapp.fixtures import generate

        return generate(self.locale, seed)

    def seed(self, data: VendorData, fixtures: dict[str, list[dict]], tenant: Tenant) -> None:
        """Load through the vendor's own collections, so their unique indexes exist from the start."""
        from mockserver.vendors.werkbonapp import masterdata, workorders
        from mockserver.vendors.werkbonapp.entities import BY_NAME

        for name, records in fixtures.items():
            entity = BY_NAME.get(name)
            table = masterdata.collection(data, entity) if entity else workorders.collection(data)
            table.insert_many(records)

    def snapshot_collections(self) -> set[str]:
        """Every master-data entity and the work orders."""
        from mockserver.vendors.werkbonapp.entities import BY_NAME
        from mockserver.vendors.werkbonapp.workorders import COLLECTION

        return {*BY_NAME, COLLECTION}


VENDOR = WerkbonApp
