"""A repeated Severa read is answered again from the kept bytes while the tenant's data is
unchanged (``core.replay``, keyed by the SOAP body, the SOAPAction and the media type), and never
when anything its answer depends on changed. Over real HTTP, with the journal saying which calls
were replayed."""

from __future__ import annotations

from typing import Any

from tests.vendors.severa.conftest import ENTITIES, Soap

ALL = "<options>None</options><startFromIndex>0</startFromIndex><count>100</count>"


def replayed(mock_admin: Any, tenant_id: str) -> list[bool]:
    """Per Severa call of the tenant, oldest first, whether it was replayed."""
    entries = mock_admin.call("GET", f"/journal?tenant={tenant_id}&vendor=severa")["entries"]
    return [entry["replayed"] for entry in entries]


def names(soap: Soap) -> list[str]:
    body = soap.call("GetAllAccounts", ALL)
    assert body.status_code == 200, body.text
    return sorted(n.split("</")[0] for n in body.text.split("<a:Name>")[1:])


def test_a_repeated_read_is_replayed_byte_for_byte(soap: Soap, mock_admin: Any, mock_tenant: Any):
    first, second = soap.call("GetAllAccounts", ALL), soap.call("GetAllAccounts", ALL)
    assert (first.status_code, second.status_code, second.content) == (200, 200, first.content)
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
    # another question (another page size) is its own answer
    assert soap.call("GetAllAccounts", ALL.replace("100", "1")).content != first.content
    assert replayed(mock_admin, mock_tenant.id) == [False, True, False]


def test_a_write_is_never_replayed_and_outdates_the_kept_reads(soap: Soap, mock_admin: Any, mock_tenant: Any):
    before = names(soap)
    add = f"<accountInfo><Name xmlns='{ENTITIES}'>Toistettu Oy</Name></accountInfo>"
    assert [soap.call("AddNewAccount", add).status_code for _ in range(2)] == [200, 200]
    after = names(soap)
    assert after == sorted([*before, "Toistettu Oy", "Toistettu Oy"])
    assert replayed(mock_admin, mock_tenant.id) == [False, False, False, False]


def test_another_key_or_soapaction_gets_its_own_answer(soap: Soap, mock_admin: Any, mock_tenant: Any):
    soap.call("GetAllAccounts", ALL)
    refused = soap.call("GetAllAccounts", ALL, key="not-a-key")
    assert refused.status_code == 500 and b"Access denied" in refused.content
    wrong_action = soap.call("GetAllAccounts", ALL, contract="IContact")
    assert wrong_action.status_code == 500 and b"ActionNotSupported" in wrong_action.content
    assert soap.call("GetAllAccounts", ALL).status_code == 200
    # the refused calls name no tenant of ours (another key) or were never dispatched to one
    last = mock_admin.call("GET", "/journal?vendor=severa&limit=4")["entries"]
    assert [(e["tenant"], e["status"], e["replayed"]) for e in last] == [
        (mock_tenant.id, 200, False),
        (None, 500, False),
        (None, 500, False),
        (mock_tenant.id, 200, True),
    ]


def test_a_settings_change_is_seen_at_once(soap: Soap, mock_admin: Any, mock_tenant: Any):
    assert len(names(soap)) > 1
    mock_tenant.settings({"severa": {"max_page_size": 1}})
    assert len(names(soap)) == 1
    assert replayed(mock_admin, mock_tenant.id) == [False, False]
