"""Writes contracts/werkbonapp.openapi.yaml from the vendor's own tables (entities, functions), so the
contract cannot drift from the code: ``python -m mockserver.vendors.werkbonapp.contract_gen``.
Development tool only; never imported by the server."""

import yaml

from mockserver.core.contracts import contracts_dir
from mockserver.vendors.werkbonapp import workorders
from mockserver.vendors.werkbonapp.entities import ENTITIES
from mockserver.vendors.werkbonapp.schemas import MATERIAL_FIELDS
from mockserver.vendors.werkbonapp.versions import V7

S = {"type": "string"}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def pref(name):
    return {"$ref": f"#/components/parameters/{name}"}


def success(payload):
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


def responses(payload_schema_name, error_desc):
    return {
        "200": {
            "description": "The envelope (HTTP 200 for errors too: " + error_desc + ")",
            "content": {
                "application/json": {"schema": {"anyOf": [ref(payload_schema_name), ref("ErrorEnvelope")]}}
            },
        },
        "default": {
            "description": "An injected fault (mock only: X-Mock-Fault or a fault rule)",
            "content": {"application/json": {"schema": ref("ErrorEnvelope")}},
        },
    }


AUTH = [pref("token"), pref("software_token")]
schemas = {}
schemas["ErrorEnvelope"] = {
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
    "description": "Every failure: code says what went wrong; v7 names the payload `object`.",
}
schemas["AnyEnvelope"] = success({})
schemas["CountEnvelope"] = success({"type": "integer", "minimum": 0})
schemas["StringEnvelope"] = success(S)
schemas["PostedWorkordersEnvelope"] = success(
    {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["workorder_no", "row_id"],
            "additionalProperties": False,
            "properties": {"workorder_no": S, "row_id": S},
        },
    }
)
schemas["Material"] = {
    "type": "object",
    "required": ["MaterialCode", "MaterialNr", "MaterialPrice", "MaterialName"],
    "properties": {f: S for f in (*MATERIAL_FIELDS, "MaterialTotalPrice", "MaterialProcessed")},
    "additionalProperties": S,
}
schemas["Workperiod"] = {
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
}
wo_props = {k: S for k in workorders.READ_KEYS}
wo_props["WorkInstruction"] = {"type": "string", "description": "v7's name of WorkDescription"}
for key in workorders.ARRAY_FIELDS:
    item = (
        ref("Material")
        if key == "Materials"
        else ref("Workperiod")
        if key == "Workperiods"
        else {"type": "object"}
    )
    wo_props[key] = {"type": "array", "items": item}
    if key in V7.workorder_keys:
        wo_props[V7.workorder_keys[key]] = {
            "type": "array",
            "items": item,
            "description": f"v7's name of {key}",
        }
schemas["Workorder"] = {
    "type": "object",
    "description": "The read form; v7 spells the arrays in lowercase.",
    "required": ["id", "WorkorderNo", "status"],
    "properties": wo_props,
    "additionalProperties": False,
}
schemas["WorkorderEnvelope"] = success(ref("Workorder"))
schemas["WorkordersEnvelope"] = success({"type": "array", "items": ref("Workorder")})
schemas["PostedWorkorder"] = {
    "type": "object",
    "description": "Required fields per the vendor; see README for the rest.",
    "required": ["WorkorderNo"],
    "additionalProperties": True,
    "properties": {
        "Materials": {"type": "array", "items": {"type": "object"}},
        "Workperiods": {"type": "array", "items": {"type": "object"}},
    },
}

params = {
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
    "key": {"name": "key", "in": "query", "schema": S, "description": "Advanced filter: field"},
    "value": {"name": "value", "in": "query", "schema": S, "description": "Advanced filter: value"},
    "operator": {
        "name": "operator",
        "in": "query",
        "schema": {"enum": ["li", "eq", "ne", "gt", "ge", "lt", "le"]},
    },
    "update_status": {
        "name": "update_status",
        "in": "query",
        "schema": S,
        "description": "Default true: returned Compleet orders become Afgehandeld; false changes nothing",
    },
    "row_id": {"name": "row_id", "in": "query", "schema": S},
    "workorder_no": {"name": "workorder_no", "in": "query", "schema": S},
}
FILTERS = [pref("key"), pref("value"), pref("operator")]
paths = {}


def op(path, method, opid, summary, fidelity, payload, params_=(), body=None, errors="see summary"):
    o = {
        "operationId": opid,
        "summary": summary,
        "x-fidelity": fidelity,
        "parameters": [*AUTH, *params_],
        "responses": responses(payload, errors),
    }
    if body is not None:
        o["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    paths.setdefault(path, {})[method] = o


for e in ENTITIES:
    rec = {"type": "object", "properties": {f: S for f in e.output_fields}, "additionalProperties": False}
    name = "".join(p.title() for p in e.name.split("_"))
    schemas[f"{name}List"] = success({"type": "array", "items": rec})
    fid = "inferred" if e.base_code is None else "documented"
    op(
        f"/{e.name}/",
        "get",
        f"list{name}",
        f"List {e.name} (advanced filters)",
        "documented",
        f"{name}List",
        FILTERS,
        errors="1007 bad filter" + (", 1400 no location data" if e.name == "locations" else ""),
    )
    reqbody = {
        "type": "array",
        "items": {
            "type": "object",
            "required": list(e.required),
            "properties": {f: {"type": ["string", "number", "integer", "boolean", "null"]} for f in e.fields},
        },
    }
    op(
        f"/{e.name}/",
        "post",
        f"upsert{name}",
        f"Upsert {e.name} by {', '.join(e.key)}; answers the count",
        fid,
        "CountEnvelope",
        body=reqbody,
        errors=(
            f"1008 empty body, 1009 unparsable, {e.required_code} required field missing, "
            f"{e.failed_code} invalid value"
        ),
    )
    if e.by_filter:
        op(
            f"/{e.by_filter}/",
            "get",
            f"filter{name}",
            f"{e.name} by key/value filter",
            "documented",
            f"{name}List",
            FILTERS,
        )
op(
    "/PostEmployees/",
    "post",
    "postEmployees",
    "The old name of the employees POST",
    "inferred",
    "CountEnvelope",
    body={"type": "array", "items": {"type": "object"}},
)
op(
    "/PostWorkorders/",
    "post",
    "postWorkorders",
    "Create work orders (Klaargezet)",
    "documented",
    "PostedWorkordersEnvelope",
    body={"type": "array", "items": ref("PostedWorkorder")},
    errors="1501 required field missing, 1504 invalid date/time/value",
)
op(
    "/GetWorkorders/",
    "get",
    "getWorkorders",
    "Work orders by status; hands Compleet ones off unless update_status=false",
    "documented",
    "WorkordersEnvelope",
    [
        {
            "name": "status",
            "in": "query",
            "required": True,
            "schema": {"enum": ["Alle", "Klaargezet", "Opgehaald", "Compleet", "Afgehandeld"]},
        },
        {"name": "workstatus", "in": "query", "schema": S},
        pref("update_status"),
        *FILTERS,
    ],
    errors="1504 status invalid, 1007 bad filter",
)
op(
    "/GetWorkorder/",
    "get",
    "getWorkorder",
    "One work order by row_id or workorder_no",
    "documented",
    "WorkorderEnvelope",
    [pref("row_id"), pref("workorder_no"), pref("update_status")],
    errors="1500 not found",
)
op(
    "/UpdateWorkorder/",
    "get",
    "updateWorkorder",
    "Change date, time, employee or workstatus",
    "documented",
    "StringEnvelope",
    [
        pref("row_id"),
        pref("workorder_no"),
        *(
            {"name": n, "in": "query", "schema": S}
            for n in ("workdate", "worktime", "employee_nr", "workstatus")
        ),
    ],
    errors="1500 not found, 1502 no update data, 1503 nothing changed, 1504 invalid value",
)
op(
    "/UpdateWorkorder/",
    "post",
    "updateWorkorderMaterials",
    "Add (or replace) the materials of an order",
    "documented",
    "StringEnvelope",
    [
        pref("row_id"),
        pref("workorder_no"),
        {"name": "ClearMaterials", "in": "query", "schema": S},
        {"name": "ProcessMaterials", "in": "query", "schema": S},
    ],
    body={"type": "array", "items": ref("Material")},
    errors="1500 not found, 1502 no materials, 1504 invalid material, 1008/1009 body",
)
op(
    "/DeleteEntity/",
    "get",
    "deleteEntity",
    "Delete rows of an entity by key/value, or all of them",
    "documented",
    "CountEnvelope",
    [{"name": n, "in": "query", "schema": S} for n in ("entity", "key", "value", "delete_all")],
    errors="1600 delete failed",
)
paths["/"] = {
    m: {
        "operationId": f"noEndpoint{m.title()}",
        "summary": "No endpoint in the URL: code 1000",
        "x-fidelity": "documented",
        "responses": responses("AnyEnvelope", "1000"),
    }
    for m in ("get", "post")
}
for p in ("/{function}/", "/{function}", "/{function}/{subfunction}/"):
    paths[p] = {
        "parameters": [
            {"name": n, "in": "path", "required": True, "schema": S}
            for n in ("function", "subfunction")
            if "{" + n + "}" in p
        ]
    }
    for m in ("get", "post", "put", "patch", "delete"):
        paths[p][m] = {
            "operationId": "anyFunction"
            + ("Sub" if "sub" in p else "")
            + ("Slash" if p.endswith("/") else "")
            + m.title(),
            "summary": "Any other function or spelling: unknown ones answer 1001",
            "x-fidelity": "documented" if p.endswith("/") else "observed",
            "responses": responses("AnyEnvelope", "1001 unknown endpoint, or any code of the function"),
        }

doc = {
    "openapi": "3.1.0",
    "info": {
        "title": "WerkbonApp (OutSmart) Open API",
        "version": "8",
        "description": "The API as mockserver understands it (v8, and v7 with its differences: "
        "payload key `object`, "
        "lowercase work-order arrays, WorkInstruction). Every answer is the envelope "
        "{code, messages, response} with HTTP 200; errors differ only in `code`.\n"
        "Generated from the vendor's tables (entities.py, functions.py); x-fidelity per operation.",
    },
    "servers": [
        {
            "url": "https://www.werkbonapp.nl/openapi/{version}",
            "variables": {"version": {"default": "8", "description": "7 or 8; others answer 1001"}},
        },
        {
            "url": "https://app.out-smart.com/openapi/{version}",
            "variables": {"version": {"default": "8", "description": "7 or 8; others answer 1001"}},
        },
        {
            "url": "http://127.0.0.1:8000/werkbonapp/openapi/{version}",
            "description": "mockserver",
            "variables": {"version": {"default": "8", "description": "7 or 8; others answer 1001"}},
        },
    ],
    "paths": paths,
    "components": {"parameters": params, "schemas": schemas},
}
text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=110)
(contracts_dir() / "werkbonapp.openapi.yaml").write_text(text, encoding="utf-8")
print(len(text))
