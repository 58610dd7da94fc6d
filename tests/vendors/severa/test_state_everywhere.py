"""State everywhere: the contracts beyond accounts, cases, hours and invoices keep their entities
(generic add/update/get/list/changed-since/delete), reference data is seeded and consistent,
numbers and GUIDs stay unique, the API user's rights narrow what it reads and writes, and derived
types arrive with ``xsi:type``."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import zeep
from lxml import etree

from tests.vendors.severa.conftest import API_NS, ENTITIES, SOAP11, XSI


def _text(element, name: str) -> str | None:
    return element.findtext(f"{{{ENTITIES}}}{name}")


def _fault(response) -> str:
    assert response.status_code == 500, response.text
    detail = etree.fromstring(response.content).find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault/detail")
    return etree.QName(detail[0]).localname


def _now(mock_admin) -> str:
    now = datetime.fromisoformat(mock_admin.call("GET", "/clock")["now"].replace("Z", "+00:00"))
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- every contract keeps state ---------------------------------------------------------------------
def test_add_new_item_activity_resource_and_industry_answer_what_they_stored(severa):
    """These four answered nil without a fault: a client 'succeeded' against the mock only."""
    case = severa("ICase").GetCaseByNumber(caseNumber=2)
    product = severa("IProduct").GetProductByCode(productCode="LIS")
    item = severa("IItem").AddNewItem(
        itemInfo={"CaseGUID": case.GUID, "ProductGUID": product.GUID, "Quantity": "3"}, currencyCode="EUR"
    )
    assert item.GUID and item.Name == product.Name and item.ProductCode == "LIS"
    assert item.CaseNumber == 2 and item.TaskGUID == case.RootTaskGUID
    assert severa("IItem").GetItemByGUID(itemGUID=item.GUID).Quantity == 3
    assert item.GUID in [i.GUID for i in severa("IItem").GetItemsByCaseGUID(caseGUID=case.GUID)]

    kind = severa("IActivityType").GetAllActivityTypes()[0]
    activity = severa("IActivity").AddNewActivity(
        activityInfo={
            "Name": "Katselmointi",
            "ActivityTypeGUID": kind.GUID,
            "StartDateTime": "2024-03-01T09:00:00",
        }
    )
    assert severa("IActivity").GetActivityByGUID(activityGUID=activity.GUID).Name == "Katselmointi"

    resource = severa("IResource").AddNewResource(resourceInfo={"Name": "Auto"})
    assert resource.IsActive is True
    assert "Auto" in [r.Name for r in severa("IResource").GetAllResources()]

    industry = severa("IIndustry").AddNewIndustry(industryInfo={"Name": "Energia", "Code": "ENE"})
    assert industry.GUID in [i.GUID for i in severa("IIndustry").GetIndustries()]


def test_bad_referenced_guid_is_a_validation_fault_and_writes_nothing(soap):
    before = soap.result("GetActivityInstances")
    response = soap.call(
        "AddNewActivity",
        f"<activityInfo><ActivityTypeGUID xmlns='{ENTITIES}'>nope</ActivityTypeGUID>"
        f"<Name xmlns='{ENTITIES}'>X</Name></activityInfo>",
    )
    assert _fault(response) == "ValidationException"
    assert b"Activity type with GUID 'nope' was not found." in response.content
    assert len(soap.result("GetActivityInstances")) == len(before)
    nameless = soap.call(
        "AddNewResource", f"<resourceInfo><IsActive xmlns='{ENTITIES}'>true</IsActive></resourceInfo>"
    )
    assert _fault(nameless) == "ValidationException"


def test_hand_written_contracts_follow_the_same_reference_rule(soap):
    account = _text(soap.result("GetAccountByNumber", "<accountNumber>1001</accountNumber>"), "GUID")
    before = len(soap.result("GetCasesByAccountGUID", f"<accountGuid>{account}</accountGuid>"))
    refused = soap.call(
        "AddNewCase",
        f"<caseInfo><AccountGUID xmlns='{ENTITIES}'>{account}</AccountGUID>"
        f"<CurrentCaseStatusGUID xmlns='{ENTITIES}'>no-such-status</CurrentCaseStatusGUID>"
        f"<Name xmlns='{ENTITIES}'>X</Name></caseInfo>",
    )
    assert _fault(refused) == "ValidationException"
    assert b"Case status with GUID 'no-such-status' was not found." in refused.content
    assert len(soap.result("GetCasesByAccountGUID", f"<accountGuid>{account}</accountGuid>")) == before
    no_currency = soap.call(
        "AddNewAccount",
        f"<accountInfo><CurrencyGUID xmlns='{ENTITIES}'>no-such-currency</CurrencyGUID>"
        f"<Name xmlns='{ENTITIES}'>Valuutaton Oy</Name></accountInfo>",
    )
    assert _fault(no_currency) == "ValidationException"
    nobody = soap.result("GetAccountByName", "<accountName>Valuutaton Oy</accountName>")
    assert nobody.get(f"{{{XSI}}}nil") == "true"


def test_owner_parameter_links_the_new_entity_and_must_exist(soap):
    user = soap.result("GetUserByCode", "<userCode>U002</userCode>")
    guid = _text(user, "GUID")
    info = (
        f"<employmentInfo><StartDate xmlns='{ENTITIES}'>2024-02-01</StartDate>"
        f"<Title xmlns='{ENTITIES}'>Arkkitehti</Title></employmentInfo>"
    )
    added = soap.result("AddNewEmployment", f"<userGUID>{guid}</userGUID>{info}")
    listed = soap.result("GetEmploymentsByUserGUID", f"<userGUID>{guid}</userGUID>")
    assert _text(added, "GUID") in [_text(e, "GUID") for e in listed]
    assert (
        _fault(soap.call("AddNewEmployment", f"<userGUID>nobody</userGUID>{info}")) == "ValidationException"
    )
    gone = soap.result("DeleteEmployment", f"<employmentGUID>{_text(added, 'GUID')}</employmentGUID>")
    assert gone.text == "true"
    missing = soap.call("GetEmploymentByGUID", f"<employmentGUID>{_text(added, 'GUID')}</employmentGUID>")
    assert _fault(missing) == "NotFoundException"


def test_changed_since_sees_generic_changes_and_honours_options(soap, mock_admin):
    mock_admin.advance(60)
    since = _now(mock_admin)
    mock_admin.advance(60)
    category = soap.result("GetProductCategoryByCode", "<productCategoryCode>PALV</productCategoryCode>")
    guid = _text(category, "GUID")
    feed = f"<startDateTime>{since}</startDateTime><options>%d</options>"
    assert len(soap.result("GetProductCategoriesChangedSince", feed % 0)) == 0
    soap.result(
        "UpdateProductCategory",
        f"<productCategoryInfo><GUID xmlns='{ENTITIES}'>{guid}</GUID>"
        f"<IsActive xmlns='{ENTITIES}'>false</IsActive></productCategoryInfo>",
    )
    assert len(soap.result("GetProductCategoriesChangedSince", feed % 0)) == 0  # inactive: hidden
    changed = soap.result("GetProductCategoriesChangedSince", feed % 2)  # IncludeInactive
    assert [_text(c, "GUID") for c in changed] == [guid]
    assert (
        len(soap.result("GetProductCategoriesChangedSince", feed % 3)) == 0
    )  # NewOnly: an update is not new
    new = soap.result(
        "AddNewProductCategory",
        f"<productCategoryInfo><Name xmlns='{ENTITIES}'>Laitteet</Name></productCategoryInfo>",
    )
    assert [_text(c, "GUID") for c in soap.result("GetProductCategoriesChangedSince", feed % 1)] == [
        _text(new, "GUID")
    ]


def test_deleting_an_activity_type_in_use_needs_a_replacement(severa):
    types = severa("IActivityType")
    meeting = next(t for t in types.GetAllActivityTypes() if t.Code == "MEET")
    call = next(t for t in types.GetAllActivityTypes() if t.Code == "CALL")
    with pytest.raises(zeep.exceptions.Fault) as refused:
        types.DeleteActivityType(activityTypeGUID=meeting.GUID, replacementActivityTypeGUID=None)
    assert refused.value.detail[0].tag == f"{{{API_NS}}}ValidationException"
    assert (
        types.DeleteActivityType(activityTypeGUID=meeting.GUID, replacementActivityTypeGUID=call.GUID) is True
    )
    activities = severa("IActivity").GetActivityInstances()
    assert activities and {a.ActivityTypeGUID for a in activities} == {call.GUID}


def test_tags_are_shared_by_keyword_within_their_context(severa):
    case = severa("ICase").GetCaseByNumber(caseNumber=3)
    tags = severa("ITag")
    first = tags.AddNewCaseTag(caseGUID=case.GUID, tagInfo={"Keyword": "Pilotti"})
    assert [t.Keyword for t in first] == ["Pilotti"]
    other = severa("ICase").GetCaseByNumber(caseNumber=4)
    tags.AddNewCaseTag(caseGUID=other.GUID, tagInfo={"Keyword": "pilotti "})
    shared = [t for t in tags.GetAllCaseTags() if t.Keyword == "Pilotti"]
    assert len(shared) == 1
    assert [t.GUID for t in tags.GetTagsByCaseGUID(caseGUID=other.GUID)] == [shared[0].GUID]


def test_travel_reimbursement_status_moves_forward_and_approves_rows(severa):
    travel = severa("ITravelReimbursement")
    sent = travel.GetTravelReimbursementByNumber(
        travelReimbursementNumber=1, travelReimbursementNumberingBusinessUnitGUID=None
    )
    assert (
        sent.TravelReimbursementStatus == "Lähetetty"
        and len(sent.TravelReimbursementRows.TravelReimbursementRow) == 2
    )
    travel.SetTravelReimbursementStatus(travelReimbursementGUID=sent.GUID, status="Hyväksytty")
    approved = travel.GetTravelReimbursementByGUID(travelReimbursementGUID=sent.GUID)
    assert approved.TravelReimbursementStatus == "Hyväksytty" and approved.ApprovalDate is not None
    assert all(row.IsApproved for row in approved.TravelReimbursementRows.TravelReimbursementRow)
    with pytest.raises(zeep.exceptions.Fault) as refused:
        travel.SetTravelReimbursementStatus(travelReimbursementGUID=sent.GUID, status="Luonnos")
    assert refused.value.detail[0].tag == f"{{{API_NS}}}NoPermissionException"
    files = travel.GetTravelReimbursementAttachments(guid=sent.GUID)
    assert severa("IFile").GetFileBytesByGUID(guid=files[0].GUID).startswith("Pysäköintikuitti".encode())


def test_at_least_95_percent_of_operations_keep_state_and_the_rest_say_why(app):
    rows = app.vendors["severa"].coverage()
    stateful = [r for r in rows if r.coverage == "stateful"]
    assert len(rows) == 256
    assert len(stateful) / len(rows) >= 0.95
    empty = {r.operation: r.reason for r in rows if r.coverage != "stateful"}
    assert set(empty) == {"IAPI.GetVersion", "IAPI.GetEntitySchemaVersion"}
    assert all("setting" in reason for reason in empty.values())


# -- reference data ---------------------------------------------------------------------------------
def test_reference_data_is_seeded_and_consistent_with_the_rest(severa):
    eur = severa("ICurrency").GetCurrencyByIsoCode(currencyIsoCode="EUR")
    finland = severa("ICountry").GetCountryByISO(isoName="FI")
    assert eur.Symbol == "€" and finland.IsoCodea3 == "FIN" and finland.IsEu is True
    assert severa("ICountry").GetCountryByName(countryName="Suomi").GUID == finland.GUID
    language = severa("ILanguage").GetLanguageByIetfTag(ietfLanguageTag="fi-FI")
    assert finland.DefaultLanguageGUID == language.GUID
    zone = severa("ITimezone").GetTimezoneByGUID(timezoneGuid=finland.TimezoneGUID)
    assert zone.SystemName == "FLE Standard Time"
    currencies = {c.IsoCode: c.GUID for c in severa("ICurrency").GetCurrencies()}
    for account in severa("IAccount").GetAccountsChangedSince(startDateTime="1998-04-30", options=2):
        assert currencies[account.CurrencyCode] == account.CurrencyGUID
        address = severa("IAccount").GetHeadOfficeAddressByAccountGUID(accountGUID=account.GUID)
        country = severa("ICountry").GetCountryByISO(isoName=address.CountryCode)
        assert address.CountryGUID == country.GUID
    product = severa("IProduct").GetProductByCode(productCode="LIS")
    vat = severa("IProduct").GetProductCostAccountAssociationsByGUID(
        productGUID=product.GUID, includeDefault=False
    )
    assert [a.TaxPercentage for a in vat] == [product.VAT]
    with pytest.raises(zeep.exceptions.Fault):
        severa("ICurrency").GetCurrencyByIsoCode(currencyIsoCode="XXX")


# -- numbers and GUIDs ------------------------------------------------------------------------------
def _case(soap, account: str, number: int | None = None) -> int:
    explicit = f"<CaseNumber xmlns='{ENTITIES}'>{number}</CaseNumber>" if number is not None else ""
    created = soap.result(
        "AddNewCase",
        f"<caseInfo><AccountGUID xmlns='{ENTITIES}'>{account}</AccountGUID>{explicit}"
        f"<Name xmlns='{ENTITIES}'>Numero</Name></caseInfo>",
    )
    return int(_text(created, "CaseNumber"))


def test_case_numbers_stay_unique_when_explicit_and_automatic_numbering_mix(soap):
    account = _text(soap.result("GetAccountByNumber", "<accountNumber>1001</accountNumber>"), "GUID")
    first = _case(soap, account)
    explicit = _case(soap, account, first + 1)
    numbers = [first, explicit, _case(soap, account), _case(soap, account)]
    assert len(set(numbers)) == 4
    for number in numbers:
        assert soap.result("GetCaseByNumber", f"<caseNumber>{number}</caseNumber>") is not None
    taken = soap.call(
        "AddNewCase",
        f"<caseInfo><AccountGUID xmlns='{ENTITIES}'>{account}</AccountGUID>"
        f"<CaseNumber xmlns='{ENTITIES}'>{first}</CaseNumber><Name xmlns='{ENTITIES}'>X</Name></caseInfo>",
    )
    assert _fault(taken) == "ValidationException"


def test_invoice_numbers_stay_unique_when_explicit_and_automatic_numbering_mix(soap):
    drafts = [_text(i, "GUID") for i in soap.result("GetInvoicesByStatus", "<status>Draft</status>")]
    soap.result("SetInvoiceStatus", f"<invoiceGUID>{drafts[0]}</invoiceGUID><status>Approved</status>")
    automatic = int(
        _text(soap.result("GetInvoiceByGUID", f"<invoiceGUID>{drafts[0]}</invoiceGUID>"), "Number")
    )
    cancelled = _text(soap.result("GetInvoicesByStatus", "<status>Cancelled</status>")[0], "GUID")
    soap.result(
        "SetInvoiceNumber",
        f"<invoiceGUID>{cancelled}</invoiceGUID><invoiceNumber>{automatic + 1}</invoiceNumber>",
    )
    soap.result("SetInvoiceStatus", f"<invoiceGUID>{drafts[1]}</invoiceGUID><status>Approved</status>")
    second = int(_text(soap.result("GetInvoiceByGUID", f"<invoiceGUID>{drafts[1]}</invoiceGUID>"), "Number"))
    assert second not in (automatic, automatic + 1)


def test_guids_are_unique_across_tenants(mockserver, mock_http):
    from tests.vendors.severa.conftest import PATH, Soap

    tenants = [mockserver.admin.create_tenant(name=f"guids-{n}") for n in range(2)]
    try:
        clients = [
            Soap(mock_http, f"{mockserver.url}{PATH}", t.credentials["severa"]["api_key"]) for t in tenants
        ]
        seeded = [
            _text(c.result("GetAccountByNumber", "<accountNumber>1001</accountNumber>"), "GUID")
            for c in clients
        ]
        added = [
            _text(
                c.result(
                    "AddNewIndustry", f"<industryInfo><Name xmlns='{ENTITIES}'>Sama</Name></industryInfo>"
                ),
                "GUID",
            )
            for c in clients
        ]
        assert seeded[0] != seeded[1] and added[0] != added[1]
        case = clients[0].result("GetCasesByAccountGUID", f"<accountGuid>{seeded[0]}</accountGuid>")[0]
        assert _text(case, "AccountGUID") == seeded[0]  # references follow the renamed GUIDs
    finally:
        for tenant in tenants:
            mockserver.admin.delete_tenant(tenant.id)


# -- access rights ----------------------------------------------------------------------------------
def test_read_only_rights_refuse_writes_with_no_permission(soap, mock_tenant):
    mock_tenant.settings({"severa": {"access_rights": {"IAccount": "read"}}})
    account = soap.result("GetAccountByNumber", "<accountNumber>1001</accountNumber>")
    assert _text(account, "GUID")
    refused = soap.call("AddNewAccount", f"<accountInfo><Name xmlns='{ENTITIES}'>Ei saa</Name></accountInfo>")
    assert _fault(refused) == "NoPermissionException"
    assert soap.result("GetAccountByName", "<accountName>Ei saa</accountName>").get(f"{{{XSI}}}nil") == "true"


def test_no_rights_hide_reads_even_through_other_contracts(soap, mock_tenant):
    invoice = _text(soap.result("GetInvoicesByStatus", "<status>Paid</status>")[0], "GUID")
    case = _text(soap.result("GetCaseByNumber", "<caseNumber>1</caseNumber>"), "GUID")
    assert len(soap.result("GetCaseMemberUsersByCaseGUID", f"<caseGuid>{case}</caseGuid>")) == 3
    mock_tenant.settings({"severa": {"access_rights": {"IInvoice": "none", "IUser": "none"}}})
    assert len(soap.result("GetInvoicesByStatus", "<status>Paid</status>")) == 0
    assert (
        _fault(soap.call("GetInvoiceByGUID", f"<invoiceGUID>{invoice}</invoiceGUID>")) == "NotFoundException"
    )
    assert len(soap.result("GetCaseMemberUsersByCaseGUID", f"<caseGuid>{case}</caseGuid>")) == 0
    refused = soap.call("SetInvoiceStatus", f"<invoiceGUID>{invoice}</invoiceGUID><status>Sent</status>")
    assert _fault(refused) == "NoPermissionException"
    assert soap.result("GetCaseByGUID", f"<caseGuid>{case}</caseGuid>") is not None  # ICase untouched


# -- xsi:type ---------------------------------------------------------------------------------------
def test_travel_reimbursement_rows_arrive_as_items_with_xsi_type(soap):
    case = _text(soap.result("GetCaseByNumber", "<caseNumber>1</caseNumber>"), "GUID")
    items = soap.result("GetItemsByCaseGUID", f"<caseGUID>{case}</caseGUID>")
    kinds = {item.get(f"{{{XSI}}}type") for item in items}
    assert kinds == {None, "a:TravelReimbursementRow"}
    row = next(i for i in items if i.get(f"{{{XSI}}}type"))
    assert row.nsmap.get("a") == ENTITIES or items.nsmap.get("a") == ENTITIES
    assert _text(row, "rowNumber") == "1" and _text(row, "IsTravelReimbursementRequired") == "true"
    assert [etree.QName(c).localname for c in row][-3:] == [
        "FileGUIDs",
        "IsTravelReimbursementRequired",
        "rowNumber",
    ]


def test_zeep_reads_the_derived_type(severa):
    reimbursement = severa("ITravelReimbursement").GetTravelReimbursementByNumber(
        travelReimbursementNumber=2, travelReimbursementNumberingBusinessUnitGUID=None
    )
    row_guid = reimbursement.TravelReimbursementRows.TravelReimbursementRow[0].GUID
    item = severa("IItem").GetItemByGUID(itemGUID=row_guid)
    assert type(item).__name__ == "TravelReimbursementRow"
    assert item.rowNumber == 1 and item.ProductType == "TravelExpense"
    changed = severa("IItem").GetItemsChangedSince(startDate="1998-04-30")
    assert {type(i).__name__ for i in changed} == {"Item", "TravelReimbursementRow"}


def test_group_membership_change_is_seen_with_check_account_group_changes(soap, mock_admin):
    account = soap.result("GetAccountByNumber", "<accountNumber>1003</accountNumber>")
    guid = _text(account, "GUID")
    assert len(soap.result("GetAccountGroupsByAccountGUID", f"<accountGuid>{guid}</accountGuid>")) == 0
    group = soap.result("GetAccountGroups", "<options>0</options>")[0]
    mock_admin.advance(30)
    since = _now(mock_admin)
    mock_admin.advance(30)
    soap.result(
        "AddNewAccountGroupMembers",
        f"<accountGUID>{guid}</accountGUID><accountGroupGUIDs><string "
        f"xmlns='http://schemas.microsoft.com/2003/10/Serialization/Arrays'>{_text(group, 'GUID')}</string>"
        "</accountGroupGUIDs>",
    )
    feed = f"<startDateTime>{since}</startDateTime><options>%s</options>"
    assert len(soap.result("GetAccountsChangedSinceOpts", feed % "None")) == 0
    checked = soap.result("GetAccountsChangedSinceOpts", feed % "CheckAccountGroupChanges")
    assert [_text(a, "GUID") for a in checked] == [guid]
    groups = soap.result("GetAccountGroupsByAccountGUID", f"<accountGuid>{guid}</accountGuid>")
    assert [_text(g, "GUID") for g in groups] == [_text(group, "GUID")]


def test_sent_and_paid_invoices_bill_seeded_hours(severa):
    invoices = severa("IInvoice")
    billed = []
    for status in ("Sent", "Paid"):
        for invoice in invoices.GetInvoicesByStatus(status=status, options=0, maxInvoices=None):
            origin = invoices.GetInvoiceOriginDetailsByInvoiceGUID(invoiceGUID=invoice.GUID)
            rows = origin.InvoiceRowOrigins["InvoiceOriginDetails.InvoiceRowOrigin"]  # WCF's nested name
            entries = rows[0].HourEntries
            billed += [(invoice, e) for e in (entries.HourEntry if entries else [])]
    assert billed
    invoice, entry = billed[0]
    assert entry.InvoiceGUID == invoice.GUID and entry.CaseGUID == invoice.MainCaseGUID
    on_case = severa("IHourEntry").GetInvoicedHourEntriesByCaseGUID(caseGuid=invoice.MainCaseGUID)
    assert entry.GUID in [e.GUID for e in on_case]
    with pytest.raises(zeep.exceptions.Fault) as refused:
        severa("IHourEntry").UpdateHourEntry(hourEntryInfo={"GUID": entry.GUID, "Description": "muutos"})
    assert refused.value.detail[0].tag == f"{{{API_NS}}}NoPermissionException"
