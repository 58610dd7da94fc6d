"""What vendor admin blueprints share: finding the tenant and answering like the rest of /_mock
(``common``, re-exported here for the vendors' admin modules)."""

from __future__ import annotations

from mockserver.admin.common import (
    AdminError,
    admin_server,
    admin_tenant,
    error,
    json_body,
    json_object,
    no_content,
)

__all__ = ["AdminError", "admin_server", "admin_tenant", "error", "json_body", "json_object", "no_content"]
