"""Stateful behaviour over raw SOAP: incremental sync on the mock clock, option flags, validation
that writes nothing, invoice statuses, paging limits and the settings knobs."""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from tests.vendors.severa.conftest import ENTITIES, SOAP11, XSI


def _text(element, name: str) -> str | None:
    return element.findtext(f"{{{ENTITIES}}}{name}")


def _since(moment: str, options: int = 0) -> str:
    return f"<startDateTime>{moment}</startDateTime><options>{options}</options>"


def _now(mock_admin) -> str:
    now = datetime.fromisoformat(mock_admin.call("GET", "/clock")["now"].replace("Z", "+00:00"))
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_accounts_changed_since_follows_the_mock_clock_and_flags(soap, mock_admin):
    everything = soap.result("GetAccountsChangedSince", _since("1998-04-30", 2))
    assert len(everything) == 8
    active = soap.result("GetAccountsChangedSince", _since("1998-04-30"))
    assert len(active) == 7
    mock_admin.advance(60)
    since = _now(mock_admin)
    assert len(soap.result("GetAccountsChangedSince", f"<startDateTime>{since}</startDateTime>")) == 0
    mock_admin.advance(60)
    first = soap.result("GetAccountByNumber", "<accountNumber>1002</accountNumber>")
    soap.result(
        "UpdateAccount",
        f"<accountInfo><GUID xmlns='{ENTITIES}'>{_text(first, 'GUID')}</GUID>"
        f"<Notes xmlns='{ENTITIES}'>muutettu</Notes></accountInfo>",
    )
    changed = soap.result("GetAccountsChangedSince", _since(since, 0))
    assert [_text(a, "GUID") for a in changed] == [_text(first, "GUID")]
    assert _text(changed[0], "Notes") == "muutettu"
    assert _text(changed[0], "UpdatedTS") is not None
    new_only = soap.result("GetAccountsChangedSince", _since(since, 1))
    assert len(new_only) == 0


def test_contact_change_marks_its_account_with_check_contact_changes(soap, mock_admin):
    mock_admin.advance(30)
    since = _now(mock_admin)
    mock_admin.advance(30)
    account = soap.result("GetAccountByNumber", "<accountNumber>1003</accountNumber>")
    contacts = soap.result("GetContactsByAccountGUID", f"<accountGUID>{_text(account, 'GUID')}</accountGUID>")
    soap.result(
        "UpdateContact",
        f"<contactInfo><GUID xmlns='{ENTITIES}'>{_text(contacts[0], 'GUID')}</GUID>"
        f"<JobTitle xmlns='{ENTITIES}'>Johtaja</JobTitle></contactInfo>",
    )
    plain = soap.result("GetAccountsChangedSince", _since(since, 0))
    checked = soap.result("GetAccountsChangedSince", _since(since, 128))
    assert len(plain) == 0
    assert [_text(a, "GUID") for a in checked] == [_text(account, "GUID")]


def test_invalid_account_writes_nothing(soap):
    before = len(soap.result("GetAllAccounts", "<options>IncludeInactive</options><count>100</count>"))
    nameless = f"<accountInfo><Notes xmlns='{ENTITIES}'>no name</Notes></accountInfo>"
    response = soap.call("AddNewAccount", nameless)
    assert response.status_code == 500
    assert b"ValidationException" in response.content
    after = len(soap.result("GetAllAccounts", "<options>IncludeInactive</options><count>100</count>"))
    assert before == after


def test_hour_entry_validates_user_and_work_type(soap):
    phase = soap.result("GetPhasesByCode", "<phaseCode>P1</phaseCode>")[0]
    user = soap.result("GetAllUsers", "<includeInactive>false</includeInactive>")[0]
    base = (
        f"<PhaseGUID xmlns='{ENTITIES}'>{_text(phase, 'GUID')}</PhaseGUID>"
        f"<EventDate xmlns='{ENTITIES}'>2024-03-04</EventDate><Quantity xmlns='{ENTITIES}'>2</Quantity>"
    )
    no_user = soap.call("AddNewHourEntry", f"<hourEntryInfo>{base}</hourEntryInfo>")
    assert no_user.status_code == 500 and b"User with GUID" in no_user.content
    too_long = soap.call(
        "AddNewHourEntry",
        f"<hourEntryInfo>{base.replace('>2<', '>25<')}"
        f"<UserGUID xmlns='{ENTITIES}'>{_text(user, 'GUID')}</UserGUID></hourEntryInfo>",
    )
    assert too_long.status_code == 500 and b"between 0 and 24" in too_long.content
    user_guid = f"<UserGUID xmlns='{ENTITIES}'>{_text(user, 'GUID')}</UserGUID>"
    ok = soap.result("AddNewHourEntry", f"<hourEntryInfo>{base}{user_guid}</hourEntryInfo>")
    assert _text(ok, "WorkTypeGUID") == _text(phase, "WorkTypeGUID")  # the phase's work type by default
    assert _text(ok, "UnitPrice") == _text(phase, "PricePerHour")


def test_invoice_status_change_numbers_the_invoice(soap):
    drafts = soap.result("GetInvoicesByStatus", "<status>Draft</status>")
    assert len(drafts) == 2
    assert drafts[0].find(f"{{{ENTITIES}}}Number").get(f"{{{XSI}}}nil") == "true"
    guid = _text(drafts[0], "GUID")
    response = soap.call("SetInvoiceStatus", f"<invoiceGUID>{guid}</invoiceGUID><status>Approved</status>")
    assert response.status_code == 200
    invoice = soap.result("GetInvoiceByGUID", f"<invoiceGUID>{guid}</invoiceGUID>")
    assert _text(invoice, "InvoiceStatus") == "Approved"
    assert int(_text(invoice, "Number")) > 10000
    unknown = soap.call("SetInvoiceStatus", f"<invoiceGUID>{guid}</invoiceGUID><status>Nope</status>")
    assert b"NotFoundException" in unknown.content


def test_page_size_is_capped_or_refused_per_setting(soap, mock_tenant):
    for _ in range(3):
        soap.result("AddNewCustomer", f"<customer><Name xmlns='{ENTITIES}'>Asiakas</Name></customer>")
    mock_tenant.settings({"severa": {"max_page_size": 5}})
    page = "<options>2</options><startFromIndex>0</startFromIndex><count>50</count>"
    capped = soap.result("GetAllCustomers", page)
    assert len(capped) == 5
    mock_tenant.settings({"severa": {"page_overflow": "fault"}})
    refused = soap.call("GetAllCustomers", page)
    assert refused.status_code == 500
    fault = etree.fromstring(refused.content).find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault")
    assert "at most 5" in fault.findtext("faultstring")


def test_version_setting(soap, mock_tenant):
    mock_tenant.settings({"severa": {"api_version": "2.5"}})
    assert soap.result("GetVersion").text == "2.5"


def test_delete_case_with_hours_is_refused_and_without_hours_works(soap):
    case = soap.result("GetCaseByNumber", "<caseNumber>1</caseNumber>")
    refused = soap.call("DeleteCase", f"<caseGuid>{_text(case, 'GUID')}</caseGuid>")
    assert refused.status_code == 500 and b"ValidationException" in refused.content
    account = soap.result("GetAccountByNumber", "<accountNumber>1001</accountNumber>")
    new = soap.result(
        "AddNewCase",
        f"<caseInfo><AccountGUID xmlns='{ENTITIES}'>{_text(account, 'GUID')}</AccountGUID>"
        f"<Name xmlns='{ENTITIES}'>Poistettava</Name></caseInfo>",
    )
    assert soap.result("DeleteCase", f"<caseGuid>{_text(new, 'GUID')}</caseGuid>").text == "true"
    gone = soap.call("GetCaseByGUID", f"<caseGuid>{_text(new, 'GUID')}</caseGuid>")
    assert b"NotFoundException" in gone.content
