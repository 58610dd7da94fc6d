"""``--upstream`` targets: parsing, paths below the vendor's base, and refusing the mock itself."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from werkzeug.test import Client

from mockserver.app import MockServer
from mockserver.cli import main
from mockserver.config import Config
from mockserver.core.upstream import Target, UpstreamError, check_not_self, parse_targets

NAMES = ["robaws", "flowii", "severa"]


def test_targets_are_parsed_and_checked():
    assert parse_targets(["robaws=https://app.robaws.com/api/v2"], NAMES) == {
        "robaws": "https://app.robaws.com/api/v2"
    }
    for bad in (
        ["robaws"],
        ["nope=http://x"],
        ["robaws=ftp://x"],
        ["robaws=http://x?a=1"],
        ["robaws=http://x", "robaws=http://y"],
    ):
        with pytest.raises(UpstreamError):
            parse_targets(bad, NAMES)


def test_paths_below_the_base_and_beside_it():
    app = MockServer(Config(seed_demo=False))
    robaws, flowii = app.vendors["robaws"], app.vendors["flowii"]
    target = Target.parse("https://app.robaws.com/api/v2")
    assert target.path_for(robaws, "/api/v2/clients") == "/api/v2/clients"
    assert target.path_for(robaws, "/oauth2/tokens") == "/oauth2/tokens"
    stand_in = Target.parse("http://127.0.0.1:9/robaws/api/v2")
    assert stand_in.path_for(robaws, "/api/v2/clients/1") == "/robaws/api/v2/clients/1"
    assert stand_in.path_for(robaws, "/oauth2/tokens") == "/robaws/oauth2/tokens"
    assert Target.parse("https://api.flowii.com").path_for(flowii, "/partners") == "/partners"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_an_upstream_at_the_mock_itself_is_refused(host):
    with pytest.raises(UpstreamError, match="this mock itself"):
        check_not_self({"robaws": f"http://{host}:8123/robaws/api/v2"}, "127.0.0.1", 8123)
    check_not_self({"robaws": f"http://{host}:8124/robaws/api/v2"}, "127.0.0.1", 8123)


def test_serve_refuses_an_upstream_at_itself_before_listening():
    args = ["serve", "--port", "8123", "--upstream", "robaws=http://localhost:8123/robaws/api/v2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "points at this mock itself" in result.output
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--upstream", "robaws"])
    assert result.exit_code == 2 and "VENDOR=URL" in result.output


def test_a_port_0_server_never_forwards_to_itself():
    app = MockServer(Config(port=0, upstreams={"workspace": "http://127.0.0.1:8765/workspace/api/v1"}))
    app.url = "http://127.0.0.1:8765"
    answer = Client(app).get("/workspace/api/v1/quotations.json", auth=("token", "someone-elses-token"))
    assert answer.status_code == 502 and b"this mock itself" in answer.data
    entry = app.journal.entries()[-1].as_json()
    assert entry["upstream"] is True and entry["status"] == 502
