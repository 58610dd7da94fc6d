"""The send_email action: GET the prefilled template [doc], POST it to send: the mail lands in the
tenant's outbox (admin route), ``date_sent`` is set and the status moves to sent [inf]."""

from __future__ import annotations

from .conftest import Workspace, envelope

TEMPLATE_FIELDS = ["email_to", "sender_name", "subject", "mail_layout", "sender_email"]


def test_template_is_prefilled(ws: Workspace) -> None:
    quotation = ws.data("/quotations/1.json", params={"depth": "1"})
    template = ws.data("/quotations/actions/send_email/1.json")["Template"]
    assert list(template) == TEMPLATE_FIELDS
    assert template["email_to"] == quotation["Contact"]["email"]
    assert template["subject"].startswith(f"Offerte {quotation['Quotation']['code']}")
    assert template["sender_name"] == "Workspace Demo B.V."


def test_the_template_needs_the_write_right_not_the_read_right(ws: Workspace, mock_tenant) -> None:
    """The documentation's rights table: GET send_email needs Quotations.write; layouts need .read."""
    mock_tenant.settings({"workspace": {"rights": ["Quotations.read"]}})
    refused = ws.get("/quotations/actions/send_email/1.json")
    assert refused.status_code == 403
    assert envelope(refused)["exception"] == ["the token lacks the right Quotations.write"]
    assert ws.get("/quotations/actions/layouts.json").status_code == 200
    mock_tenant.settings({"workspace": {"rights": ["Quotations.write"]}})
    assert list(ws.data("/quotations/actions/send_email/1.json")["Template"]) == TEMPLATE_FIELDS
    assert ws.get("/quotations/actions/layouts.json").status_code == 403


def test_template_of_a_missing_quotation_is_404(ws: Workspace) -> None:
    response = ws.get("/quotations/actions/send_email/999.json")
    assert response.status_code == 404
    assert envelope(response)["message"] == "Quotation not found."


def test_sending_records_the_mail_and_sets_date_sent(
    ws: Workspace, mock_tenant, mock_admin, frozen_clock
) -> None:
    frozen_clock("2025-03-14T08:30:00Z")
    created = envelope(ws.post("/quotations.json", data={"contact_id": "2"}))["data"]["Quotation"]
    assert created["date_sent"] is None and created["status"] == "1"
    template = ws.data(f"/quotations/actions/send_email/{created['id']}.json")["Template"]
    response = ws.post(f"/quotations/actions/send_email/{created['id']}.json", data=template)
    assert response.status_code == 200
    sent = envelope(response)["data"]["Quotation"]
    assert sent["date_sent"] == "2025-03-14"
    assert sent["status"] == "2"
    outbox = mock_admin.call("GET", f"/tenants/{mock_tenant.id}/workspace/outbox")["outbox"]
    assert len(outbox) == 1
    mail = outbox[0]
    assert mail["quotation_id"] == int(created["id"]) and mail["code"] == created["code"]
    assert {k: mail[k] for k in TEMPLATE_FIELDS} == template
    assert mail["sent"] == "2025-03-14T08:30:00.000Z"


def test_sent_status_is_a_setting(ws: Workspace, mock_tenant) -> None:
    mock_tenant.settings({"workspace": {"sent_status": 3}})
    template = ws.data("/quotations/actions/send_email/5.json")["Template"]
    sent = ws.post(
        "/quotations/actions/send_email/5.json",
        data={"data[Template][" + k + "]": v for k, v in template.items()},
    )
    assert envelope(sent)["data"]["Quotation"]["status"] == "3"


def test_missing_template_fields_are_the_documented_400(ws: Workspace, mock_tenant, mock_admin) -> None:
    before = ws.data("/quotations/1.json")["Quotation"]
    template = ws.data("/quotations/actions/send_email/1.json")["Template"]
    for missing in TEMPLATE_FIELDS:
        body = {k: v for k, v in template.items() if k != missing}
        response = ws.post("/quotations/actions/send_email/1.json", data=body)
        assert response.status_code == 400
        assert envelope(response)["message"] == "Not all required fields are provided."
        assert envelope(response)["exception"] == [f"{missing}: required"]
    assert mock_admin.call("GET", f"/tenants/{mock_tenant.id}/workspace/outbox") == {"outbox": []}
    assert ws.data("/quotations/1.json")["Quotation"] == before


def test_invalid_address_is_a_save_failure(ws: Workspace) -> None:
    template = ws.data("/quotations/actions/send_email/1.json")["Template"]
    response = ws.post("/quotations/actions/send_email/1.json", data={**template, "email_to": "nobody"})
    assert response.status_code == 400
    assert envelope(response)["message"] == "Something went wrong while saving the data."
    assert envelope(response)["exception"] == ["email_to: not a valid e-mail address"]


def test_outbox_can_be_cleared(ws: Workspace, mock_tenant, mock_admin) -> None:
    template = ws.data("/quotations/actions/send_email/1.json")["Template"]
    ws.post("/quotations/actions/send_email/1.json", json=template)
    assert len(mock_admin.call("GET", f"/tenants/{mock_tenant.id}/workspace/outbox")["outbox"]) == 1
    mock_admin.call("DELETE", f"/tenants/{mock_tenant.id}/workspace/outbox")
    assert mock_admin.call("GET", f"/tenants/{mock_tenant.id}/workspace/outbox") == {"outbox": []}
