"""Reading a request's values as WCF's ``DataContractSerializer`` reads them, before Spyne does.

A value that cannot be read as its declared type (an empty ``<EventDate/>``, ``<count>ten</count>``,
``i:nil`` on a non-nullable ``int``, an option name the enum does not have) makes WCF answer a
``a:DeserializationFailed`` fault whose text names the parameter and the .NET type; Spyne would say
"The value None could not be validated.", which no WCF service says. This module walks the
operation element against the catalogue and raises ``Undeserializable`` with WCF's words; a
value it reads is rewritten in its canonical form (`` +7 `` -> ``7``, ``1`` -> ``true``) so that
Spyne, stricter about lexical forms, reads the same value.

Lexical rules are ``XmlConvert``'s: integers and decimals allow surrounding white space and a sign
(no exponent), booleans are ``true``/``false``/``1``/``0``, dates are ``xs:dateTime`` or
``xs:date``. Unknown elements are ignored, as WCF ignores them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from lxml import etree

from mockserver.vendors.severa import catalog
from mockserver.vendors.severa.catalog import SERVICE_NS, Operation

XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
FORMATTER = "The formatter threw an exception while trying to deserialize the message: "

_INTEGER = re.compile(r"\s*[+-]?\d+\s*")
_DECIMAL = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*")
_DATE_TIME = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(T(?P<h>\d{2}):(?P<mi>\d{2}):(?P<s>\d{2})(\.\d+)?)?(Z|[+-](?P<zh>\d{2}):(?P<zm>\d{2}))?"
)
_DECIMAL_MAX = Decimal(2**96 - 1)
_RANGES = {"int": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1), "byte": (0, 255)}

#: catalogue primitive -> (.NET type name, the value's canonical text, or None when it is invalid)
PRIMITIVES: dict[str, tuple[str, Callable[[str], str | None]]] = {
    "string": ("String", lambda text: text),
    "bool": ("Boolean", lambda text: _BOOLEANS.get(text.strip())),
    "int": ("Int32", lambda text: _integer(text, "int")),
    "long": ("Int64", lambda text: _integer(text, "long")),
    "byte": ("Byte", lambda text: _integer(text, "byte")),
    "decimal": ("Decimal", lambda text: _decimal(text)),
    "DateTime": ("DateTime", lambda text: _date_time(text)),
}
_BOOLEANS = {"true": "true", "1": "true", "false": "false", "0": "false"}
_MSCORLIB = "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"


class Undeserializable(Exception):
    """A value WCF could not read; ``message`` is the whole fault text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Invalid(Exception):
    def __init__(self, inner: str) -> None:
        super().__init__(inner)
        self.inner = inner


def _integer(text: str, kind: str) -> str | None:
    if _INTEGER.fullmatch(text) is None:
        return None
    low, high = _RANGES[kind]
    value = int(text)
    return str(value) if low <= value <= high else None


def _decimal(text: str) -> str | None:
    """``System.Decimal``: no exponent, at most 96 bits of magnitude."""
    if _DECIMAL.fullmatch(text) is None or abs(Decimal(text.strip())) > _DECIMAL_MAX:
        return None
    return text.strip()


def _date_time(text: str) -> str | None:
    """``xs:dateTime`` or ``xs:date`` that names a real moment (no 30 February, no hour 24)."""
    stripped = text.strip()
    match = _DATE_TIME.fullmatch(stripped)
    if match is None:
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    try:
        date(parts["y"], parts["mo"], parts["d"])
    except ValueError:
        return None
    within = (("h", 23), ("mi", 59), ("s", 59), ("zh", 14), ("zm", 59))
    return stripped if all(parts.get(k, 0) <= top for k, top in within) else None


def clr_name(reference: str) -> str:
    """The .NET full name of a catalogue type, as the serializer writes it in its messages."""
    nullable = reference.endswith("?")
    base = reference.rstrip("?")
    if base.endswith("[]"):
        name = f"{clr_name(base[:-2])}[]"
    elif base in PRIMITIVES:
        name = f"System.{PRIMITIVES[base][0]}"
    else:
        spec = catalog.load().types[catalog.type_key(base)]
        namespace = spec.get("namespace", catalog.ENTITIES_NS).rsplit("/", 1)[-1]
        name = f"{namespace}.{base.replace('.', '+')}"
    return f"System.Nullable`1[[{name}, {_MSCORLIB}]]" if nullable else name


def check(operation: Operation, element: etree._Element) -> None:
    """Raise ``Undeserializable`` when a parameter of ``element`` cannot be read as declared."""
    children = {etree.QName(c).localname: c for c in element if etree.QName(c).namespace == SERVICE_NS}
    for param in operation.params:
        value = children.get(param.name)
        if value is None:
            continue
        try:
            _value(param.type, value)
        except _Invalid as invalid:
            raise Undeserializable(
                f"{FORMATTER}There was an error while trying to deserialize parameter "
                f"{SERVICE_NS}:{param.name}. The InnerException message was 'There was an error "
                f"deserializing the object of type {clr_name(param.type)}. {invalid.inner}'.  "
                "Please see InnerException for more details."
            ) from None


def _value(reference: str, element: etree._Element) -> None:
    nullable = reference.endswith("?")
    base = reference.rstrip("?")
    is_array = base.endswith("[]")
    if element.get(XSI_NIL) in ("true", "1"):
        if not nullable and not is_array and _is_value_type(base):
            raise _Invalid(f"ValueType '{clr_name(base)}' cannot be null.")
        return
    if is_array:
        for item in element:
            _value(base[:-2], item)
    elif base in PRIMITIVES:
        name, canonical = PRIMITIVES[base]
        text = element.text or ""
        read = canonical(text)
        if read is None:
            raise _Invalid(f"The value '{text}' cannot be parsed as the type '{name}'.")
        if read != text:
            element.text = read
    else:
        spec = catalog.load().types[catalog.type_key(base)]
        if spec["kind"] == "enum":
            _enum(base, spec, element)
        else:
            _members(base, element)


def _is_value_type(base: str) -> bool:
    if base in PRIMITIVES:
        return base != "string"
    return catalog.load().types[catalog.type_key(base)]["kind"] == "enum"


def _enum(name: str, spec: dict, element: etree._Element) -> None:
    members = {m["name"] for m in spec["members"]}
    text = element.text or ""
    tokens = text.split()
    if not tokens or any(token not in members for token in tokens) or (len(tokens) > 1 and not spec["flags"]):
        raise _Invalid(
            f"Invalid enum value '{text}' cannot be deserialized into type '{clr_name(name)}'. Ensure "
            "that the necessary enum values are present and are marked with EnumMemberAttribute "
            "attribute if the type has DataContractAttribute attribute."
        )
    if " ".join(tokens) != text:
        element.text = " ".join(tokens)


def _members(type_name: str, element: etree._Element) -> None:
    fields = {f["name"]: f["type"] for f in catalog.load().fields(catalog.type_key(type_name))}
    for child in element:
        reference = fields.get(etree.QName(child).localname)
        if reference is not None:
            _value(reference, child)
