"""Field names, validation and the string quirk.

Input: one marshmallow schema per model with the fields a client may write. Form bodies carry only
strings and JSON bodies carry anything, so each field accepts the string form and the native form
and refuses the rest (booleans, lists, objects where a scalar belongs).

Output: every scalar is a string or ``null`` [doc] — ``render`` turns a stored record into the
model's visible fields, in the vendor's order, through a schema of ``AsString`` fields.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from marshmallow import Schema, ValidationError, fields

from mockserver.core.dumping import Dumper, dumper

MAX_ID = 2**31 - 1
#: money is an integer count of 10**-MONEY_DECIMALS euro: "10700000" = 107.00000 [inf]
MONEY_DECIMALS = 5
MAX_MONEY = 10**15

QUOTATION_STATUSES = {1: "Concept", 2: "Verzonden", 3: "Geaccepteerd", 4: "Afgewezen", 5: "Verlopen"}
PROJECT_STATUSES = {
    1: "Concept",
    2: "Geoffreerd",
    3: "In behandeling",
    4: "Afgerond",
    5: "Geannuleerd",
    6: "Gearchiveerd",
    7: "Gefactureerd",
}
CONTACT_TYPES = {1: "Debiteur", 2: "Crediteur"}


# -- input fields ----------------------------------------------------------------------------------
class _Scalar(fields.Field):
    """A scalar that may arrive as a string (forms) or natively (JSON); "" means "no value"."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool | dict | list):
            raise ValidationError("must be a single value")
        if isinstance(value, str) and value.strip() == "":
            if self.allow_none:
                return None
            raise ValidationError("may not be empty")
        return self.convert(value)

    def convert(self, value: Any) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError


class Text(_Scalar):
    def __init__(self, max_length: int = 255, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_length = max_length

    def convert(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError("must be a string")
        if len(value) > self.max_length:
            raise ValidationError(f"longer than {self.max_length} characters")
        if "\x00" in value:
            raise ValidationError("contains a NUL character")
        return value


class Email(Text):
    _PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

    def convert(self, value: Any) -> str:
        text = super().convert(value)
        if not self._PATTERN.match(text):
            raise ValidationError("not a valid e-mail address")
        return text


class Integer(_Scalar):
    def __init__(self, low: int = 0, high: int = MAX_ID, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.low, self.high = low, high

    def convert(self, value: Any) -> int:
        if isinstance(value, int):
            number = value
        elif isinstance(value, str) and re.fullmatch(r"-?\d{1,18}", value.strip()):
            number = int(value)
        else:
            raise ValidationError("must be a whole number")
        if not self.low <= number <= self.high:
            raise ValidationError(f"must be from {self.low} to {self.high}")
        return number


class Id(Integer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(1, MAX_ID, **kwargs)


class Choice(Integer):
    def __init__(self, choices: dict[int, str], **kwargs: Any) -> None:
        super().__init__(min(choices), max(choices), **kwargs)
        self.choices = choices

    def convert(self, value: Any) -> int:
        number = super().convert(value)
        if number not in self.choices:
            raise ValidationError(f"must be one of {', '.join(map(str, self.choices))}")
        return number


class Number(_Scalar):
    """A decimal kept as its canonical string ("21", "12.5"): amounts, percentages, coordinates."""

    def __init__(self, low: Decimal, high: Decimal, places: int = 5, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.low, self.high, self.places = low, high, places

    def convert(self, value: Any) -> str:
        if isinstance(value, float | int):
            value = repr(value)
        if not isinstance(value, str) or len(value) > 40:
            raise ValidationError("must be a number")
        try:
            number = Decimal(value.strip().replace(",", "."))
        except InvalidOperation as exc:
            raise ValidationError("must be a number") from exc
        if not number.is_finite() or not self.low <= number <= self.high:
            raise ValidationError(f"must be a number from {self.low} to {self.high}")
        if number.as_tuple().exponent < -self.places:  # type: ignore[operator]
            raise ValidationError(f"at most {self.places} decimals")
        return canonical(number)


class Money(Integer):
    """An amount in the vendor's fixed-point integer units (see ``MONEY_DECIMALS``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(-MAX_MONEY, MAX_MONEY, **kwargs)


class Day(_Scalar):
    """A date, ``YYYY-MM-DD`` [doc]."""

    def convert(self, value: Any) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValidationError("must be a date YYYY-MM-DD")
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError("not a real date") from exc
        return value


def canonical(number: Decimal) -> str:
    """One spelling per value: 21.000 -> "21", 12.50 -> "12.5"."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


PERCENT = {"low": Decimal(0), "high": Decimal(100), "places": 2}


# -- input schemas ---------------------------------------------------------------------------------
class QuotationInput(Schema):
    name = Text(allow_none=True)
    description = Text(max_length=20000, allow_none=True)
    contact_id = Id()
    contact_attention = Text(allow_none=True)
    project_id = Id(allow_none=True)
    status = Choice(QUOTATION_STATUSES)
    date_sent = Day(allow_none=True)
    date_accepted = Day(allow_none=True)
    discount = Number(**PERCENT)
    layout = Text()


class QuotationLineInput(Schema):
    quotation_id = Id()
    description = Text(max_length=5000)
    amount = Number(Decimal(-(10**9)), Decimal(10**9), places=5)
    price = Money()
    vat = Number(**PERCENT)


class ContactInput(Schema):
    client_reference = Text()
    client_code = Text(allow_none=True)
    group = Text()
    type = Choice(CONTACT_TYPES)
    name = Text()
    location_address = Text()
    location_postal = Text(max_length=20, allow_none=True)
    location_city = Text()
    location_country = Text(allow_none=True)
    location_long = Number(Decimal(-180), Decimal(180), places=8, allow_none=True)
    location_lat = Number(Decimal(-90), Decimal(90), places=8, allow_none=True)
    invoice_address = Text()
    invoice_postal = Text(max_length=20)
    invoice_city = Text()
    invoice_country = Text(allow_none=True)
    invoice_long = Number(Decimal(-180), Decimal(180), places=8, allow_none=True)
    invoice_lat = Number(Decimal(-90), Decimal(90), places=8, allow_none=True)
    phone = Text(max_length=40)
    fax = Text(max_length=40, allow_none=True)
    website = Text(allow_none=True)
    btw = Text(max_length=40, allow_none=True)
    kvk = Text(max_length=40, allow_none=True)
    email = Email()
    bank_name = Text(allow_none=True)
    bank_nr = Text(max_length=40, allow_none=True)
    payment_term = Integer(0, 3650)


class ProjectInput(Schema):
    contact_id = Id(allow_none=True)
    reference = Text(allow_none=True)
    name = Text()
    description = Text(max_length=20000, allow_none=True)
    status = Choice(PROJECT_STATUSES)
    date_start = Day(allow_none=True)
    date_deadline = Day(allow_none=True)


class SendEmailInput(Schema):
    email_to = Email()
    sender_name = Text()
    subject = Text(max_length=998)
    mail_layout = Text()
    sender_email = Email()
    body = Text(max_length=100000, allow_none=True)


# -- output ----------------------------------------------------------------------------------------
class AsString(fields.Field):
    """Every scalar in an answer is a string or null [doc]."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return "1" if value else "0"
        return str(value)


VISIBLE: dict[str, tuple[str, ...]] = {
    # autosend_status is stored but never shown [doc]
    "Quotation": (
        "id", "code", "hash", "name", "description", "contact_id", "contact_attention", "project_id",
        "status", "date_sent", "date_accepted", "discount", "total_price", "total_price_vat",
        "total_price_discount", "layout", "modified", "created",
    ),
    "QuotationLine": (
        "id", "quotation_id", "description", "amount", "price", "vat", "total_price", "modified", "created",
    ),
    "Contact": (
        "id", "client_reference", "client_code", "group", "type", "name", "location_address",
        "location_postal", "location_city", "location_country", "location_long", "location_lat",
        "invoice_address", "invoice_postal", "invoice_city", "invoice_country", "invoice_long",
        "invoice_lat", "phone", "fax", "website", "btw", "kvk", "email", "bank_name", "bank_nr",
        "payment_term", "created", "modified", "trashed",
    ),
    "SubContact": ("id", "contact_id", "name", "function", "phone", "email", "modified", "created"),
    "Project": (
        "id", "contact_id", "client_count", "reference", "name", "description", "status",
        "date_start", "date_deadline", "created", "modified", "display_code",
    ),
}  # fmt: skip


@cache
def _output_schema(model: str) -> Dumper:
    """The model's visible fields as strings, compiled for reads (``core.dumping``)."""
    return dumper(Schema.from_dict({name: AsString() for name in VISIBLE[model]}, name=f"{model}Output")())


def render(model: str, record: dict[str, Any]) -> dict[str, str | None]:
    """The record as the vendor shows it: visible fields only, in order, all strings or null."""
    dumped = _output_schema(model)(record)
    return {name: dumped.get(name) for name in VISIBLE[model]}
