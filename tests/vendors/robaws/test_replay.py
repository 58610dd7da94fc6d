"""Replayed reads in Robaws (``core.replay``), over HTTP: with the rate limit lifted, a repeated
Basic-auth read is answered again without running the vendor's application, and every change that
could alter the answer (a write, a permission, turning the limit back on) does alter it. Bearer
tokens expire on the mock clock, so their reads are never replayed."""

from __future__ import annotations

import pytest

from tests.vendors.robaws.test_oauth import REDIRECT, bearer, code_for, token


def replayed(robaws, path: str) -> list[bool]:
    entries = robaws.admin.journal(tenant=robaws.tenant.id, vendor="robaws")
    return [e["replayed"] for e in entries if e["path"].endswith(path) and e["method"] == "GET"]


@pytest.fixture
def unlimited(robaws):
    robaws.settings({"rate_limit": {"enabled": False}})
    return robaws


def test_a_repeated_page_is_replayed_until_a_write(unlimited):
    robaws = unlimited
    first = robaws.get("/clients?page=0&size=100")
    again = robaws.get("/clients?page=0&size=100")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and "x-ratelimit-remaining" not in again.headers
    created = robaws.post("/clients", json={"name": "Replay BV"})
    assert created.status_code == 201
    after = robaws.get("/clients?page=0&size=100").json()
    assert after["totalItems"] == first.json()["totalItems"] + 1
    assert after["items"][-1]["name"] == "Replay BV"
    one = robaws.get(f"/clients/{created.json()['id']}")
    assert robaws.get(f"/clients/{created.json()['id']}").content == one.content
    assert replayed(robaws, "/clients") == [False, True, False]
    assert replayed(robaws, f"/clients/{created.json()['id']}") == [False, True]


def test_a_permission_change_is_seen_at_once(unlimited):
    robaws = unlimited
    assert robaws.get("/clients?size=1").status_code == 200
    assert robaws.get("/clients?size=1").status_code == 200
    robaws.settings({"permissions": {"denied_modules": ["clients"]}})
    assert robaws.get("/clients?size=1").status_code == 403


@pytest.mark.usefixtures("frozen_clock")  # the bucket refills with mock time, not with a slow machine
def test_turning_the_rate_limit_back_on_counts_every_read(unlimited):
    robaws = unlimited
    robaws.get("/clients?size=1")
    robaws.get("/clients?size=1")
    robaws.settings({"rate_limit": {"enabled": True}})
    remaining = [robaws.get("/clients?size=1").headers["x-ratelimit-remaining"] for _ in range(3)]
    assert remaining == ["19", "18", "17"]
    assert replayed(robaws, "/clients") == [False, True, False, False, False]


@pytest.mark.usefixtures("frozen_clock")
def test_bearer_reads_are_never_replayed_and_expire_on_the_clock(unlimited, mock_admin):
    robaws = unlimited
    code = code_for(robaws)
    access = token(robaws, grant_type="authorization_code", code=code, redirect_uri=REDIRECT).json()
    assert bearer(robaws, access["access_token"]).status_code == 200
    assert bearer(robaws, access["access_token"]).status_code == 200
    assert replayed(robaws, "/clients") == [False, False]
    mock_admin.advance(3600)
    assert bearer(robaws, access["access_token"]).status_code == 401
