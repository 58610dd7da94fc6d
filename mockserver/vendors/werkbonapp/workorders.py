"""Work orders: creation, the status machine, fetching (which hands Compleet orders off to
Afgehandeld), the GET and POST forms of UpdateWorkorder, and the read form the vendor answers.

Stored records use v8's key names; ``versions.ApiVersion`` renames them for older clients.

    Klaargezet --device fetches--> Opgehaald --employee completes--> Compleet --API fetch--> Afgehandeld
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from mockserver.core.store import Collection, VendorData
from mockserver.vendors.werkbonapp import errors
from mockserver.vendors.werkbonapp.errors import WerkbonError
from mockserver.vendors.werkbonapp.schemas import (
    MATERIAL_FIELDS,
    MATERIAL_NULLABLE,
    WORKORDER_DATES,
    WORKORDER_OPTIONAL_TEXT,
    WORKORDER_REQUIRED,
    WORKORDER_TIMES,
    parse_amount,
)

KLAARGEZET, OPGEHAALD, COMPLEET, AFGEHANDELD = "Klaargezet", "Opgehaald", "Compleet", "Afgehandeld"
STATUSES = (KLAARGEZET, OPGEHAALD, COMPLEET, AFGEHANDELD)
ALLE = "Alle"
#: the one step each status may take
NEXT = {KLAARGEZET: OPGEHAALD, OPGEHAALD: COMPLEET, COMPLEET: AFGEHANDELD}

TIMEZONE = ZoneInfo("Europe/Amsterdam")
COLLECTION = "workorders"
#: bookkeeping kept beside the vendor's fields, never rendered
STATUS_SINCE, FETCH_MARK = "_status_since", "_fetch_mark"
FETCH_SEQUENCE = "workorder_fetches"

TEXT_FIELDS = (*WORKORDER_REQUIRED, *WORKORDER_OPTIONAL_TEXT, *WORKORDER_DATES, *WORKORDER_TIMES)
ARRAY_FIELDS = (
    "Materials",
    "Workperiods",
    "Photos",
    "Documents",
    "Forms",
    "Attachments",
    "Employees",
    "WorkObjects",
)
DEVICE_FIELDS = (
    "WorkFinished",
    "Archived",
    "Signature",
    "SignatureUrl",
    "PdfUrl",
    "WordUrl",
    "WorksheetCode",
)
#: the keys of a work period, present (``""``) even when empty, as the Blueprint's GetWorkorders shows
WORKPERIOD_KEYS = (
    "BeginTime",
    "TotalTime",
    "WorkRemark",
    "WorkDate",
    "EndTime",
    "Travel",
    "EmployeeNr",
    "HourType",
)
#: every key of the read form, in the order the vendor answers them; ``WorkInstruction`` ("work
#: instructions from ERP / CRM, future use") is in the Blueprint's GetWorkorder field table
READ_KEYS = (
    "id",
    "WorkorderNo",
    "OrderNr",
    "CreationDate",
    "status",
    *TEXT_FIELDS[1:],
    *DEVICE_FIELDS,
    "WorkInstruction",
)
READ_KEYS = tuple(dict.fromkeys(READ_KEYS))


def collection(data: VendorData) -> Collection:
    return data.collection(COLLECTION, unique=("WorkorderNo", "OrderNr"))


def local_now(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, TIMEZONE)


def worksheet_code(row_id: int, workorder_no: str, created: str) -> str:
    """32 hex characters, stable for the same order (deterministic fixtures and tests)."""
    return hashlib.md5(f"{row_id}|{workorder_no}|{created}".encode(), usedforsecurity=False).hexdigest()


# -- creating ----------------------------------------------------------------------------------------


def post(data: VendorData, orders: list[dict[str, Any]], now: float, duplicate: str) -> list[dict[str, Any]]:
    """Store validated orders (Klaargezet); ``duplicate`` is ``update`` (same WorkorderNo updates
    the earlier order) or ``new`` (always a new row)."""
    table = collection(data)
    created = local_now(now).strftime("%Y-%m-%d %H:%M")
    answer = []
    for order in orders:
        existing = table.find_by("WorkorderNo", order["WorkorderNo"]) if duplicate == "update" else None
        fields = {**order, "Materials": [_material(m) for m in order.get("Materials", [])]}
        if existing is not None:
            stored = table.update(existing["id"], fields)
        else:
            stored = table.insert(
                {
                    **fields,
                    "OrderNr": order.get("OrderNr") or new_order_nr(data),
                    "CreationDate": created,
                    "status": KLAARGEZET,
                    "WorkFinished": "0",
                    "Archived": "0",
                    STATUS_SINCE: now,
                    FETCH_MARK: _fetches(data),
                }
            )
            stored = table.update(
                stored["id"], {"WorksheetCode": worksheet_code(stored["id"], order["WorkorderNo"], created)}
            )
        assert stored is not None
        answer.append({"workorder_no": stored["WorkorderNo"], "row_id": stored["id"]})
    return answer


def new_order_nr(data: VendorData) -> str:
    """The next free ``OrderNr`` (from 10001): the counter skips numbers an order already has
    (seeded orders, orders posted with their own number), so two orders never share one."""
    table = collection(data)
    while True:
        number = str(data.next_number("OrderNr", 10001))
        if table.find_by("OrderNr", number) is None:
            return number


def _material(material: dict[str, Any]) -> dict[str, Any]:
    """A stored material row: every field, ``""`` when not given (null for MaterialType and the
    free fields, as the Blueprint's read form shows them)."""
    return {
        name: material.get(name, None if name in MATERIAL_NULLABLE else "") for name in MATERIAL_FIELDS
    } | {k: v for k, v in material.items() if k not in MATERIAL_FIELDS}


# -- finding -----------------------------------------------------------------------------------------


def find(data: VendorData, row_id: str | None, workorder_no: str | None, *messages: str) -> dict[str, Any]:
    """The order by row id or number; 1500 with ``messages`` when there is none."""
    table = collection(data)
    order = None
    if row_id:
        order = table.get(row_id)
    elif workorder_no:
        order = table.find_by("WorkorderNo", workorder_no)
    if order is None:
        raise WerkbonError(errors.WORKORDER_NOT_FOUND, *messages)
    return order


def parse_status(value: str | None) -> str:
    """The canonical status for ``value`` (case-insensitive), ``Alle`` included."""
    for status in (ALLE, *STATUSES):
        if value is not None and value.strip().lower() == status.lower():
            return status
    allowed = ", ".join((ALLE, *STATUSES))
    raise WerkbonError(errors.INVALID_UPDATE_VALUE, f"Status invalid. Allowed: {allowed}")


def select(
    data: VendorData, status: str, workstatus: str | None, row_id: str | None = None
) -> list[dict[str, Any]]:
    """Orders in ``status`` (any for Alle) with ``workstatus``; ``row_id`` narrows to that one row
    without a scan (a client's ``key=Id`` filter)."""

    def wanted(order: dict[str, Any]) -> bool:
        if status != ALLE and order.get("status") != status:
            return False
        return workstatus is None or order.get("WorkStatus", "") == workstatus

    table = collection(data)
    if row_id is None:
        return table.filter(wanted)
    order = table.get(row_id)
    return [order] if order is not None and wanted(order) else []


def hand_off(data: VendorData, orders: list[dict[str, Any]], now: float) -> None:
    """What a fetch with ``update_status`` does once the answer is built: the Compleet orders it
    returned become Afgehandeld, so the next poll for Compleet orders does not see them again."""
    table = collection(data)
    for order in orders:
        if order.get("status") == COMPLEET:
            table.update(order["id"], {"status": AFGEHANDELD, STATUS_SINCE: now, FETCH_MARK: _fetches(data)})


# -- the status machine (device side) ----------------------------------------------------------------


class IllegalTransition(ValueError):
    pass


def transition(data: VendorData, order: dict[str, Any], target: str, now: float, completion: dict) -> dict:
    """Move ``order`` one step forward to ``target``; anything else (backwards, skipping, staying)
    is an ``IllegalTransition``. ``completion`` (WorkFinished, Workperiods, Materials, Signature,
    PdfUrl, ...) is what the device sends with Compleet."""
    current = order.get("status")
    if NEXT.get(current) != target:
        allowed = NEXT.get(current)
        hint = f"the only allowed next status is {allowed}" if allowed else f"{current} is final"
        raise IllegalTransition(f"illegal transition {current} -> {target}: {hint}")
    changes: dict[str, Any] = {"status": target, STATUS_SINCE: now, FETCH_MARK: _fetches(data)}
    if target == COMPLEET:
        changes.update(completion_defaults(order, now))
        changes.update(completion)
        if "Materials" in completion:
            changes["Materials"] = [*order.get("Materials", []), *map(_material, completion["Materials"])]
    updated = collection(data).update(order["id"], changes)
    assert updated is not None
    return updated


def completion_defaults(order: dict[str, Any], now: float) -> dict[str, Any]:
    """What a device sends when the employee finishes and signs, unless told otherwise."""
    code = order.get("WorksheetCode", "")
    day = local_now(now).strftime("%d-%m-%Y")
    return {
        "WorkFinished": "1",
        "Signature": "",
        "SignatureUrl": f"https://www.werkbonapp.nl/signature/{code}.png",
        "PdfUrl": f"https://www.werkbonapp.nl/pdf/{code}.pdf",
        "Workperiods": order.get("Workperiods")
        or [
            {
                "WorkDate": day,
                "BeginTime": "08:00",
                "EndTime": "09:00",
                "TotalTime": "01:00",
                "Break": "0",
                "Travel": "0",
                "WorkRemark": "",
                "HourType": "",
                "EmployeeNr": order.get("EmployeeNr", ""),
            }
        ],
    }


def _fetches(data: VendorData) -> int:
    return data.current_number(FETCH_SEQUENCE)


def count_fetch(data: VendorData) -> int:
    """One more API fetch of work orders (the unit of the fetch-driven progression)."""
    return data.next_number(FETCH_SEQUENCE)


def progress(data: VendorData, now: float, after_fetches: int, after_seconds: float) -> None:
    """The "living sandbox": Klaargezet and Opgehaald orders take their next step on their own once
    they have sat ``after_seconds`` of mock time or ``after_fetches`` API fetches in their status
    (whichever comes first; 0 switches a criterion off)."""
    fetches = _fetches(data)
    table = collection(data)
    for order in table.filter(lambda o: o.get("status") in (KLAARGEZET, OPGEHAALD)):
        if STATUS_SINCE not in order:  # seeded orders start counting when first seen
            table.update(order["id"], {STATUS_SINCE: now, FETCH_MARK: fetches - 1})
            order = {**order, STATUS_SINCE: now, FETCH_MARK: fetches - 1}
        while order["status"] in (KLAARGEZET, OPGEHAALD):
            since, mark = order[STATUS_SINCE], order.get(FETCH_MARK, fetches)
            by_time = after_seconds > 0 and now - since >= after_seconds
            by_fetch = after_fetches > 0 and fetches - mark >= after_fetches
            if not (by_time or by_fetch):
                break
            step_time = since + after_seconds if by_time else now
            order = transition(data, order, NEXT[order["status"]], step_time, {})
            if by_fetch and not by_time:
                break


# -- UpdateWorkorder ---------------------------------------------------------------------------------


def update(data: VendorData, order: dict[str, Any], changes: dict[str, str]) -> dict[str, Any]:
    """Apply the GET form's changes; 1503 when nothing differs from what is stored."""
    different = {k: v for k, v in changes.items() if order.get(k, "") != v}
    if not different:
        raise WerkbonError(errors.NOTHING_CHANGED, "No data changed")
    updated = collection(data).update(order["id"], different)
    assert updated is not None
    return updated


def replace_materials(
    data: VendorData, order: dict[str, Any], materials: list[dict[str, Any]], clear: bool, processed: bool
) -> dict[str, Any]:
    rows = [] if clear else list(order.get("Materials", []))
    flag = "1" if processed else "0"
    rows.extend({**_material(m), "MaterialProcessed": flag} for m in materials)
    updated = collection(data).update(order["id"], {"Materials": rows})
    assert updated is not None
    return updated


# -- the read form -----------------------------------------------------------------------------------


def render(order: dict[str, Any], separator: str) -> dict[str, Any]:
    """The vendor's read form (v8 names): strings throughout, arrays at the end."""
    out: dict[str, Any] = {}
    for key in READ_KEYS:
        value = order.get(key, "")
        out[key] = str(value) if key == "id" else value
    for key in ARRAY_FIELDS:
        out[key] = list(order.get(key) or [])
    out["Materials"] = [_priced(_material(m), separator) for m in out["Materials"]]
    out["Workperiods"] = [{**dict.fromkeys(WORKPERIOD_KEYS, ""), **p} for p in out["Workperiods"]]
    return out


class ReadForms:
    """The read forms of one data version's work orders, per tenant (``Tenant.runtime``): a read
    computed again over unchanged data (another filter, or replay off) renders each order once.
    Every write bumps the data's version, which starts a fresh set; used under the tenant's lock.
    The forms are shared: callers read them, never change them."""

    def __init__(self) -> None:
        self._version = -1
        self._forms: dict[tuple[str, str], dict[str, Any]] = {}

    def of(self, data: VendorData, order: dict[str, Any], separator: str) -> dict[str, Any]:
        if data.version != self._version:
            self._forms, self._version = {}, data.version
        key = (str(order["id"]), separator)
        form = self._forms.get(key)
        if form is None:
            form = self._forms[key] = render(order, separator)
        return form


def _priced(material: dict[str, Any], separator: str) -> dict[str, Any]:
    number = parse_amount(str(material.get("MaterialNr", ""))) or Decimal(0)
    price = parse_amount(str(material.get("MaterialPrice", ""))) or Decimal(0)
    total = (number * price).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {**material, "MaterialTotalPrice": format(total, "f").replace(".", separator)}
