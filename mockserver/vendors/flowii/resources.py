"""The FLOWii resource types as data: store collection, JSON:API type, attribute schema and
relationships. Rendering, parsing and creating are generic over these specs, so an inferred module's
path, type or relationship is renamed by changing one line here (attributes: in ``schemas.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema

from mockserver.vendors.flowii import schemas as s


@dataclass(frozen=True)
class Relation:
    """A JSON:API relationship as stored in a record's ``rel`` mapping under the same name."""

    name: str
    #: key of the related resource in ``RESOURCES``
    target: str
    many: bool = False
    required: bool = False
    #: clients may send a *new* related record inline (``attributes``, no ``id``) [obs]
    inline: bool = False
    #: False: rendered, but never set from a request body
    writable: bool = True
    #: the inline child's relation that is pointed back at the new parent
    back_ref: str | None = None
    #: the parent's to-many relation that also lists the inline child
    collect_into: str | None = None
    #: the related records belong to the parent: deleted with it, and deleted when an update
    #: drops them from this relationship (JSON:API lets a server garbage-collect them) [inf]
    owned: bool = False


@dataclass(frozen=True)
class Resource:
    key: str
    type: str
    schema: type[Schema]
    relations: tuple[Relation, ...] = ()
    #: False for lists shared by every company (countries)
    scoped: bool = True
    #: relationships put in ``included`` of a single-resource answer when ``include`` is not given
    default_include: tuple[str, ...] = ()
    #: prefix of the server-assigned ``serial-nr`` (None: the type has none)
    serial_prefix: str | None = None
    #: to-one relation to ``users`` that defaults to the API user when a create leaves it out
    author_relation: str | None = None

    def relation(self, name: str) -> Relation | None:
        return next((r for r in self.relations if r.name == name), None)


def _index(*resources: Resource) -> dict[str, Resource]:
    return {r.key: r for r in resources}


RESOURCES: dict[str, Resource] = _index(
    Resource("companies", "company", s.CompanySchema, scoped=False),
    Resource("users", "user", s.UserSchema),
    Resource("ordertypes", "order-type", s.NamedSchema, (Relation("parent", "ordertypes", writable=False),)),
    Resource("orderstates", "order-state", s.NamedSchema),
    Resource("countries", "country", s.CountrySchema, scoped=False),
    Resource("activitytypes", "activity-type", s.NamedSchema),
    Resource("companydata", "company-data", s.CompanyDataSchema),
    Resource("customfields", "custom-field", s.CustomFieldSchema),
    Resource("addresses", "address", s.AddressSchema, (Relation("country", "countries"),)),
    Resource("contacts", "contact", s.ContactSchema, (Relation("partner", "partners", writable=False),)),
    Resource(
        "partners",
        "partner",
        s.PartnerSchema,
        (
            Relation("billing-address", "addresses", inline=True, owned=True),
            Relation("responsible-user", "users"),
            Relation("key-contact", "contacts", inline=True, back_ref="partner", collect_into="contacts"),
            Relation("contacts", "contacts", many=True, writable=False, owned=True),
        ),
        default_include=("billing-address", "contacts"),
    ),
    Resource(
        "customfieldvalues",
        "custom-field-string-value",
        s.CustomFieldValueSchema,
        (Relation("custom-field", "customfields", required=True),),
    ),
    Resource(
        "orders",
        "order",
        s.OrderSchema,
        (
            Relation("type", "ordertypes", required=True),
            Relation("state", "orderstates", required=True),
            Relation("partner", "partners", required=True),
            Relation("user", "users"),
            Relation("responsible-users", "users", many=True),
            Relation("company-data", "companydata"),
            Relation("custom-field-string-values", "customfieldvalues", many=True, inline=True, owned=True),
            Relation("documents", "documents", many=True, writable=False),
        ),
        default_include=("custom-field-string-values",),
        serial_prefix="ZAK",
        author_relation="user",
    ),
    Resource("documents", "document", s.DocumentSchema, (Relation("order", "orders", writable=False),)),
    Resource(
        "activities",
        "activity",
        s.ActivitySchema,
        (
            Relation("activity-type", "activitytypes", required=True),
            Relation("user", "users"),
            Relation("task", "tasks", writable=False),
        ),
    ),
    Resource(
        "tasks",
        "task",
        s.TaskSchema,
        (
            Relation("activities", "activities", many=True, inline=True, back_ref="task", owned=True),
            Relation("order", "orders"),
            Relation("partner", "partners"),
        ),
        default_include=("activities",),
    ),
    # -- named by the vendor, shapes inferred --------------------------------------------------------
    Resource(
        "businesscases",
        "business-case",
        s.BusinessCaseSchema,
        (Relation("partner", "partners", required=True), Relation("responsible-user", "users")),
    ),
    Resource("products", "product", s.ProductSchema),
    Resource(
        "invoices",
        "invoice",
        s.InvoiceSchema,
        (Relation("partner", "partners", required=True), Relation("order", "orders")),
        serial_prefix="FA",
    ),
    Resource("payments", "payment", s.PaymentSchema, (Relation("invoice", "invoices", required=True),)),
    Resource("attendance", "attendance", s.AttendanceSchema, (Relation("user", "users", required=True),)),
)

#: unpaged reference lists: path -> resource key
REFERENCE_LISTS: dict[str, str] = {
    "/users": "users",
    "/ordertypes": "ordertypes",
    "/orderstates": "orderstates",
    "/countries": "countries",
    "/activitytypes": "activitytypes",
    "/companydata": "companydata",
    "/orders/customfields": "customfields",
}

#: modules with list / get / create and nothing special: path -> resource key [inf]
INFERRED_MODULES: dict[str, str] = {
    "/businesscases": "businesscases",
    "/products": "products",
    "/invoices": "invoices",
    "/payments": "payments",
    "/attendance": "attendance",
}

#: resources a client may also PATCH and DELETE at ``<path>/{id}`` [inf]: path -> resource key
CHANGEABLE: dict[str, str] = {"/partners": "partners", "/orders": "orders", "/tasks": "tasks"}
