"""What every Robaws handler reads first: the bound tenant's data, the mock clock's time, the JSON
body - shared by the resource routes and the webhook-endpoint routes."""

from __future__ import annotations

from typing import Any

from flask import g, request

from mockserver.core.clock import iso_utc
from mockserver.core.http import replayable, server, tenant
from mockserver.core.store import VendorData
from mockserver.vendors.robaws import patching

VENDOR = "robaws"


def data() -> VendorData:
    return tenant().data(VENDOR)


def read() -> VendorData:
    """The data, for a read whose answer may be replayed while it is unchanged - unless a
    rate-limit bucket (its header counts down) or an expiring OAuth token (the same header
    turns 401 as the clock moves) makes each answer its own."""
    store = data()
    if g.robaws_principal.scopes is None and not g.robaws_config.rate_limited:
        replayable(store)
    return store


def now() -> str:
    return iso_utc(server().clock.now())


def body() -> Any:
    """The JSON body of a POST or PUT (415 unless declared JSON, 400 unless it parses)."""
    patching.require_json(request.content_type)
    return patching.read_json(request.get_data(cache=True))
