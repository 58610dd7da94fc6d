"""IAPI: the service's own version strings (tenant settings ``api_version``, ``entity_schema_version``)."""

from __future__ import annotations

from mockserver.vendors.severa.operations import Call, handles


@handles("GetVersion")
def get_version(call: Call) -> str:
    return str(call.settings["api_version"])


@handles("GetEntitySchemaVersion")
def get_entity_schema_version(call: Call) -> str:
    return str(call.settings["entity_schema_version"])
