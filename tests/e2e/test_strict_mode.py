"""--strict against a real contract: violations are recorded, and with --strict-reject refused in the
vendor's own error shape."""

from __future__ import annotations

import base64

from werkzeug.test import Client

from mockserver.app import MockServer
from mockserver.config import Config

AUTH = {"Authorization": "Basic " + base64.b64encode(b"token:demo-token").decode()}


def strict_client(reject: bool) -> Client:
    return Client(MockServer(Config(strict=True, strict_reject=reject, vendors=["workspace"])))


def test_conforming_request_records_nothing():
    client = strict_client(reject=False)
    assert client.get("/workspace/api/v1/quotations.json", headers=AUTH).status_code == 200
    assert client.get("/_mock/violations").json == {"violations": []}


def test_violation_is_recorded_with_its_journal_entry():
    client = strict_client(reject=False)
    answer = client.get("/workspace/api/v1/quotations.json?depth=9", headers=AUTH)
    violations = client.get("/_mock/violations?vendor=workspace").json["violations"]
    assert len(violations) == 1
    assert violations[0]["vendor"] == "workspace" and violations[0]["tenant"] == "demo"
    assert "depth" in violations[0]["message"]
    entry = client.get("/_mock/journal?limit=1").json["entries"][0]
    assert entry["id"] == violations[0]["entry"] and entry["violations"]
    assert answer.status_code == 400  # the vendor itself also refuses depth=9


def test_strict_reject_refuses_in_the_vendor_envelope_before_the_vendor_runs():
    client = strict_client(reject=True)
    before = client.get("/workspace/api/v1/quotations.json", headers=AUTH).json["response"]["data"]["count"]
    refused = client.post("/workspace/api/v1/quotations.json?depth=9", headers=AUTH, data={"contact_id": "1"})
    assert refused.status_code == 400
    assert set(refused.json["response"]) == {"message", "exception", "code", "data"}
    after = client.get("/workspace/api/v1/quotations.json", headers=AUTH).json["response"]["data"]["count"]
    assert after == before


def test_strict_reject_takes_a_robaws_create_without_the_server_kept_fields():
    """The Article and Employee request schemas require what a client writes, not the ``id`` and
    stamps the server keeps (openapi-core ignores ``readOnly``: they are simply not required)."""
    client = Client(MockServer(Config(strict=True, strict_reject=True, vendors=["robaws"])))
    robaws = {"Authorization": "Basic " + base64.b64encode(b"DEMOAPIKEY0000000000:demo-api-secret").decode()}
    for path, body in (("articles", {"name": "Dakgoot zink"}), ("employees", {"surname": "Claes"})):
        created = client.post(f"/robaws/api/v2/{path}", headers=robaws, json=body)
        assert created.status_code == 201, created.json
        replaced = client.put(f"/robaws/api/v2/{path}/{created.json['id']}", headers=robaws, json=body)
        assert replaced.status_code == 204, replaced.json
    assert client.get("/_mock/violations").json == {"violations": []}
