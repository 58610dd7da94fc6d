"""marshmallow schemas: what WerkbonApp accepts in a POST, and how its refusals read.

The vendor stores (almost) every value as a string and answers strings, so every field here is a
``Text`` that turns numbers into strings and refuses objects. A required field that is absent, null
or empty is "missing", reported once per field as ``Required field missing: <field>``. Dates, times
and prices are checked in the formats the vendor documents; the original text is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields

from mockserver.vendors.werkbonapp import errors
from mockserver.vendors.werkbonapp.entities import STRUCTURED, Entity

MISSING = "\x00missing"
_OWN_MESSAGES = ("Date invalid", "Time invalid", "Price invalid", "Invalid value")


class VendorSchema(Schema):
    """Unknown keys are dropped, as the vendor ignores columns it does not know."""

    class Meta:
        unknown = EXCLUDE


class Text(fields.Field):
    """A scalar as the vendor's string: ``12`` -> ``"12"``, ``true`` -> ``"1"``, null -> ``""``."""

    def __init__(self, keep_null: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(error_messages={"required": MISSING}, **kwargs)
        self.keep_null = keep_null

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = as_text(value)
        if text is None:
            raise ValidationError("Invalid value for field: %FIELD%")
        if self.required and not text.strip():
            raise ValidationError(MISSING)
        if text:
            self.check(text)
        return text

    def deserialize(self, value: Any, attr: str | None = None, data: Any = None, **kwargs: Any) -> Any:
        if value is None and self.required:
            raise ValidationError(MISSING)
        if value is None:
            return None if self.keep_null else ""
        return super().deserialize(value, attr, data, **kwargs)

    def check(self, text: str) -> None:
        """Format check of a non-empty value; subclasses raise ``ValidationError``."""


def NullableText(**kwargs: Any) -> Text:
    """Text that keeps a posted ``null`` as null: the Blueprint's read forms answer null for these
    (coordinates, optional dates and ids, free fields) where other fields answer ``""``."""
    return Text(keep_null=True, **kwargs)


class Structured(fields.Field):
    """A JSON array of objects or one object, kept as given (an invoice's ``iln_lines`` and
    ``invoice_debtor`` in the Blueprint's worked invoice); null stays null."""

    def __init__(self, kind: str, **kwargs: Any) -> None:
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)
        self.kind = kind

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if self.kind == "array" and isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return value
        if self.kind == "object" and isinstance(value, dict):
            return value
        raise ValidationError("Invalid value for field: %FIELD%")


def as_text(value: Any) -> str | None:
    """The vendor's string for a JSON scalar, or None for an object/array."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value
    return None


class Pattern(Text):
    """A date or time in one exact format (``d-m-Y``, ``H:i``, ``Y-m-d``)."""

    def __init__(self, regex: str, strptime: str, message: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.regex = re.compile(regex)
        self.strptime = strptime
        self.message = message

    def check(self, text: str) -> None:
        if not self.regex.fullmatch(text):
            raise ValidationError(self.message)
        try:
            datetime.strptime(text, self.strptime)
        except ValueError as exc:
            raise ValidationError(self.message) from exc


def WorkDate(**kwargs: Any) -> Pattern:
    """d-m-Y, as every date on a work order."""
    return Pattern(r"\d{1,2}-\d{1,2}-\d{4}", "%d-%m-%Y", errors.DATE_INVALID, **kwargs)


def WorkTime(**kwargs: Any) -> Pattern:
    """H:i, as every time on a work order."""
    return Pattern(r"\d{1,2}:\d{2}", "%H:%M", errors.TIME_INVALID, **kwargs)


class Duration(Text):
    """A work period's ``TotalTime``: "Sum of EndTime - BeginTime - Break formatted in H:i" (the
    Blueprint; ``03:45``). Hours may pass 23 on a long period."""

    def check(self, text: str) -> None:
        if not re.fullmatch(r"\d{1,3}:[0-5]\d", text):
            raise ValidationError(errors.TIME_INVALID)


def IsoDate(**kwargs: Any) -> Pattern:
    """Y-m-d, the projects' date format."""
    return Pattern(r"\d{4}-\d{1,2}-\d{1,2}", "%Y-%m-%d", "Date invalid. Format: 2016-02-20", **kwargs)


class Amount(Text):
    """A decimal with a comma or a point ("4,55", "50.00"); ``non_negative`` refuses less than zero.

    The Blueprint's hourtypes table says ``sale_price`` is "Decimal (> 0)", yet its correct worked
    body posts ``"0.00"`` and is accepted: zero passes, a negative price does not."""

    def __init__(self, non_negative: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.non_negative = non_negative

    def check(self, text: str) -> None:
        number = parse_amount(text)
        if number is None or (self.non_negative and number < 0):
            raise ValidationError("Price invalid: %FIELD%")


class Flag(Text):
    """``"1"`` or ``"0"``."""

    def check(self, text: str) -> None:
        if text not in ("0", "1"):
            raise ValidationError("Invalid value for field: %FIELD% (1 or 0)")


def parse_amount(text: str) -> Decimal | None:
    cleaned = text.strip().replace(",", ".")
    if not re.fullmatch(r"-?\d{1,15}(\.\d{1,6})?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the regex already rules it out
        return None


# -- master data -------------------------------------------------------------------------------------

#: format checks per resource and field; everything else is plain text
_SPECIAL: dict[tuple[str, str], Any] = {
    ("projects", "date_start"): IsoDate,
    ("projects", "date_end"): IsoDate,
    ("hourtypes", "sale_price"): lambda **kw: Amount(non_negative=True, **kw),
    ("hourtypes", "cost_price"): Amount,
    ("hourtypes", "active"): Flag,
    ("materials", "price"): Amount,
    #: the Blueprint's object_parts table: "Date of installing (Y-m-d)"
    ("object_parts", "opr_timestamp_installation"): IsoDate,
}


def _field(entity: Entity, name: str, required: bool) -> fields.Field:
    if name in STRUCTURED:
        return Structured(STRUCTURED[name])
    kind = _SPECIAL.get((entity.name, name), Text)
    return kind(required=required, keep_null=name in entity.nullable)


@cache
def entity_schema(entity: Entity, required: tuple[str, ...] | None = None) -> Schema:
    """The resource's schema; ``required`` overrides its required fields (one write method's list)."""
    wanted = entity.required if required is None else required
    declared = {name: _field(entity, name, name in wanted) for name in entity.input_fields}
    return VendorSchema.from_dict(declared, name=f"{entity.name}Schema")()


# -- work orders -------------------------------------------------------------------------------------

WORKORDER_REQUIRED = (
    "WorkorderNo",
    "CustomerName",
    "CustomerDebtorNr",
    "CustomerStreet",
    "CustomerZIP",
    "CustomerCity",
    "CustomerContactPerson",
    "CustomerNameInvoice",
    "CustomerDebtorNrInvoice",
    "CustomerStreetInvoice",
    "CustomerZIPInvoice",
    "CustomerCityInvoice",
    "CustomerContactPersonInvoice",
    "TypeOfWork",
    "PaymentMethod",
)

WORKORDER_OPTIONAL_TEXT = (
    "OrderNr",
    "ProjectNr",
    "ExternProjectNr",
    "CustomerStreetNo",
    "CustomerEmail",
    "CustomerPhone",
    "CustomerRemark",
    "CustomerLatitude",
    "CustomerLongitude",
    "CustomerStreetNoInvoice",
    "CustomerEmailInvoice",
    "CustomerPhoneInvoice",
    "CustomerRemarkInvoice",
    "WorkDescription",
    "InternalWorkDescription",
    "EmployeeNr",
    "WorkDuration",
    "WorkStatus",
    "PickupPlanning",
    "WebPlanning",
    "CpnCode",
    "CpnCodeInvoice",
    "AdrCode",
    "ShortWorkDescription",
    "Comment",
    "ErrorCode",
    "ErrorMessage",
    "SolutionCode",
    "SolutionMessage",
    "PriorityCode",
    "PriorityMessage",
    "MinimumHours",
    "RoundingAmount",
)

WORKORDER_DATES = ("WorkDate", "WorkEndDate", "WorkDeadline")
WORKORDER_TIMES = ("WorkTime", "WorkEndTime")

#: material fields the Blueprint's read form shows as null when not set
MATERIAL_NULLABLE = ("MaterialType", *(f"MaterialFreeField{n}" for n in range(1, 6)))
MATERIAL_FIELDS = (
    "MaterialCode",
    "MaterialNr",
    "MaterialPrice",
    "MaterialName",
    "MaterialUnit",
    "MaterialWarehouseCode",
    "MaterialWarrantyCode",
    "MaterialDiscountPercentage",
    "MaterialOriginalPrice",
    "MaterialType",
    *(f"MaterialFreeField{n}" for n in range(1, 6)),
)


class MaterialSchema(VendorSchema):
    MaterialCode = Text(required=True)
    MaterialNr = Amount(required=True)
    MaterialPrice = Amount(required=True)
    MaterialName = Text(required=True)
    MaterialUnit = Text()
    MaterialWarehouseCode = Text()
    MaterialWarrantyCode = Text()
    MaterialDiscountPercentage = Amount()
    MaterialOriginalPrice = Amount()
    MaterialType = NullableText()
    MaterialFreeField1 = NullableText()
    MaterialFreeField2 = NullableText()
    MaterialFreeField3 = NullableText()
    MaterialFreeField4 = NullableText()
    MaterialFreeField5 = NullableText()


class WorkperiodSchema(VendorSchema):
    WorkDate = WorkDate(required=True)
    BeginTime = WorkTime(required=True)
    EndTime = WorkTime(required=True)
    TotalTime = Duration(required=True)
    Break = Text()
    Travel = Text()
    WorkRemark = Text()
    HourType = Text()
    EmployeeNr = Text()


def _free_list(item: fields.Field | None = None) -> fields.List:
    """Arrays the mock keeps as given (attachments, forms, employees, objects)."""
    return fields.List(item or fields.Dict(), error_messages={"invalid": "Invalid value for field: %FIELD%"})


class CodeOrObject(fields.Field):
    """An entry of ``Employees``/``WorkObjects``: the Blueprint posts employee numbers and object
    codes as strings (``["OBJ001", "OBJ002"]``); an object is kept too."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, dict):
            return value
        text = as_text(value)
        if text is None or value is None:
            raise ValidationError("Invalid value for field: %FIELD%")
        return text


WorkorderSchema = VendorSchema.from_dict(
    {
        **{name: Text(required=True) for name in WORKORDER_REQUIRED},
        **{name: Text() for name in WORKORDER_OPTIONAL_TEXT},
        **{name: WorkDate() for name in WORKORDER_DATES},
        **{name: WorkTime() for name in WORKORDER_TIMES},
        "Materials": fields.List(fields.Nested(MaterialSchema)),
        "Workperiods": fields.List(fields.Nested(WorkperiodSchema)),
        "Attachments": _free_list(),
        "Forms": _free_list(),
        "Employees": _free_list(CodeOrObject()),
        "WorkObjects": _free_list(CodeOrObject()),
    },
    name="WorkorderSchema",
)

_workorder_schema = WorkorderSchema()
_material_schema = MaterialSchema()
_workperiod_schema = WorkperiodSchema()


# -- loading and messages ----------------------------------------------------------------------------


class Refusal(Exception):
    """Validation failed: ``missing`` says whether any message is a missing required field."""

    def __init__(self, messages: list[str], missing: bool) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages
        self.missing = missing


def load_all(schema: Schema, records: Iterable[Any]) -> list[dict[str, Any]]:
    """Every record loaded, or ``Refusal`` with the messages of all of them (nothing half-done)."""
    loaded: list[dict[str, Any]] = []
    messages: list[str] = []
    for record in records:
        try:
            loaded.append(schema.load(record))
        except ValidationError as exc:
            _collect(exc.messages, None, messages)
    if messages:
        unique = list(dict.fromkeys(messages))
        raise Refusal(unique, any(m.startswith("Required field missing") for m in unique))
    return loaded


def load_workorders(records: list[Any]) -> list[dict[str, Any]]:
    return load_all(_workorder_schema, records)


def load_materials(records: list[Any]) -> list[dict[str, Any]]:
    return load_all(_material_schema, records)


def load_workperiods(records: list[Any]) -> list[dict[str, Any]]:
    return load_all(_workperiod_schema, records)


def _collect(node: Any, field: str | None, out: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _collect(value, key if isinstance(key, str) and key != "_schema" else field, out)
    elif isinstance(node, list):
        for item in node:
            _collect(item, field, out)
    elif isinstance(node, str):
        name = field or "body"
        if node == MISSING:
            out.append(errors.required_missing(name))
        elif node.startswith(_OWN_MESSAGES):
            out.append(node.replace("%FIELD%", name))
        else:
            out.append(f"Invalid value for field: {name}")
