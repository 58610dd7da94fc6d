"""Admin bodies mean what they say (found by the contract fuzzer): a JSON ``null`` is not an empty
object and a body of whitespace is not an absent body; both are refused with 400, while an
operation whose body is optional still accepts no body at all."""

from __future__ import annotations

import pytest


@pytest.fixture
def admin(mockserver, mock_http):
    def call(method: str, path: str, body: bytes):
        return mock_http.request(
            method, f"{mockserver.url}/_mock{path}", data=body, headers={"Content-Type": "application/json"}
        )

    return call


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PATCH", "/tenants/{tenant}/settings"),
        ("PUT", "/clock"),
        ("POST", "/clock/advance"),
        ("POST", "/faults"),
        ("POST", "/tenants"),
    ],
)
@pytest.mark.parametrize("body", [b"null", b"\n", b"  \t "])
def test_null_or_blank_bodies_are_refused(admin, mock_tenant, mock_admin, method, path, body):
    settings_before = mock_admin.settings(mock_tenant.id)
    clock_before = mock_admin.call("GET", "/clock")
    answer = admin(method, path.format(tenant=mock_tenant.id), body)
    assert answer.status_code == 400 and answer.json()["error"]
    assert mock_admin.settings(mock_tenant.id) == settings_before
    assert mock_admin.call("GET", "/clock")["frozen"] == clock_before["frozen"]
    assert mock_admin.call("GET", "/faults") == {"faults": []}


def test_an_absent_optional_body_is_still_accepted(admin):
    created = admin("POST", "/tenants", b"")
    assert created.status_code == 201
    assert admin("DELETE", f"/tenants/{created.json()['id']}", b"").status_code == 204
    assert admin("PUT", "/clock", b"").status_code == 200
