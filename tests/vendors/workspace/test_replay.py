"""Replayed reads in Workspace (``core.replay``), over HTTP: a repeated read is answered again
without running the vendor's application, and an edit, a delete or a revoked right is seen at once."""

from __future__ import annotations


def replayed(mock_admin, tenant_id: str, path: str) -> list[bool]:
    entries = mock_admin.journal(tenant=tenant_id, vendor="workspace")
    return [e["replayed"] for e in entries if e["path"].endswith(path) and e["method"] == "GET"]


def test_a_repeated_read_is_replayed_until_the_quotation_changes(ws, mock_tenant, mock_admin):
    first = ws.get("/quotations/1.json")
    assert ws.get("/quotations/1.json").content == first.content
    edited = ws.post("/quotations/1.json", json={"Quotation": {"name": "Replayed offer"}})
    assert edited.status_code == 200
    after = ws.get("/quotations/1.json")
    assert after.json()["response"]["data"]["Quotation"]["name"] == "Replayed offer"
    assert ws.get("/quotations/1.json").content == after.content
    assert ws.delete("/quotations/1.json").status_code == 200
    assert ws.get("/quotations/1.json").status_code == 404
    assert replayed(mock_admin, mock_tenant.id, "/quotations/1.json") == [False, True, False, True, False]


def test_a_revoked_right_is_seen_at_once(ws, mock_tenant):
    assert ws.get("/quotations/1.json").status_code == 200
    assert ws.get("/quotations/1.json").status_code == 200
    rights = mock_tenant.settings()["workspace"]["rights"]
    mock_tenant.settings({"workspace": {"rights": [r for r in rights if r != "Quotations.read"]}})
    refused = ws.get("/quotations/1.json")
    assert refused.status_code == 403
    assert refused.json()["response"]["exception"] == ["the token lacks the right Quotations.read"]
