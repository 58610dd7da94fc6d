"""The API's functions: one handler per (function, method), each taking a ``Call`` and returning
the payload of the envelope. ``FUNCTIONS`` is the table the router and the contract test read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from werkzeug.datastructures import MultiDict

from mockserver.core.bodies import BodyError, parse_json
from mockserver.core.http import request
from mockserver.core.store import VendorData
from mockserver.vendors.werkbonapp import errors, filters, masterdata, workorders
from mockserver.vendors.werkbonapp.entities import (
    BY_DELETE_NAME,
    BY_NAME,
    ENTITIES,
    RECORDS,
    Entity,
    Write,
    record_key,
)
from mockserver.vendors.werkbonapp.errors import WerkbonError
from mockserver.vendors.werkbonapp.schemas import Refusal, load_materials, load_workorders
from mockserver.vendors.werkbonapp.versions import ApiVersion


@dataclass
class Call:
    """One authenticated call: its version, the tenant's data and settings, the mock's now."""

    version: ApiVersion
    data: VendorData
    args: MultiDict
    settings: dict[str, Any]
    now: float
    #: the tenant's rendered work orders for the current data version
    forms: workorders.ReadForms

    def body(self) -> Any:
        """The JSON body: 1008 when there is none, 1009 when it does not parse."""
        try:
            return parse_json(request.get_data(cache=True))
        except BodyError as exc:
            if exc.kind == "empty":
                raise WerkbonError(errors.NO_BODY, errors.UNABLE_TO_FETCH_BODY) from None
            raise WerkbonError(errors.UNPARSABLE_BODY, errors.UNABLE_TO_PARSE_BODY) from None

    def flag(self, name: str, default: bool) -> bool:
        """A boolean parameter: ``false``/``0``/``no`` are false, any other value true."""
        value = self.args.get(name)
        if value is None:
            return default
        return value.strip().lower() not in ("false", "0", "no", "off")

    @property
    def separator(self) -> str:
        return "," if self.settings.get("decimal_separator") == "," else "."

    def shown(self, order: dict[str, Any]) -> dict[str, Any]:
        """The order's read form (v8 names), rendered once per data version."""
        return self.forms.of(self.data, order, self.separator)

    def workorder(self, order: dict[str, Any]) -> dict[str, Any]:
        return self.version.workorder_out(self.shown(order))


Handler = Callable[[Call], Any]
FUNCTIONS: dict[str, dict[str, Handler]] = {}
#: handlers that only read: their answer is a function of the request and the tenant's data and
#: settings (``replayable``)
READS: set[Handler] = set()


def function(name: str, method: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        FUNCTIONS.setdefault(name.lower(), {})[method] = handler
        return handler

    return register


# -- master data -------------------------------------------------------------------------------------


def _lister(entity: Entity) -> Handler:
    def handler(call: Call) -> list[dict[str, str]]:
        wanted = filters.parse(call.args, entity.output_fields)
        rows = filters.apply(masterdata.listing(call.data, entity), wanted)
        if entity.name == "locations" and not rows:
            raise WerkbonError(errors.NO_LOCATION_DATA)
        return rows

    READS.add(handler)
    return handler


#: the parameter a changed feed takes to clear a processed record's changed indicator (Blueprint:
#: "Once the information is processed the api can be called with the obj_code parameter")
FEED_ACKS = {"objects": "obj_code"}
#: the Blueprint's own name of a feed's ``since`` ("Use the object_parts to pass a timestamp Y-m-d
#: H:i:s to only show records mutated after that timestamp")
FEED_SINCE = {"object_parts": "opr_timestamp_mutate"}
#: feeds that write when called with their acknowledging parameter: never replayed then
ACKING: dict[Handler, str] = {}


def _feed(entity: Entity) -> Handler:
    """``<resource>/changed/``: what changed since ``since`` (or the resource's own stamp parameter,
    ``opr_timestamp_mutate`` for object parts, as the Blueprint names it); advanced filters apply
    too. ``obj_code`` on the objects feed acknowledges that object first."""
    acks = FEED_ACKS.get(entity.name)

    def handler(call: Call) -> list[dict[str, str]]:
        if acks and call.args.get(acks):
            masterdata.acknowledge(call.data, entity, acks, call.args[acks])
        wanted = filters.parse(call.args, entity.output_fields)
        alias = FEED_SINCE.get(entity.name)
        given = call.args.get("since") or (call.args.get(alias) if alias else None)
        return filters.apply(masterdata.changed(call.data, entity, parse_since(given)), wanted)

    READS.add(handler)
    if acks:
        ACKING[handler] = acks
    return handler


def parse_since(text: str | None) -> float | None:
    """``since`` as a moment: ``Y-m-d H:i:s``, ``Y-m-d H:i`` or ``Y-m-d`` in Dutch local time (the
    vendor's stamps), or Unix seconds; absent or empty: the whole history. 1504 otherwise."""
    if not text:
        return None
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= 12:
        return float(text)
    for fmt in (masterdata.STAMP_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=workorders.TIMEZONE).timestamp()
        except ValueError:
            continue
    raise WerkbonError(errors.INVALID_UPDATE_VALUE, "Date invalid. Format: 2016-02-20 07:08:09")


def _writer(entity: Entity, write: Write) -> Handler:
    def handler(call: Call) -> int | list[dict[str, str]]:
        body = masterdata.require_array(call.body())
        records = masterdata.validate(entity, body, entity.required_by(write))
        stored = masterdata.upsert(call.data, entity, records, call.now)
        if write.answer == RECORDS:
            return [masterdata.render(entity, record) for record in stored]
        return len(stored)

    return handler


for _entity in ENTITIES:
    if _entity.listable:
        function(_entity.name, "GET")(_lister(_entity))
    for _write in _entity.writes:
        function(_entity.name, _write.method)(_writer(_entity, _write))
    if _entity.by_filter:
        function(_entity.by_filter, "GET")(_lister(_entity))
    if _entity.changed_feed:
        function(f"{_entity.name}/changed", "GET")(_feed(_entity))


@function("transactions", "PUT")
def update_transactions(call: Call) -> int:
    """The Blueprint's "Update transactions [PUT]": each record names a known transaction by
    ``int_transaction_id`` or ``int_external_transaction_id``; answers how many were changed."""
    entity = BY_NAME["transactions"]
    records = masterdata.validate(entity, masterdata.require_array(call.body()), ())
    references = ("int_transaction_id", "int_external_transaction_id")
    return masterdata.update_by_reference(call.data, entity, records, references, call.now)


#: v8's ``employees`` POST is the old ``PostEmployees``; both names answer
function("PostEmployees", "POST")(_writer(BY_NAME["employees"], Write()))


# -- work orders -------------------------------------------------------------------------------------


@function("PostWorkorders", "POST")
def post_workorders(call: Call) -> list[dict[str, str]]:
    posted = masterdata.require_array(call.body())
    try:
        orders = load_workorders([call.version.workorder_in(o) for o in posted])
    except Refusal as refusal:
        code = errors.WORKORDER_FIELD_MISSING if refusal.missing else errors.INVALID_UPDATE_VALUE
        raise WerkbonError(code, *refusal.messages) from None
    duplicate = "new" if call.settings.get("duplicate_workorder_no") == "new" else "update"
    return workorders.post(call.data, orders, call.now, duplicate)


def _fetching(call: Call) -> None:
    """With progression on, a fetch moves a "living" sandbox forward before it is answered; fetches
    are counted only while they drive it (so a plain read writes nothing)."""
    progression = call.settings.get("progression") or {}
    if not progression.get("enabled"):
        return
    after_fetches = int(progression.get("after_fetches") or 0)
    if after_fetches > 0:
        workorders.count_fetch(call.data)
    workorders.progress(call.data, call.now, after_fetches, float(progression.get("after_seconds") or 0))


#: real clients filter by ``key=Id`` (the row id): the read form's ``id``
WORKORDER_FILTER_ALIASES = {"Id": "id"}


@function("GetWorkorders", "GET")
def get_workorders(call: Call) -> list[dict[str, Any]]:
    wanted = filters.parse(call.args, workorders.READ_KEYS, WORKORDER_FILTER_ALIASES)
    given = call.args.get("status")
    status = workorders.ALLE if not given and wanted else workorders.parse_status(given)
    handle = call.flag("update_status", True)
    _fetching(call)
    row_id = next((f.value for f in wanted if f.key == "id" and f.operator == "eq"), None)
    found = workorders.select(call.data, status, call.args.get("workstatus") or None, row_id)
    pairs = [(order, call.shown(order)) for order in found]
    kept = [(order, shown) for order, shown in pairs if all(f.matches(shown) for f in wanted)]
    payload = [call.version.workorder_out(shown) for _order, shown in kept]
    if handle:
        workorders.hand_off(call.data, [order for order, _shown in kept], call.now)
    return payload


NOT_FOUND = "Workorder not found"


def _find(call: Call, *messages: str) -> dict[str, Any]:
    return workorders.find(call.data, call.args.get("row_id"), call.args.get("workorder_no"), *messages)


@function("GetWorkorder", "GET")
def get_workorder(call: Call) -> dict[str, Any]:
    handle = call.flag("update_status", True)
    _fetching(call)
    order = _find(call, NOT_FOUND)
    payload = call.workorder(order)
    if handle:
        workorders.hand_off(call.data, [order], call.now)
    return payload


def replayable(handler: Handler, call: Call) -> bool:
    """Whether this call only reads: a listing or a feed, or a work-order read that hands nothing
    off (``update_status=false``) while progression (which moves on the clock) is off."""
    if handler in READS:
        return not (handler in ACKING and call.args.get(ACKING[handler]))
    if handler not in (get_workorders, get_workorder):
        return False
    progression = call.settings.get("progression") or {}
    return not call.flag("update_status", True) and not progression.get("enabled")


_DATE = re.compile(r"\d{1,2}-\d{1,2}-\d{4}")
_TIME = re.compile(r"\d{1,2}:\d{2}")
_UPDATABLE = {
    "workdate": "WorkDate",
    "worktime": "WorkTime",
    "employee_nr": "EmployeeNr",
    "workstatus": "WorkStatus",
}


#: the Blueprint's message for an ``employee_nr`` no employee has ("An employee with this number
#: must exist")
EMPLOYEE_NOT_UPDATED = "Employee not updated"


@function("UpdateWorkorder", "GET")
def update_workorder(call: Call) -> None:
    """Real clients see ``response: null`` on success and 1500 without messages for an unknown
    order; ``workstatus`` may be a known ``sta_code`` or any number a client uses as its own flag."""
    order = _find(call)
    changes = {field: call.args[param] for param, field in _UPDATABLE.items() if call.args.get(param)}
    if not changes:
        raise WerkbonError(errors.UPDATE_DATA_MISSING, "Update workorder request is missing update data")
    problems = []
    if "WorkDate" in changes and not _valid(changes["WorkDate"], _DATE, "%d-%m-%Y"):
        problems.append(errors.DATE_INVALID)
    if "WorkTime" in changes and not _valid(changes["WorkTime"], _TIME, "%H:%M"):
        problems.append(errors.TIME_INVALID)
    if "EmployeeNr" in changes and not _known(call.data, "employees", changes["EmployeeNr"]):
        problems.append(EMPLOYEE_NOT_UPDATED)
    if "WorkStatus" in changes and not _workstatus(call.data, changes["WorkStatus"]):
        problems.append(f"Workstatus not found: {changes['WorkStatus']}")
    if problems:
        raise WerkbonError(errors.INVALID_UPDATE_VALUE, *problems)
    workorders.update(call.data, order, changes)
    return None


def _workstatus(data: VendorData, value: str) -> bool:
    """A tenant-defined ``sta_code``, or a number (clients write their own, e.g. 99 for an error)."""
    return (value.isascii() and value.isdigit() and len(value) <= 9) or _known(data, "workstatusses", value)


def _valid(text: str, pattern: re.Pattern[str], fmt: str) -> bool:
    if not pattern.fullmatch(text):
        return False
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def _known(data: VendorData, entity_name: str, value: str) -> bool:
    entity = BY_NAME[entity_name]
    return masterdata.exists(data, entity, record_key(entity, {entity.key[0]: value}))


@function("UpdateWorkorder", "POST")
def update_workorder_materials(call: Call) -> str:
    order = _find(call, NOT_FOUND)
    rows = masterdata.require_array(call.body())
    try:
        materials = load_materials(rows)
    except Refusal as refusal:
        raise WerkbonError(errors.INVALID_UPDATE_VALUE, *refusal.messages) from None
    clear, processed = call.flag("ClearMaterials", False), call.flag("ProcessMaterials", False)
    if not materials and not clear:
        raise WerkbonError(errors.UPDATE_DATA_MISSING, "Update workorder request is missing update data")
    return str(workorders.replace_materials(call.data, order, materials, clear, processed)["id"])


# -- DeleteEntity ------------------------------------------------------------------------------------

#: the keys real clients delete work orders by, and the stored field each names
WORKORDER_DELETE_KEYS = {"db_row": "id", "workorder_no": "WorkorderNo", "order_no": "OrderNr"}


@function("DeleteEntity", "GET")
def delete_entity(call: Call) -> int:
    """Rows of ``entity`` matching every ``key``/``value`` pair (``key[]``/``value[]`` for object
    parts), each key one the vendor allows for that entity; ``delete_all`` for master data."""
    name = call.args.get("entity", "")
    is_workorder = name.lower() == "workorder"
    entity = BY_DELETE_NAME.get(name.lower())
    if not is_workorder and entity is None:
        raise WerkbonError(errors.DELETE_FAILED, f"Entity: {name} not found")
    if call.flag("delete_all", False):
        if entity is None:
            raise WerkbonError(errors.DELETE_FAILED, "Delete all not allowed on Workorder entity")
        return masterdata.delete_all(call.data, entity)
    allowed = WORKORDER_DELETE_KEYS if entity is None else entity.delete_fields
    keys, values, _operators = filters.pairs(call.args)
    for key in keys or [""]:
        if key not in allowed:
            raise WerkbonError(errors.DELETE_FAILED, f"Key: {key} not allowed for entity: {name}")
    if len(values) != len(keys) or not all(values):
        raise WerkbonError(errors.DELETE_FAILED, "Value missing")
    criteria = {allowed[key]: value for key, value in zip(keys, values, strict=True)}
    if entity is None:
        return masterdata.delete_where(workorders.collection(call.data), criteria)
    return masterdata.delete(call.data, entity, criteria)
