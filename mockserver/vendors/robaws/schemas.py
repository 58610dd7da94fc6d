"""Marshmallow schemas: what Robaws accepts in a body, under its own (camelCase) field names.

Unknown properties are ignored, as Spring Boot's Jackson does by default. Ids are digit strings in
Robaws bodies; a client sending a JSON number gets it normalised to the string. A field a body
omits is absent from ``load``'s result; ``complete`` fills it with its cleared value, which is how
PUT clears omitted fields.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LANGUAGES = ("nl", "fr", "en", "de")
EXTRA_VALUE_KEYS = ("stringValue", "dateValue", "decimalValue", "integerValue", "booleanValue")


class Id(fields.Field):
    """A Robaws id: a string of digits (an integer is accepted and normalised)."""

    default_error_messages = {"invalid": "Not a valid id (expected a string of digits)."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**18:
            return str(value)
        if isinstance(value, str) and value.isascii() and value.isdigit() and 0 < len(value) < 19:
            return str(int(value))
        raise self.make_error("invalid")


class DateString(fields.String):
    """A ``YYYY-MM-DD`` date, kept as its string."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            if not _DATE.match(text):
                raise ValueError
            date.fromisoformat(text)
        except ValueError as exc:
            raise ValidationError("Not a valid date (expected YYYY-MM-DD).") from exc
        return text


def _str(**kw: Any) -> fields.String:
    return fields.String(allow_none=True, validate=validate.Length(max=1000), **kw)


def _num(**kw: Any) -> fields.Float:
    return fields.Float(allow_none=True, **kw)


def _bool(**kw: Any) -> fields.Boolean:
    return fields.Boolean(allow_none=True, truthy={True}, falsy={False}, **kw)


class Base(Schema):
    class Meta:
        unknown = EXCLUDE


class ExtraFieldValue(Base):
    stringValue = fields.String(allow_none=True, validate=validate.Length(max=1000))
    dateValue = DateString(allow_none=True)
    decimalValue = fields.Float(allow_none=True)
    integerValue = fields.Integer(allow_none=True, strict=True)
    booleanValue = fields.Boolean(allow_none=True, truthy={True}, falsy={False})

    @validates_schema
    def _one_value(self, data: dict, **_kw: Any) -> None:
        if len(data) != 1:
            raise ValidationError(f"exactly one of {', '.join(EXTRA_VALUE_KEYS)} is required")


def _extra_fields() -> fields.Dict:
    return fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=200)),
        values=fields.Nested(ExtraFieldValue),
        allow_none=True,
    )


class Address(Base):
    addressLine1 = _str()
    addressLine2 = _str()
    postalCode = _str()
    city = _str()
    country = _str()


class ClientSchema(Base):
    name = fields.String(required=True, validate=validate.Length(min=1, max=500))
    email = _str()
    tel = _str()
    gsm = _str()
    language = fields.String(allow_none=True, validate=validate.OneOf(LANGUAGES))
    currency = fields.String(allow_none=True, validate=validate.Length(equal=3))
    vatIdNumber = _str()
    website = _str()
    status = fields.String(allow_none=True, validate=validate.OneOf(("ACTIVE", "INACTIVE")))
    address = fields.Nested(Address, allow_none=True)
    extraFields = _extra_fields()


class ContactSchema(Base):
    title = _str()
    name = _str()
    surname = fields.String(required=True, validate=validate.Length(min=1, max=500))
    function = _str()
    email = _str()
    tel = _str()
    gsm = _str()
    isPrimary = _bool()
    receivesQuotes = _bool()
    receivesInvoices = _bool()


class ArticleSchema(Base):
    name = fields.String(required=True, validate=validate.Length(min=1, max=500))
    saleName = _str()
    description = _str()
    brand = _str()
    articleNumber = _str()
    barcode = _str()
    vatTariffId = Id(allow_none=True)
    articleGroupId = Id(allow_none=True)
    unitType = _str()
    salePrice = _num()
    costPrice = _num()
    stockArticle = _bool()
    availableStock = _num()
    reservedStock = _num()
    totalStock = _num()
    minimumStock = _num()
    extraFields = _extra_fields()


class EmployeeSchema(Base):
    name = _str()
    surname = fields.String(required=True, validate=validate.Length(min=1, max=500))
    email = _str()
    employerId = Id(allow_none=True)
    certificates = fields.List(fields.String(validate=validate.Length(max=200)), allow_none=True)
    otherCertificates = _str()
    userId = Id(allow_none=True)
    extraFields = _extra_fields()


class OfferLine(Base):
    type = fields.String(load_default="LINE", validate=validate.OneOf(("LINE", "TEXT")))
    articleId = Id(allow_none=True)
    description = _str()
    quantity = fields.Float(load_default=1.0)
    unitPrice = fields.Float(load_default=0.0)
    discountPercentage = fields.Float(load_default=0.0, validate=validate.Range(0, 100))


class OfferSchema(Base):
    clientId = Id(required=True)
    projectId = Id(allow_none=True)
    status = fields.String(
        allow_none=True, validate=validate.OneOf(("DRAFT", "SENT", "ACCEPTED", "REJECTED"))
    )
    currency = fields.String(allow_none=True, validate=validate.Length(equal=3))
    validityDays = fields.Integer(allow_none=True, strict=True, validate=validate.Range(0, 3650))
    paymentTermDays = fields.Integer(allow_none=True, strict=True, validate=validate.Range(0, 3650))
    notes = fields.String(allow_none=True, validate=validate.Length(max=10000))
    lineItems = fields.List(fields.Nested(OfferLine), allow_none=True)


class Time(Base):
    hour = fields.Integer(required=True, strict=True, validate=validate.Range(0, 23))
    minute = fields.Integer(required=True, strict=True, validate=validate.Range(0, 59))


class CommuteEntry(Base):
    distance = fields.Float(required=True, validate=validate.Range(0, 100000))
    returnDistance = fields.Float(load_default=0.0, validate=validate.Range(0, 100000))
    employeeId = Id(required=True)


class TimeEntry(Base):
    employeeId = Id(required=True)
    articleId = Id(required=True)
    startTime = fields.Nested(Time, required=True)
    endTime = fields.Nested(Time, required=True)
    breakHours = fields.Float(load_default=0.0, validate=validate.Range(0, 24))


class WorkOrderLine(Base):
    type = fields.String(required=True, validate=validate.OneOf(("LINE",)))
    articleId = Id(required=True)
    quantity = fields.Float(required=True, validate=validate.Range(0, 10**9))
    description = _str()


class WorkOrderSchema(Base):
    projectId = Id(required=True)
    description = _str()
    date = DateString(allow_none=True)
    commuteEntries = fields.List(fields.Nested(CommuteEntry), load_default=list, allow_none=True)
    timeEntries = fields.List(fields.Nested(TimeEntry), load_default=list, allow_none=True)
    lineItems = fields.List(fields.Nested(WorkOrderLine), load_default=list, allow_none=True)


class PlanningItemSchema(Base):
    projectId = Id(required=True)
    description = _str()
    startDate = DateString(allow_none=True)
    endDate = DateString(allow_none=True)


class WebhookEndpointSchema(Base):
    url = fields.Url(required=True, schemes={"http", "https"}, require_tld=False)
    events = fields.List(fields.String(), required=True, validate=validate.Length(min=1, max=50))


def complete(schema: Schema, data: dict[str, Any]) -> dict[str, Any]:
    """Every declared field present: omitted or null ones cleared (lists empty, ``extraFields`` an
    empty map, everything else null). A list sent as ``null`` is thus stored as ``[]``: the
    contract's lists are never null, and a client that nulls a list means "none"."""
    result = {}
    for name, field in schema.fields.items():
        value = data.get(name)
        result[name] = value if value is not None else _cleared(name, field)
    return result


def _cleared(name: str, field: fields.Field) -> Any:
    if isinstance(field, fields.List):
        return []
    if isinstance(field, fields.Dict) and name == "extraFields":
        return {}
    return None


def error_message(error: ValidationError) -> str:
    """Marshmallow's nested messages flattened to ``field.sub: reason; ...``."""
    parts: list[str] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            parts.append(f"{prefix or 'body'}: {' '.join(value)}")
        elif isinstance(value, list):
            for index, sub in enumerate(value):
                walk(f"{prefix}[{index}]", sub)
        else:
            parts.append(f"{prefix or 'body'}: {value}")

    walk("", error.messages)
    return "Validation failed: " + "; ".join(parts)
