"""Workspace API v1 (Offertes / quotations): Dutch business software with a CakePHP-style JSON
envelope, Basic auth with the literal user ``token``, and form-encoded POST bodies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from mockserver.core.vendor import Vendor

#: the vendor's name in URLs, settings and the admin API: spelled here only
NAME = "workspace"
#: the real API's root below the mock prefix
BASE_PATH = "/api/v1"

if TYPE_CHECKING:
    from mockserver.core.store import VendorData
    from mockserver.core.tenants import Tenant

#: every right a token can carry; a tenant's token has them all unless settings say otherwise
ALL_RIGHTS = [
    "Quotations.read",
    "Quotations.write",
    "Contacts.read",
    "Contacts.write",
    "Projects.read",
    "Projects.write",
]


class WorkspaceVendor(Vendor):
    name = NAME
    title = "Workspace API v1 (Offertes)"
    prefix = "/workspace"
    base_path = BASE_PATH
    hostnames = ("api.workspace.nl",)
    locale = "nl_NL"
    demo_credentials: ClassVar[dict[str, str]] = {"token": "demo-token"}
    identifying_credentials = ("token",)
    contract_file = "workspace.openapi.yaml"
    #: a read depends on its Basic credentials (the token) only
    replay_headers = ("Authorization",)
    default_settings: ClassVar[dict[str, Any]] = {
        "rights": list(ALL_RIGHTS),
        "default_depth": 0,
        "unknown_fields": "reject",
        "create_status": 201,
        "empty_collection_404": True,
        "sent_status": 2,
        "timezone": "Europe/Amsterdam",
        "sender_name": "Workspace Demo B.V.",
        "sender_email": "offertes@workspace-demo.nl",
        "mail_layout": "Standaard e-mail",
    }

    extra_collections = ("outbox",)

    # -- the request pipeline (``auth``) -------------------------------------------------------------
    def read_credentials(self, request: Any) -> Any:
        from mockserver.vendors.workspace.auth import read_credentials

        return read_credentials(self, request)

    def needs_credentials(self, request: Any) -> bool:
        """Every matched call but OPTIONS, which answers without authentication [doc]."""
        return request.method != "OPTIONS" and request.url_rule is not None

    def seed(self, data: VendorData, fixtures: dict[str, list[dict]], tenant: Tenant) -> None:
        from mockserver.vendors.workspace.models import seed

        seed(data, fixtures)


VENDOR = WorkspaceVendor
