"""The vendor-agnostic pipeline, through the WSGI test client of the real application."""

from __future__ import annotations

import json

from werkzeug.test import Client

from tests.core.conftest import echo_server

TOKEN = "?token=demo-echo-token"


def test_prefix_and_real_host_reach_the_same_vendor(echo: Client):
    by_prefix = echo.get("/echo/api/things" + TOKEN)
    by_host = echo.get("/api/things" + TOKEN, headers={"Host": "api.echo.test:443"})
    assert by_prefix.status_code == by_host.status_code == 200
    assert by_prefix.data == by_host.data
    assert [t["name"] for t in by_prefix.json] == ["thing-42-1", "thing-42-2", "thing-42-3"]


def test_unknown_paths_answer_in_the_owning_vendors_shape(echo: Client):
    missing = echo.get("/echo/api/nothing-here" + TOKEN)
    assert missing.status_code == 404 and missing.json["kind"] == "not_found"
    wrong_method = echo.delete("/echo/api/things" + TOKEN)
    assert wrong_method.status_code == 405 and wrong_method.json["kind"] == "method_not_allowed"
    outside = echo.get("/nobody/here")
    assert outside.status_code == 404
    assert outside.json["vendors"] == {"echo": "/echo/api"}


def test_vendor_crash_is_rendered_and_the_server_keeps_serving(echo: Client):
    crashed = echo.get("/echo/api/crash" + TOKEN)
    assert crashed.status_code == 500
    assert crashed.json == {"echo_error": "Internal server error", "kind": "internal"}
    assert echo.get("/echo/api/things" + TOKEN).status_code == 200


def test_body_over_the_limit_is_refused_before_parsing_and_nothing_is_stored():
    app = echo_server(max_body_bytes=1000)
    client = Client(app)
    big = client.post("/echo/api/things" + TOKEN, data=b'{"name": "' + b"x" * 2000 + b'"}')
    assert big.status_code == 413 and big.json["kind"] == "too_large"
    chunked = client.post(
        "/echo/api/things" + TOKEN,
        input_stream=__import__("io").BytesIO(b"y" * 5000),
        headers={"Transfer-Encoding": "chunked"},
    )
    assert chunked.status_code == 413
    assert len(client.get("/echo/api/things" + TOKEN).json) == 3


def test_bad_bodies_get_vendor_errors(echo: Client):
    for raw, kind in ((b"\xff\xfe", "bad_encoding"), (b'{"a":', "malformed"), (b"", "empty")):
        answer = echo.post("/echo/api/things" + TOKEN, data=raw, content_type="application/json")
        assert answer.status_code == 400 and answer.json["kind"] == kind


def test_fault_header_forces_one_response_only(echo: Client):
    forced = echo.get("/echo/api/things" + TOKEN, headers={"X-Mock-Fault": "status=503"})
    assert forced.status_code == 503 and forced.json["kind"] == "fault"
    assert echo.get("/echo/api/things" + TOKEN).status_code == 200
    bad = echo.get("/echo/api/things" + TOKEN, headers={"X-Mock-Fault": "status=zzz"})
    assert bad.status_code == 400


def test_fault_rules_status_body_malformed_and_times(echo: Client):
    rule = {"vendor": "echo", "path": "/api/things", "status": 502, "body": {"custom": 1}, "times": 1}
    assert echo.post("/_mock/faults", json=rule).status_code == 201
    first = echo.get("/echo/api/things" + TOKEN)
    assert (first.status_code, first.json) == (502, {"custom": 1})
    assert echo.get("/echo/api/things" + TOKEN).status_code == 200
    echo.post("/_mock/faults", json={"vendor": "echo", "kind": "malformed", "times": 1})
    garbled = echo.get("/echo/api/things" + TOKEN)
    try:
        json.loads(garbled.data)
        parsed = True
    except ValueError:
        parsed = False
    assert garbled.status_code == 200 and not parsed
    assert garbled.headers["Content-Length"] == str(len(garbled.data))


def test_fault_rule_headers_go_with_its_status_and_body(echo: Client):
    soap = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>'
    rule = {
        "vendor": "echo",
        "status": 200,
        "body": soap,
        "headers": {"Content-Type": "text/xml; charset=utf-8", "X-RateLimit-Remaining": "7"},
        "times": 1,
    }
    created = echo.post("/_mock/faults", json=rule)
    assert created.status_code == 201 and created.json["headers"] == rule["headers"]
    answer = echo.get("/echo/api/things" + TOKEN)
    assert answer.status_code == 200 and answer.data == soap.encode()
    assert answer.headers.get_all("Content-Type") == ["text/xml; charset=utf-8"]
    assert answer.headers["X-RateLimit-Remaining"] == "7"
    assert answer.headers["Content-Length"] == str(len(soap))


def test_fault_rule_headers_without_a_body_keep_the_vendors_error(echo: Client):
    rule = {"vendor": "echo", "status": 429, "headers": {"Retry-After": "3"}, "times": 1}
    assert echo.post("/_mock/faults", json=rule).status_code == 201
    plain = echo.get("/echo/api/things" + TOKEN, headers={"X-Mock-Fault": "status=429"})
    answer = echo.get("/echo/api/things" + TOKEN)
    assert answer.status_code == 429 and answer.headers["Retry-After"] == "3"
    assert answer.data == plain.data


def test_delay_fault_shows_in_the_journal_duration(echo: Client):
    echo.get("/echo/api/things" + TOKEN, headers={"X-Mock-Fault": "delay=30"})
    entry = echo.get("/_mock/journal?limit=1").json["entries"][0]
    assert entry["duration_ms"] >= 30


def test_journal_records_tenant_status_and_bodies(echo: Client):
    echo.delete("/_mock/journal")
    echo.post("/echo/api/things" + TOKEN, json={"name": "new"})
    echo.get("/echo/api/things?token=wrong")
    entries = echo.get("/_mock/journal").json["entries"]
    assert [(e["method"], e["status"], e["tenant"]) for e in entries] == [
        ("POST", 201, "demo"),
        ("GET", 401, None),
    ]
    assert json.loads(entries[0]["request"]["body"]) == {"name": "new"}
    assert json.loads(entries[0]["response"]["body"])["name"] == "new"
    assert entries[0]["path"] == "/echo/api/things" and entries[0]["vendor"] == "echo"
    after = echo.get(f"/_mock/journal?since={entries[0]['id']}").json["entries"]
    assert [e["id"] for e in after] == [entries[1]["id"]]
    assert echo.get("/_mock/journal?tenant=demo").json["entries"][0]["id"] == entries[0]["id"]
    newest = echo.get("/_mock/journal?limit=1").json["entries"]
    assert [e["id"] for e in newest] == [entries[1]["id"]]


def test_journal_is_bounded():
    client = Client(echo_server(journal_size=5))
    for _ in range(12):
        client.get("/echo/api/things" + TOKEN)
    assert len(client.get("/_mock/journal").json["entries"]) == 5


def test_strict_mode_records_and_optionally_rejects(tmp_path, monkeypatch):
    app = echo_server(strict=True)
    calls = []

    def fake_check(vendor, environ, body):
        calls.append(environ["PATH_INFO"])
        return [{"kind": "request", "message": "token must be 32 hex"}]

    monkeypatch.setattr(app.contracts, "check_request", fake_check)
    client = Client(app)
    assert client.get("/echo/api/things" + TOKEN).status_code == 200
    assert client.get("/_mock/violations").json["violations"][0]["message"] == "token must be 32 hex"
    app.config.strict_reject = True
    refused = client.get("/echo/api/things" + TOKEN)
    assert refused.status_code == 400 and refused.json["kind"] == "contract"
    assert calls == ["/api/things", "/api/things"]


def test_warm_up_waits_for_the_first_answer_then_builds_every_vendor_app():
    app = echo_server()
    thread = app.warm_up(after_first_answer=60)
    assert thread.is_alive() and app.gateway.mounts["echo"]._app is None
    assert Client(app).get("/_mock/health").status_code == 200
    thread.join(timeout=30)
    assert not thread.is_alive() and app.gateway.mounts["echo"]._app is not None
