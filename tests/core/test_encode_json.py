"""The JSON every vendor answer is encoded with (``core.http.encode_json``): the same bytes the
standard library writes compactly without ASCII escaping, whichever encoder does the work."""

from __future__ import annotations

import json

import pytest

from mockserver.core.http import encode_json, json_response


def standard(body: object) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Bakkerij De Korenaar", "city": "Gent", "tel": "+32 9 123 45 67"},
        {"ü": "Žilina - čaj 😀 ß", "quote": 'a "b" \\ c', "control": "\x01\n\t"},
        [0, -1, 2**63 - 1, -(2**63), 0.0, 1.5, -0.25, 12.34, 0.0001, 123456.789, 1e15],
        {"nested": [{"a": None, "b": True, "c": False}, [], {}], "order": {"z": 1, "a": 2}},
        {1: "int keys", 2: ["as strings"]},
    ],
    ids=["plain", "unicode", "numbers", "nested", "int-keys"],
)
def test_the_same_bytes_as_the_standard_library(body: object):
    assert encode_json(body) == standard(body)


def test_what_orjson_refuses_is_still_encoded():
    body = {"big": 2**70, "small": -(2**65)}
    assert (
        encode_json(body) == standard(body) == b'{"big":1180591620717411303424,"small":-36893488147419103232}'
    )


def test_a_response_carries_the_encoded_bytes():
    response = json_response({"naam": "Jansen & Zn."}, 201)
    assert response.status_code == 201 and response.mimetype == "application/json"
    assert response.get_data() == b'{"naam":"Jansen & Zn."}'
