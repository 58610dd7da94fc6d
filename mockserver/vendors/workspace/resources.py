"""The resources the API serves, described once: model name, plural, URL segment, store
collection, the right that guards them, what a client may write and what it must give.

Routes, body parsing and rendering all read these, so the four resources behave alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema

from mockserver.vendors.workspace import schemas


@dataclass(frozen=True)
class Resource:
    model: str  # "Quotation": the row key and the nested form key (data[Quotation][...])
    plural: str  # "Quotations": the collection key and the 404 wording of the collection
    segment: str  # "quotations": /quotations.json
    collection: str  # store collection name
    right: str  # "Quotations": rights "Quotations.read" / "Quotations.write"
    schema: type[Schema]
    required: tuple[str, ...] = ()
    #: fields a client may send only when creating
    create_only: tuple[str, ...] = ()
    #: stored fields a client may send but that are never written (a CakePHP field whitelist)
    read_only: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    #: containments at depth >= 1, in answer order
    contains: tuple[str, ...] = ()

    @property
    def read_right(self) -> str:
        return f"{self.right}.read"

    @property
    def write_right(self) -> str:
        return f"{self.right}.write"


_COMMON_READ_ONLY = ("id", "created", "modified")

QUOTATION = Resource(
    "Quotation",
    "Quotations",
    "quotations",
    "quotations",
    "Quotations",
    schemas.QuotationInput,
    required=("contact_id",),
    create_only=("layout",),
    read_only=(
        *_COMMON_READ_ONLY,
        "code",
        "hash",
        "autosend_status",
        "total_price",
        "total_price_vat",
        "total_price_discount",
    ),
    defaults={"status": 1, "discount": "0", "date_sent": None, "date_accepted": None},
    contains=("Contact", "QuotationLine"),
)

QUOTATION_LINE = Resource(
    "QuotationLine",
    "QuotationLines",
    "quotation_lines",
    "quotation_lines",
    "Quotations",
    schemas.QuotationLineInput,
    required=("quotation_id", "description", "amount", "price"),
    create_only=("quotation_id",),
    read_only=(*_COMMON_READ_ONLY, "total_price"),
    defaults={"vat": "21"},
)

CONTACT = Resource(
    "Contact",
    "Contacts",
    "contacts",
    "contacts",
    "Contacts",
    schemas.ContactInput,
    required=(
        "client_reference",
        "name",
        "location_address",
        "location_city",
        "invoice_address",
        "invoice_postal",
        "invoice_city",
        "phone",
        "email",
        "payment_term",
    ),
    read_only=(*_COMMON_READ_ONLY, "trashed"),
    defaults={"group": "Algemeen", "type": 1, "location_country": "NL", "invoice_country": "NL"},
    contains=("SubContact",),
)

PROJECT = Resource(
    "Project",
    "Projects",
    "projects",
    "projects",
    "Projects",
    schemas.ProjectInput,
    required=("name",),
    read_only=(*_COMMON_READ_ONLY, "client_count", "display_code"),
    defaults={"status": 1},
    contains=("Contact",),
)

#: the send_email action's body: the prefilled template, every field required [doc]
TEMPLATE = Resource(
    "Template",
    "Templates",
    "quotations",
    "outbox",
    "Quotations",
    schemas.SendEmailInput,
    required=("email_to", "sender_name", "subject", "mail_layout", "sender_email"),
)
