"""Replayed reads (``core.replay``), seen as a client sees them: through the WSGI test client of
the real application with the echo vendor, whose read routes declare their answers replayable.

Each test shows that whatever can change an answer does change it (no stale answer is ever sent)
and that the journal tells which answers were replayed.
"""

from __future__ import annotations

import json

import pytest
from werkzeug.test import Client

from mockserver.app import MockServer
from mockserver.core.cache import ENTRY_OVERHEAD, key_bytes
from mockserver.core.pipeline import RequestContext
from mockserver.core.replay import ReplayStore, declare, environ_keys, request_key
from tests.core.conftest import echo_server

DEMO = "?token=demo-echo-token"


def replayed(app: MockServer) -> list[bool]:
    return [e.as_json()["replayed"] for e in app.journal.entries(vendor="echo")]


def admin(echo: Client, method: str, path: str, body: object = None) -> object:
    answer = echo.open("/_mock" + path, method=method, json=body)
    assert answer.status_code < 300, answer.data
    return answer.json if answer.data else None


def test_an_identical_read_is_replayed_with_the_same_bytes(echo: Client, echo_app: MockServer):
    first = echo.get("/echo/api/things" + DEMO)
    second = echo.get("/echo/api/things" + DEMO)
    assert first.status_code == second.status_code == 200
    assert first.data == second.data
    assert first.headers["Content-Type"] == second.headers["Content-Type"] == "application/json"
    assert second.headers["Content-Length"] == str(len(first.data))
    assert replayed(echo_app) == [False, True]
    entry = echo_app.journal.entries(vendor="echo")[-1].as_json()
    assert entry["tenant"] == "demo" and entry["status"] == 200
    assert entry["response"]["body"] == first.data.decode()


def test_a_write_changes_the_next_read(echo: Client, echo_app: MockServer):
    before = echo.get("/echo/api/things" + DEMO).json
    echo.get("/echo/api/things" + DEMO)
    assert echo.post("/echo/api/things" + DEMO, json={"name": "new"}).status_code == 201
    after = echo.get("/echo/api/things" + DEMO)
    assert [t["name"] for t in after.json] == [t["name"] for t in before] + ["new"]
    assert echo.get("/echo/api/things" + DEMO).data == after.data
    assert replayed(echo_app) == [False, True, False, False, True]


def test_a_settings_patch_changes_the_next_read(echo: Client):
    assert echo.get("/echo/api/settings" + DEMO).json["greeting"] == "hello"
    assert echo.get("/echo/api/settings" + DEMO).json["greeting"] == "hello"
    admin(echo, "PATCH", "/tenants/demo/settings", {"echo": {"greeting": "goedemorgen"}})
    assert echo.get("/echo/api/settings" + DEMO).json["greeting"] == "goedemorgen"


def test_each_tenant_gets_its_own_answer_to_the_same_path(echo: Client):
    other = admin(echo, "POST", "/tenants", {"seed": 7})
    theirs = f"?token={other['credentials']['echo']['token']}"
    ours = echo.get("/echo/api/things" + DEMO).json
    assert echo.get("/echo/api/things" + DEMO).json == ours
    assert echo.get("/echo/api/things" + theirs).json[0]["name"] == "thing-7-1"
    assert echo.get("/echo/api/things" + DEMO).json[0]["name"] == "thing-42-1"


def test_a_deleted_tenant_is_refused_not_replayed(echo: Client):
    other = admin(echo, "POST", "/tenants", {})
    theirs = f"?token={other['credentials']['echo']['token']}"
    assert echo.get("/echo/api/things" + theirs).status_code == 200
    assert echo.get("/echo/api/things" + theirs).status_code == 200
    admin(echo, "DELETE", f"/tenants/{other['id']}")
    refused = echo.get("/echo/api/things" + theirs)
    assert refused.status_code == 401 and refused.json == {"echo_error": "unauthorized"}


def test_a_reset_tenant_answers_from_its_seed_again(echo: Client):
    echo.post("/echo/api/things" + DEMO, json={"name": "new"})
    assert len(echo.get("/echo/api/things" + DEMO).json) == 4
    assert len(echo.get("/echo/api/things" + DEMO).json) == 4
    admin(echo, "POST", "/tenants/demo/reset")
    assert len(echo.get("/echo/api/things" + DEMO).json) == 3
    admin(echo, "POST", "/reset")
    assert len(echo.get("/echo/api/things" + DEMO).json) == 3


def test_errors_and_undeclared_reads_are_never_replayed(echo: Client, echo_app: MockServer):
    assert echo.get("/echo/api/things/99" + DEMO).status_code == 404
    assert echo.get("/echo/api/things/99" + DEMO).status_code == 404
    admin(echo, "PUT", "/clock", {"frozen": True})
    first = echo.get("/echo/api/clock" + DEMO).json["now"]
    admin(echo, "POST", "/clock/advance", {"seconds": 60})
    assert echo.get("/echo/api/clock" + DEMO).json["now"] == first + 60
    assert replayed(echo_app) == [False] * 4


def test_a_header_the_vendor_reads_makes_another_request(echo: Client, echo_app: MockServer):
    nl = echo.get("/echo/api/greeting" + DEMO, headers={"Accept-Language": "nl"})
    fr = echo.get("/echo/api/greeting" + DEMO, headers={"Accept-Language": "fr"})
    again = echo.get("/echo/api/greeting" + DEMO, headers={"Accept-Language": "nl"})
    absent = echo.get("/echo/api/greeting" + DEMO)
    echo.get("/echo/api/things?token=demo-echo-token&x=1")
    assert [a.json["language"] for a in (nl, fr, again, absent)] == ["nl", "fr", "nl", "en"]
    assert replayed(echo_app) == [False, False, True, False, False]


def test_headers_the_vendor_does_not_read_leave_the_answer_replayable(echo: Client, echo_app: MockServer):
    """A trace id per request, another client or another compression preference cannot change
    the answer, so they do not keep a client from getting the kept one."""
    first = echo.get("/echo/api/things" + DEMO, headers={"X-Request-Id": "trace-0"})
    answers = [
        echo.get("/echo/api/things" + DEMO, headers={"X-Request-Id": f"trace-{n}"}) for n in range(1, 4)
    ]
    answers.append(echo.get("/echo/api/things" + DEMO, headers={"User-Agent": "another-client/2.0"}))
    answers.append(echo.get("/echo/api/things" + DEMO, headers={"Accept-Encoding": "gzip, br"}))
    assert {a.data for a in answers} == {first.data}
    assert replayed(echo_app) == [False] + [True] * 5


def test_the_host_is_part_of_the_request(echo: Client, echo_app: MockServer):
    echo.get("/echo/api/things" + DEMO)
    echo.get("/echo/api/things" + DEMO, headers={"Host": "other.example"})
    echo.get("/echo/api/things" + DEMO, headers={"Host": "other.example"})
    assert replayed(echo_app) == [False, False, True]


def test_environ_keys_of_header_names():
    assert environ_keys(("Authorization", "x-request-id", "Content-Type")) == (
        "HTTP_AUTHORIZATION",
        "HTTP_X_REQUEST_ID",
        "CONTENT_TYPE",
    )


def test_faults_still_apply_to_a_replayable_read(echo: Client):
    echo.get("/echo/api/things" + DEMO)
    faulted = echo.get("/echo/api/things" + DEMO, headers={"X-Mock-Fault": "status=503"})
    assert faulted.status_code == 503 and faulted.json["kind"] == "fault"
    admin(echo, "POST", "/faults", {"vendor": "echo", "kind": "malformed", "times": 1})
    mangled = echo.get("/echo/api/things" + DEMO)
    with pytest.raises(json.JSONDecodeError):
        json.loads(mangled.data)
    assert echo.get("/echo/api/things" + DEMO).json[0]["name"] == "thing-42-1"


# -- the store's rules, at its API ----------------------------------------------------------------
def _read(app: MockServer, store: ReplayStore, path: str = "/echo/api/things") -> tuple[tuple, Served]:
    """A read as the gateway starts it: keyed, looked up (a miss)."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": ""}
    key = request_key(environ, ())
    assert key is not None and store.answer(key) is None
    return key, Served(RequestContext(app.vendors["echo"]), store.revision)


class Served:
    """What the gateway holds of a request that missed: its pipeline context, the revision."""

    def __init__(self, context: RequestContext, revision: int) -> None:
        self.context, self.revision = context, revision

    @property
    def basis(self):
        return self.context.basis


def _declare(app: MockServer, served: Served) -> None:
    demo = app.tenants.require("demo")
    declare(served.context, demo, demo.data("echo"))


def test_nothing_is_kept_when_a_tenant_changed_during_the_request(echo_app: MockServer):
    """The race this guards: a handler reads settings before it takes the tenant's lock, a patch
    lands, then the handler declares - with the new generation but the old settings."""
    store = ReplayStore(echo_app.tenants)
    key, environ = _read(echo_app, store)
    echo_app.tenants.patch_settings("demo", {"echo": {"greeting": "hoi"}})
    _declare(echo_app, environ)
    store.keep(key, environ.basis, environ.revision, "200 OK", [], b"[]")
    assert store.answer(key) is None
    key, environ = _read(echo_app, store)
    _declare(echo_app, environ)
    store.keep(key, environ.basis, environ.revision, "200 OK", [], b"[]")
    assert store.answer(key).body == b"[]"


def test_the_store_is_bounded_and_keeps_only_successes_of_reads(echo_app: MockServer):
    store = ReplayStore(echo_app.tenants, size=2, max_body=10)
    kept = []
    for path in ("/a", "/b", "/c"):
        key, environ = _read(echo_app, store, path)
        _declare(echo_app, environ)
        store.keep(key, environ.basis, environ.revision, "200 OK", [], path.encode())
        kept.append(key)
    assert [store.answer(k) is not None for k in kept] == [False, True, True]
    key, environ = _read(echo_app, store, "/big")
    _declare(echo_app, environ)
    store.keep(key, environ.basis, environ.revision, "200 OK", [], b"x" * 11)
    key2, environ2 = _read(echo_app, store, "/missing")
    _declare(echo_app, environ2)
    store.keep(key2, environ2.basis, environ2.revision, "404 NOT FOUND", [], b"{}")
    assert store.answer(key) is None and store.answer(key2) is None
    probe, _environ = _read(echo_app, store, "/a")
    one = key_bytes(probe) + 8 + ENTRY_OVERHEAD  # what one kept answer of 8 bytes costs
    by_bytes = ReplayStore(echo_app.tenants, max_body=10, max_bytes=2 * one + one // 2)
    kept = []
    for path in ("/a", "/b", "/c"):
        key, environ = _read(echo_app, by_bytes, path)
        _declare(echo_app, environ)
        by_bytes.keep(key, environ.basis, environ.revision, "200 OK", [], b"x" * 8)
        kept.append(key)
    assert [by_bytes.answer(k) is not None for k in kept] == [False, True, True]
    assert by_bytes.cache.bytes == 2 * one
    assert request_key({"REQUEST_METHOD": "POST"}, ()) is None
    assert request_key({"REQUEST_METHOD": "GET", "CONTENT_LENGTH": "2"}, ()) is None
    assert request_key({"REQUEST_METHOD": "GET", "HTTP_UPGRADE": "websocket"}, ()) is None


def test_a_request_with_a_huge_query_string_is_answered_but_never_kept(echo_app: MockServer):
    """Keys are whole requests: a 250 KB query string would make a 250 KB key, so it is not kept."""
    echo = Client(echo_app)
    huge = DEMO + "&pad=" + "x" * 250_000
    for _ in range(3):
        assert echo.get("/echo/api/things" + huge).status_code == 200
    assert replayed(echo_app) == [False, False, False]
    assert echo_app.gateway.replay.cache.bytes == 0


def test_replay_can_be_turned_off():
    app = echo_server(replay=False)
    echo = Client(app)
    answers = [echo.get("/echo/api/things" + DEMO).data for _ in range(2)]
    assert answers[0] == answers[1] and app.gateway.replay is None
    assert replayed(app) == [False, False]
