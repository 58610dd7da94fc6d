"""The HTTP shape: Workspace's real paths under ``/api/v1``, resources ending in ``.json`` [doc],
updates as POST on the element (no PUT/PATCH) [doc], OPTIONS without authentication [doc].

Handlers authenticate, read the body (``payload``), apply the rules (``models``) and answer in the
envelope with containments (``containments``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from werkzeug.routing import BaseConverter
from werkzeug.wrappers import Response

from mockserver.core.http import replayable, request, server, settings, tenant, vendor_flask_app
from mockserver.core.vendor import Vendor
from mockserver.vendors.workspace import BASE_PATH, NAME, models
from mockserver.vendors.workspace.auth import authorize
from mockserver.vendors.workspace.containments import row
from mockserver.vendors.workspace.envelope import answer
from mockserver.vendors.workspace.errors import BAD_REQUEST, NOT_FOUND, WorkspaceError
from mockserver.vendors.workspace.payload import associated_list, read_body, split, validate
from mockserver.vendors.workspace.resources import (
    CONTACT,
    PROJECT,
    QUOTATION,
    QUOTATION_LINE,
    TEMPLATE,
    Resource,
)
from mockserver.vendors.workspace.schemas import PROJECT_STATUSES, Integer

BASE = BASE_PATH

#: what OPTIONS lists per resource: its special actions only, not the plain index/view/add/edit/
#: delete every resource has [doc]; paths relative to the API root
SUPPORTED_ACTIONS: dict[str, dict[str, list[str]]] = {
    "quotations": {
        "/quotations/actions/layouts.json": ["GET"],
        "/quotations/actions/send_email/{id}.json": ["GET", "POST"],
    },
    "quotation_lines": {},
    "contacts": {},
    "projects": {"/projects/list.json": ["GET"], "/projects/actions/statuses.json": ["GET"]},
}

#: query filters each collection understands (equality on an integer field) [inf]
FILTERS = {
    "quotations": ("contact_id", "project_id", "status"),
    "quotation_lines": ("quotation_id",),
    "contacts": ("type",),
    "projects": ("contact_id", "status"),
}


class ElementId(BaseConverter):
    """The ``{id}`` of an element path ``/<resource>/{id}.json``. CakePHP routes
    ``/projects/list.json`` to the list action, never to a project called "list", so an action
    name is not an id: POST or DELETE there is a 405, and ``Allow`` names only what the path
    accepts. (Excluded in the pattern, since the router learns a path's methods from patterns.)"""

    ACTIONS = ("list",)
    regex = r"(?!(?:" + "|".join(ACTIONS) + r")\.json$)[^/]+?"


# -- request helpers -------------------------------------------------------------------------------
def reading(right: str) -> None:
    """Authorize a read. Every Workspace read is a function of the request, the tenant's
    settings and its data, so its answer may be replayed while they are unchanged."""
    authorize(right)
    replayable(tenant().data(NAME))


def store() -> models.Store:
    return models.Store(tenant().data(NAME))


def now() -> models.Moment:
    return models.Moment(server().clock.now(), str(settings().get("timezone") or "UTC"))


def depth() -> int:
    raw = request.args.get("depth")
    if raw is None:
        return int(settings().get("default_depth", 0))
    if raw not in ("0", "1", "2"):
        raise WorkspaceError(400, BAD_REQUEST, ["depth: must be 0, 1 or 2"])
    return int(raw)


def _filters(resource: Resource) -> dict[str, int]:
    wanted: dict[str, int] = {}
    field = Integer(0, 2**31 - 1)
    for name in FILTERS.get(resource.segment, ()):
        raw = request.args.get(name)
        if raw is None:
            continue
        try:
            wanted[name] = field.deserialize(raw)
        except Exception as exc:
            raise WorkspaceError(400, BAD_REQUEST, [f"{name}: must be a whole number"]) from exc
    return wanted


def element(resource: Resource, record: dict[str, Any], status: int = 200) -> Response:
    return answer(row(store(), resource, record, depth()), status)


def collection(resource: Resource) -> Response:
    level = depth()
    wanted = _filters(resource)
    data = store()
    if resource is QUOTATION_LINE and "quotation_id" in wanted:
        parent = data["quotations"].get(wanted.pop("quotation_id"))
        records = models.lines_of(data, parent) if parent else []
    else:
        records = data[resource.collection].all()
    records = [r for r in records if all(r.get(k) == v for k, v in wanted.items())]
    if not records and settings().get("empty_collection_404", True):
        raise WorkspaceError(404, f"{resource.plural} not found.")
    rows = [row(data, resource, r, level) for r in records]
    return answer({"count": str(len(rows)), resource.plural: rows})


def incoming(resource: Resource, creating: bool, associations: tuple[str, ...] = ()) -> tuple[dict, dict]:
    own, associated = split(read_body(), resource.model, associations)
    unknown = str(settings().get("unknown_fields", "reject"))
    return validate(resource, own, creating, unknown), associated


def created(resource: Resource, record: dict[str, Any]) -> Response:
    status = 200 if settings().get("create_status") == 200 else 201
    return element(resource, record, status)


# -- the application -------------------------------------------------------------------------------
def create_app(vendor: Vendor) -> Flask:
    app = vendor_flask_app(vendor)
    app.url_map.converters["element"] = ElementId

    @app.before_request
    def _options() -> Response | None:
        """OPTIONS answers without authentication, listing the resource's special actions, with
        an empty ``message`` [doc]; ``Allow`` names the methods this very path accepts."""
        if request.method != "OPTIONS":
            return None
        allowed = sorted(app.create_url_adapter(request).allowed_methods())  # type: ignore[union-attr]
        segment = request.path[len(BASE) + 1 :].split("/", 1)[0].removesuffix(".json")
        actions = SUPPORTED_ACTIONS.get(segment)
        if not allowed or actions is None:
            raise WorkspaceError(404, NOT_FOUND)
        # PHP's json_encode writes an empty action map as [] (as it does an empty containment)
        listed: Any = actions or []
        return answer({"Supported actions": listed}, message="", headers={"Allow": ", ".join(allowed)})

    _quotation_routes(app)
    _line_routes(app)
    _contact_routes(app)
    _project_routes(app)
    return app


def _quotation_routes(app: Flask) -> None:
    @app.get(f"{BASE}/quotations.json")
    def quotations_index() -> Response:
        reading(QUOTATION.read_right)
        return collection(QUOTATION)

    @app.post(f"{BASE}/quotations.json")
    def quotations_add() -> Response:
        authorize(QUOTATION.write_right)
        fields, associated = incoming(QUOTATION, creating=True, associations=("QuotationLine",))
        unknown = str(settings().get("unknown_fields", "reject"))
        lines = [
            validate(QUOTATION_LINE, line, True, unknown, ignore=("quotation_id",))
            for line in associated_list(associated.get("QuotationLine", []), "QuotationLine")
        ]
        return created(QUOTATION, models.create_quotation(store(), fields, lines, now()))

    @app.get(f"{BASE}/quotations/<element:record_id>.json")
    def quotations_view(record_id: str) -> Response:
        reading(QUOTATION.read_right)
        return element(QUOTATION, store().require("quotations", "Quotation", record_id))

    @app.post(f"{BASE}/quotations/<element:record_id>.json")
    def quotations_edit(record_id: str) -> Response:
        authorize(QUOTATION.write_right)
        store().require("quotations", "Quotation", record_id)
        fields, _ = incoming(QUOTATION, creating=False)
        return element(QUOTATION, models.update_quotation(store(), record_id, fields, now()))

    @app.delete(f"{BASE}/quotations/<element:record_id>.json")
    def quotations_delete(record_id: str) -> Response:
        authorize(QUOTATION.write_right)
        models.delete_quotation(store(), record_id)
        return answer(None)

    @app.get(f"{BASE}/quotations/actions/layouts.json")
    def quotations_layouts() -> Response:
        reading(QUOTATION.read_right)
        return answer(store().layouts())

    @app.get(f"{BASE}/quotations/actions/send_email/<record_id>.json")
    def quotations_email_template(record_id: str) -> Response:
        """Needs ``Quotations.write``, not ``.read``: the documentation's rights table [doc]."""
        reading(QUOTATION.write_right)
        quotation = store().require("quotations", "Quotation", record_id)
        return answer({"Template": models.email_template(store(), quotation, settings())})

    @app.post(f"{BASE}/quotations/actions/send_email/<record_id>.json")
    def quotations_send_email(record_id: str) -> Response:
        authorize(QUOTATION.write_right)
        quotation = store().require("quotations", "Quotation", record_id)
        mail = _mail()
        sent = models.send_quotation(store(), quotation, mail, now(), int(settings().get("sent_status", 2)))
        return element(QUOTATION, sent)


def _mail() -> dict[str, Any]:
    """The five template fields, all required [doc] (``body`` optional [inf]), flat or as
    ``data[Template][...]``."""
    fields, _ = split(read_body(), TEMPLATE.model)
    return validate(TEMPLATE, fields, creating=True, unknown_fields=str(settings().get("unknown_fields")))


Rule = Callable[..., Any]


def _crud_routes(app: Flask, res: Resource, create: Rule, update: Rule, delete: Rule) -> None:
    """The five routes every plain Workspace resource has (index, add, view, edit by POST,
    delete); only the rules behind them differ, so they are given, not written out per resource."""
    many, one = f"{BASE}/{res.segment}.json", f"{BASE}/{res.segment}/<element:record_id>.json"

    def index() -> Response:
        reading(res.read_right)
        return collection(res)

    def add() -> Response:
        authorize(res.write_right)
        fields, _ = incoming(res, creating=True)
        return created(res, create(store(), fields, now()))

    def view(record_id: str) -> Response:
        reading(res.read_right)
        return element(res, store().require(res.collection, res.model, record_id))

    def edit(record_id: str) -> Response:
        authorize(res.write_right)
        store().require(res.collection, res.model, record_id)
        fields, _ = incoming(res, creating=False)
        return element(res, update(store(), record_id, fields, now()))

    def remove(record_id: str) -> Response:
        authorize(res.write_right)
        delete(store(), record_id, now())
        return answer(None)

    app.add_url_rule(many, f"{res.segment}_index", index, methods=["GET"])
    app.add_url_rule(many, f"{res.segment}_add", add, methods=["POST"])
    app.add_url_rule(one, f"{res.segment}_view", view, methods=["GET"])
    app.add_url_rule(one, f"{res.segment}_edit", edit, methods=["POST"])
    app.add_url_rule(one, f"{res.segment}_delete", remove, methods=["DELETE"])


def _update_plain(res: Resource) -> Rule:
    return lambda data, record_id, fields, moment: models.update_record(
        data, res.collection, res.model, record_id, fields, moment
    )


def _line_routes(app: Flask) -> None:
    _crud_routes(app, QUOTATION_LINE, models.create_line, models.update_line, models.delete_line)


def _contact_routes(app: Flask) -> None:
    _crud_routes(app, CONTACT, models.create_contact, _update_plain(CONTACT), models.trash_contact)


def _project_routes(app: Flask) -> None:
    def delete_project(data: Any, record_id: str, _moment: Any) -> None:
        models.delete_project(data, record_id)

    _crud_routes(app, PROJECT, models.create_project, _update_plain(PROJECT), delete_project)

    @app.get(f"{BASE}/projects/list.json")
    def projects_list() -> Response:
        """id -> name of every project [doc action, inf path]."""
        reading(PROJECT.read_right)
        return answer({str(p["id"]): p["name"] for p in store()["projects"].all()})

    @app.get(f"{BASE}/projects/actions/statuses.json")
    def projects_statuses() -> Response:
        reading(PROJECT.read_right)
        return answer({str(code): name for code, name in PROJECT_STATUSES.items()})
