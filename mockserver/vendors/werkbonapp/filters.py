"""The vendor's "advanced filters": ``key=f&value=v&operator=op``, repeated as ``key[]=…`` or
indexed as ``key[0]=…``. Operators are SQL-like: ``li`` (LIKE with ``%``/``_``), ``eq``, ``ne``,
``gt``, ``ge``, ``lt``, ``le``; order comparisons are numeric when both sides are numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from werkzeug.datastructures import MultiDict

from mockserver.vendors.werkbonapp import errors
from mockserver.vendors.werkbonapp.errors import WerkbonError
from mockserver.vendors.werkbonapp.schemas import parse_amount

MAX_FILTERS = 25
OPERATORS = ("li", "eq", "ne", "gt", "ge", "lt", "le")
_INDEXED = re.compile(r"^(key|value|operator)\[(\d{1,3})\]$")


@dataclass(frozen=True)
class Filter:
    key: str
    value: str
    operator: str = "eq"

    def matches(self, record: dict[str, Any]) -> bool:
        actual = record.get(self.key)
        text = "" if actual is None else str(actual)
        if self.operator == "li":
            return _like(self.value).fullmatch(text) is not None
        if self.operator == "eq":
            return text == self.value
        if self.operator == "ne":
            return text != self.value
        left, right = _comparable(text, self.value)
        return _ORDER[self.operator](left, right)


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
}


def _comparable(left: str, right: str) -> tuple[Any, Any]:
    a, b = parse_amount(left), parse_amount(right)
    if a is not None and b is not None:
        return Decimal(a), Decimal(b)
    return left, right


def _like(pattern: str) -> re.Pattern[str]:
    parts = [".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern]
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def pairs(args: MultiDict) -> tuple[list[str], list[str], list[str]]:
    """The keys, values and operators of a query string, as given (``key``, ``key[]`` or
    ``key[0]``); callers decide what a missing value or an unknown key means for them."""
    keys = args.getlist("key[]") or args.getlist("key")
    values = args.getlist("value[]") or args.getlist("value")
    operators = args.getlist("operator[]") or args.getlist("operator")
    indexed: dict[int, dict[str, str]] = {}
    for name, value in args.items(multi=True):
        match = _INDEXED.match(name)
        if match:
            indexed.setdefault(int(match.group(2)), {})[match.group(1)] = value
    for index in sorted(indexed):
        row = indexed[index]
        keys.append(row.get("key", ""))
        values.append(row.get("value", ""))
        operators.append(row.get("operator", "eq"))
    return keys, values, operators


def parse(
    args: MultiDict, allowed: Collection[str], aliases: Mapping[str, str] | None = None
) -> list[Filter]:
    """The filters of a query string; refuses unknown keys and operators (code 1007, as the
    vendor's database would fail on them). ``aliases`` maps a key clients send to the field it
    filters (GetWorkorders' ``Id`` is the read form's ``id``)."""
    keys, values, operators = pairs(args)
    if not keys and not values and not operators:
        return []
    if len(keys) != len(values) or len(keys) > MAX_FILTERS:
        raise WerkbonError(errors.UNCAUGHT, "Filter invalid: every key needs one value")
    if len(operators) > len(keys):
        # an operator belongs to a key: one without (``operator=eq`` alone) is refused like any
        # other filter the vendor's query cannot build, never silently dropped
        raise WerkbonError(errors.UNCAUGHT, "Filter invalid: every operator needs one key")
    operators = operators + ["eq"] * (len(keys) - len(operators))
    aliases = aliases or {}
    result = []
    for key, value, operator in zip(keys, values, operators, strict=True):
        operator = operator or "eq"
        if key not in allowed and key not in aliases:
            raise WerkbonError(errors.UNCAUGHT, f"Filter key not allowed: {key}")
        if operator not in OPERATORS:
            raise WerkbonError(errors.UNCAUGHT, f"Filter operator not allowed: {operator}")
        result.append(Filter(aliases.get(key, key), value, operator))
    return result


def apply(records: list[dict[str, Any]], filters: list[Filter]) -> list[dict[str, Any]]:
    if not filters:
        return records
    return [r for r in records if all(f.matches(r) for f in filters)]
