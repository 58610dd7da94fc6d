"""FLOWii attribute names and validation, one marshmallow schema per resource type.

Stored records use snake_case; the ``data_key`` of each field is the kebab-case name FLOWii
puts in ``attributes`` (renaming an attribute is a one-line change here). Unknown attributes are
ignored, as are read-only ones a client echoes back (``serial-nr``): they are ``dump_only``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

LOCAL_FORMAT = "%Y-%m-%dT%H:%M:%S"
DATE_FORMAT = "%Y-%m-%d"
TEXT = validate.Length(max=4000)
NAME = validate.Length(min=1, max=255)

#: partner ``type``
PARTNER_COMPANY, PARTNER_PERSON = 1, 2
#: activity ``state`` [inf except 4 = waiting, which is observed]
ACTIVITY_STATES = {1: "new", 2: "in progress", 3: "done", 4: "waiting", 5: "cancelled"}
#: order document ``type`` (4 = invoice, observed) and ``invoice-state`` (6 = paid, observed)
DOCUMENT_INVOICE = 4
INVOICE_ISSUED, INVOICE_PAID = 2, 6


class LocalDateTime(fields.Field):
    """FLOWii's local time without offset, ``YYYY-MM-DDTHH:mm:ss``; a bare date means midnight.
    Kept as the normalised string, which sorts chronologically."""

    default_error_messages = {"invalid": "Not a valid local date-time (YYYY-MM-DDTHH:mm:ss)."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, str) and len(value) <= 32:
            for pattern in (LOCAL_FORMAT, DATE_FORMAT):
                try:
                    return datetime.strptime(value, pattern).strftime(LOCAL_FORMAT)
                except ValueError:
                    continue
        raise self.make_error("invalid")

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


def _text(**kwargs: Any) -> fields.String:
    return fields.String(allow_none=True, validate=TEXT, **kwargs)


def _amount(**kwargs: Any) -> fields.Float:
    return fields.Float(allow_nan=False, validate=validate.Range(min=-1e12, max=1e12), **kwargs)


class FlowiiSchema(Schema):
    class Meta:
        unknown = EXCLUDE
        ordered = True


# -- account and reference lists -------------------------------------------------------------------
class CompanySchema(FlowiiSchema):
    name = fields.String()
    user_id = fields.Integer(data_key="user-id")


class UserSchema(FlowiiSchema):
    name = fields.String()
    first_name = fields.String(data_key="first-name")
    last_name = fields.String(data_key="last-name")
    email = fields.String()


class NamedSchema(FlowiiSchema):
    """Reference lists that are just a name (order states, activity types)."""

    name = fields.String()


class CountrySchema(FlowiiSchema):
    name = fields.String()
    code = fields.String()


class CompanyDataSchema(FlowiiSchema):
    name = fields.String()
    ico = fields.String()
    dic = fields.String()
    ic_dph = fields.String(data_key="ic-dph")
    street = fields.String()
    city = fields.String()
    zip = fields.String()


class CustomFieldSchema(FlowiiSchema):
    name = fields.String()
    value_type = fields.Integer(data_key="value-type")


# -- partners --------------------------------------------------------------------------------------
class PartnerSchema(FlowiiSchema):
    name = fields.String(required=True, validate=NAME)
    type = fields.Integer(strict=True, load_default=PARTNER_COMPANY, validate=validate.OneOf([1, 2]))
    comment = _text()
    ico = _text()
    dic = _text()
    ic_dph = _text(data_key="ic-dph")
    email = _text()
    phone = _text()


class AddressSchema(FlowiiSchema):
    street = _text()
    city = _text()
    zip = _text()


class ContactSchema(FlowiiSchema):
    first_name = _text(data_key="first-name")
    last_name = fields.String(required=True, validate=NAME, data_key="last-name")
    email = _text()
    phone = _text()


# -- orders ----------------------------------------------------------------------------------------
class OrderSchema(FlowiiSchema):
    name = fields.String(required=True, validate=NAME)
    created = LocalDateTime(allow_none=True)
    accepted = LocalDateTime(allow_none=True)
    deadline = LocalDateTime(allow_none=True)
    description = _text()
    serial_nr = fields.String(dump_only=True, data_key="serial-nr")


class CustomFieldValueSchema(FlowiiSchema):
    value = fields.String(required=True, allow_none=True, validate=TEXT)


class DocumentSchema(FlowiiSchema):
    """Order documents are read-only here: they come from fixtures (and the invoicing module)."""

    serial_nr = fields.String(data_key="serial-nr")
    type = fields.Integer()
    issued_date = fields.String(data_key="issued-date")
    delivery_date = fields.String(data_key="delivery-date")
    due_date = fields.String(data_key="due-date")
    paid_date = fields.String(data_key="paid-date")
    gross_amount = fields.Float(data_key="gross-amount")
    taxed_gross_amount = fields.Float(data_key="taxed-gross-amount")
    unpaid = fields.Float()
    invoice_state = fields.Integer(data_key="invoice-state")


# -- tasks -----------------------------------------------------------------------------------------
class TaskSchema(FlowiiSchema):
    caption = fields.String(required=True, validate=NAME)
    description = _text()
    deadline = LocalDateTime(allow_none=True)


class ActivitySchema(FlowiiSchema):
    state = fields.Integer(strict=True, load_default=1, validate=validate.OneOf(list(ACTIVITY_STATES)))
    deadline = LocalDateTime(allow_none=True)
    description = _text()


# -- modules the vendor names but the public record does not show [inf] ----------------------------
class BusinessCaseSchema(FlowiiSchema):
    name = fields.String(required=True, validate=NAME)
    description = _text()
    state = fields.Integer(strict=True, load_default=1, validate=validate.Range(min=1, max=9))
    created = LocalDateTime(dump_only=True)
    deadline = LocalDateTime(allow_none=True)
    expected_value = _amount(allow_none=True, data_key="expected-value")


class ProductSchema(FlowiiSchema):
    name = fields.String(required=True, validate=NAME)
    code = _text()
    unit = fields.String(load_default="ks", validate=validate.Length(min=1, max=16))
    unit_price = _amount(load_default=0.0, data_key="unit-price")
    vat_rate = fields.Float(load_default=20.0, validate=validate.Range(min=0, max=100), data_key="vat-rate")
    description = _text()


class InvoiceSchema(FlowiiSchema):
    serial_nr = fields.String(dump_only=True, data_key="serial-nr")
    issued_date = LocalDateTime(allow_none=True, data_key="issued-date")
    delivery_date = LocalDateTime(allow_none=True, data_key="delivery-date")
    due_date = LocalDateTime(allow_none=True, data_key="due-date")
    gross_amount = _amount(required=True, data_key="gross-amount")
    taxed_gross_amount = _amount(allow_none=True, data_key="taxed-gross-amount")
    paid_date = LocalDateTime(dump_only=True, data_key="paid-date")
    unpaid = fields.Float(dump_only=True)
    invoice_state = fields.Integer(dump_only=True, data_key="invoice-state")


class PaymentSchema(FlowiiSchema):
    amount = _amount(required=True)
    paid_date = LocalDateTime(required=True, data_key="paid-date")
    variable_symbol = _text(data_key="variable-symbol")
    note = _text()


class AttendanceSchema(FlowiiSchema):
    arrival = LocalDateTime(required=True)
    departure = LocalDateTime(allow_none=True)
    kind = fields.Integer(strict=True, load_default=1, validate=validate.Range(min=1, max=9))
    note = _text()
