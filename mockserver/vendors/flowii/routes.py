"""FLOWii's URL rules, in the real API's paths (straight off the root), and the JSON:API envelopes.

Every business call: ``Api-Key`` + Bearer token (``auth``), then the ``companyId`` scope, then the
generic list / get / create over the resource specs, with FLOWii's few special cases (partner
search, order paging by creation time, contacts and documents of one record).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from flask import Flask, Response, request

from mockserver.core.bodies import BodyError, parse_json
from mockserver.core.http import json_response, server, settings, tenant, vendor_flask_app
from mockserver.vendors.flowii import auth
from mockserver.vendors.flowii.errors import JSONAPI, ApiError
from mockserver.vendors.flowii.jsonapi import data_member, resource_object
from mockserver.vendors.flowii.models import Company, local_time
from mockserver.vendors.flowii.resources import INFERRED_MODULES, REFERENCE_LISTS, RESOURCES, Resource

if TYPE_CHECKING:
    from mockserver.vendors.flowii import FlowiiVendor

VENDOR = "flowii"
JSON_TYPES = ("application/json", "application/vnd.api+json")
MAX_PAGE_NUMBER = 10**9


def document(body: dict[str, Any], status: int = 200) -> Response:
    return json_response(body, status, mimetype=JSONAPI)


# -- request helpers ---------------------------------------------------------------------------------
def company_scope(vendor: FlowiiVendor) -> Company:
    """The company named by ``companyId``, if the API user may access it."""
    auth.authenticate(vendor.tokens)
    raw = request.args.get("companyId", "")
    if not raw:
        raise ApiError(400, "The companyId query parameter is required", parameter="companyId")
    if not (raw.isascii() and raw.isdigit() and len(raw) < 19):
        raise ApiError(400, "companyId must be a numeric company id", parameter="companyId")
    data = tenant().data(VENDOR)
    company = data.collection("companies").get(raw)
    if company is None or company.get("user_id") is None:
        raise ApiError(403, f"The API user has no access to company {raw}", parameter="companyId")
    knobs = settings()
    return Company(data, company, server().clock.time(), knobs["timezone"])


def request_document() -> dict[str, Any]:
    """The ``data`` member of a JSON or JSON:API request body."""
    media = (request.mimetype or "").lower()
    if media and media not in JSON_TYPES:
        raise ApiError(415, f"Content-Type {media!r} is not supported; send application/vnd.api+json")
    try:
        body = parse_json(request.get_data())
    except BodyError as exc:
        raise ApiError(400, exc.message) from exc
    return data_member(body)


def includes(resource: Resource) -> tuple[str, ...]:
    raw = request.args.get("include")
    if raw is None:
        return resource.default_include
    names = tuple(n.strip() for n in raw.split(",") if n.strip())
    for name in names:
        if resource.relation(name) is None:
            raise ApiError(400, f"{resource.type} cannot include {name[:64]!r}", parameter="include")
    return names


def included(company: Company, resource: Resource, records: list[dict], names: tuple[str, ...]) -> list[dict]:
    seen: set[tuple[str, int]] = set()
    out: list[dict] = []
    for name in names:
        relation = resource.relation(name)
        assert relation is not None
        target = RESOURCES[relation.target]
        for record in records:
            for related in company.related(record, relation):
                key = (target.type, related["id"])
                if key not in seen:
                    seen.add(key)
                    out.append(resource_object(target, related))
    return out


def single(company: Company, resource: Resource, record: dict, status: int = 200) -> Response:
    body: dict[str, Any] = {"data": resource_object(resource, record)}
    names = includes(resource)
    if names:
        body["included"] = included(company, resource, [record], names)
    return document(body, status)


def _int_param(name: str, default: int, minimum: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) < 12) or not minimum <= int(raw) <= maximum:
        raise ApiError(400, f"{name} must be an integer from {minimum} to {maximum}", parameter=name)
    return int(raw)


def paged(resource: Resource, records: list[dict]) -> Response:
    """``page[size]`` / ``page[number]`` (0 and 1 both the first page), ``links.next`` while more."""
    knobs = settings()
    size = _int_param("page[size]", knobs["page_size_default"], 1, knobs["page_size_max"])
    number = max(1, _int_param("page[number]", 1, 0, MAX_PAGE_NUMBER))
    start = (number - 1) * size
    page = records[start : start + size]
    links: dict[str, Any] = {"self": _page_link(size, number), "next": None}
    if start + size < len(records):
        links["next"] = _page_link(size, number + 1)
    return document({"data": [resource_object(resource, r) for r in page], "links": links})


def _page_link(size: int, number: int) -> str:
    query = [(k, v) for k, v in request.args.items(multi=True) if k not in ("page[size]", "page[number]")]
    query += [("page[size]", str(size)), ("page[number]", str(number))]
    return f"{request.base_url}?{urlencode(query)}"


# -- list filters ------------------------------------------------------------------------------------
def search_partners(company: Company, records: list[dict]) -> list[dict]:
    """``filter[search-text]``: case-insensitive substring of name, e-mail or ico."""
    text = request.args.get("filter[search-text]", "").strip().casefold()
    if not text:
        return records
    fields = ("name", "email", "ico")
    return [r for r in records if any(text in str(r.get(f) or "").casefold() for f in fields)]


def created_from(company: Company, records: list[dict]) -> list[dict]:
    """``filter[created-from]``: unix seconds, compared with the local creation time."""
    raw = request.args.get("filter[created-from]")
    if raw is None or raw == "":
        return records
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 11):
        raise ApiError(400, "filter[created-from] must be unix seconds", parameter="filter[created-from]")
    since = local_time(int(raw), company.timezone)
    return [r for r in records if (r.get("created") or "") >= since]


# -- the application ---------------------------------------------------------------------------------
def create_app(vendor: FlowiiVendor) -> Flask:
    app = vendor_flask_app(vendor)

    @app.post("/token")
    def token() -> Response:
        body = auth.issue_token(vendor.tokens)
        return json_response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    @app.get("/companies")
    def companies() -> Response:
        auth.authenticate(vendor.tokens)
        resource = RESOURCES["companies"]
        rows = tenant().data(VENDOR).collection("companies").all()
        visible = [r for r in rows if r.get("user_id") is not None]
        return document({"data": [resource_object(resource, r) for r in visible]})

    @app.get("/users/self")
    def users_self() -> Response:
        company = company_scope(vendor)
        resource = RESOURCES["users"]
        return document({"data": resource_object(resource, company.require(resource, company.user_id))})

    for path, key in REFERENCE_LISTS.items():
        _reference_list(app, vendor, path, RESOURCES[key])
    _collection(app, vendor, "/partners", RESOURCES["partners"], search_partners)
    _collection(app, vendor, "/orders", RESOURCES["orders"], created_from)
    _collection(app, vendor, "/tasks", RESOURCES["tasks"])
    for path, key in INFERRED_MODULES.items():
        _collection(app, vendor, path, RESOURCES[key])
    _sub_list(app, vendor, "/partners/<record_id>/contacts", RESOURCES["partners"], "contacts")
    _sub_list(app, vendor, "/orders/<record_id>/documents", RESOURCES["orders"], "documents")
    return app


def _reference_list(app: Flask, vendor: FlowiiVendor, path: str, resource: Resource) -> None:
    def handler() -> Response:
        company = company_scope(vendor)
        return document({"data": [resource_object(resource, r) for r in company.all(resource)]})

    app.add_url_rule(path, f"list_{resource.key}", handler, methods=["GET"])


Filter = Callable[[Company, list[dict]], list[dict]]


def _collection(
    app: Flask, vendor: FlowiiVendor, path: str, resource: Resource, list_filter: Filter | None = None
) -> None:
    def list_records() -> Response:
        company = company_scope(vendor)
        records = company.all(resource)
        if list_filter is not None:
            records = list_filter(company, records)
        return paged(resource, records)

    def create_record() -> Response:
        company = company_scope(vendor)
        record = company.create(resource, request_document())
        return single(company, resource, record, settings()["create_status"])

    def get_record(record_id: str) -> Response:
        company = company_scope(vendor)
        return single(company, resource, company.require(resource, record_id))

    app.add_url_rule(path, f"list_{resource.key}", list_records, methods=["GET"])
    app.add_url_rule(path, f"create_{resource.key}", create_record, methods=["POST"])
    app.add_url_rule(f"{path}/<record_id>", f"get_{resource.key}", get_record, methods=["GET"])


def _sub_list(app: Flask, vendor: FlowiiVendor, path: str, owner: Resource, relation_name: str) -> None:
    relation = owner.relation(relation_name)
    assert relation is not None
    target = RESOURCES[relation.target]

    def handler(record_id: str) -> Response:
        company = company_scope(vendor)
        record = company.require(owner, record_id)
        rows = company.related(record, relation)
        return document({"data": [resource_object(target, r) for r in rows]})

    app.add_url_rule(path, f"{owner.key}_{relation_name}", handler, methods=["GET"])
