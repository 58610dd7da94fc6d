"""Robaws API v2 routes, in the vendor's real paths (the gateway strips the ``/robaws`` prefix).

Top-level resources are served generically from the ``RESOURCES`` table; nested client routes and
purchase-invoice actions have their own handlers, webhook endpoints their module
(``webhook_endpoints``). Handlers live at module level; ``create_app`` only binds them to URL rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import Flask, Response
from werkzeug.exceptions import MethodNotAllowed

from mockserver.core.cache import VersionedCache
from mockserver.core.http import (
    current_vendor,
    encode_json,
    json_response,
    request,
    tenant,
    vendor_flask_app,
)
from mockserver.core.store import VendorData
from mockserver.vendors.robaws import (
    BASE_PATH,
    NAME,
    events,
    listing,
    models,
    oauth,
    patching,
    webhook_endpoints,
)
from mockserver.vendors.robaws.auth import require_module
from mockserver.vendors.robaws.errors import RobawsError, bad_request, not_found
from mockserver.vendors.robaws.handling import body, data, now, principal, read, rules
from mockserver.vendors.robaws.resources import EVENTS, RESOURCES, Resource

if TYPE_CHECKING:
    from mockserver.vendors.robaws import RobawsVendor

API = BASE_PATH
STOCK_FIELDS = ("availableStock", "reservedStock", "totalStock")
CLIENTS = RESOURCES["clients"]
CONTACTS = RESOURCES["contacts"]
PURCHASE_INVOICES = RESOURCES["purchase-invoices"]
#: what each top-level path serves: its resource's operations, except that contacts are only read
#: there (a real client lists ``/contacts`` [obs]; they are created and patched under their client)
TOP_LEVEL: dict[str, frozenset[str]] = {
    name: resource.methods for name, resource in RESOURCES.items() if name != "article-groups"
} | {"contacts": frozenset({"list", "get"})}
#: operation -> (HTTP method, on the item path rather than the collection path)
OPERATIONS = {
    "list": ("GET", False),
    "create": ("POST", False),
    "get": ("GET", True),
    "replace": ("PUT", True),
    "patch": ("PATCH", True),
}
#: the methods an ``Allow`` header may name, in the order it names them (HEAD and OPTIONS, which
#: every route answers implicitly, are left out)
ALLOW_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE")


# -- methods each path serves ------------------------------------------------------------------------
def methods_of(operations: frozenset[str], on_item: bool) -> list[str]:
    return [method for op, (method, item) in OPERATIONS.items() if op in operations and item == on_item]


def method_not_allowed(allowed: list[str]) -> RobawsError:
    """Spring's 405, with the ``Allow`` header naming what the path does accept."""
    return RobawsError(405, headers={"Allow": ", ".join(allowed)})


def allow(resource: Resource, operation: str, operations: frozenset[str] | None = None) -> None:
    require_module(principal(), resource.module, rules())
    served = resource.methods if operations is None else operations
    if operation not in served:
        raise method_not_allowed(methods_of(served, OPERATIONS[operation][1]))


def top_level(name: str, operation: str) -> Resource:
    """The resource of a top-level path, once the caller may run ``operation`` on it."""
    operations = TOP_LEVEL.get(name)
    if operations is None:
        raise RobawsError(404)
    resource = RESOURCES[name]
    allow(resource, operation, operations)
    return resource


def refuse_method(error: MethodNotAllowed) -> Response:
    """A method no rule of the path accepts: 405 with ``Allow``, narrowed to what the resource of a
    generic path (``/{resource}``, ``/{resource}/{id}``) really serves."""
    valid = set(error.valid_methods or ())
    allowed = [m for m in ALLOW_ORDER if m in valid]
    parts = request.path.removeprefix(API).strip("/").split("/")
    if request.path.startswith(API + "/") and len(parts) <= 2 and parts[0] in TOP_LEVEL:
        served = methods_of(TOP_LEVEL[parts[0]], len(parts) == 2)
        allowed = [m for m in allowed if m in served]
    return method_not_allowed(allowed).response()


def listed(resource: Resource, store: VendorData, scope: Callable[[dict], bool] | None = None) -> Response:
    settings = rules()
    # a page depends only on the query, the size settings and the tenant's data: reuse it
    # while the data is unchanged (any write bumps ``store.version``)
    pages = tenant().runtime(NAME, "pages", VersionedCache)
    key = (request.full_path, settings.default_size, settings.max_size, settings.envelope_size)
    version = store.version
    cached = pages.get(key, version)
    if cached is None:
        query = listing.parse(request.args, resource, settings.default_size, settings.max_size)
        page, total = listing.select(store.collection(resource.collection), query, scope)
        items = [models.render(resource, doc, query.includes, store) for doc in page]
        cached = encode_json(listing.envelope(items, query, total, settings.envelope_size))
        pages.put(key, version, cached)
    return Response(cached, mimetype="application/json")


def one(resource: Resource, doc: dict, store: VendorData, status: int = 200) -> Response:
    includes = listing.parse_includes(request.args.get("include"))
    return json_response(models.render(resource, doc, includes, store), status)


def emit(
    resource: Resource, action: str, stored: dict, store: VendorData, before: dict | None = None
) -> None:
    if resource.event is None:
        return
    names = [f"{resource.event}.{action}"]
    stock_changed = before is not None and any(before.get(f) != stored.get(f) for f in STOCK_FIELDS)
    if resource.path == "articles" and stock_changed:
        names.append("article.stock-changed")
    if not any(n in EVENTS for n in names):
        return
    entity = models.render(resource, dict(stored), {n: {} for n in resource.included_only}, store)
    vendor: RobawsVendor = current_vendor()  # type: ignore[assignment]
    events.emit(vendor, tenant(), store, names, entity)


def patch_entity(resource: Resource, current: dict, store: VendorData) -> dict:
    kind = patching.patch_kind(request.content_type, rules().plain_json_patch)
    entity = models.render(resource, dict(current), {n: {} for n in resource.included_only}, store)
    patched = patching.apply(entity, kind, patching.read_json(request.get_data(cache=True)))
    stored = models.replace(resource, current, models.patched_body(resource, patched), store, now())
    emit(resource, "updated", stored, store, current)
    return stored


# -- generic resources -------------------------------------------------------------------------------
def list_resource(name: str) -> Response:
    resource = top_level(name, "list")
    return listed(resource, read())


def create_resource(name: str) -> Response:
    resource = top_level(name, "create")
    store = data()
    stored = models.create(resource, body(), store, now())
    emit(resource, "created", stored, store)
    return one(resource, stored, store, 201)


def get_resource(name: str, record_id: str) -> Response:
    resource = top_level(name, "get")
    store = read()
    return one(resource, models.fetch(resource, store, record_id), store)


def replace_resource(name: str, record_id: str) -> Response:
    resource = top_level(name, "replace")
    store = data()
    current = models.fetch(resource, store, record_id)
    stored = models.replace(resource, current, body(), store, now())
    emit(resource, "updated", stored, store, current)
    return Response(status=204)


def patch_resource(name: str, record_id: str) -> Response:
    resource = top_level(name, "patch")
    store = data()
    stored = patch_entity(resource, models.fetch(resource, store, record_id), store)
    return one(resource, stored, store)


# -- client contacts and comments --------------------------------------------------------------------
def own_client(store: VendorData, client_id: str) -> str:
    """The id of the client in the path, as stored on its contacts and comments (404 if none)."""
    return str(models.fetch(CLIENTS, store, client_id)["id"])


def client_contact(store: VendorData, client_id: str, contact_id: str) -> dict:
    found = store.collection(CONTACTS.collection).get(contact_id)
    if found is None or found.get("clientId") != client_id:
        raise not_found("Contact", contact_id)
    return found


def list_client_contacts(client_id: str) -> Response:
    allow(CONTACTS, "list")
    store = read()
    own = own_client(store, client_id)
    return listed(CONTACTS, store, lambda d: d.get("clientId") == own)


def create_client_contact(client_id: str) -> Response:
    allow(CONTACTS, "create")
    store = data()
    own = own_client(store, client_id)
    stored = models.create(CONTACTS, body(), store, now(), fixed={"clientId": own})
    return one(CONTACTS, stored, store, 201)


def get_client_contact(client_id: str, contact_id: str) -> Response:
    allow(CONTACTS, "get")
    store = read()
    own = own_client(store, client_id)
    return one(CONTACTS, client_contact(store, own, contact_id), store)


def patch_client_contact(client_id: str, contact_id: str) -> Response:
    allow(CONTACTS, "patch")
    store = data()
    own = own_client(store, client_id)
    stored = patch_entity(CONTACTS, client_contact(store, own, contact_id), store)
    return one(CONTACTS, stored, store)


def create_comment(client_id: str) -> Response:
    allow(CLIENTS, "get")
    store = data()
    own = own_client(store, client_id)
    sent = body()
    content = sent.get("content") if isinstance(sent, dict) else None
    if not isinstance(content, str) or not content.strip() or len(content) > 10000:
        raise bad_request(
            "Validation failed: content: must be a non-empty string of at most 10000 characters"
        )
    stamp = now()
    record = {"clientId": own, "content": content, "createdAt": stamp, "updatedAt": stamp}
    stored = store.collection("comments").insert(record)
    return json_response({**stored, "id": str(stored["id"])}, 201)


# -- purchase invoice approval -----------------------------------------------------------------------
def approval(record_id: str, allowed: tuple[str, ...], new: str) -> Response:
    allow(PURCHASE_INVOICES, "get")
    store = data()
    current = models.fetch(PURCHASE_INVOICES, store, record_id)
    change = models.action(PURCHASE_INVOICES, current, "approvalStatus", allowed, new)
    change["updatedAt"] = now()
    stored = store.collection(PURCHASE_INVOICES.collection).update(current["id"], change)
    assert stored is not None
    return one(PURCHASE_INVOICES, stored, store)


def start_approval(record_id: str) -> Response:
    return approval(record_id, ("NEW", "REJECTED"), "PENDING_APPROVAL")


def approve(record_id: str) -> Response:
    return approval(record_id, ("NEW", "PENDING_APPROVAL", "REJECTED"), "APPROVED")


# -- the application ---------------------------------------------------------------------------------
#: (rule, handler, methods); specific rules first only for reading - Werkzeug ranks them itself
ROUTES: tuple[tuple[str, Callable[..., Response], tuple[str, ...]], ...] = (
    ("/<name>", list_resource, ("GET",)),
    ("/<name>", create_resource, ("POST",)),
    ("/<name>/<record_id>", get_resource, ("GET",)),
    ("/<name>/<record_id>", replace_resource, ("PUT",)),
    ("/<name>/<record_id>", patch_resource, ("PATCH",)),
    ("/clients/<client_id>/contacts", list_client_contacts, ("GET",)),
    ("/clients/<client_id>/contacts", create_client_contact, ("POST",)),
    ("/clients/<client_id>/contacts/<contact_id>", get_client_contact, ("GET",)),
    ("/clients/<client_id>/contacts/<contact_id>", patch_client_contact, ("PATCH",)),
    ("/clients/<client_id>/comments", create_comment, ("POST",)),
    ("/purchase-invoices/<record_id>/start-approval-request", start_approval, ("POST",)),
    ("/purchase-invoices/<record_id>/approve", approve, ("POST",)),
)


def create_app(vendor: RobawsVendor) -> Flask:
    app = vendor_flask_app(vendor)
    app.register_blueprint(oauth.blueprint(vendor))
    app.register_error_handler(MethodNotAllowed, refuse_method)
    for rule, handler, methods in ROUTES + webhook_endpoints.ROUTES:
        app.add_url_rule(API + rule, handler.__name__, handler, methods=list(methods))
    return app
