"""Authentication, module permissions, Host-header dispatch, and platform-level failures in the
Spring error shape."""

from __future__ import annotations

import requests

SPRING_KEYS = ["timestamp", "status", "error", "path", "correlationId", "serverVersion"]


def test_missing_or_wrong_credentials_are_401(robaws):
    anonymous = robaws.get("/clients", auth=None)
    assert anonymous.status_code == 401
    assert list(anonymous.json()) == SPRING_KEYS
    assert anonymous.headers["WWW-Authenticate"].startswith("Basic")
    assert robaws.get("/clients", auth=(robaws.auth[0], "wrong")).status_code == 401
    assert robaws.get("/clients", auth=("nobody", "x")).status_code == 401
    assert robaws.get("/clients", headers={"Authorization": "Basic !!!"}, auth=None).status_code == 401
    assert robaws.get("/clients", headers={"Authorization": "Bearer nope"}, auth=None).status_code == 401


def test_denied_module_is_403_on_that_module_only(robaws):
    robaws.settings({"permissions": {"denied_modules": ["articles"]}})
    denied = robaws.get("/articles")
    assert denied.status_code == 403
    body = denied.json()
    assert list(body) == SPRING_KEYS and body["status"] == 403 and body["path"] == "/api/v2/articles"
    assert robaws.patch("/articles/1", {"name": "x"}).status_code == 403
    assert robaws.get("/clients").status_code == 200


def test_demo_credentials_and_real_host_header(mockserver, mock_http):
    auth = ("DEMOAPIKEY0000000000", "demo-api-secret")
    answer = mock_http.get(
        f"{mockserver.url}/api/v2/projects/1", headers={"Host": "app.robaws.com"}, auth=auth
    )
    assert answer.status_code == 200 and answer.json()["id"] == "1"


def test_oversized_body_is_413_in_spring_shape(robaws, mockserver):
    limit = mockserver.app.config.max_body_bytes if mockserver.app else 5 * 1024 * 1024
    answer = robaws.post("/clients", data=b"x" * (limit + 1), headers={"Content-Type": "application/json"})
    assert answer.status_code == 413
    assert answer.json()["status"] == 413


def test_absurd_query_values_do_not_crash(robaws):
    for query in ("page=abc", "size=-5", "sort=%00:asc", "include=" + "a." * 200, "updatedFrom=2024-13-45"):
        answer = robaws.get(f"/clients?{query}")
        assert answer.status_code in (200, 400), query
    deep = robaws.post(
        "/clients", data=b"[" * 5000 + b"]" * 5000, headers={"Content-Type": "application/json"}
    )
    assert deep.status_code == 400


def test_unknown_api_path_is_404_after_auth(robaws):
    answer = requests.get(robaws.base + "/no-such-thing", auth=robaws.auth, timeout=10)
    assert answer.status_code == 404 and answer.json()["status"] == 404
