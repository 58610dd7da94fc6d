"""The Robaws resources as data: path, store collection, module (role permission and OAuth
scope), webhook event prefix, input schema, which writes exist, relations for ``include=`` and
the per-resource list filters. Routes are generic over this table."""

from __future__ import annotations

from dataclasses import dataclass, field

from marshmallow import Schema

from mockserver.vendors.robaws import schemas


@dataclass(frozen=True)
class Relation:
    """``one``: ``key`` on this record holds the target's id. ``many``: targets whose ``key``
    holds this record's id."""

    kind: str
    target: str
    key: str


@dataclass(frozen=True)
class Resource:
    path: str
    collection: str
    module: str
    label: str
    schema: Schema | None = None
    methods: frozenset[str] = frozenset({"list", "get"})
    event: str | None = None
    relations: dict[str, Relation] = field(default_factory=dict)
    #: fields rendered only when named in ``include=`` (work-order lines)
    included_only: tuple[str, ...] = ()
    #: lists of invoice lines whose references ``include=<list>.generalLedgerAccount`` and
    #: ``<list>.vatTariff`` embed (``ledger.LINE_REFERENCES``)
    line_lists: tuple[str, ...] = ()
    #: foreign keys checked on write: body field -> resource path; nested: "list.field"
    refs: dict[str, str] = field(default_factory=dict)
    #: fields a client cannot set (computed or kept by the server)
    read_only: tuple[str, ...] = ("id", "createdAt", "updatedAt")
    #: per-resource query filters: "type", "dates" (fromDate/toDate on ``date``), and references
    #: by name (``articleGroupId``, ``clientId``: equality on the id)
    filters: tuple[str, ...] = ()


WRITE = frozenset({"list", "get", "create", "replace", "patch"})

RESOURCES: dict[str, Resource] = {
    r.path: r
    for r in (
        Resource(
            "clients",
            "clients",
            "clients",
            "Client",
            schemas.ClientSchema(),
            WRITE,
            "client",
            relations={"contacts": Relation("many", "contacts", "clientId")},
        ),
        Resource(
            "contacts",
            "contacts",
            "clients",
            "Contact",
            schemas.ContactSchema(),
            frozenset({"list", "get", "create", "patch"}),
            relations={"client": Relation("one", "clients", "clientId")},
            read_only=("id", "clientId", "createdAt", "updatedAt"),
            filters=("clientId",),
        ),
        Resource(
            "articles",
            "articles",
            "articles",
            "Article",
            schemas.ArticleSchema(),
            WRITE,
            "article",
            relations={"articleGroup": Relation("one", "article-groups", "articleGroupId")},
            refs={"articleGroupId": "article-groups"},
            filters=("articleGroupId",),
        ),
        Resource("article-groups", "articleGroups", "articles", "Article group"),
        Resource(
            "employees",
            "employees",
            "employees",
            "Employee",
            schemas.EmployeeSchema(),
            WRITE,
            "employee",
            relations={"employer": Relation("one", "clients", "employerId")},
            refs={"employerId": "clients"},
        ),
        Resource(
            "projects",
            "projects",
            "projects",
            "Project",
            relations={"client": Relation("one", "clients", "clientId")},
        ),
        Resource(
            "offers",
            "offers",
            "offers",
            "Offer",
            schemas.OfferSchema(),
            frozenset({"list", "get", "create", "patch"}),
            "offer",
            relations={
                "client": Relation("one", "clients", "clientId"),
                "project": Relation("one", "projects", "projectId"),
            },
            refs={"clientId": "clients", "projectId": "projects", "lineItems.articleId": "articles"},
            read_only=("id", "createdAt", "updatedAt", "number", "totalExclVat"),
        ),
        Resource(
            "work-orders",
            "workOrders",
            "work-orders",
            "Work order",
            schemas.WorkOrderSchema(),
            frozenset({"list", "get", "create"}),
            "work-order",
            relations={"project": Relation("one", "projects", "projectId")},
            included_only=("lineItems", "timeEntries", "commuteEntries"),
            refs={
                "projectId": "projects",
                "commuteEntries.employeeId": "employees",
                "timeEntries.employeeId": "employees",
                "timeEntries.articleId": "articles",
                "lineItems.articleId": "articles",
            },
        ),
        Resource(
            "planning-items",
            "planningItems",
            "planning-items",
            "Planning item",
            schemas.PlanningItemSchema(),
            frozenset({"list", "get", "patch"}),
            "planning-item",
            relations={"project": Relation("one", "projects", "projectId")},
            refs={"projectId": "projects"},
        ),
        Resource(
            "sales-invoices",
            "salesInvoices",
            "sales-invoices",
            "Sales invoice",
            relations={
                "client": Relation("one", "clients", "clientId"),
                "project": Relation("one", "projects", "projectId"),
            },
            line_lists=("lineItems", "adjustedLineItems"),
            filters=("type", "dates"),
        ),
        Resource(
            "purchase-invoices",
            "purchaseInvoices",
            "purchase-invoices",
            "Purchase invoice",
            relations={"supplier": Relation("one", "clients", "supplierId")},
            line_lists=("lineItems", "adjustedLineItems"),
            filters=("type", "dates"),
        ),
    )
}

#: the OAuth scopes Robaws documents - the only ones that exist [doc][obs]
DOCUMENTED_SCOPES = (
    "settings",
    "clients",
    "work-orders",
    "planning-items",
    "employees",
    "materials",
    "installations",
    "profile",
    "projects",
    "articles",
    "posts",
    "sales-orders",
    "stock-changes",
    "offers",
    "users",
)
#: the module of the webhook-endpoint routes (its OAuth scope is inferred: setting ``oauth.inferred_scopes``)
WEBHOOKS_MODULE = "webhook-endpoints"

EVENTS = frozenset(
    f"{prefix}.{action}"
    for prefix in (
        "client",
        "sales-invoice",
        "offer",
        "project",
        "article",
        "employee",
        "planning-item",
        "work-order",
        "material",
        "installation",
        "document",
        "sales-order",
    )
    for action in ("created", "updated")
) | {"article.stock-changed"}
