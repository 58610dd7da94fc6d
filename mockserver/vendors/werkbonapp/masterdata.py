"""Master data over the tenant's store: bulk upsert by the resource's key, lists, deletes, and the
incremental-sync feeds (``objects/changed/``).

One collection per resource, indexed on ``_key`` (the record's upsert key), so an upsert is a
lookup, not a scan, whatever the tenant holds. Every write stamps the record with the mock clock
(``_changed``, and the vendor's own stamp fields where the resource has them).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from mockserver.core.store import Collection, VendorData
from mockserver.vendors.werkbonapp import errors
from mockserver.vendors.werkbonapp.entities import CHANGED_FIELD, KEY_FIELD, Entity, record_key
from mockserver.vendors.werkbonapp.errors import WerkbonError
from mockserver.vendors.werkbonapp.schemas import Refusal, entity_schema, load_all
from mockserver.vendors.werkbonapp.workorders import local_now

STAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
#: set on a record a client acknowledged in a changed feed (``objects/changed/?obj_code=``); every
#: write clears it, so the record is in the feed again once it changes again
ACK_FIELD = "_acked"


def collection(data: VendorData, entity: Entity) -> Collection:
    return data.collection(entity.name, unique=(KEY_FIELD,))


def stamp(epoch: float) -> str:
    """The vendor's time stamp (``2024-03-04 09:15:00``, Dutch local time) of a mock-clock moment."""
    return local_now(epoch).strftime(STAMP_FORMAT)


def validate(
    entity: Entity, records: list[Any], required: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """The whole batch loaded, or the entity's error for all of its problems."""
    try:
        return load_all(entity_schema(entity, required), records)
    except Refusal as refusal:
        required = refusal.missing or entity.invalid_is_required
        code = entity.required_code if required else entity.failed_code
        raise WerkbonError(code, *refusal.messages) from None


def upsert(
    data: VendorData, entity: Entity, records: list[dict[str, Any]], now: float
) -> list[dict[str, Any]]:
    """Insert or update each (already validated) record; answers the stored records.

    A record naming its row (``id_field``) updates that row; else one with the same upsert key is
    updated; else it is a new row. Only the fields a record carries change on update, as the
    vendor's upsert does. The batch is checked before anything is written (all or nothing).
    """
    table = collection(data, entity)
    _check_named_rows(table, entity, records)
    stored = []
    for record in records:
        fields = {name: value for name, value in record.items() if name in entity.fields}
        fields[CHANGED_FIELD] = now
        fields[ACK_FIELD] = False
        if entity.modified_stamp:
            fields[entity.modified_stamp] = stamp(now)
        existing = _existing(table, entity, record, fields)
        if existing is None:
            for name, default in entity.defaults:
                fields.setdefault(name, default)
            if entity.created_stamp and not fields.get(entity.created_stamp):
                fields[entity.created_stamp] = stamp(now)
        if entity.key:  # an update by id may change the key fields
            fields[KEY_FIELD] = record_key(entity, {**(existing or {}), **fields})
        if existing is None:
            stored.append(table.insert(fields))
        else:
            stored.append(table.update(existing["id"], fields))
    return stored


def _check_named_rows(table: Collection, entity: Entity, records: list[dict[str, Any]]) -> None:
    unknown = [
        f"{entity.id_field} not found: {record[entity.id_field]}"
        for record in records
        if entity.id_field and record.get(entity.id_field) and record[entity.id_field] not in table
    ]
    if unknown:
        raise WerkbonError(entity.failed_code, *dict.fromkeys(unknown))


def _existing(table: Collection, entity: Entity, record: dict[str, Any], fields: dict) -> dict | None:
    if entity.id_field and record.get(entity.id_field):
        return table.get(record[entity.id_field])
    if entity.key:
        return table.find_by(KEY_FIELD, record_key(entity, fields))
    return None


def render(entity: Entity, record: dict[str, Any]) -> dict[str, Any]:
    """The read form: every field of the list, ``""`` when never set (``null`` for the nullable
    ones), the server id as text, and the fields the vendor computes."""
    out = {name: record.get(name, _unset(entity, name)) for name in entity.output_fields}
    if entity.id_field in out:
        out[entity.id_field] = str(record["id"])
    for name, compute in COMPUTED.get(entity.name, {}).items():
        out[name] = compute(record)
    return out


def _unset(entity: Entity, name: str) -> Any:
    if name == "iln_lines":
        return []
    return None if name in entity.nullable or name == "invoice_debtor" else ""


def warranty_expires(record: dict[str, Any]) -> str:
    """``opr_timestamp_warranty_expires``: "automatically calculated based on installation date and
    the warranty months" (the Blueprint: 2018-10-11 and 24 months read 2020-10-11); ``""`` when
    either is missing or unreadable."""
    installed, months = (
        str(record.get("opr_timestamp_installation") or ""),
        str(record.get("opr_warranty_months") or ""),
    )
    try:
        start = date.fromisoformat(installed)
        count = int(months)
    except ValueError:
        return ""
    index = start.month - 1 + count
    year, month = start.year + index // 12, index % 12 + 1
    if not 1 <= year <= 9999:
        return ""
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day).isoformat()


def location_employee(record: dict[str, Any]) -> str:
    """A location's ``employee_nr``: the identifier of an employee's location (type 0), as the
    Blueprint's GET shows the number of the employee whose device it is."""
    if record.get("employee_nr"):
        return str(record["employee_nr"])
    return str(record.get("identifier", "")) if str(record.get("type", "")) == "0" else ""


#: read fields the vendor computes from a record's other fields
COMPUTED: dict[str, dict[str, Callable[[dict[str, Any]], Any]]] = {
    "object_parts": {"opr_timestamp_warranty_expires": warranty_expires},
    "locations": {"employee_nr": location_employee},
}


def listing(data: VendorData, entity: Entity) -> list[dict[str, str]]:
    return [render(entity, r) for r in collection(data, entity).all()]


def changed(data: VendorData, entity: Entity, since: float | None) -> list[dict[str, str]]:
    """The feed: records written at or after ``since`` (all of them without it) and not
    acknowledged since their last write, oldest change first. Seeded records count as written
    before any client call."""
    rows = [r for r in collection(data, entity).all() if not r.get(ACK_FIELD)]
    if since is not None:
        rows = [r for r in rows if r.get(CHANGED_FIELD, 0) >= since]
    rows.sort(key=lambda r: r.get(CHANGED_FIELD, 0))
    return [render(entity, r) for r in rows]


def acknowledge(data: VendorData, entity: Entity, field: str, value: str) -> int:
    """Clear the changed indicator of the records whose ``field`` is ``value`` (the Blueprint's
    ``objects/changed/?obj_code=``: "the record won't be shown again"); answers how many."""
    table = collection(data, entity)
    rows = table.filter(lambda r: str(r.get(field, "")) == value and not r.get(ACK_FIELD))
    for row in rows:
        table.update(row["id"], {ACK_FIELD: True})
    return len(rows)


def update_by_reference(
    data: VendorData, entity: Entity, records: list[dict[str, Any]], references: tuple[str, ...], now: float
) -> int:
    """Change known records, each named by the first of ``references`` it carries (the Blueprint's
    "Update transactions [PUT]": ``int_transaction_id`` or ``int_external_transaction_id``). All are
    found before any is written; answers how many were changed."""
    table = collection(data, entity)
    found, problems = [], []
    for record in records:
        named = next((f for f in references if record.get(f)), None)
        if named is None:
            problems.append(errors.required_missing(references[0]))
            continue
        rows = table.filter(lambda r, f=named, v=record[named]: str(r.get(f, "")) == v)
        if not rows:
            problems.append(f"{named} not found: {record[named]}")
        # the first reference names the row, so a record never renames it onto another one's key
        found.extend((row, record) for row in rows)
    if problems:
        raise WerkbonError(entity.failed_code, *dict.fromkeys(problems))
    for row, record in found:
        fields = {k: v for k, v in record.items() if k in entity.fields}
        table.update(
            row["id"],
            {
                **fields,
                CHANGED_FIELD: now,
                ACK_FIELD: False,
                KEY_FIELD: record_key(entity, {**row, **fields}),
            },
        )
    return len(found)


def delete(data: VendorData, entity: Entity, criteria: Mapping[str, str]) -> int:
    """Rows of ``entity`` whose stored fields equal ``criteria`` removed; answers how many."""
    table = collection(data, entity)
    if entity.key and set(criteria) == set(entity.key):
        found = table.find_by(KEY_FIELD, record_key(entity, criteria))
        return _remove(table, [found] if found is not None else [])
    return delete_where(table, criteria)


def delete_where(table: Collection, criteria: Mapping[str, str]) -> int:
    """Rows matching every (field, value) of ``criteria`` removed (``id`` is the row id)."""
    if set(criteria) == {"id"}:
        found = table.get(criteria["id"])
        return _remove(table, [found] if found is not None else [])
    return _remove(table, table.filter(lambda r: all(str(r.get(f, "")) == v for f, v in criteria.items())))


def _remove(table: Collection, doomed: list[dict[str, Any]]) -> int:
    for record in doomed:
        table.remove(record["id"])
    return len(doomed)


def delete_all(data: VendorData, entity: Entity) -> int:
    return collection(data, entity).clear()


def exists(data: VendorData, entity: Entity, value: str) -> bool:
    return collection(data, entity).find_by(KEY_FIELD, value) is not None


def require_array(body: Any) -> list[dict[str, Any]]:
    """Bulk POSTs take a JSON array of objects; anything else cannot be parsed as one."""
    if not isinstance(body, list) or not all(isinstance(item, dict) for item in body):
        raise WerkbonError(errors.UNPARSABLE_BODY, errors.UNABLE_TO_PARSE_BODY)
    return body
