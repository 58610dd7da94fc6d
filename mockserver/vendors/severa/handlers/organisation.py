"""IUser and IBusinessUnit: the organisation's people and its business-unit tree."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mockserver.vendors.severa import entities, generic
from mockserver.vendors.severa.operations import Call, changed_since, handles

NEW_ONLY, INCLUDE_INACTIVE = 1, 2


# -- users --------------------------------------------------------------------------------------------
@handles("GetUserByName")
def user_by_name(call: Call, firstName: str | None = None, lastName: str | None = None) -> dict:
    found = call.kind("User").filter(
        lambda u: u.get("FirstName") == firstName and u.get("LastName") == lastName
    )
    if not found:
        raise call.fail("NotFoundException", f"User '{firstName} {lastName}' was not found.")
    return found[0]


@handles("GetAllUsers")
def all_users(call: Call, businessUnitGUID: str | None = None, includeInactive: bool | None = None) -> list:
    return call.kind("User").filter(
        lambda u: (
            (not businessUnitGUID or u.get("BusinessUnitGUID") == businessUnitGUID)
            and (includeInactive or u.get("IsActive", True))
        )
    )


@handles("GetUsersByGUIDs")
def users_by_guids(call: Call, userGUIDs: list[str] | None = None) -> list[dict]:
    return [call.require("User", guid, "User") for guid in userGUIDs or []]


@handles("GetUsersByUserKeywords")
def users_by_keywords(call: Call, businessUnitGUID: str | None = None, userKeywords: list[str] | None = None):
    wanted = {k.lower() for k in userKeywords or [] if k}
    return call.kind("User").filter(
        lambda u: (
            (not businessUnitGUID or u.get("BusinessUnitGUID") == businessUnitGUID)
            and bool(
                wanted & {str(u.get(f) or "").lower() for f in ("FirstName", "LastName", "Code", "Title")}
            )
        )
    )


@handles("GetUsersChangedSince")
def users_changed_since(
    call: Call,
    businessUnitGUID: str | None = None,
    startDateTime: datetime | None = None,
    options: int | None = None,
) -> list:
    users = all_users(call, businessUnitGUID, bool((options or 0) & INCLUDE_INACTIVE))
    return changed_since(users, startDateTime, bool((options or 0) & NEW_ONLY))


def _unit_links(call: Call, user: dict) -> dict:
    unit = call.get("BusinessUnit", user.get("BusinessUnitGUID"))
    if unit is None:
        return {}
    return {"BusinessUnitName": unit.get("Name"), "BusinessUnitCode": unit.get("Code")}


@handles("AddNewUser")
def add_user(call: Call, userInfo: Any = None) -> dict:
    user = entities.from_wire("User", userInfo) if userInfo is not None else {}
    if entities.blank(user.get("LastName")) and entities.blank(user.get("FirstName")):
        raise call.fail("ValidationException", "User name is required.")
    if user.get("Code") and call.kind("User").find_by("Code", user["Code"]) is not None:
        raise call.fail("ValidationException", f"User code '{user['Code']}' is already in use.")
    if user.get("BusinessUnitGUID") and call.get("BusinessUnit", user["BusinessUnitGUID"]) is None:
        raise call.fail("ValidationException", f"Business unit '{user['BusinessUnitGUID']}' was not found.")
    generic.check_references(call, "User", user, user)
    user.setdefault("IsActive", True)
    user.update(_unit_links(call, user))
    return call.insert("User", user)


@handles("UpdateUser")
def update_user(call: Call, userInfo: Any = None) -> dict:
    changes = entities.from_wire("User", userInfo) if userInfo is not None else {}
    current = call.require("User", changes.get("GUID"), "User")
    generic.check_references(call, "User", changes, changes)
    changes.update(_unit_links(call, {**current, **changes}))
    return call.update("User", current, changes)


def _set_active(call: Call, guid: str | None, active: bool) -> bool:
    user = call.require("User", guid, "User")
    call.update("User", user, {"IsActive": active})
    return True


@handles("DisableUser")
def disable_user(call: Call, userGUID: str | None = None) -> bool:
    return _set_active(call, userGUID, False)


@handles("EnableUser")
def enable_user(call: Call, userGUID: str | None = None) -> bool:
    return _set_active(call, userGUID, True)


@handles("ChangePassword")
def change_password(call: Call, userGUID: str | None = None, newPassword: str | None = None) -> bool:
    call.require("User", userGUID, "User")
    if entities.blank(newPassword) or len(newPassword or "") < 8:
        raise call.fail("NoPermissionException", "The password does not meet the password policy.")
    return True


# -- business units -----------------------------------------------------------------------------------
@handles("GetBusinessUnitHierarchy")
def business_unit_hierarchy(call: Call, rootBusinessUnitGuid: str | None = None, options: int | None = None):
    """The root and every unit below it, parents before children."""
    units = call.kind("BusinessUnit").all()
    if rootBusinessUnitGuid:
        root = call.require("BusinessUnit", rootBusinessUnitGuid, "Business unit")
    else:
        root = next((u for u in units if not u.get("ParentBusinessUnitGUID")), None)
        if root is None:
            return []
    ordered, frontier = [root], [root["GUID"]]
    while frontier:
        children = [u for u in units if u.get("ParentBusinessUnitGUID") in frontier]
        ordered.extend(children)
        frontier = [u["GUID"] for u in children]
    return ordered


@handles("GetBusinessUnitsChangedSince")
def business_units_changed_since(
    call: Call,
    businessUnitGUID: str | None = None,
    startDateTime: datetime | None = None,
    options: int | None = None,
) -> list:
    units = call.kind("BusinessUnit").all()
    if businessUnitGUID:
        units = [u for u in units if businessUnitGUID in (u["GUID"], u.get("ParentBusinessUnitGUID"))]
    return changed_since(units, startDateTime, bool((options or 0) & NEW_ONLY))
