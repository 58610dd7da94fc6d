"""FLOWii's URL rules, in the real API's paths (straight off the root), and the JSON:API envelopes.

Every business call: ``Api-Key`` + Bearer token (``auth``), then the ``companyId`` scope, then the
generic list / get / create over the resource specs, with FLOWii's few special cases (partner
search, order paging by creation time, contacts and documents of one record).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from flask import Flask, Response

from mockserver.core.bodies import BodyError, parse_json
from mockserver.core.http import (
    json_response,
    replayable,
    request,
    server,
    settings,
    tenant,
    vendor_flask_app,
)
from mockserver.vendors.flowii import NAME, auth, query
from mockserver.vendors.flowii.errors import JSONAPI, ApiError
from mockserver.vendors.flowii.jsonapi import data_member, resource_object
from mockserver.vendors.flowii.models import Company, local_time
from mockserver.vendors.flowii.query import IncludePath
from mockserver.vendors.flowii.resources import (
    CHANGEABLE,
    INFERRED_MODULES,
    REFERENCE_LISTS,
    RESOURCES,
    Resource,
)

if TYPE_CHECKING:
    from mockserver.vendors.flowii import FlowiiVendor

JSON_TYPES = ("application/json", "application/vnd.api+json")
MAX_PAGE_NUMBER = 10**9


def document(body: dict[str, Any], status: int = 200) -> Response:
    return json_response(body, status, mimetype=JSONAPI)


# -- request helpers ---------------------------------------------------------------------------------
def company_scope(vendor: FlowiiVendor, read: bool = False) -> Company:
    """The company named by ``companyId``, if the API user may access it. A ``read`` is declared
    replayable (``core.replay``) while the caller's token lives, unless a rate limit counts it."""
    grant = auth.bearer_grant(vendor.tokens)
    caller = tenant()
    if read and not auth.rate_limited(caller):
        replayable(caller.data(NAME), auth.live(vendor.tokens, grant.token))
    raw = request.args.get("companyId", "")
    if not raw:
        raise ApiError(400, "The companyId query parameter is required", parameter="companyId")
    if not (raw.isascii() and raw.isdigit() and len(raw) < 19):
        raise ApiError(400, "companyId must be a numeric company id", parameter="companyId")
    data = tenant().data(NAME)
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


# -- answers -------------------------------------------------------------------------------------------
def included(
    company: Company, resource: Resource, records: list[dict], paths: list[IncludePath]
) -> list[dict]:
    """Every resource on each include path (intermediate ones too, as JSON:API's full linkage
    requires), each once, never one of the primary ``records``."""
    seen = {(resource.type, r["id"]) for r in records}
    out: list[dict] = []
    for path in paths:
        frontier = records
        for relation in path:
            target = RESOURCES[relation.target]
            # each record once per step, so a path's cost is bounded by the records it reaches
            reached = {r["id"]: r for record in frontier for r in company.related(record, relation)}
            for related in reached.values():
                key = (target.type, related["id"])
                if key not in seen:
                    seen.add(key)
                    out.append(resource_object(target, related))
            frontier = list(reached.values())
    return out


def compound(company: Company, resource: Resource, data: Any, records: list[dict]) -> dict[str, Any]:
    """``{"data": ...}`` with ``included`` when the request (or, for one resource, the type's
    default) asks for it."""
    body: dict[str, Any] = {"data": data}
    paths = query.include_paths(resource, defaults=not isinstance(data, list))
    if paths:
        body["included"] = included(company, resource, records, paths)
    return body


def check_single_query(resource: Resource) -> None:
    """Refuse what a one-resource answer cannot apply; a write calls it before writing, so a
    refused request leaves nothing behind."""
    query.refuse_unsupported(collection=False)
    query.refuse_sort()
    query.include_paths(resource)


def single(company: Company, resource: Resource, record: dict, status: int = 200) -> Response:
    check_single_query(resource)
    return document(compound(company, resource, resource_object(resource, record), [record]), status)


def listing(company: Company, resource: Resource, records: list[dict]) -> Response:
    """An unpaged list: sorted and with ``included`` as asked."""
    query.refuse_unsupported()
    records = query.sort_records(resource, records)
    data = [resource_object(resource, r) for r in records]
    return document(compound(company, resource, data, records))


def _int_param(name: str, default: int, minimum: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) < 12) or not minimum <= int(raw) <= maximum:
        raise ApiError(400, f"{name} must be an integer from {minimum} to {maximum}", parameter=name)
    return int(raw)


def paged(
    company: Company, resource: Resource, records: list[dict], filters: tuple[str, ...] = ()
) -> Response:
    """``page[size]`` / ``page[number]`` over the sorted records, ``links.next`` while more.

    The paging base is a tenant setting: ``first`` (0 and 1 are both the first page [inf]) or
    ``zero`` (page 0 first, page 1 second), so a client can be checked against either reading."""
    query.refuse_unsupported(filters)
    knobs = settings()
    size = _int_param("page[size]", knobs["page_size_default"], 1, knobs["page_size_max"])
    zero_based = str(knobs["page_base"]).lower() == "zero"
    number = _int_param("page[number]", 0 if zero_based else 1, 0, MAX_PAGE_NUMBER)
    if not zero_based:
        number = max(1, number)
    index = number if zero_based else number - 1
    records = query.sort_records(resource, records)
    start = index * size
    page = records[start : start + size]
    links: dict[str, Any] = {"self": _page_link(size, number), "next": None}
    if start + size < len(records):
        links["next"] = _page_link(size, (index + 1) if zero_based else index + 2)
    body = compound(company, resource, [resource_object(resource, r) for r in page], page)
    body["links"] = links
    return document(body)


def _page_link(size: int, number: int) -> str:
    query_args = [(k, v) for k, v in request.args.items(multi=True) if k not in query.PAGE_MEMBERS]
    query_args += [("page[size]", str(size)), ("page[number]", str(number))]
    return f"{request.base_url}?{urlencode(query_args)}"


# -- list filters ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ListFilter:
    """A ``filter[...]`` member a list understands and how it narrows the records."""

    parameter: str
    apply: Callable[[Company, list[dict], str], list[dict]]

    def __call__(self, company: Company, records: list[dict]) -> list[dict]:
        raw = request.args.get(self.parameter)
        return records if raw is None or raw.strip() == "" else self.apply(company, records, raw)


def _search_partners(company: Company, records: list[dict], raw: str) -> list[dict]:
    """Case-insensitive substring of the partner's name, e-mail or ico, or of its key contact's
    e-mail or name ("first last") [obs]."""
    text = raw.strip().casefold()
    key_contact = RESOURCES["partners"].relation("key-contact")
    assert key_contact is not None

    def haystack(partner: dict) -> Iterator[str]:
        yield from (str(partner.get(f) or "") for f in ("name", "email", "ico"))
        for contact in company.related(partner, key_contact):
            yield str(contact.get("email") or "")
            yield " ".join(str(contact.get(f) or "") for f in ("first_name", "last_name"))

    return [r for r in records if any(text in value.casefold() for value in haystack(r))]


def _created_from(company: Company, records: list[dict], raw: str) -> list[dict]:
    """Unix seconds, compared with the local creation time."""
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 11):
        raise ApiError(400, "filter[created-from] must be unix seconds", parameter="filter[created-from]")
    since = local_time(int(raw), company.timezone)
    return [r for r in records if (r.get("created") or "") >= since]


SEARCH_TEXT = ListFilter("filter[search-text]", _search_partners)
CREATED_FROM = ListFilter("filter[created-from]", _created_from)


# -- the application ---------------------------------------------------------------------------------
def create_app(vendor: FlowiiVendor) -> Flask:
    app = vendor_flask_app(vendor)

    @app.post("/token")
    def token() -> Response:
        body = auth.issue_token(vendor.tokens)
        return json_response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    @app.get("/companies")
    def companies() -> Response:
        """Not scoped by ``companyId``: sortable, and ``include`` has nothing to name."""
        auth.bearer_grant(vendor.tokens)
        resource = RESOURCES["companies"]
        query.refuse_unsupported()
        query.include_paths(resource)
        rows = tenant().data(NAME).collection("companies").all()
        visible = query.sort_records(resource, [r for r in rows if r.get("user_id") is not None])
        return document({"data": [resource_object(resource, r) for r in visible]})

    @app.get("/users/self")
    def users_self() -> Response:
        company = company_scope(vendor)
        resource = RESOURCES["users"]
        return single(company, resource, company.require(resource, company.user_id))

    for path, key in REFERENCE_LISTS.items():
        _reference_list(app, vendor, path, RESOURCES[key])
    _collection(app, vendor, "/partners", RESOURCES["partners"], SEARCH_TEXT)
    _collection(app, vendor, "/orders", RESOURCES["orders"], CREATED_FROM)
    _collection(app, vendor, "/tasks", RESOURCES["tasks"])
    for path, key in INFERRED_MODULES.items():
        _collection(app, vendor, path, RESOURCES[key])
    for path, key in CHANGEABLE.items():
        _changes(app, vendor, path, RESOURCES[key])
    _sub_list(app, vendor, "/partners/<record_id>/contacts", RESOURCES["partners"], "contacts")
    _sub_list(app, vendor, "/orders/<record_id>/documents", RESOURCES["orders"], "documents")
    return app


def _reference_list(app: Flask, vendor: FlowiiVendor, path: str, resource: Resource) -> None:
    def handler() -> Response:
        company = company_scope(vendor)
        return listing(company, resource, company.all(resource))

    app.add_url_rule(path, f"list_{resource.key}", handler, methods=["GET"])


def _collection(
    app: Flask, vendor: FlowiiVendor, path: str, resource: Resource, list_filter: ListFilter | None = None
) -> None:
    def list_records() -> Response:
        company = company_scope(vendor, read=True)
        records = company.all(resource)
        if list_filter is None:
            return paged(company, resource, records)
        return paged(company, resource, list_filter(company, records), (list_filter.parameter,))

    def create_record() -> Response:
        company = company_scope(vendor)
        check_single_query(resource)
        record = company.create(resource, request_document())
        return single(company, resource, record, settings()["create_status"])

    def get_record(record_id: str) -> Response:
        company = company_scope(vendor, read=True)
        return single(company, resource, company.require(resource, record_id))

    app.add_url_rule(path, f"list_{resource.key}", list_records, methods=["GET"])
    app.add_url_rule(path, f"create_{resource.key}", create_record, methods=["POST"])
    app.add_url_rule(f"{path}/<record_id>", f"get_{resource.key}", get_record, methods=["GET"])


def _changes(app: Flask, vendor: FlowiiVendor, path: str, resource: Resource) -> None:
    """JSON:API PATCH (partial update, 200 with the resource) and DELETE (204, no body) [inf]."""

    def update_record(record_id: str) -> Response:
        company = company_scope(vendor)
        record = company.require(resource, record_id)
        check_single_query(resource)
        return single(company, resource, company.update(resource, record, request_document()))

    def delete_record(record_id: str) -> Response:
        company = company_scope(vendor)
        check_single_query(resource)
        company.delete(resource, company.require(resource, record_id))
        return Response(status=204)

    app.add_url_rule(f"{path}/<record_id>", f"update_{resource.key}", update_record, methods=["PATCH"])
    app.add_url_rule(f"{path}/<record_id>", f"delete_{resource.key}", delete_record, methods=["DELETE"])


def _sub_list(app: Flask, vendor: FlowiiVendor, path: str, owner: Resource, relation_name: str) -> None:
    relation = owner.relation(relation_name)
    assert relation is not None
    target = RESOURCES[relation.target]

    def handler(record_id: str) -> Response:
        company = company_scope(vendor)
        record = company.require(owner, record_id)
        return listing(company, target, company.related(record, relation))

    app.add_url_rule(path, f"{owner.key}_{relation_name}", handler, methods=["GET"])
