"""The drift comparison and its report, as pure functions (``mockserver.drift.shape`` / ``report``)."""

from __future__ import annotations

import json

from mockserver.drift.report import Report, is_known, parse_ignore, render_json, render_text
from mockserver.drift.shape import differences, media_type, shape_of

JSON = {"Content-Type": "application/json"}


def _json(body, status=200, headers=JSON):
    return shape_of(status, headers, json.dumps(body))


def test_values_are_not_differences():
    upstream = _json({"items": [{"id": "1", "name": "A", "at": "2024-01-01"}], "total": 1})
    mock = _json(
        {
            "items": [{"id": "99", "name": "Zed", "at": "2026-12-03"}, {"id": "2", "name": "B", "at": "x"}],
            "total": 2,
        }
    )
    assert differences(upstream, mock) == []


def test_absent_added_and_retyped_fields_in_words():
    upstream = _json({"items": [{"id": 1, "nickname": "n"}], "total": "1", "next": None})
    mock = _json({"items": [{"id": 1, "email": "e"}], "total": 1, "next": "/page/2"})
    assert differences(upstream, mock) == [
        "items[].email: only in the mock",
        "items[].nickname: absent in the mock",
        "next: null upstream, string in the mock",
        "total: string upstream, number in the mock",
    ]


def test_below_an_empty_list_nothing_is_compared():
    assert differences(_json({"items": []}), _json({"items": [{"id": 1}]})) == []
    assert differences(_json({"items": [{"a": None}, {"a": "x"}]}), _json({"items": [{"a": "y"}]})) == []
    assert differences(_json({"items": [{"a": None}]}), _json({"items": [{"a": []}]})) == [
        "items[].a: null upstream, array in the mock"
    ]


def test_status_media_type_and_read_headers():
    upstream = shape_of(
        201,
        {"Content-Type": "application/json; charset=UTF-8", "Location": "/x", "X-RateLimit-Remaining": "3"},
        "{}",
    )
    mock = shape_of(200, {"content-type": "text/plain", "Allow": "GET"}, "{}")
    assert differences(upstream, mock) == [
        "status 201 upstream, 200 in the mock",
        "content type application/json; charset=utf-8 upstream, text/plain in the mock",
        "header allow: only in the mock",
        "header location: absent in the mock",
        "header x-ratelimit-remaining: absent in the mock",
    ]
    assert media_type("text/xml;charset=UTF-8") == media_type("text/xml; charset=utf-8")
    allowed = shape_of(405, {"Allow": "GET, POST"}, "")
    assert differences(allowed, shape_of(405, {"Allow": "POST,GET"}, "")) == []
    assert differences(allowed, shape_of(405, {"Allow": "GET"}, "")) == [
        "header allow: GET, POST upstream, GET in the mock"
    ]


def test_soap_element_paths_and_nil():
    xml = {"Content-Type": "text/xml; charset=utf-8"}
    item = '<W><Code>{code}</Code>{{extra}}<G i:nil="true"/></W>'
    envelope = (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><s:Body><R>'
        + item.format(code="A")
        + item.format(code="B")
        + "</R></s:Body></s:Envelope>"
    )
    upstream = shape_of(200, xml, envelope.format(extra="<Name>x</Name>"))
    mock = shape_of(200, xml, envelope.format(extra="").replace('<G i:nil="true"/>', "<G>g</G>"))
    assert differences(upstream, mock) == [
        "/Envelope/Body/R/W/G: nil upstream, text in the mock",
        "/Envelope/Body/R/W/Name: absent in the mock",
    ]


def test_a_body_that_does_not_parse():
    assert differences(shape_of(200, JSON, "{"), _json({})) == ["the body does not parse upstream"]


def test_report_words_table_json_and_known():
    ignore = parse_ignore("# known\n\nGET /clients: header x-ratelimit-*\n")
    assert is_known("GET /clients", "header x-ratelimit-remaining: absent in the mock", ignore)
    report = Report("robaws")
    report.operation("GET /clients").add(
        ["items[].email: absent in the mock", "header x-ratelimit-remaining: absent in the mock"], ignore
    )
    report.operation("GET /clients").add(["items[].email: absent in the mock"], ignore)
    report.operation("GET /projects").add([], ignore)
    report.skipped_writes = 2
    text = render_text(report).splitlines()
    assert text[0] == "GET /clients: items[].email: absent in the mock"
    assert text[1] == "GET /clients: header x-ratelimit-remaining: absent in the mock (known)"
    assert text[3].split() == ["operation", "replayed", "differences", "known"]
    assert text[4].split() == ["GET", "/clients", "2", "1", "1"]
    assert "1 differences, 1 known, in 2 operations (3 calls replayed, 2 writes skipped" in text[-1]
    summary = json.loads(render_json(report))["summary"]
    assert summary == {"operations": 2, "replayed": 3, "differences": 1, "known": 1, "skipped_writes": 2}
