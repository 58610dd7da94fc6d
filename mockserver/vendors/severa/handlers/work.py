"""ICase, IPhase, IHourEntry and IWorkType: cases (projects) own a tree of phases; hour entries
book a user's hours on a phase with a work type."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from mockserver.vendors.severa import entities, generic
from mockserver.vendors.severa.operations import Call, changed_since, handles

# CaseGetOptions
NEW_ONLY, INCLUDE_INACTIVE, EXCLUDE_NOT_NUMBERED, INTERNAL_ONLY, EXCLUDE_CLOSED, EXCLUDE_OPEN = (
    1,
    2,
    4,
    16,
    32,
    64,
)
MAX_HOURS_PER_ENTRY = Decimal(24)


def day_of(value: Any) -> str | None:
    """The calendar day (``yyyy-MM-dd``) of a stored or parsed date."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value)[:10]


def in_range(day: str | None, start: Any, end: Any) -> bool:
    if day is None:
        return False
    first, last = day_of(start), day_of(end)
    return (first is None or day >= first) and (last is None or day <= last)


# -- cases --------------------------------------------------------------------------------------------
@handles("GetCaseByTaskGUID")
def get_case_by_task(call: Call, taskGuid: str | None = None) -> dict:
    phase = call.require("Phase", taskGuid, "Task")
    return call.require("Case", phase.get("CaseGUID"), "Case")


def _in_unit(record: dict, business_unit: str | None) -> bool:
    return not business_unit or record.get("BusinessUnitGUID") == business_unit


@handles("GetAllCases")
def all_cases(call: Call, businessUnitGUID: str | None = None) -> list[dict]:
    return call.kind("Case").filter(lambda c: _in_unit(c, businessUnitGUID))


@handles("GetCasesByAccountGUID")
def cases_by_account(call: Call, businessUnitGUID: str | None = None, accountGuid: str | None = None) -> list:
    return call.kind("Case").filter(
        lambda c: _in_unit(c, businessUnitGUID) and c.get("AccountGUID") == accountGuid
    )


@handles("GetCasesChangedSince")
def cases_changed_since(
    call: Call,
    businessUnitGUID: str | None = None,
    startDateTime: datetime | None = None,
    options: int | None = None,
) -> list:
    flags = options or 0
    cases = call.kind("Case").filter(lambda c: _in_unit(c, businessUnitGUID))
    if flags & EXCLUDE_NOT_NUMBERED:
        cases = [c for c in cases if c.get("CaseNumber") is not None]
    if flags & INTERNAL_ONLY:
        cases = [c for c in cases if c.get("IsInternal")]
    if flags & EXCLUDE_CLOSED:
        cases = [c for c in cases if not c.get("IsClosed")]
    if flags & EXCLUDE_OPEN:
        cases = [c for c in cases if c.get("IsClosed")]
    return changed_since(cases, startDateTime, bool(flags & NEW_ONLY))


def _case_links(call: Call, case: dict) -> dict:
    """Denormalised names WCF returns with a case (account, business unit)."""
    links: dict[str, Any] = {}
    account = call.get("Account", case.get("AccountGUID"))
    if account is not None:
        links.update(AccountName=account.get("Name"), AccountNumber=account.get("Number"))
    unit = call.get("BusinessUnit", case.get("BusinessUnitGUID"))
    if unit is not None:
        links.update(BusinessUnitName=unit.get("Name"), BusinessUnitNumber=unit.get("Code"))
    return links


@handles("AddNewCase")
def add_case(call: Call, caseInfo: Any = None) -> dict:
    """A case and its root phase (``RootTaskGUID``), numbered from the tenant's case sequence."""
    if caseInfo is None:
        raise call.fail("ValidationException", "caseInfo is required.")
    case = entities.from_wire("Case", caseInfo)
    if entities.blank(case.get("Name")):
        raise call.fail("ValidationException", "Case name is required.")
    if call.get("Account", case.get("AccountGUID")) is None:
        raise call.fail(
            "ValidationException", f"Account with GUID '{case.get('AccountGUID')}' was not found."
        )
    owner = case.get("CaseOwnerUserGUID")
    if owner and call.get("User", owner) is None:
        raise call.fail("ValidationException", f"User with GUID '{owner}' was not found.")
    if case.get("BusinessUnitGUID") and call.get("BusinessUnit", case["BusinessUnitGUID"]) is None:
        raise call.fail("ValidationException", f"Business unit '{case['BusinessUnitGUID']}' was not found.")
    if case.get("CaseNumber") is None:
        case["CaseNumber"] = call.next_free_number(
            "Case", "CaseNumber", "case_number", lambda: _first_case_number(call)
        )
    elif call.number_taken("Case", "CaseNumber", case["CaseNumber"]):
        raise call.fail("ValidationException", f"Case number {case['CaseNumber']} is already in use.")
    generic.check_references(call, "Case", case, case)
    case.update(_case_links(call, case))
    case.setdefault("StartDate", entities.timestamp(call.now())[:10] + "T00:00:00")
    case.setdefault("IsClosed", False)
    case["_members"] = [owner] if owner else []
    stored = call.insert("Case", case)
    root = call.insert(
        "Phase",
        {
            "CaseGUID": stored["GUID"],
            "Name": stored["Name"],
            "IsCompleted": False,
            "IsLocked": False,
            "OwnerUserGUID": owner,
        },
    )
    return call.kind("Case").update(stored["id"], {"RootTaskGUID": root["GUID"]})


def _first_case_number(call: Call) -> int:
    numbers = [c["CaseNumber"] for c in call.kind("Case").all() if isinstance(c.get("CaseNumber"), int)]
    return max([*numbers, 0]) + 1


@handles("UpdateCase")
def update_case(call: Call, caseInfo: Any = None) -> dict:
    changes = entities.from_wire("Case", caseInfo) if caseInfo is not None else {}
    current = call.require("Case", changes.get("GUID"), "Case")
    if "Name" in changes and entities.blank(changes["Name"]):
        raise call.fail("ValidationException", "Case name is required.")
    if call.number_taken("Case", "CaseNumber", changes.get("CaseNumber"), current["GUID"]):
        raise call.fail("ValidationException", f"Case number {changes['CaseNumber']} is already in use.")
    changes.pop("RootTaskGUID", None)
    generic.check_references(call, "Case", changes, changes)
    changes.update(_case_links(call, {**current, **changes}))
    return call.update("Case", current, changes)


@handles("DeleteCase")
def delete_case(call: Call, caseGuid: str | None = None) -> bool:
    case = call.require("Case", caseGuid, "Case")
    if call.kind("HourEntry").filter(lambda h: h.get("CaseGUID") == case["GUID"]):
        raise call.fail("ValidationException", "The case has hour entries and cannot be deleted.")
    for phase in call.kind("Phase").filter(lambda p: p.get("CaseGUID") == case["GUID"]):
        call.kind("Phase").remove(phase["id"])
    return call.kind("Case").remove(case["id"])


@handles("GetCaseMemberUsersByCaseGUID")
def case_members(call: Call, caseGuid: str | None = None) -> list[dict]:
    case = call.require("Case", caseGuid, "Case")
    return [u for u in (call.get("User", g) for g in case.get("_members", [])) if u is not None]


@handles("AddCaseMemberUser")
def add_case_member(call: Call, caseGuid: str | None = None, userGuid: str | None = None) -> None:
    case = call.require("Case", caseGuid, "Case")
    user = call.require("User", userGuid, "User")
    members = list(case.get("_members", []))
    if user["GUID"] not in members:
        call.update("Case", case, {"_members": [*members, user["GUID"]]})


# -- phases -------------------------------------------------------------------------------------------
@handles("GetPhasesByCode")
def phases_by_code(call: Call, phaseCode: str | None = None, caseGUID: str | None = None) -> list[dict]:
    return call.kind("Phase").filter(
        lambda p: p.get("Code") == phaseCode and (not caseGUID or p.get("CaseGUID") == caseGUID)
    )


@handles("AddNewPhase")
def add_phase(call: Call, phaseInfo: Any = None, members: list[str] | None = None) -> dict:
    if phaseInfo is None:
        raise call.fail("ValidationException", "phaseInfo is required.")
    phase = entities.from_wire("Phase", phaseInfo)
    if entities.blank(phase.get("Name")):
        raise call.fail("ValidationException", "Phase name is required.")
    case = call.get("Case", phase.get("CaseGUID"))
    if case is None:
        raise call.fail("ValidationException", f"Case with GUID '{phase.get('CaseGUID')}' was not found.")
    parent = phase.get("ParentPhaseGUID") or case.get("RootTaskGUID")
    parent_phase = call.get("Phase", parent)
    if parent_phase is None or parent_phase.get("CaseGUID") != case["GUID"]:
        raise call.fail("ValidationException", f"Parent phase '{parent}' is not a phase of the case.")
    member_guids = [m for m in members or [] if m]
    unknown = [m for m in member_guids if call.get("User", m) is None]
    if unknown:
        raise call.fail("ValidationException", f"User with GUID '{unknown[0]}' was not found.")
    if phase.get("WorkTypeGUID") and call.get("WorkType", phase["WorkTypeGUID"]) is None:
        raise call.fail("ValidationException", f"Work type '{phase['WorkTypeGUID']}' was not found.")
    generic.check_references(call, "Phase", phase, phase)
    phase.update(ParentPhaseGUID=parent, _members=member_guids)
    phase.setdefault("IsCompleted", False)
    phase.setdefault("IsLocked", False)
    return call.insert("Phase", phase)


@handles("UpdatePhase")
def update_phase(call: Call, phaseInfo: Any = None) -> dict:
    changes = entities.from_wire("Phase", phaseInfo) if phaseInfo is not None else {}
    current = call.require("Phase", changes.get("GUID"), "Phase")
    if "Name" in changes and entities.blank(changes["Name"]):
        raise call.fail("ValidationException", "Phase name is required.")
    changes.pop("CaseGUID", None)
    generic.check_references(call, "Phase", changes, changes)
    return call.update("Phase", current, changes)


@handles("DeletePhase")
def delete_phase(
    call: Call, phaseGUID: str | None = None, phaseGUIDToTransferItemsTo: str | None = None
) -> bool:
    phase = call.require("Phase", phaseGUID, "Phase")
    hours = call.kind("HourEntry").filter(lambda h: h.get("PhaseGUID") == phase["GUID"])
    if hours:
        target = call.get("Phase", phaseGUIDToTransferItemsTo)
        if target is None or target["GUID"] == phase["GUID"]:
            raise call.fail(
                "ValidationException", "The phase has hour entries; give a phase to move them to."
            )
        for entry in hours:
            call.update("HourEntry", entry, {"PhaseGUID": target["GUID"], "CaseGUID": target.get("CaseGUID")})
    return call.kind("Phase").remove(phase["id"])


@handles("GetHourEntryPhasesByUserGUID")
def hour_entry_phases(call: Call, userGUID: str | None = None) -> list[dict]:
    """Open phases the user may book hours on (member of the phase or of its case), as tree nodes."""
    cases = {c["GUID"]: c for c in call.kind("Case").all() if not c.get("IsClosed")}
    nodes = []
    for phase in call.kind("Phase").all():
        case = cases.get(phase.get("CaseGUID"))
        if case is None or phase.get("IsLocked") or phase.get("IsCompleted"):
            continue
        if userGUID and userGUID not in phase.get("_members", []) + case.get("_members", []):
            continue
        nodes.append(
            {
                "AccountGUID": case.get("AccountGUID"),
                "AccountName": case.get("AccountName"),
                "CaseGUID": case["GUID"],
                "GUID": phase["GUID"],
                "IsLocked": False,
                "Name": phase.get("Name"),
                "ParentPhaseGUID": phase.get("ParentPhaseGUID"),
                "WorkTypeGUID": phase.get("WorkTypeGUID"),
            }
        )
    return nodes


@handles("GetPhasesChangedSince")
def phases_changed_since(
    call: Call,
    businessUnitGUID: str | None = None,
    startDateTime: datetime | None = None,
    options: int | None = None,
) -> list:
    phases = call.kind("Phase").all()
    if businessUnitGUID:
        cases = {c["GUID"] for c in call.kind("Case").all() if c.get("BusinessUnitGUID") == businessUnitGUID}
        phases = [p for p in phases if p.get("CaseGUID") in cases]
    return changed_since(phases, startDateTime, bool((options or 0) & NEW_ONLY))


# -- hour entries -------------------------------------------------------------------------------------
def _validated_hour_entry(call: Call, entry: dict, current: dict | None = None) -> dict:
    """Phase, user and work type must exist; quantity in hours within a day. Fills case, account
    and prices from the phase."""
    merged = {**(current or {}), **entry}
    phase = call.get("Phase", merged.get("PhaseGUID"))
    if phase is None:
        raise call.fail("ValidationException", f"Phase with GUID '{merged.get('PhaseGUID')}' was not found.")
    if phase.get("IsLocked"):
        raise call.fail("ValidationException", "The phase is locked.")
    if call.get("User", merged.get("UserGUID")) is None:
        raise call.fail("ValidationException", f"User with GUID '{merged.get('UserGUID')}' was not found.")
    work_type = merged.get("WorkTypeGUID") or phase.get("WorkTypeGUID")
    if call.get("WorkType", work_type) is None:
        raise call.fail("ValidationException", f"Work type with GUID '{work_type}' was not found.")
    if merged.get("EventDate") is None:
        raise call.fail("ValidationException", "EventDate is required.")
    quantity = entities.decimal_of(merged.get("Quantity"))
    if quantity < 0 or quantity > MAX_HOURS_PER_ENTRY:
        raise call.fail("ValidationException", "Quantity must be between 0 and 24 hours.")
    case = call.get("Case", phase.get("CaseGUID")) or {}
    generic.check_references(call, "HourEntry", entry, entry)
    entry = dict(entry)
    entry.update(
        CaseGUID=phase.get("CaseGUID"),
        AccountGUID=case.get("AccountGUID"),
        WorkTypeGUID=work_type,
        TaskGUID=phase["GUID"],
    )
    entry.setdefault("UnitPrice", str(phase.get("PricePerHour") or merged.get("UnitPrice") or "0"))
    return entry


@handles("AddNewHourEntry")
def add_hour_entry(call: Call, hourEntryInfo: Any = None) -> dict:
    if hourEntryInfo is None:
        raise call.fail("ValidationException", "hourEntryInfo is required.")
    entry = _validated_hour_entry(call, entities.from_wire("HourEntry", hourEntryInfo))
    entry.setdefault("Quantity", "0")
    entry.setdefault("IsBillable", True)
    entry.setdefault("IsApproved", False)
    entry.setdefault("IsReadOnly", False)
    return call.insert("HourEntry", entry)


@handles("UpdateHourEntry")
def update_hour_entry(call: Call, hourEntryInfo: Any = None) -> dict:
    changes = entities.from_wire("HourEntry", hourEntryInfo) if hourEntryInfo is not None else {}
    current = call.get("HourEntry", changes.get("GUID"))
    if current is None:
        raise call.fail("ValidationException", f"Hour entry with GUID '{changes.get('GUID')}' was not found.")
    if current.get("IsReadOnly") or current.get("InvoiceGUID"):
        raise call.fail("NoPermissionException", "The hour entry is read-only.")
    return call.update("HourEntry", current, _validated_hour_entry(call, changes, current))


@handles("DeleteHourEntry")
def delete_hour_entry(call: Call, hourEntryGUID: str | None = None) -> bool:
    current = call.get("HourEntry", hourEntryGUID)
    if current is None:
        raise call.fail("ValidationException", f"Hour entry with GUID '{hourEntryGUID}' was not found.")
    if current.get("IsReadOnly") or current.get("InvoiceGUID"):
        raise call.fail("NoPermissionException", "The hour entry is read-only.")
    return call.kind("HourEntry").remove(current["id"])


def hour_entries_in(
    call: Call, business_unit: str | None, start: Any, end: Any, user: str | None = None
) -> list:
    units = None
    if business_unit:
        units = {c["GUID"] for c in call.kind("Case").all() if c.get("BusinessUnitGUID") == business_unit}
    return call.kind("HourEntry").filter(
        lambda h: (
            in_range(day_of(h.get("EventDate")), start, end)
            and (user is None or h.get("UserGUID") == user)
            and (units is None or h.get("CaseGUID") in units)
        )
    )


@handles("GetHourEntriesByDate")
def hour_entries_by_date(
    call: Call, businessUnitGUID: str | None = None, startdate: Any = None, enddate: Any = None
) -> list:
    return hour_entries_in(call, businessUnitGUID, startdate, enddate)


@handles("GetHourEntriesByDateAndUserGUID", "GetHourEntriesByDateAndUser")
def hour_entries_by_user(
    call: Call,
    businessUnitGUID: str | None = None,
    startdate: Any = None,
    enddate: Any = None,
    userGUID: str | None = None,
) -> list:
    return hour_entries_in(call, businessUnitGUID, startdate, enddate, userGUID or "")


@handles("GetHourEntriesByCaseGUID")
def hour_entries_by_case(call: Call, caseGuid: str | None = None, startDate: Any = None, endDate: Any = None):
    return call.kind("HourEntry").filter(
        lambda h: (
            h.get("CaseGUID") == caseGuid
            and (
                (startDate is None and endDate is None)
                or in_range(day_of(h.get("EventDate")), startDate, endDate)
            )
        )
    )


@handles("GetInvoicedHourEntriesByCaseGUID")
def invoiced_hour_entries(call: Call, caseGuid: str | None = None) -> list:
    return call.kind("HourEntry").filter(lambda h: h.get("CaseGUID") == caseGuid and h.get("InvoiceGUID"))


@handles("GetHourEntriesChangedSince")
def hour_entries_changed_since(call: Call, startDate: datetime | None = None) -> list:
    return changed_since(call.kind("HourEntry").all(), startDate)


@handles("GetWorkDayInfoByDateRangeAndUserGUID")
def work_days(
    call: Call,
    businessUnitGUID: str | None = None,
    startdate: Any = None,
    enddate: Any = None,
    userGUID: str | None = None,
    includeUnPaidAbsenses: bool | None = None,
    includeInfoForInactiveUser: bool | None = None,
) -> list:
    """One ``WorkDayInfo`` per day of the range with the user's entries and totals."""
    if startdate is None or enddate is None:
        return []
    first, last = date.fromisoformat(day_of(startdate)), date.fromisoformat(day_of(enddate))
    if (last - first).days > 366 or last < first:
        raise call.fail("ValidationException", "The date range must be at most one year.")
    entries = hour_entries_in(call, businessUnitGUID, startdate, enddate, userGUID or "")
    days = []
    for offset in range((last - first).days + 1):
        day = (first + timedelta(days=offset)).isoformat()
        booked = [e for e in entries if day_of(e.get("EventDate")) == day]
        total = sum((entities.decimal_of(e.get("Quantity")) for e in booked), Decimal(0))
        weekday = (first + timedelta(days=offset)).weekday() < 5
        days.append(
            {
                "Date": f"{day}T00:00:00",
                "Entries": booked,
                "Activities": [],
                "ExpectedHours": "7.5" if weekday else "0",
                "TotalHours": str(total),
                "OvertimeAllowed": False,
                "ReadOnly": False,
                "Ready": False,
            }
        )
    return days


# -- work types ---------------------------------------------------------------------------------------
@handles("GetWorkTypeByHourGUID")
def work_type_by_hour(call: Call, hourGUID: str | None = None) -> dict:
    entry = call.require("HourEntry", hourGUID, "Hour entry")
    return call.require("WorkType", entry.get("WorkTypeGUID"), "Work type")


@handles("GetWorkTypesByPhaseGUID")
def work_types_by_phase(call: Call, phaseGUID: str | None = None) -> list[dict]:
    call.require("Phase", phaseGUID, "Phase")
    return call.kind("WorkType").filter(lambda w: w.get("IsActive", True))
