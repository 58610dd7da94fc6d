"""What every Robaws handler reads first: the bound tenant's data, the mock clock's time, the JSON
body - shared by the resource routes and the webhook-endpoint routes."""

from __future__ import annotations

from typing import Any

from mockserver.core.clock import iso_utc
from mockserver.core.http import context, replayable, request, server, tenant
from mockserver.core.store import VendorData
from mockserver.vendors.robaws import NAME, patching
from mockserver.vendors.robaws.auth import Principal
from mockserver.vendors.robaws.settings import RobawsSettings, for_tenant


def principal() -> Principal:
    """Who is calling: the API user or OAuth client the credential reader found."""
    return context().principal


def rules() -> RobawsSettings:
    """The tenant's Robaws settings, parsed (once per settings change)."""
    return for_tenant(tenant())


def data() -> VendorData:
    return tenant().data(NAME)


def read() -> VendorData:
    """The data, for a read whose answer may be replayed while it is unchanged - unless a
    rate-limit bucket (its header counts down) or an expiring OAuth token (the same header
    turns 401 as the clock moves) makes each answer its own."""
    store = data()
    if principal().scopes is None and not rules().rate_limited:
        replayable(store)
    return store


def now() -> str:
    return iso_utc(server().clock.now())


def body() -> Any:
    """The JSON body of a POST or PUT (415 unless declared JSON, 400 unless it parses)."""
    patching.require_json(request.content_type)
    return patching.read_json(request.get_data(cache=True))
