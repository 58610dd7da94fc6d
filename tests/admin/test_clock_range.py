"""The mock clock stays where every clock answer is valid: ``PUT /_mock/clock`` refuses an instant
before 1970 or after 2999 (a year like 669 used to make every answer render ``669-01-01T...``,
which is not ISO-8601), and ``POST /_mock/clock/advance`` refuses to pass 2999."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
RANGE = "the clock stays between 1970-01-01T00:00:00.000Z and 2999-12-31T23:59:59.000Z"


@pytest.fixture
def admin(mockserver, mock_http):
    base = mockserver.url + "/_mock"

    def call(method: str, path: str, **kwargs):
        return mock_http.request(method, base + path, **kwargs)

    before = call("GET", "/clock").json()
    yield call
    call("PUT", "/clock", json=before)


@pytest.mark.parametrize(
    "now",
    [
        "0669-03-01T12:00:00Z",
        "0001-01-01T00:00:00+01:00",
        "1969-12-31T23:59:59.999Z",
        "3000-01-01T00:00:00Z",
        "9999-12-31T23:59:59-05:00",
    ],
)
def test_an_instant_outside_the_range_is_refused_and_the_clock_stays_valid(admin, now):
    before = admin("GET", "/clock").json()
    refused = admin("PUT", "/clock", json={"now": now, "frozen": True})
    assert refused.status_code == 400
    assert refused.json() == {"error": RANGE}
    after = admin("GET", "/clock").json()
    assert after["frozen"] == before["frozen"] and ISO.match(after["now"])
    assert datetime.fromisoformat(after["now"]).year >= 2020


def test_the_bounds_themselves_render_as_iso_8601(admin):
    earliest = admin("PUT", "/clock", json={"now": "1970-01-01T00:00:00Z", "frozen": True})
    assert earliest.json() == {"now": "1970-01-01T00:00:00.000Z", "frozen": True}
    latest = admin("PUT", "/clock", json={"now": "2999-12-31T23:59:59Z", "frozen": True})
    assert latest.json() == {"now": "2999-12-31T23:59:59.000Z", "frozen": True}


def test_advancing_past_the_range_is_refused_and_does_not_move_the_clock(admin):
    admin("PUT", "/clock", json={"now": "2999-06-01T00:00:00Z", "frozen": True})
    refused = admin("POST", "/clock/advance", json={"seconds": 366 * 86400})
    assert refused.status_code == 400 and refused.json() == {"error": RANGE}
    assert admin("GET", "/clock").json() == {"now": "2999-06-01T00:00:00.000Z", "frozen": True}
    moved = admin("POST", "/clock/advance", json={"seconds": 86400})
    assert moved.json() == {"now": "2999-06-02T00:00:00.000Z", "frozen": True}
