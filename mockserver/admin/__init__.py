"""The ``/_mock`` admin API (normative: see DESIGN.md and ``contracts/admin.openapi.yaml``)."""

from mockserver.admin.routes import create_admin_app

__all__ = ["create_admin_app"]
