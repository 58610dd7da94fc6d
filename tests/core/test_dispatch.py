"""A vendor's Flask application served by ``core.dispatch``: what Flask itself would answer.

The vendor apps are declared with Flask's decorators and served without Flask's per-request
context; these are the answers a client could tell apart if the dispatch differed from Flask's:
the order of authentication and routing errors, 405 with ``Allow``, automatic OPTIONS, HEAD,
trailing slashes, non-ASCII paths and a handler that crashes.
"""

from __future__ import annotations

from werkzeug.test import Client

TOKEN = "?token=demo-echo-token"


def test_authentication_runs_before_a_routing_error(echo: Client) -> None:
    # Flask runs the before-request hooks (the pipeline's authenticate step) first, then raises
    # the routing error: an unknown path without credentials is a 401, with them a 404
    assert echo.get("/echo/api/nowhere").status_code == 401
    found = echo.get(f"/echo/api/nowhere{TOKEN}")
    assert found.status_code == 404
    assert found.json == {"echo_error": found.json["echo_error"], "kind": "not_found"}


def test_a_wrong_method_is_a_405_in_the_vendor_shape_with_allow(echo: Client) -> None:
    answer = echo.delete(f"/echo/api/things{TOKEN}")
    assert answer.status_code == 405
    assert answer.json["kind"] == "method_not_allowed"
    assert set(answer.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_options_is_answered_with_the_methods_of_that_path(echo: Client) -> None:
    things = echo.options(f"/echo/api/things{TOKEN}")
    assert things.status_code == 200 and things.data == b""
    assert set(things.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}
    one = echo.options(f"/echo/api/things/1{TOKEN}")
    assert set(one.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_head_has_the_headers_of_get_and_no_body(echo: Client) -> None:
    get, head = echo.get(f"/echo/api/things/1{TOKEN}"), echo.head(f"/echo/api/things/1{TOKEN}")
    assert head.status_code == get.status_code == 200
    assert head.data == b"" and get.json["id"] == 1
    assert head.headers["Content-Type"] == get.headers["Content-Type"] == "application/json"


def test_a_trailing_slash_reaches_the_same_route(echo: Client) -> None:
    assert echo.get(f"/echo/api/things/{TOKEN}").json == echo.get(f"/echo/api/things{TOKEN}").json


def test_a_non_ascii_path_is_matched_as_utf8(echo: Client) -> None:
    answer = echo.get(f"/echo/api/things/caf%C3%A9{TOKEN}")
    assert answer.status_code == 404 and answer.json == {"echo_error": "not found"}


def test_requests_under_many_host_names_are_all_answered(echo: Client) -> None:
    # URL adapters are kept per host; the Host header is the client's, so the cache is bounded
    for n in range(100):
        answer = echo.get(f"/echo/api/things/2{TOKEN}", headers={"Host": f"host{n}.example"})
        assert answer.status_code == 200 and answer.json["id"] == 2


def test_a_crashing_handler_is_a_500_in_the_vendor_shape(echo: Client) -> None:
    answer = echo.get(f"/echo/api/crash{TOKEN}")
    assert answer.status_code == 500
    assert answer.json == {"echo_error": "Internal server error", "kind": "internal"}
