"""Redaction and the crash-safe append of ``--record`` (``core.recording``)."""

from __future__ import annotations

import base64
import json

import pytest

from mockserver.core.recording import REDACTED, Recorder, append_line, cut_torn_tail, redact_exchange

KEY, SECRET = "ROBAWSKEY123", "s3cr3t-value"


def _exchange(**parts) -> dict:
    base = {
        "time": "2026-01-01T00:00:00.000Z",
        "method": "POST",
        "path": "/token",
        "query": "",
        "request": {"headers": {}, "body": b""},
        "status": 200,
        "response": {"headers": {}, "body": b""},
    }
    return {**base, **parts}


def test_headers_query_form_json_and_soap_secrets_are_redacted():
    basic = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    soap = (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>'
        b'<WebServicePassword xmlns="http://soap.severa.com/">severa-key-1</WebServicePassword>'
        b"</s:Header><s:Body/></s:Envelope>"
    )
    lines = [
        redact_exchange(
            _exchange(
                query="token=tok-1&software_token=soft-1&page=2",
                request={
                    "headers": {"Authorization": f"Basic {basic}", "Cookie": "sid=cookie-1"},
                    "body": b"",
                },
                response={
                    "headers": {
                        "Set-Cookie": "sid=cookie-2",
                        "X-RateLimit-Remaining": "9",
                        "Content-Type": "application/json",
                    },
                    "body": json.dumps(
                        {"access_token": "acc-1", "refresh_token": "ref-1", "code": 1002}
                    ).encode(),
                },
            )
        ),
        redact_exchange(
            _exchange(
                request={
                    "headers": {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Api-Key": "flowii-key-1",
                        "Authorization": f"Basic {basic}",
                    },
                    "body": b"grant_type=password&username=u&password=pw-1&code=oauth-code-1",
                },
                response={
                    "headers": {"Content-Type": "text/plain"},
                    "body": f"echo {SECRET} and {KEY}".encode(),
                },
            )
        ),
        redact_exchange(
            _exchange(request={"headers": {"Content-Type": "text/xml; charset=utf-8"}, "body": soap})
        ),
    ]
    text = "\n".join(lines)
    for secret in (
        KEY,
        SECRET,
        basic,
        "tok-1",
        "soft-1",
        "cookie-1",
        "cookie-2",
        "acc-1",
        "ref-1",
        "flowii-key-1",
        "pw-1",
        "oauth-code-1",
        "severa-key-1",
    ):
        assert secret not in text, secret
    first = json.loads(lines[0])
    assert first["query"] == f"token={REDACTED}&software_token={REDACTED}&page=2"
    assert first["response"]["headers"]["X-RateLimit-Remaining"] == "9"
    assert json.loads(first["response"]["body"]) == {
        "access_token": REDACTED,
        "refresh_token": REDACTED,
        "code": 1002,
    }
    assert (
        json.loads(lines[1])["request"]["body"]
        == f"grant_type=password&username=u&password={REDACTED}&code={REDACTED}"
    )


def test_an_unchanged_json_body_keeps_its_bytes():
    body = b'{"items":[{"id":"1"}]}'
    line = redact_exchange(
        _exchange(response={"headers": {"Content-Type": "application/json"}, "body": body})
    )
    assert json.loads(line)["response"]["body"] == body.decode()


def test_a_torn_tail_is_cut_and_appends_are_whole_lines(tmp_path):
    path = tmp_path / "robaws.jsonl"
    path.write_bytes(b'{"whole": 1}\n{"torn": ')
    cut_torn_tail(path)
    assert path.read_bytes() == b'{"whole": 1}\n'
    append_line(path, b'{"next": 2}\n')
    assert path.read_bytes().splitlines() == [b'{"whole": 1}', b'{"next": 2}']


def test_the_recorder_cuts_a_torn_tail_before_its_first_line(tmp_path):
    (tmp_path / "severa.jsonl").write_bytes(b'{"torn')
    Recorder(tmp_path).record("severa", _exchange())
    lines = (tmp_path / "severa.jsonl").read_bytes().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["vendor"] == "severa"


@pytest.mark.parametrize("name", ["X-Api-Key", "Api-Key", "Authorization", "X-Auth-Token", "Cookie"])
def test_secret_headers(name):
    line = redact_exchange(_exchange(request={"headers": {name: "value-1"}, "body": b""}))
    assert json.loads(line)["request"]["headers"][name] == REDACTED


def test_a_gzipped_answer_is_recorded_decoded(tmp_path):
    import gzip

    from mockserver.core.recording import decoded_body

    body = json.dumps({"items": []}).encode()
    headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    assert decoded_body(headers, gzip.compress(body)) == body
    assert decoded_body(headers, b"not gzip") == b"not gzip"
    assert decoded_body({}, b"plain") == b"plain"
