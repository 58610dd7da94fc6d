"""FLOWii REST API (Slovak/Hungarian business software): JSON:API resources scoped per company,
OAuth2 password grant with an ``Api-Key`` header, Bearer tokens that expire after ten minutes."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any, ClassVar

from mockserver.core.vendor import Vendor

#: the vendor's name in URLs, settings and the admin API: spelled here only
NAME = "flowii"
#: the real API's root below the mock prefix
BASE_PATH = ""

from mockserver.vendors.flowii.tokens import TokenBook  # noqa: E402 - after NAME, which it imports

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.core.store import VendorData
    from mockserver.core.tenants import Tenant


class FlowiiVendor(Vendor):
    name = NAME
    title = "FLOWii REST API"
    prefix = "/flowii"
    base_path = BASE_PATH
    hostnames = ("api.flowii.com",)
    locale = "sk_SK"
    demo_credentials: ClassVar[dict[str, str]] = {
        "api_key": "demo-api-key",
        "username": "demo@example.com",
        "password": "demo-password",
    }
    identifying_credentials = ("api_key",)
    #: a replayable read (rate limit off) depends on the API key and the Bearer token
    replay_headers = ("Api-Key", "Authorization")
    default_settings: ClassVar[dict[str, Any]] = {
        "token_ttl_seconds": 600,
        "rate_limit": {"enabled": True, "capacity": 120, "refill_per_second": 2.0},
        "page_size_default": 20,
        "page_size_max": 100,
        "page_base": "first",
        "create_status": 201,
        "timezone": "Europe/Bratislava",
    }
    contract_file = "flowii.openapi.yaml"

    def __init__(self, server: MockServer) -> None:
        super().__init__(server)
        self.tokens = TokenBook(server.clock.time)

    def new_credentials(self) -> dict[str, str]:
        return {
            "api_key": secrets.token_hex(16),
            "username": f"api-{secrets.token_hex(4)}@example.com",
            "password": secrets.token_urlsafe(12),
        }

    # -- the request pipeline (``auth``) -------------------------------------------------------------
    def read_credentials(self, request: Any) -> Any:
        from mockserver.vendors.flowii.auth import read_credentials

        return read_credentials(self, request)

    def rate_rule(self, context: Any) -> Any:
        from mockserver.vendors.flowii.auth import rate_rule

        return rate_rule(context.tenant)

    def seed(self, data: VendorData, fixtures: dict[str, list[dict]], tenant: Tenant) -> None:
        from mockserver.vendors.flowii.fixtures import seed

        seed(data, fixtures)

    def warm_up(self) -> None:
        """Parse the committed fixtures once (every tenant's first call then only copies them)."""
        from mockserver.core import fixtures

        fixtures.load(self, None)

    def reset(self) -> None:
        self.tokens.clear()

    def snapshot_collections(self) -> set[str]:
        """Every JSON:API resource's collection."""
        from mockserver.vendors.flowii.resources import RESOURCES

        return set(RESOURCES) | super().snapshot_collections()


VENDOR = FlowiiVendor
