"""Writes contracts/werkbonapp.openapi.yaml from the vendor's own tables (entities, work orders), so
the contract cannot drift from the code: ``python -m mockserver.vendors.werkbonapp.contract_gen``.
``render()`` is what a test compares with the committed file. Development tool only; never
imported by the server.

Every operation says how sure we are (``x-fidelity``), why (``x-evidence``) and what the mock does
with it (``x-coverage``, with ``x-coverage-reason`` when it is not ``stateful``).
"""

from __future__ import annotations

from typing import Any

import yaml

from mockserver.core.contracts import contracts_dir
from mockserver.vendors.werkbonapp import blueprint, workorders
from mockserver.vendors.werkbonapp.entities import ENTITIES, RECORDS, STRUCTURED, Entity
from mockserver.vendors.werkbonapp.functions import FEED_ACKS, FEED_SINCE, WORKORDER_DELETE_KEYS
from mockserver.vendors.werkbonapp.schemas import MATERIAL_FIELDS, MATERIAL_NULLABLE
from mockserver.vendors.werkbonapp.versions import V7

FILE_NAME = "werkbonapp.openapi.yaml"
S = {"type": "string"}
TEXT_OR_NULL = {"type": ["string", "null"]}
ANY_SCALAR = {"type": ["string", "number", "integer", "boolean", "null"]}
HTTP_200_QUIRK = (
    "Vendor quirk: every answer is HTTP 200, errors included; only the envelope's `code` differs "
    "(1000-2801). Only a fault injected by the mock (X-Mock-Fault or a fault rule) has another status."
)
WORKSTATUS_NUMERIC = "a known sta_code, or any number (clients write their own, e.g. 99)"

Doc = dict[str, Any]


def ref(name: str) -> Doc:
    return {"$ref": f"#/components/schemas/{name}"}


def pref(name: str) -> Doc:
    return {"$ref": f"#/components/parameters/{name}"}


def query(name: str, description: str = "", schema: Doc | None = None) -> Doc:
    param: Doc = {"name": name, "in": "query", "schema": schema or S}
    if description:
        param["description"] = description
    return param


def success(payload: Doc) -> Doc:
    """The success envelope; v7 names the payload ``object``."""
    return {
        "type": "object",
        "required": ["code", "messages"],
        "properties": {
            "code": {"const": 200},
            "messages": {"type": "array", "items": S},
            "response": payload,
            "object": payload,
        },
        "additionalProperties": False,
        "oneOf": [{"required": ["response"]}, {"required": ["object"]}],
    }


def responses(payload_schema: str, errors: str) -> Doc:
    return {
        "200": {
            "description": f"The envelope. {HTTP_200_QUIRK} Errors here: {errors}",
            "content": {
                "application/json": {"schema": {"anyOf": [ref(payload_schema), ref("ErrorEnvelope")]}}
            },
        },
        "default": {
            "description": "An injected fault (mock only: X-Mock-Fault or a fault rule)",
            "content": {"application/json": {"schema": ref("ErrorEnvelope")}},
        },
    }


class Builder:
    """Collects paths and schemas; ``operation`` is the one way an operation gets into the contract."""

    AUTH = ("token", "software_token")
    FILTERS = ("key", "value", "operator")

    def __init__(self) -> None:
        self.paths: dict[str, Doc] = {}
        self.schemas: dict[str, Doc] = base_schemas()

    def operation(
        self,
        path: str,
        method: str,
        operation_id: str,
        summary: str,
        fidelity: str,
        evidence: str,
        payload: str,
        params: tuple[Doc, ...] = (),
        body: Doc | None = None,
        errors: str = "see summary",
        coverage: tuple[str, str] = ("stateful", ""),
    ) -> None:
        fidelity, evidence = blueprint.evidence(path, method, fidelity, evidence)
        op: Doc = {
            "operationId": operation_id,
            "summary": summary,
            "x-fidelity": fidelity,
            "x-evidence": evidence,
            "x-coverage": coverage[0],
        }
        if coverage[1]:
            op["x-coverage-reason"] = coverage[1]
        op["parameters"] = [*(pref(p) for p in self.AUTH), *params]
        op["responses"] = responses(payload, errors)
        if body is not None:
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
        self.paths.setdefault(path, {})[method] = op

    def filters(self) -> tuple[Doc, ...]:
        return tuple(pref(p) for p in self.FILTERS)


# -- components --------------------------------------------------------------------------------------


def base_schemas() -> dict[str, Doc]:
    schemas: dict[str, Doc] = {
        "ErrorEnvelope": {
            "type": "object",
            "required": ["code", "messages"],
            "properties": {
                "code": {"type": "integer", "minimum": 1000, "maximum": 9999},
                "messages": {"type": "array", "items": S},
                "response": {"type": "null"},
                "object": {"type": "null"},
            },
            "additionalProperties": False,
            "oneOf": [{"required": ["response"]}, {"required": ["object"]}],
            "description": "Every failure, answered with HTTP 200 (a vendor quirk): `code` says what "
            "went wrong; v7 names the payload `object`.",
        },
        "AnyEnvelope": success({}),
        "CountEnvelope": success({"type": "integer", "minimum": 0}),
        "StringEnvelope": success(S),
        "NullEnvelope": success({"type": "null"}),
        "PostedWorkordersEnvelope": success(
            {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["workorder_no", "row_id"],
                    "additionalProperties": False,
                    "properties": {"workorder_no": S, "row_id": {"type": "integer", "minimum": 1}},
                },
            }
        ),
        "Material": {
            "type": "object",
            "required": ["MaterialCode", "MaterialNr", "MaterialPrice", "MaterialName"],
            "properties": {
                f: TEXT_OR_NULL if f in MATERIAL_NULLABLE else S
                for f in (*MATERIAL_FIELDS, "MaterialTotalPrice", "MaterialProcessed")
            },
            "additionalProperties": S,
        },
        "Workperiod": {
            "type": "object",
            "required": ["WorkDate", "BeginTime", "EndTime", "TotalTime"],
            "properties": {
                f: S
                for f in (
                    "WorkDate",
                    "BeginTime",
                    "EndTime",
                    "TotalTime",
                    "Break",
                    "Travel",
                    "WorkRemark",
                    "HourType",
                    "EmployeeNr",
                )
            },
            "additionalProperties": S,
        },
        "Workorder": workorder_schema(),
        "PostedWorkorder": {
            "type": "object",
            "description": "Required fields per the vendor; see README for the rest.",
            "required": ["WorkorderNo"],
            "additionalProperties": True,
            "properties": {
                "Materials": {"type": "array", "items": {"type": "object"}},
                "Workperiods": {"type": "array", "items": {"type": "object"}},
            },
        },
    }
    schemas["WorkorderEnvelope"] = success(ref("Workorder"))
    schemas["WorkordersEnvelope"] = success({"type": "array", "items": ref("Workorder")})
    return schemas


#: what the read form's arrays hold: Documents are file names (the Blueprint's field table),
#: Employees and WorkObjects numbers and codes as posted (strings, or objects a client sent)
ARRAY_ITEMS: dict[str, Doc] = {
    "Materials": ref("Material"),
    "Workperiods": ref("Workperiod"),
    "Documents": {"type": ["string", "object"]},
    "Employees": {"type": ["string", "object"]},
    "WorkObjects": {"type": ["string", "object"]},
}


def workorder_schema() -> Doc:
    props: Doc = {k: S for k in workorders.READ_KEYS}
    props["WorkInstruction"] = {
        "type": "string",
        "description": "v8: work instructions from ERP/CRM (future use, the Blueprint's field table); "
        "v7's name of WorkDescription",
    }
    for key in workorders.ARRAY_FIELDS:
        item = ARRAY_ITEMS.get(key, {"type": "object"})
        props[key] = {"type": "array", "items": item}
        if key in V7.workorder_keys:
            props[V7.workorder_keys[key]] = {
                "type": "array",
                "items": item,
                "description": f"v7's name of {key}",
            }
    return {
        "type": "object",
        "description": "The read form; v7 spells the arrays in lowercase.",
        "required": ["id", "WorkorderNo", "status"],
        "properties": props,
        "additionalProperties": False,
    }


def parameters() -> Doc:
    return {
        "token": {
            "name": "token",
            "in": "query",
            "required": True,
            "schema": S,
            "description": "The customer token (1002 when missing, 1004 when unknown)",
        },
        "software_token": {
            "name": "software_token",
            "in": "query",
            "required": True,
            "schema": S,
            "description": "The software token linked to the token (1003 missing, 1005 wrong)",
        },
        "key": query("key", "Advanced filter: field (also key[] and key[0])"),
        "value": query("value", "Advanced filter: value (also value[] and value[0])"),
        "operator": query(
            "operator",
            "Advanced filter: operator of the key at the same position (also operator[] and "
            "operator[0]); default eq. An operator without a key (or more operators than keys) → 1007",
            schema={"enum": ["li", "eq", "ne", "gt", "ge", "lt", "le"]},
        ),
        "update_status": query(
            "update_status",
            "Default true: returned Compleet orders become Afgehandeld; false changes nothing",
        ),
        "row_id": query("row_id"),
        "workorder_no": query("workorder_no"),
    }


# -- master data -------------------------------------------------------------------------------------


def camel(name: str) -> str:
    return "".join(part.title() for part in name.replace("/", "_").split("_"))


def entity_evidence(entity: Entity, method: str) -> tuple[str, str]:
    """(fidelity, evidence) of a list or a write of ``entity``."""
    if not entity.documented:
        return "inferred", (
            "Our inference: the path and field names come from a public rendering of the vendor's API "
            "description; required fields, upsert key, codes and the answer are ours."
        )
    if method == "get":
        return (
            "documented",
            "Vendor manual: the list with advanced filters; field names from the vendor's description.",
        )
    if entity.base_code is None:
        return "inferred", (
            "Vendor manual for the required fields; the error codes (1504) and the upsert key are our "
            "inference."
        )
    key = ", ".join(entity.key)
    return "documented", (
        f"Vendor manual: bulk upsert answering the count, required fields, codes {entity.failed_code}/"
        f"{entity.required_code}; the upsert key ({key}) is our inference."
    )


def field_schema(entity: Entity, name: str) -> Doc:
    """Text, text or null for the nullable fields, or the JSON structure of an invoice's lines and
    debtor (the Blueprint's worked invoice)."""
    if name == "iln_lines":
        return {"type": "array", "items": {"type": "object"}}
    if name in STRUCTURED:
        return {"type": ["object", "null"]}
    return dict(TEXT_OR_NULL) if name in entity.nullable else S


def record_schema(entity: Entity) -> Doc:
    return {
        "type": "object",
        "properties": {f: field_schema(entity, f) for f in entity.output_fields},
        "additionalProperties": False,
    }


def add_entity(builder: Builder, entity: Entity) -> None:
    name = camel(entity.name)
    list_schema = f"{name}List"
    builder.schemas[list_schema] = success({"type": "array", "items": record_schema(entity)})
    path = f"/{entity.name}/"
    if entity.listable:
        fidelity, evidence = entity_evidence(entity, "get")
        builder.operation(
            path,
            "get",
            f"list{name}",
            f"List {entity.name} (advanced filters)",
            fidelity,
            evidence,
            list_schema,
            builder.filters(),
            errors="1007 bad filter" + (", 1400 no location data" if entity.name == "locations" else ""),
        )
    for write in entity.writes:
        method, answer = write.method, write.answer
        fidelity, evidence = entity_evidence(entity, method.lower())
        how = f"by {', '.join(entity.key)}" if entity.key else "as new rows"
        if entity.id_field:
            how += f" (a record naming {entity.id_field} updates that row)"
        builder.operation(
            path,
            method.lower(),
            f"{'upsert' if method == 'POST' else 'update'}{name}",
            f"Upsert {entity.name} {how}; answers "
            + ("the written records" if answer == RECORDS else "the count"),
            fidelity,
            evidence,
            list_schema if answer == RECORDS else "CountEnvelope",
            body={
                "type": "array",
                "items": {
                    "type": "object",
                    "required": list(entity.required_by(write)),
                    "properties": {
                        f: field_schema(entity, f) if f in STRUCTURED else dict(ANY_SCALAR)
                        for f in entity.input_fields
                    },
                },
            },
            errors=(
                f"1008 empty body, 1009 unparsable, {entity.required_code} required field missing, "
                f"{entity.failed_code} invalid value"
                + (f" or unknown {entity.id_field}" if entity.id_field else "")
            ),
        )
    if entity.by_filter:
        builder.operation(
            f"/{entity.by_filter}/",
            "get",
            f"filter{name}",
            f"{entity.name} by key/value filter",
            "inferred",
            "The path and fields come from a public rendering of the vendor's API description; that it "
            "takes the advanced filters is our inference.",
            list_schema,
            builder.filters(),
            errors="1007 bad filter",
        )
    if entity.changed_feed:
        builder.operation(
            f"/{entity.name}/changed/",
            "get",
            f"changed{name}",
            f"{entity.name} written at or after `since`, oldest change first (incremental sync)",
            "observed",
            f"A public client's usage: an incremental-sync feed of changed {entity.name}; the `since` "
            "parameter and its formats are our inference.",
            list_schema,
            (
                query("since", "Y-m-d H:i:s, Y-m-d H:i or Y-m-d (Europe/Amsterdam), or Unix seconds"),
                *feed_params(entity),
                *builder.filters(),
            ),
            errors="1504 since invalid, 1007 bad filter",
        )


def feed_params(entity: Entity) -> tuple[Doc, ...]:
    """The Blueprint's own parameters of a changed feed: the acknowledging code, the since alias."""
    params = []
    if entity.name in FEED_ACKS:
        params.append(query(FEED_ACKS[entity.name], "Clears this record's changed indicator (Blueprint)"))
    if entity.name in FEED_SINCE:
        params.append(query(FEED_SINCE[entity.name], "The Blueprint's name of since: Y-m-d H:i:s"))
    return tuple(params)


# -- work orders and the rest ------------------------------------------------------------------------


def add_workorders(builder: Builder) -> None:
    """The work-order functions, in the order the contract lists them (paths keep insertion order)."""
    _add_workorder_posts(builder)
    _add_workorder_reads(builder)
    _add_workorder_updates(builder)
    _add_delete_entity(builder)


def _add_workorder_posts(builder: Builder) -> None:
    """The create calls: the old PostEmployees name and PostWorkorders."""
    builder.operation(
        "/PostEmployees/",
        "post",
        "postEmployees",
        "The old name of the employees POST",
        "inferred",
        "Vendor manual (old page) names PostEmployees; that it behaves as the v8 employees POST is our "
        "inference.",
        "CountEnvelope",
        body={"type": "array", "items": {"type": "object"}},
    )
    builder.operation(
        "/PostWorkorders/",
        "post",
        "postWorkorders",
        "Create work orders (Klaargezet); each new order gets an OrderNr no other order has",
        "observed",
        "Vendor manual for the fields and codes 1501/1504; a public client's usage for row_id as an integer.",
        "PostedWorkordersEnvelope",
        body={"type": "array", "items": ref("PostedWorkorder")},
        errors="1501 required field missing, 1504 invalid date/time/value",
    )


def _add_workorder_reads(builder: Builder) -> None:
    """The reads: by status (which also hands Compleet orders off) and one by key."""
    builder.operation(
        "/GetWorkorders/",
        "get",
        "getWorkorders",
        "Work orders by status; hands Compleet ones off unless update_status=false",
        "observed",
        "Vendor manual for status, update_status and the advanced filters; a public client's usage for "
        "the filter key Id (the row id) without status.",
        "WorkordersEnvelope",
        (
            query(
                "status",
                "Required unless an advanced filter is given (then it defaults to Alle)",
                {"enum": ["Alle", "Klaargezet", "Opgehaald", "Compleet", "Afgehandeld"]},
            ),
            query("workstatus"),
            pref("update_status"),
            *builder.filters(),
        ),
        errors="1504 status invalid, 1007 bad filter",
    )
    builder.operation(
        "/GetWorkorder/",
        "get",
        "getWorkorder",
        "One work order by row_id or workorder_no",
        "documented",
        "Vendor manual: row_id or workorder_no, update_status, 1500 when not found.",
        "WorkorderEnvelope",
        (pref("row_id"), pref("workorder_no"), pref("update_status")),
        errors="1500 not found",
    )


def _add_workorder_updates(builder: Builder) -> None:
    """UpdateWorkorder: GET changes planning fields, POST changes materials."""
    builder.operation(
        "/UpdateWorkorder/",
        "get",
        "updateWorkorder",
        "Change date, time, employee or workstatus; answers null",
        "observed",
        "Vendor manual for the parameters and codes 1500-1504; a public client's usage for the null answer, "
        "1500 without messages and client-defined numeric workstatus values.",
        "NullEnvelope",
        (
            pref("row_id"),
            pref("workorder_no"),
            query("workdate", "d-m-Y"),
            query("worktime", "H:i"),
            query("employee_nr", "a known employee number"),
            query("workstatus", WORKSTATUS_NUMERIC),
        ),
        errors="1500 not found, 1502 no update data, 1503 nothing changed, 1504 invalid value",
    )
    builder.operation(
        "/UpdateWorkorder/",
        "post",
        "updateWorkorderMaterials",
        "Add (or replace) the materials of an order; answers the row id",
        "documented",
        "Vendor manual: row_id, ClearMaterials, ProcessMaterials and material rows as the body.",
        "StringEnvelope",
        (pref("row_id"), pref("workorder_no"), query("ClearMaterials"), query("ProcessMaterials")),
        body={"type": "array", "items": ref("Material")},
        errors="1500 not found, 1502 no materials, 1504 invalid material, 1008/1009 body",
    )


def _add_delete_entity(builder: Builder) -> None:
    """DeleteEntity, which names the keys a work order may be deleted by."""
    keys = ", ".join(WORKORDER_DELETE_KEYS)
    builder.operation(
        "/DeleteEntity/",
        "get",
        "deleteEntity",
        f"Delete rows of an entity by its allowed keys (workorder: {keys}; object_part by key[]/value[] "
        "pairs), or all of them (not for workorder)",
        "observed",
        "Vendor manual for the parameters and code 1600; a public client's usage for the keys each entity "
        "allows.",
        "CountEnvelope",
        tuple(query(n) for n in ("entity", "key", "value", "key[]", "value[]", "delete_all")),
        errors="1600 delete failed: unknown entity, key not allowed, value missing, delete_all on workorder",
    )


def add_platform(builder: Builder) -> None:
    """The answers for URLs that name no function, or one the vendor does not have."""
    builder.paths["/"] = {
        m: {
            "operationId": f"noEndpoint{m.title()}",
            "summary": "No endpoint in the URL: code 1000",
            "x-fidelity": "documented",
            "x-evidence": "Vendor manual: code 1000, no endpoint given.",
            "x-coverage": "empty",
            "x-coverage-reason": "A URL without a function answers the vendor's constant 1000 error.",
            "responses": responses("AnyEnvelope", "1000"),
        }
        for m in ("get", "post")
    }
    for path in ("/{function}/", "/{function}", "/{function}/{subfunction}/"):
        item: Doc = {
            "parameters": [
                {"name": n, "in": "path", "required": True, "schema": S}
                for n in ("function", "subfunction")
                if "{" + n + "}" in path
            ]
        }
        slash = path.endswith("/")
        for m in ("get", "post", "put", "patch", "delete"):
            item[m] = {
                "operationId": "anyFunction"
                + ("Sub" if "sub" in path else "")
                + ("Slash" if slash else "")
                + m.title(),
                "summary": "Any other function or spelling: unknown ones answer 1001",
                "x-fidelity": "documented" if slash else "observed",
                "x-evidence": "Vendor manual: code 1001 for an unknown endpoint."
                if slash
                else "A public client's usage: the trailing slash is optional.",
                "x-coverage": "empty",
                "x-coverage-reason": "Every function the vendor has is its own path above; any other name "
                "answers the vendor's constant 1001 unknown-endpoint error.",
                "responses": responses("AnyEnvelope", "1001 unknown endpoint, or any code of the function"),
            }
        builder.paths[path] = item


def build() -> Doc:
    builder = Builder()
    for entity in ENTITIES:
        add_entity(builder, entity)
    add_workorders(builder)
    add_platform(builder)
    server_version = {"version": {"default": "8", "description": "7 or 8; others answer 1001"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "WerkbonApp (OutSmart) Open API",
            "version": "8",
            "description": "The API as mockserver understands it (v8, and v7 with its differences: payload "
            "key `object`, lowercase work-order arrays, WorkInstruction). Every answer is the envelope "
            "{code, messages, response}.\n" + HTTP_200_QUIRK + "\nGenerated from the vendor's tables "
            "(entities.py, functions.py) by contract_gen.py; x-fidelity, x-evidence and x-coverage per "
            "operation.",
            "x-vendor-quirks": [HTTP_200_QUIRK],
        },
        "servers": [
            {"url": "https://www.werkbonapp.nl/openapi/{version}", "variables": server_version},
            {"url": "https://app.out-smart.com/openapi/{version}", "variables": server_version},
            {
                "url": "http://127.0.0.1:8000/werkbonapp/openapi/{version}",
                "description": "mockserver",
                "variables": server_version,
            },
        ],
        "paths": builder.paths,
        "components": {"parameters": parameters(), "schemas": builder.schemas},
    }


class _NoAliases(yaml.SafeDumper):
    """Shared sub-documents written out in full: a reader sees each operation whole."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render() -> str:
    return yaml.dump(build(), Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=110)


def main() -> None:
    (contracts_dir() / FILE_NAME).write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
