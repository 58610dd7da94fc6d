"""Token bucket: burst 20, 15 per second, per principal, on the mock clock; 429 with an empty body."""

from __future__ import annotations

import pytest


@pytest.mark.usefixtures("frozen_clock")
def test_burst_of_25_lets_20_through_then_refills_with_the_clock(robaws, mock_admin):
    answers = [robaws.get("/projects?size=1") for _ in range(25)]
    statuses = [a.status_code for a in answers]
    assert statuses == [200] * 20 + [429] * 5
    assert [int(a.headers["x-ratelimit-remaining"]) for a in answers[:20]] == list(range(19, -1, -1))
    refused = answers[-1]
    assert refused.content == b"" and "Retry-After" not in refused.headers
    assert refused.headers["x-ratelimit-remaining"] == "0"
    assert refused.headers["X-RateLimit-Burst-Capacity"] == "20"
    assert refused.headers["X-RateLimit-Replenish-Rate"] == "15"
    journal = mock_admin.journal(tenant=robaws.tenant.id, vendor="robaws")
    assert [e["status"] for e in journal] == statuses  # the refusals are the tenant's too
    mock_admin.advance(1)
    refilled = [robaws.get("/projects?size=1").status_code for _ in range(16)]
    assert refilled == [200] * 15 + [429]


@pytest.mark.usefixtures("frozen_clock")
def test_bucket_is_configurable_per_tenant(robaws, mock_admin):
    robaws.settings({"rate_limit": {"burst_capacity": 3, "replenish_rate": 1}})
    assert [robaws.get("/clients/1").status_code for _ in range(4)] == [200, 200, 200, 429]
    mock_admin.advance(1)
    assert robaws.get("/clients/1").status_code == 200
    robaws.settings({"rate_limit": {"enabled": False}})
    answers = [robaws.get("/clients/1") for _ in range(25)]
    assert {a.status_code for a in answers} == {200}


@pytest.mark.usefixtures("frozen_clock")
def test_buckets_are_per_principal(robaws, mock_admin):
    robaws.settings({"rate_limit": {"burst_capacity": 1}})
    assert robaws.get("/clients/1").status_code == 200
    assert robaws.get("/clients/1").status_code == 429
    other = mock_admin.create_tenant(name="other principal")
    try:
        creds = other.credentials["robaws"]
        answer = robaws.http.get(
            other.base_urls["robaws"] + "/clients/1", auth=(creds["api_key"], creds["api_secret"])
        )
        assert answer.status_code == 200
    finally:
        mock_admin.delete_tenant(other.id)
