"""IAPI: the service's own version strings (tenant settings ``api_version``, ``entity_schema_version``)."""

from __future__ import annotations

from mockserver.vendors.severa.operations import Call, handles


@handles("GetVersion", empty_because="the tenant's api_version setting: no entity to keep")
def get_version(call: Call) -> str:
    return str(call.settings["api_version"])


@handles(
    "GetEntitySchemaVersion", empty_because="the tenant's entity_schema_version setting: no entity to keep"
)
def get_entity_schema_version(call: Call) -> str:
    return str(call.settings["entity_schema_version"])
