"""IActivity (calendar entries and their participants), ITag, IAccountGroup and IPhaseMember: the
operations of these contracts that link entities to each other.

An activity keeps its participants in ``_participants`` (``UserGUID``, ``ContactGUID`` or
``ResourceGUID`` with a ``Status``); a tag keeps what it is attached to in ``_links`` and is shared
by keyword within its context (``Case``, ``User``, ``File``, ``Contact``); a phase keeps its members
in ``_members``; an account lists its groups in ``AccountGroupGUIDs``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockserver.vendors.severa import entities
from mockserver.vendors.severa.generic import INCLUDE_INACTIVE, new_record, option_flags
from mockserver.vendors.severa.handlers.accounts import GROUPS_CHANGED
from mockserver.vendors.severa.operations import Call, handles

PARTICIPANT_FIELDS = {"User": "UserGUID", "Contact": "ContactGUID", "Resource": "ResourceGUID"}


# -- activities -------------------------------------------------------------------------------------
def _between(value: Any, after: Any, before: Any) -> bool:
    text = str(value or "")
    if after is not None and (not text or text < after.isoformat()[:19]):
        return False
    return before is None or (bool(text) and text <= before.isoformat()[:19])


@handles("GetActivityInstances")
def activity_instances(
    call: Call,
    userGUID: str | None = None,
    startsAfter: Any = None,
    startsBefore: Any = None,
    endsAfter: Any = None,
    endsBefore: Any = None,
    activityTypeGUID: str | None = None,
    accountGUID: str | None = None,
    caseGUID: str | None = None,
    firstRow: int | None = None,
    maxRows: int | None = None,
) -> list[dict]:
    """Filtered, then paged: ``firstRow`` counts from 1."""
    if (firstRow is not None and firstRow < 1) or (maxRows is not None and maxRows < 0):
        raise call.fail("ValidationException", "firstRow starts at 1 and maxRows must not be negative.")
    phases = {p["GUID"]: p.get("CaseGUID") for p in call.kind("Phase").all()} if caseGUID else {}

    def wanted(activity: dict) -> bool:
        people = {p.get("UserGUID") for p in activity.get("_participants", [])} | {
            activity.get("OwnerUserGUID")
        }
        return (
            (not userGUID or userGUID in people)
            and (not activityTypeGUID or activity.get("ActivityTypeGUID") == activityTypeGUID)
            and (not accountGUID or activity.get("AccountGUID") == accountGUID)
            and (not caseGUID or phases.get(activity.get("TaskGUID")) == caseGUID)
            and _between(activity.get("StartDateTime"), startsAfter, startsBefore)
            and _between(activity.get("EndDateTime"), endsAfter, endsBefore)
        )

    found = sorted(call.kind("Activity").filter(wanted), key=lambda a: str(a.get("StartDateTime") or ""))
    start = (firstRow or 1) - 1
    return found[start : start + maxRows] if maxRows is not None else found[start:]


def _participant_name(call: Call, kind: str, guid: str) -> str | None:
    record = call.get(kind, guid) or {}
    if kind == "Resource":
        return record.get("Name")
    return " ".join(p for p in (record.get("FirstName"), record.get("LastName")) if p) or None


def _participants(call: Call, activity_guid: str | None, kind: str | None = None) -> list[dict]:
    activity = call.get("Activity", activity_guid)
    if activity is None:
        return []
    found = []
    for participant in activity.get("_participants", []):
        for who, field in PARTICIPANT_FIELDS.items():
            if participant.get(field) and kind in (None, who):
                found.append({**participant, "Name": _participant_name(call, who, participant[field])})
    return found


def _add_participant(call: Call, activity_guid: str | None, kind: str, guid: str | None, status: int) -> bool:
    activity = call.get("Activity", activity_guid)
    if activity is None:
        raise call.fail("ValidationException", f"Activity with GUID '{activity_guid}' was not found.")
    if call.get(kind, guid) is None:
        raise call.fail("ValidationException", f"{entities.display(kind)} with GUID '{guid}' was not found.")
    field = PARTICIPANT_FIELDS[kind]
    others = [p for p in activity.get("_participants", []) if p.get(field) != guid]
    call.update("Activity", activity, {"_participants": [*others, {field: guid, "Status": status}]})
    return True


def _remove_participant(call: Call, activity_guid: str | None, kind: str, guid: str | None) -> bool:
    activity = call.get("Activity", activity_guid)
    if activity is None:
        raise call.fail("ValidationException", f"Activity with GUID '{activity_guid}' was not found.")
    field = PARTICIPANT_FIELDS[kind]
    kept = [p for p in activity.get("_participants", []) if p.get(field) != guid]
    if len(kept) == len(activity.get("_participants", [])):
        return False
    call.update("Activity", activity, {"_participants": kept})
    return True


def _participant_handlers(kind: str) -> None:
    """``Get/AddNew/RemoveActivity<Kind>Participant(s)`` for one kind of participant."""
    param = f"{kind.lower()}GUID"

    def get(call: Call, activityGUID: str | None = None) -> list[dict]:
        return _participants(call, activityGUID, kind)

    def add(call: Call, activityGUID: str | None = None, memberStatus: int | None = None, **who: Any) -> bool:
        return _add_participant(call, activityGUID, kind, who.get(param), memberStatus or 0)

    def remove(call: Call, activityGUID: str | None = None, **who: Any) -> bool:
        return _remove_participant(call, activityGUID, kind, who.get(param))

    handles(f"GetActivity{kind}Participants")(get)
    handles(f"AddNewActivity{kind}Participant")(add)
    handles(f"RemoveActivity{kind}Participant")(remove)


for _kind in PARTICIPANT_FIELDS:
    _participant_handlers(_kind)


@handles("GetAllActivityParticipants")
def all_participants(call: Call, activityGUID: str | None = None) -> list[dict]:
    return _participants(call, activityGUID)


# -- resource allocations ---------------------------------------------------------------------------
@handles("GetResourceAllocations")
def resource_allocations(
    call: Call,
    caseGUIDs: list[str] | None = None,
    userGUIDs: list[str] | None = None,
    businessUnitGUIDs: list[str] | None = None,
    supervisorUserGUIDs: list[str] | None = None,
    caseStatusGUIDs: list[str] | None = None,
    salesProcessGUIDs: list[str] | None = None,
    caseTagGUIDs: list[str] | None = None,
    userTagGUIDs: list[str] | None = None,
    startDate: Any = None,
    endDate: Any = None,
) -> list[dict]:
    """Allocations matching every non-empty filter (an empty list filters nothing); the period
    overlaps ``startDate``..``endDate``."""
    cases = {c["GUID"]: c for c in call.kind("Case").all()}
    users = {u["GUID"]: u for u in call.kind("User").all()}
    tagged = {t["GUID"]: set(t.get("_links", [])) for t in call.kind("Tag").all()}

    def among(value: Any, wanted: list[str] | None) -> bool:
        return not wanted or value in wanted

    def tagged_with(guid: str | None, tags: list[str] | None) -> bool:
        return not tags or any(guid in tagged.get(t, set()) for t in tags)

    def wanted(allocation: dict) -> bool:
        case = cases.get(allocation.get("CaseGUID"), {})
        user = users.get(allocation.get("UserGUID"), {})
        first, last = str(allocation.get("StartDate") or ""), str(allocation.get("EndDate") or "9999")
        return (
            among(allocation.get("CaseGUID"), caseGUIDs)
            and among(allocation.get("UserGUID"), userGUIDs)
            and among(user.get("BusinessUnitGUID"), businessUnitGUIDs)
            and among(user.get("SuperiorUserGUID"), supervisorUserGUIDs)
            and among(case.get("CurrentCaseStatusGUID"), caseStatusGUIDs)
            and among(case.get("SalesProcessGUID"), salesProcessGUIDs)
            and tagged_with(allocation.get("CaseGUID"), caseTagGUIDs)
            and tagged_with(allocation.get("UserGUID"), userTagGUIDs)
            and (startDate is None or last[:10] >= startDate.isoformat()[:10])
            and (endDate is None or first[:10] <= endDate.isoformat()[:10])
        )

    return call.kind("ResourceAllocation").filter(wanted)


# -- tags -------------------------------------------------------------------------------------------
def _tag(call: Call, context: str, owner_kind: str, owner: str | None, info: Any) -> dict:
    """Attach a tag to ``owner``: the tag of that keyword in the context if there is one, else new."""
    if call.get(owner_kind, owner) is None:
        raise call.fail(
            "ValidationException", f"{entities.display(owner_kind)} with GUID '{owner}' was not found."
        )
    record = new_record(call, "Tag", info, {"Context": context})
    keyword = str(record["Keyword"]).strip().lower()
    same = call.kind("Tag").filter(
        lambda t: t.get("Context") == context and str(t.get("Keyword", "")).strip().lower() == keyword
    )
    if same:
        links = same[0].get("_links", [])
        return call.update("Tag", same[0], {"_links": links if owner in links else [*links, owner]})
    record.setdefault("Weight", 1)
    return call.insert("Tag", {**record, "_links": [owner]})


def _tagging(context: str, owner_kind: str, param: str) -> Callable[..., dict]:
    def add(call: Call, tagInfo: Any = None, **owner: Any) -> dict:
        return _tag(call, context, owner_kind, owner.get(param), tagInfo)

    return add


handles("AddNewFileTag")(_tagging("File", "File", "fileGUID"))
handles("AddNewUserTag")(_tagging("User", "User", "userGUID"))
handles("AddNewContactTag")(_tagging("Contact", "Contact", "contactGUID"))


def _case_tags(call: Call, case_guid: str | None) -> list[dict]:
    return call.kind("Tag").filter(lambda t: t.get("Context") == "Case" and case_guid in t.get("_links", []))


@handles("AddNewCaseTag")
def add_case_tag(call: Call, caseGUID: str | None = None, tagInfo: Any = None) -> list[dict]:
    """Answers every tag of the case, the new one included."""
    _tag(call, "Case", "Case", caseGUID, tagInfo)
    return _case_tags(call, caseGUID)


@handles("GetTagsByCaseGUID")
def tags_by_case(call: Call, caseGUID: str | None = None) -> list[dict]:
    call.require("Case", caseGUID, "Case")
    return _case_tags(call, caseGUID)


@handles("GetAllCaseTags")
def all_case_tags(call: Call) -> list[dict]:
    return call.kind("Tag").filter(lambda t: t.get("Context") == "Case")


@handles("GetAllUserTags")
def all_user_tags(call: Call) -> list[dict]:
    return call.kind("Tag").filter(lambda t: t.get("Context") == "User")


# -- account groups ---------------------------------------------------------------------------------
@handles("GetAccountGroupsByAccountGUID")
def account_groups_of(call: Call, accountGuid: str | None = None, options: Any = None) -> list[dict]:
    account = call.require("Account", accountGuid, "Account")
    groups = [g for g in (call.get("AccountGroup", x) for x in account.get("AccountGroupGUIDs") or []) if g]
    if not option_flags(options) & INCLUDE_INACTIVE:
        groups = [g for g in groups if g.get("IsActive", True)]
    return groups


def _membership(call: Call, account_guid: str | None, groups: list[str] | None, join: bool) -> None:
    account = call.require("Account", account_guid, "Account")
    wanted = [g for g in groups or [] if g]
    unknown = [g for g in wanted if call.get("AccountGroup", g) is None]
    if unknown:
        raise call.fail("ValidationException", f"Account group with GUID '{unknown[0]}' was not found.")
    current = list(account.get("AccountGroupGUIDs") or [])
    if join:
        updated = current + [g for g in wanted if g not in current]
    else:
        updated = [g for g in current if g not in wanted]
    call.kind("Account").update(account["id"], {"AccountGroupGUIDs": updated, GROUPS_CHANGED: call.now()})


@handles("AddNewAccountGroupMembers")
def join_groups(
    call: Call, accountGUID: str | None = None, accountGroupGUIDs: list[str] | None = None
) -> None:
    _membership(call, accountGUID, accountGroupGUIDs, join=True)


@handles("RemoveAccountGroupMembers")
def leave_groups(
    call: Call, accountGUID: str | None = None, accountGroupGUIDs: list[str] | None = None
) -> None:
    _membership(call, accountGUID, accountGroupGUIDs, join=False)


# -- phase members ----------------------------------------------------------------------------------
@handles("GetPhaseMembersByPhaseGUID")
def phase_members(call: Call, phaseGUID: str | None = None, onlyActive: bool | None = None) -> list[str]:
    phase = call.require("Phase", phaseGUID, "Phase")
    members = phase.get("_members", [])
    if onlyActive:
        members = [m for m in members if (call.get("User", m) or {}).get("IsActive", False)]
    return members


@handles("SetPhaseMemberListForPhase")
def set_phase_members(call: Call, phaseGUID: str | None = None, userGUIDs: list[str] | None = None) -> bool:
    phase = call.require("Phase", phaseGUID, "Phase")
    members = list(dict.fromkeys(g for g in userGUIDs or [] if g))
    for guid in members:
        call.require("User", guid, "User")
    call.update("Phase", phase, {"_members": members})
    return True
