"""IAccessRights (profiles are generic; users and their rights here), IExtranet (what a case shares
with its contacts), and two organisation-level reads: IAddress.GetBillingAddress (the
organisation's own billing address, ``_organisation``) and IProduct's cost-account associations
(the VAT accounts matching a product's VAT rate).
"""

from __future__ import annotations

from typing import Any

from mockserver.vendors.severa import entities
from mockserver.vendors.severa.operations import Call, handles

#: what an extranet shares when nothing else was set: status, phases, files
CASE_RIGHTS = {
    "EditCaseStatus": False,
    "ShowBilling": False,
    "ShowCaseStatus": True,
    "ShowFilesAndLinks": True,
    "ShowGanttChart": False,
    "ShowPhaseTree": True,
    "ShowReadyToBill": False,
    "ShowWorkHourEstimates": False,
    "ShowWorkHourStartAndEndTime": False,
    "ShowWorkHours": False,
}
CONTACT_RIGHTS = {"Approval": False, "Comments": True, "FileUpload": False}


# -- users and rights -------------------------------------------------------------------------------
@handles("GetUsersByAccessRightsProfileGUID")
def users_by_profile(call: Call, guid: str | None = None) -> list[dict]:
    profile = call.require("AccessRightsProfile", guid, "Access rights profile")
    return call.kind("User").filter(lambda u: u.get("ProfileGUID") == profile["GUID"])


def _rights(call: Call, user: dict) -> dict[str, Any]:
    """A user's own rights if set, else their profile's."""
    if "_rights" in user:
        return user["_rights"]
    profile = call.get("AccessRightsProfile", user.get("ProfileGUID")) or {}
    return {"API": True, "Rights": profile.get("Rights") or {}}


@handles("GetUserRightsByUserGUID")
def user_rights(call: Call, guid: str | None = None) -> dict:
    return _rights(call, call.require("User", guid, "User"))


@handles("UpdateUserRightsByUserGUID")
def update_user_rights(call: Call, guid: str | None = None, rights: Any = None) -> dict:
    user = call.require("User", guid, "User")
    changes = entities.from_wire("UserRights", rights) if rights is not None else {}
    updated = {**_rights(call, user), **changes}
    call.update("User", user, {"_rights": updated})
    return updated


# -- extranet ---------------------------------------------------------------------------------------
@handles("GetExtranetCaseByCaseGUID")
def extranet_case(call: Call, caseGuid: str | None = None) -> dict:
    case = call.require("Case", caseGuid, "Case")
    contacts = []
    if case.get("SharedToExtranet") and case.get("ContactGUID"):
        contacts = [{"GUID": case["ContactGUID"], "Rights": CONTACT_RIGHTS}]
    return {"GUID": case["GUID"], "Contacts": contacts, "Rights": CASE_RIGHTS}


@handles("GetExtranetContactCaseRightsByContactGUID")
def extranet_contact_rights(call: Call, contactGuid: str | None = None) -> list[dict]:
    contact = call.require("Contact", contactGuid, "Contact")
    shared = call.kind("Case").filter(
        lambda c: c.get("SharedToExtranet") and c.get("ContactGUID") == contact["GUID"]
    )
    return [
        {"CaseGUID": c["GUID"], "CaseRights": CASE_RIGHTS, "ContactRights": CONTACT_RIGHTS} for c in shared
    ]


# -- organisation-level reads -----------------------------------------------------------------------
@handles("GetBillingAddress")
def organisation_billing_address(call: Call) -> dict:
    found = call.kind("Address").filter(lambda a: a.get("_organisation") and a.get("IsBillingAddress"))
    if not found:
        raise call.fail("NotFoundException", "The organisation has no billing address.")
    return found[0]


@handles("GetProductCostAccountAssociationsByGUID")
def product_cost_accounts(
    call: Call, productGUID: str | None = None, includeDefault: bool | None = None
) -> list:
    """The cost accounts carrying the product's VAT rate; ``includeDefault`` adds the default
    travel account for a travel expense."""
    product = call.get("Product", productGUID) or call.get("TravelExpense", productGUID)
    if product is None:
        raise call.not_found("Product", productGUID)
    rate = entities.decimal_of(product.get("VAT"))
    travel = product.get("Type") == "TravelExpense"
    return call.kind("CostAccount").filter(
        lambda a: (
            entities.decimal_of(a.get("TaxPercentage"), None) == rate
            or bool(includeDefault and travel and a.get("IsTravelTypeDefault"))
        )
    )
