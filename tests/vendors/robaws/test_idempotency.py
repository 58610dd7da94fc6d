"""Idempotency keys: replay of successes, failures not stored, concurrency, mismatch, limits, TTL."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import requests


def count_named(robaws, name):
    items = robaws.get("/clients?size=100").json()["items"]
    return sum(1 for c in items if c["name"] == name)


def test_retry_with_the_same_key_replays_the_same_entity(robaws):
    body = {"name": "Retry BV"}
    first = robaws.post("/clients", json=body, headers={"x-robaws-idempotency-key": "order-1"})
    second = robaws.post("/clients", json=body, headers={"x-robaws-idempotency-key": "order-1"})
    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    assert count_named(robaws, "Retry BV") == 1
    assert "x-ratelimit-remaining" in second.headers


def test_idempotency_key_header_alias_works_too(robaws):
    headers = {"Idempotency-Key": "alias-1"}
    first = robaws.post("/clients", json={"name": "Alias BV"}, headers=headers)
    second = robaws.post("/clients", json={"name": "Alias BV"}, headers=headers)
    assert first.content == second.content
    assert count_named(robaws, "Alias BV") == 1


def test_failed_first_attempt_is_not_stored(robaws):
    headers = {"x-robaws-idempotency-key": "fix-and-retry"}
    failed = robaws.post(
        "/clients", data=json.dumps({"name": 5}), headers={**headers, "Content-Type": "application/json"}
    )
    assert failed.status_code == 400
    retried = robaws.post(
        "/clients", data=json.dumps({"name": 5}), headers={**headers, "Content-Type": "application/json"}
    )
    assert retried.status_code == 400  # ran again, not a replay of a stored failure
    assert robaws.put("/clients/1", json={}, headers={"x-robaws-idempotency-key": "put-1"}).status_code == 400
    assert (
        robaws.put(
            "/clients/1", json={"name": "Ok"}, headers={"x-robaws-idempotency-key": "put-1"}
        ).status_code
        == 204
    )


def test_same_key_with_another_body_is_422_or_configured(robaws):
    headers = {"x-robaws-idempotency-key": "k-2"}
    assert robaws.post("/clients", json={"name": "One"}, headers=headers).status_code == 201
    clash = robaws.post("/clients", json={"name": "Two"}, headers=headers)
    assert clash.status_code == 422
    assert "different request" in clash.json()["message"]
    robaws.settings({"idempotency": {"mismatch_status": 409}})
    assert robaws.post("/clients", json={"name": "Two"}, headers=headers).status_code == 409
    assert count_named(robaws, "Two") == 0


def test_key_longer_than_128_is_400_and_get_ignores_keys(robaws):
    too_long = robaws.post("/clients", json={"name": "X"}, headers={"Idempotency-Key": "k" * 129})
    assert too_long.status_code == 400
    assert (
        robaws.post("/clients", json={"name": "Max"}, headers={"Idempotency-Key": "k" * 128}).status_code
        == 201
    )
    assert robaws.get("/clients/1", headers={"Idempotency-Key": "k" * 500}).status_code == 200


def test_a_key_too_long_beside_a_valid_one_is_400_too(robaws):
    """Fuzzer finding: with both header names, a 129-character ``Idempotency-Key`` was ignored
    because ``x-robaws-idempotency-key`` came first."""
    for short_name, long_name in (
        ("x-robaws-idempotency-key", "Idempotency-Key"),
        ("Idempotency-Key", "x-robaws-idempotency-key"),
    ):
        headers = {short_name: "ok", long_name: "k" * 129}
        answer = robaws.post("/clients", json={"name": "Both keys BV"}, headers=headers)
        assert answer.status_code == 400 and "1 to 128 characters" in answer.json()["message"]
    assert count_named(robaws, "Both keys BV") == 0


def test_keys_expire_after_24_hours_on_the_clock(robaws, mock_admin):
    headers = {"x-robaws-idempotency-key": "expiring"}
    first = robaws.post("/clients", json={"name": "Expiring BV"}, headers=headers)
    mock_admin.advance(24 * 3600 + 1)
    second = robaws.post("/clients", json={"name": "Expiring BV"}, headers=headers)
    assert second.status_code == 201 and second.json()["id"] != first.json()["id"]
    assert count_named(robaws, "Expiring BV") == 2


def test_50_concurrent_posts_with_one_key_create_exactly_one_entity(robaws):
    robaws.settings({"rate_limit": {"enabled": False}})
    url = robaws.base + "/clients"
    body = json.dumps({"name": "Concurrent BV"})
    headers = {"Content-Type": "application/json", "x-robaws-idempotency-key": "same-for-all"}

    def post(_n):
        with requests.Session() as session:
            answer = session.post(url, data=body, headers=headers, auth=robaws.auth, timeout=30)
            return answer.status_code, answer.content

    with ThreadPoolExecutor(max_workers=25) as pool:
        results = list(pool.map(post, range(50)))
    statuses = [s for s, _ in results]
    assert set(statuses) <= {201, 409}
    created = {content for status, content in results if status == 201}
    assert len(created) == 1  # every success is the same replayed answer
    assert count_named(robaws, "Concurrent BV") == 1
    conflict = next((c for s, c in results if s == 409), None)
    if conflict is not None:
        assert json.loads(conflict)["status"] == 409


def test_kept_answers_are_bounded_in_keys_oldest_evicted_first(robaws):
    robaws.settings({"idempotency": {"max_keys": 3}})
    first = [
        robaws.post("/clients", json={"name": "Capped"}, headers={"Idempotency-Key": f"cap-{i}"})
        for i in range(4)
    ]
    assert count_named(robaws, "Capped") == 4
    newest = robaws.post("/clients", json={"name": "Capped"}, headers={"Idempotency-Key": "cap-3"})
    assert newest.content == first[3].content  # still kept: replayed
    oldest = robaws.post("/clients", json={"name": "Capped"}, headers={"Idempotency-Key": "cap-0"})
    assert oldest.status_code == 201 and oldest.json()["id"] != first[0].json()["id"]  # evicted: runs again
    assert count_named(robaws, "Capped") == 5


def test_kept_answers_are_bounded_in_bytes(robaws):
    robaws.settings({"idempotency": {"max_bytes": 1500}})
    long_name = "B" * 300
    first = [
        robaws.post("/clients", json={"name": long_name}, headers={"Idempotency-Key": f"b-{i}"})
        for i in range(4)
    ]
    newest = robaws.post("/clients", json={"name": long_name}, headers={"Idempotency-Key": "b-3"})
    assert newest.content == first[3].content  # within the byte cap: replayed
    oldest = robaws.post("/clients", json={"name": long_name}, headers={"Idempotency-Key": "b-0"})
    assert oldest.status_code == 201 and oldest.json()["id"] != first[0].json()["id"]  # evicted: runs again
