"""IAccount, ICompany, IAddress, IContact and ICustomer: an account is a company (name, VAT
number) with a head-office address and contacts. ``Customer`` is WCF's merged view of an account
and its company, with the account's GUID."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mockserver.vendors.severa import entities, generic
from mockserver.vendors.severa.operations import Call, changed_since, handles

# AccountGetOptions flags
NEW_ONLY, INCLUDE_INACTIVE, EXCLUDE_NOT_NUMBERED, EXCLUDE_NO_WON_CASES = 1, 2, 4, 8
CHECK_ACCOUNT_GROUP_CHANGES, CHECK_ADDRESS_CHANGES, CHECK_CONTACT_CHANGES = 32, 64, 128
#: hidden stamp of an account's last group-membership change: membership is a relation of its own,
#: which does not change the account (seen only with CheckAccountGroupChanges)
GROUPS_CHANGED = "_groups_upd"
ACCOUNT_OPTIONS = {
    "None": 0,
    "NewOnly": 1,
    "IncludeInactive": 2,
    "ExcludeNotNumbered": 4,
    "ExcludeWithNoWonCases": 8,
    "CheckAccountGroupChanges": 32,
    "CheckAddressChanges": 64,
    "CheckContactChanges": 128,
    "CheckChildChanges": 224,
}


def option_flags(options: Any) -> int:
    return generic.option_flags(options, ACCOUNT_OPTIONS)


# -- accounts ---------------------------------------------------------------------------------------
def _accounts_with_options(call: Call, flags: int) -> list[dict]:
    accounts = call.kind("Account").all()
    if not flags & INCLUDE_INACTIVE:
        accounts = [a for a in accounts if a.get("IsActive", True)]
    if flags & EXCLUDE_NOT_NUMBERED:
        accounts = [a for a in accounts if a.get("Number") is not None]
    if flags & EXCLUDE_NO_WON_CASES:
        with_cases = {c.get("AccountGUID") for c in call.kind("Case").all()}
        accounts = [a for a in accounts if a["GUID"] in with_cases]
    return accounts


def _changed_accounts(call: Call, since: datetime | None, flags: int) -> list[dict]:
    accounts = _accounts_with_options(call, flags)
    changed = changed_since(accounts, since, bool(flags & NEW_ONLY))
    if since is None or flags & NEW_ONLY:
        return changed
    guids = {a["GUID"] for a in changed}
    touched: set[str] = set()
    if flags & CHECK_ADDRESS_CHANGES:
        by_company = {a.get("CompanyGUID"): a["GUID"] for a in accounts}
        for address in changed_since(call.kind("Address").all(), since):
            touched.add(by_company.get(address.get("CompanyGUID"), ""))
    if flags & CHECK_CONTACT_CHANGES:
        touched.update(c.get("AccountGUID", "") for c in changed_since(call.kind("Contact").all(), since))
    if flags & CHECK_ACCOUNT_GROUP_CHANGES:
        threshold = entities.epoch(since)
        touched.update(a["GUID"] for a in accounts if a.get(GROUPS_CHANGED, 0) >= threshold)
    return changed + [a for a in accounts if a["GUID"] in touched and a["GUID"] not in guids]


@handles("GetAccountsChangedSince")
def accounts_changed_since(
    call: Call, startDateTime: datetime | None = None, options: int | None = None
) -> list:
    return _changed_accounts(call, startDateTime, option_flags(options))


@handles("GetAccountsChangedSinceOpts")
def accounts_changed_since_opts(
    call: Call, startDateTime: datetime | None = None, options: Any = None
) -> list:
    return _changed_accounts(call, startDateTime, option_flags(options))


def page(call: Call, records: list[dict], start: int | None, count: int | None) -> list[dict]:
    """``startFromIndex``/``count`` paging; ``count`` is capped at the ``max_page_size`` setting."""
    start = start or 0
    limit = int(call.settings["max_page_size"])
    count = limit if count is None else count
    if start < 0 or count < 0:
        raise call.fail("ValidationException", "startFromIndex and count must not be negative.")
    if count > limit:
        if call.settings["page_overflow"] == "fault":
            raise call.fail("ValidationException", f"count must be at most {limit}.")
        count = limit
    return records[start : start + count]


@handles("GetAllAccounts")
def all_accounts(
    call: Call, options: Any = None, startFromIndex: int | None = None, count: int | None = None
):
    accounts = _accounts_with_options(call, option_flags(options))
    return [
        {"GUID": a["GUID"], "Name": a.get("Name"), "Number": a.get("Number")}
        for a in page(call, accounts, startFromIndex, count)
    ]


def _validate_account(call: Call, account: dict[str, Any]) -> None:
    if entities.blank(account.get("Name")):
        raise call.fail("ValidationException", "Account name is required.")
    number = account.get("Number")
    if number is not None:
        clash = call.kind("Account").find_by("Number", number)
        if clash is not None and clash["GUID"] != account.get("GUID"):
            raise call.fail("ValidationException", f"Account number {number} is already in use.")
    generic.check_references(call, "Account", account, account)


@handles("AddNewAccount")
def add_account(
    call: Call,
    accountInfo: Any = None,
    companyInfo: Any = None,
    addressInfo: Any = None,
    contactInfo: Any = None,
) -> dict:
    """The account, its company, the company's head-office address and a contact, all or nothing."""
    if accountInfo is None:
        raise call.fail("ValidationException", "accountInfo is required.")
    account = entities.from_wire("Account", accountInfo)
    company = entities.from_wire("Company", companyInfo) if companyInfo is not None else {}
    address = entities.from_wire("Address", addressInfo) if addressInfo is not None else None
    contact = entities.from_wire("Contact", contactInfo) if contactInfo is not None else None
    _validate_account(call, account)
    nameless = contact is not None and all(entities.blank(contact.get(f)) for f in ("LastName", "FirstName"))
    if nameless:
        raise call.fail("ValidationException", "Contact name is required.")
    generic.check_references(call, "Company", company, company)
    for kind, part, owner in (("Address", address, "CompanyGUID"), ("Contact", contact, "AccountGUID")):
        if part is not None:  # the owner is the record written here
            generic.check_references(call, kind, part, [f for f in part if f != owner])
    # everything is valid: write
    company.setdefault("Name", account["Name"])
    account["VatNumber"] = company.get("VatNumber")  # kept beside the account for GetAccountByVatNumber
    stored_company = call.insert("Company", company)
    if address is not None:
        address["CompanyGUID"] = stored_company["GUID"]
        stored_address = call.insert("Address", address)
        stored_company = call.kind("Company").update(
            stored_company["id"], {"HeadOfficeAddressGUID": stored_address["GUID"]}
        )
    account["CompanyGUID"] = stored_company["GUID"]
    account.setdefault("IsActive", True)
    if account.get("Number") is None:
        account["Number"] = _next_account_number(call)
    stored = call.insert("Account", account)
    if contact is not None:
        contact["AccountGUID"] = stored["GUID"]
        contact.setdefault("IsActive", True)
        call.insert("Contact", contact)
    return stored


def _next_account_number(call: Call) -> int:
    numbers = [a["Number"] for a in call.kind("Account").all() if isinstance(a.get("Number"), int)]
    return max([*numbers, 1000]) + 1


@handles("UpdateAccount")
def update_account(call: Call, accountInfo: Any = None, companyInfo: Any = None) -> dict:
    if accountInfo is None:
        raise call.fail("ValidationException", "accountInfo is required.")
    changes = entities.from_wire("Account", accountInfo)
    current = call.require("Account", changes.get("GUID"), "Account")
    merged = {**current, **changes}
    _validate_account(call, merged)
    company_changes = entities.from_wire("Company", companyInfo) if companyInfo is not None else None
    if company_changes:
        generic.check_references(call, "Company", company_changes, company_changes)
        company = call.get("Company", current.get("CompanyGUID"))
        if company is not None:
            call.update("Company", company, company_changes)
        if "VatNumber" in company_changes:
            changes["VatNumber"] = company_changes["VatNumber"]
    return call.update("Account", current, changes)


@handles("GetHeadOfficeAddressByAccountGUID")
def head_office_address(call: Call, accountGUID: str | None = None) -> dict | None:
    account = call.get("Account", accountGUID)
    company = call.get("Company", account.get("CompanyGUID")) if account else None
    return call.get("Address", company.get("HeadOfficeAddressGUID")) if company else None


# -- companies, addresses, contacts -----------------------------------------------------------------
@handles("AddNewAddress")
def add_address(call: Call, addressInfo: Any = None) -> dict:
    if addressInfo is None:
        raise call.fail("ValidationException", "addressInfo is required.")
    address = entities.from_wire("Address", addressInfo)
    if address.get("CompanyGUID") and call.get("Company", address["CompanyGUID"]) is None:
        raise call.fail("NotFoundException", f"Company with GUID '{address['CompanyGUID']}' was not found.")
    generic.check_references(call, "Address", address, address)
    return call.insert("Address", address)


@handles("GetAddressesChangedSince")
def addresses_changed_since(
    call: Call,
    accountGUID: str | None = None,
    startDateTime: datetime | None = None,
    options: int | None = None,
) -> list:
    addresses = call.kind("Address").all()
    if accountGUID:
        account = call.get("Account", accountGUID)
        company = account.get("CompanyGUID") if account else None
        addresses = [a for a in addresses if a.get("CompanyGUID") == company]
    return changed_since(addresses, startDateTime, bool((options or 0) & NEW_ONLY))


@handles("GetFirstAccountsBillingAddress")
def first_billing_address(call: Call, accountGUID: str | None = None) -> dict:
    account = call.require("Account", accountGUID, "Account")
    company = account.get("CompanyGUID")
    addresses = call.kind("Address").filter(lambda a: a.get("CompanyGUID") == company)
    billing = next((a for a in addresses if a.get("IsBillingAddress")), None)
    if billing is None:
        raise call.fail("NotFoundException", f"Account '{accountGUID}' has no billing address.")
    return billing


@handles("AddNewContact")
def add_contact(call: Call, contactInfo: Any = None) -> dict:
    if contactInfo is None:
        raise call.fail("ValidationException", "contactInfo is required.")
    contact = entities.from_wire("Contact", contactInfo)
    if entities.blank(contact.get("LastName")) and entities.blank(contact.get("FirstName")):
        raise call.fail("ValidationException", "Contact name is required.")
    if call.get("Account", contact.get("AccountGUID")) is None:
        raise call.fail(
            "ValidationException", f"Account with GUID '{contact.get('AccountGUID')}' was not found."
        )
    generic.check_references(call, "Contact", contact, contact)
    contact.setdefault("IsActive", True)
    return call.insert("Contact", contact)


@handles("GetContactsByAccountGUID")
def contacts_by_account(call: Call, accountGUID: str | None = None) -> list[dict]:
    call.require("Account", accountGUID, "Account")
    return call.kind("Contact").filter(lambda c: c.get("AccountGUID") == accountGUID)


@handles("GetContactsChangedSince")
def contacts_changed_since(
    call: Call,
    accountGUID: str | None = None,
    startDateTime: datetime | None = None,
    options: int | None = None,
) -> list:
    contacts = call.kind("Contact").all()
    if accountGUID:
        contacts = [c for c in contacts if c.get("AccountGUID") == accountGUID]
    if not (options or 0) & INCLUDE_INACTIVE:
        contacts = [c for c in contacts if c.get("IsActive", True)]
    return changed_since(contacts, startDateTime, bool((options or 0) & NEW_ONLY))


@handles("GetContactsByCommunicationMethodType")
def contacts_by_communication(call: Call, type: Any = None, value: str | None = None) -> list[dict]:
    wanted = str(type) if type is not None else None
    return call.kind("Contact").filter(
        lambda c: any(
            m.get("Value") == value and (wanted is None or m.get("Type") == wanted)
            for m in c.get("CommunicationMethods") or []
        )
    )


# -- customers: account + company -------------------------------------------------------------------
COMPANY_FIELDS = (
    "AnnualRevenue",
    "Email",
    "Employees",
    "HeadOfficeAddressGUID",
    "IndustryGUID",
    "TimezoneGUID",
    "Website",
)


def as_customer(call: Call, account: dict | None) -> dict | None:
    if account is None:
        return None
    company = call.get("Company", account.get("CompanyGUID")) or {}
    return {**{k: company.get(k) for k in COMPANY_FIELDS}, **account}


@handles("GetCustomerByGUID")
def get_customer(call: Call, accountGuid: str | None = None) -> dict | None:
    return as_customer(call, call.require("Account", accountGuid, "Customer"))


@handles("AddNewCustomer")
def add_customer(call: Call, customer: Any = None) -> dict | None:
    if customer is None:
        raise call.fail("ValidationException", "customer is required.")
    record = entities.from_wire("Customer", customer)
    company = {k: record.pop(k) for k in COMPANY_FIELDS if k in record}
    account = {k: v for k, v in record.items() if k != "GUID"}
    _validate_account(call, account)
    generic.check_references(call, "Company", company, company)
    company.update(Name=account["Name"], VatNumber=account.get("VatNumber"))
    stored_company = call.insert("Company", company)
    account["CompanyGUID"] = stored_company["GUID"]
    account.setdefault("IsActive", True)
    if account.get("Number") is None:
        account["Number"] = _next_account_number(call)
    return as_customer(call, call.insert("Account", account))


@handles("UpdateCustomer")
def update_customer(call: Call, customer: Any = None) -> dict | None:
    record = entities.from_wire("Customer", customer) if customer is not None else {}
    current = call.require("Account", record.get("GUID"), "Customer")
    company_changes = {k: record.pop(k) for k in COMPANY_FIELDS if k in record}
    _validate_account(call, {**current, **record})
    generic.check_references(call, "Company", company_changes, company_changes)
    company = call.get("Company", current.get("CompanyGUID"))
    if company is not None and company_changes:
        call.update("Company", company, company_changes)
    return as_customer(call, call.update("Account", current, record))


@handles("GetCustomersChangedSince")
def customers_changed_since(
    call: Call, startDateTime: datetime | None = None, options: int | None = None
) -> list:
    return [as_customer(call, a) for a in _changed_accounts(call, startDateTime, option_flags(options))]


@handles("GetAllCustomers")
def all_customers(
    call: Call, options: int | None = None, startFromIndex: int | None = None, count: int | None = None
) -> list:
    accounts = _accounts_with_options(call, option_flags(options))
    return [as_customer(call, a) for a in page(call, accounts, startFromIndex, count)]
