"""A real SOAP client (zeep) generated from the served WSDL, used as a Severa integration would."""

from __future__ import annotations

import pytest
import zeep
from zeep.helpers import serialize_object

from tests.vendors.severa.conftest import password


def test_add_account_and_read_it_back_by_guid_name_and_number(severa):
    accounts = severa("IAccount")
    created = accounts.AddNewAccount(
        accountInfo={"Name": "Testaus Oy", "Notes": "uusi"},
        companyInfo={"VatNumber": "FI12345678", "Email": "info@testaus.fi"},
        addressInfo={"Addressline": "Mannerheimintie 1", "PostalCode": "00100", "City": "Helsinki"},
        contactInfo={"FirstName": "Matti", "LastName": "Meikäläinen"},
    )
    assert created.Name == "Testaus Oy"
    assert created.GUID and created.CompanyGUID and created.Number
    assert created.IsActive is True
    for found in (
        accounts.GetAccountByGUID(accountGuid=created.GUID),
        accounts.GetAccountByName(accountName="Testaus Oy"),
        accounts.GetAccountByNumber(accountNumber=created.Number),
        accounts.GetAccountByVatNumber(vatNumber="FI12345678"),
    ):
        assert found.GUID == created.GUID
        assert found.Notes == "uusi"
    company = severa("ICompany").GetCompanyByGUID(companyGuid=created.CompanyGUID)
    assert company.VatNumber == "FI12345678"
    address = accounts.GetHeadOfficeAddressByAccountGUID(accountGUID=created.GUID)
    assert address.City == "Helsinki" and company.HeadOfficeAddressGUID == address.GUID
    contacts = severa("IContact").GetContactsByAccountGUID(accountGUID=created.GUID)
    assert [c.LastName for c in contacts] == ["Meikäläinen"]


def test_get_all_accounts_pages_by_start_index_and_count(severa):
    accounts = severa("IAccount")
    everything = accounts.GetAllAccounts(options="IncludeInactive", startFromIndex=0, count=100)
    assert len(everything) == 8
    first = accounts.GetAllAccounts(options="IncludeInactive", startFromIndex=0, count=3)
    second = accounts.GetAllAccounts(options="IncludeInactive", startFromIndex=3, count=3)
    assert [a.GUID for a in first + second] == [a.GUID for a in everything[:6]]
    # an empty ArrayOfAccountTiny is <GetAllAccountsResult/>, which zeep reads as None
    assert not accounts.GetAllAccounts(options="IncludeInactive", startFromIndex=8, count=3)
    active = accounts.GetAllAccounts(options="None", startFromIndex=0, count=100)
    assert len(active) == 7  # the seeded inactive account is left out without IncludeInactive


def test_case_phase_and_hour_entries_read_by_date_and_user(severa):
    account = severa("IAccount").GetAllAccounts(options="None", startFromIndex=0, count=1)[0]
    user = severa("IUser").GetAllUsers(includeInactive=False)[0]
    work_type = severa("IWorkType").GetAllWorkTypes()[0]
    case = severa("ICase").AddNewCase(caseInfo={"Name": "Uusi projekti", "AccountGUID": account.GUID})
    assert case.CaseNumber and case.RootTaskGUID and case.AccountName == account.Name
    phase = severa("IPhase").AddNewPhase(
        phaseInfo={"Name": "Toteutus", "CaseGUID": case.GUID, "PricePerHour": "100.00"},
        members={"string": [user.GUID]},
    )
    assert phase.ParentPhaseGUID == case.RootTaskGUID
    hours = severa("IHourEntry")
    for day, quantity in (("2024-03-04T00:00:00", "7.5"), ("2024-03-05T00:00:00", "3.25")):
        entry = hours.AddNewHourEntry(
            hourEntryInfo={"PhaseGUID": phase.GUID, "UserGUID": user.GUID, "WorkTypeGUID": work_type.GUID,
                           "EventDate": day, "Quantity": quantity, "Description": "Koodausta"}
        )  # fmt: skip
        assert entry.CaseGUID == case.GUID and entry.AccountGUID == account.GUID
    by_date = hours.GetHourEntriesByDate(startdate="2024-03-04T00:00:00", enddate="2024-03-04T00:00:00")
    assert [str(e.Quantity) for e in by_date] == ["7.5"]
    by_user = hours.GetHourEntriesByDateAndUserGUID(
        startdate="2024-03-01T00:00:00", enddate="2024-03-31T00:00:00", userGUID=user.GUID
    )
    assert sorted(str(e.Quantity) for e in by_user) == ["3.25", "7.5"]
    by_case = hours.GetHourEntriesByCaseGUID(caseGuid=case.GUID)
    assert len(by_case) == 2
    assert [p.GUID for p in severa("IPhase").GetPhasesByCaseGUID(caseGUID=case.GUID)][-1] == phase.GUID


def test_unknown_guid_is_the_declared_not_found_fault(severa):
    with pytest.raises(zeep.exceptions.Fault) as caught:
        severa("IAccount").GetAccountByGUID(accountGuid="00000000-0000-0000-0000-000000000000")
    fault = caught.value
    assert fault.code == "s:Client"
    assert "was not found" in fault.message
    detail = fault.detail[0]
    assert detail.tag == "{http://schemas.datacontract.org/2004/07/Severa.API}NotFoundException"
    assert detail.findtext("{http://schemas.datacontract.org/2004/07/Severa.API}Source") == "Severa.API"


def test_unknown_name_is_a_nil_result(severa):
    found = severa("IAccount").GetAccountByName(accountName="Ei ole olemassa Oy")
    # zeep turns <Result i:nil="true"/> into an object whose members are all None
    assert found is None or all(v is None for v in serialize_object(found).values())


def test_bad_key_is_authentication_failure(zeep_client):
    service = zeep_client.bind("API", "BasicHttpBinding_IAccount")
    with pytest.raises(zeep.exceptions.Fault) as caught:
        service.GetAllAccounts(options="None", startFromIndex=0, count=1, _soapheaders=[password("wrong")])
    assert caught.value.message == "Access denied"
    assert caught.value.detail[0].tag.endswith("}AuthenticationFailureException")


def test_hour_entry_with_unknown_phase_is_a_validation_fault(severa):
    user = severa("IUser").GetAllUsers(includeInactive=False)[0]
    with pytest.raises(zeep.exceptions.Fault) as caught:
        severa("IHourEntry").AddNewHourEntry(
            hourEntryInfo={"PhaseGUID": "nope", "UserGUID": user.GUID, "EventDate": "2024-03-04T00:00:00"}
        )
    assert caught.value.detail[0].tag.endswith("}ValidationException")
    assert "Phase" in caught.value.message
