"""A tenant's runtime state (``Tenant.runtime``) stays within its documented bound in bytes under
hostile reads: unique and 250 KB query strings, on a vendor that keeps pages and rate-limit buckets."""

from __future__ import annotations

import base64

from werkzeug.test import Client

from mockserver.app import MockServer
from mockserver.config import Config

MIB = 1024 * 1024


def test_runtime_state_of_a_hammered_tenant_stays_within_its_bound():
    app = MockServer(Config(vendors=["robaws"]))
    client = Client(app)
    tenant = client.post("/_mock/tenants", json={"name": "hammered"}).json
    client.patch(
        f"/_mock/tenants/{tenant['id']}/settings", json={"robaws": {"rate_limit": {"enabled": False}}}
    )
    creds = tenant["credentials"]["robaws"]
    auth = "Basic " + base64.b64encode(f"{creds['api_key']}:{creds['api_secret']}".encode()).decode()

    def page(query: str) -> int:
        return client.get(
            f"/robaws/api/v2/clients?page=0&size=100&{query}", headers={"Authorization": auth}
        ).status_code

    assert all(page(f"pad={n}" + "x" * 250_000) == 200 for n in range(3))
    assert all(page(f"n={n}") == 200 for n in range(120))
    held = app.tenants.get(tenant["id"]).runtime_bytes()
    # pages (1 MiB) and one rate limiter (4,096 buckets of 256 bytes, 1 MiB) at most
    assert MIB // 2 < held <= 2 * MIB
