"""Severa's successful answers written straight to WCF's bytes, without Spyne's generic serialiser.

Spyne's output path builds an lxml tree member by member (``to_parent``, ``get_cls_attrs`` and a
``logging.debug`` call per value), serialises it, and ``envelope.rewrite`` parses it again to give
it WCF's prefixes: about half of a computed call's CPU. Here each Spyne type is read once, lazily,
into a *plan* (its members in wire order, each with its prefixed tags, nillability, occurrences
and a formatter for its primitive kind, the base chain of ``__extends__`` first, the WCF
``i:type`` of a derived class), and an answer is written by string building into exactly the bytes
``envelope.rewrite`` makes of Spyne's answer: WCF's shape (every member present, ``i:nil="true"``
when null, ``xmlns`` declarations on the result element for the namespaces its elements use).

Anything unusual stays on Spyne's path: faults, a type this writer has no formatter for
(``byte[]``), and any value whose Python type is not the one its member expects (Spyne may turn it
into a fault, which must stay Spyne's). ``Unsupported`` signals that, and the caller falls back.
``tests/vendors/severa/test_serializer.py`` compares both paths byte for byte.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal as PyDecimal
from typing import Any

from spyne.model.complex import Array, ComplexModelBase
from spyne.model.enum import EnumBase
from spyne.model.primitive import Boolean, DateTime, Decimal, Integer, Unicode
from spyne.server.wsgi import WsgiApplication

from mockserver.vendors.severa.catalog import SERVICE_NS
from mockserver.vendors.severa.envelope import PREFIXES, SOAP11, XSI, rewrite

#: a formatter: the element text of a non-null value, or ``Unsupported``
Format = Callable[[Any], str]


class Unsupported(Exception):
    """A type or value this writer does not write exactly as Spyne would: Spyne's path answers."""


# -- text -------------------------------------------------------------------------------------------
#: what lxml escapes in text (``&<>`` and a carriage return) and what it refuses (characters XML
#: cannot carry, lone surrogates): either sends a string down the careful path
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """Element text as lxml writes it; a string lxml would refuse is Spyne's to fail on."""
    if _SPECIAL.search(value) is None:
        return value
    if _NOT_XML.search(value) is not None:
        raise Unsupported("not an XML character")
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _unicode(value: Any) -> str:
    if type(value) is not str:
        raise Unsupported(type(value).__name__)
    return _text(value)


def _boolean(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    raise Unsupported(type(value).__name__)


def _integer(value: Any) -> str:
    if type(value) is not int:
        raise Unsupported(type(value).__name__)
    return str(value)


def _decimal(value: Any) -> str:
    if type(value) is not PyDecimal:
        raise Unsupported(type(value).__name__)
    return str(value)


def _datetime(value: Any) -> str:
    """Spyne's default ``DateTime``: ISO 8601, with the offset of an aware value."""
    if type(value) is not datetime:
        raise Unsupported(type(value).__name__)
    return value.isoformat()


def _unsupported(value: Any) -> str:
    raise Unsupported(type(value).__name__)


#: Spyne attributes that change a primitive's text (formats under their several names, a default)
_SHAPING_ATTRIBUTES = (
    "format",
    "str_format",
    "string_format",
    "interp_format",
    "datetime_format",
    "dt_format",
    "date_format",
    "out_format",
    "default",
)


def _formatter(cls: Any, attrs: Any) -> Format:
    """The formatter of a primitive type, if it carries none of the attributes that change Spyne's
    output (formats, encodings, a default, a time zone conversion)."""
    if any(getattr(attrs, name, None) is not None for name in _SHAPING_ATTRIBUTES):
        return _unsupported
    if issubclass(cls, Boolean):
        return _boolean
    if issubclass(cls, Integer):  # before Decimal: Spyne's integers are decimals
        return _integer
    if issubclass(cls, Decimal):
        return _decimal
    if issubclass(cls, DateTime):
        plain = attrs.timezone and attrs.as_timezone is None and attrs.serialize_as is None
        return _datetime if plain else _unsupported
    if issubclass(cls, EnumBase | Unicode):
        return _unicode if getattr(attrs, "encoding", None) is None else _unsupported
    return _unsupported


# -- plans ------------------------------------------------------------------------------------------
def _prefixed(namespace: str, name: str) -> str:
    """The tag as WCF's envelope writes it: the service namespace is the default one, the others
    carry ``envelope.PREFIXES``' prefix."""
    if namespace == SERVICE_NS:
        return name
    prefix = PREFIXES.get(namespace)
    if prefix is None or prefix == "i":
        raise Unsupported(f"no prefix for {namespace}")
    return f"{prefix}:{name}"


@dataclass
class Member:
    """One member of a complex type, as its parent writes it."""

    key: str
    #: the element of a null value, ``<a:X i:nil="true"/>``
    nil: str
    #: whether a null value is written (nillable or required) or left out
    null_written: bool
    many: bool
    #: writes a non-null value's element into the parts
    write: Callable[[list[str], Any], None] = field(repr=False)


@dataclass
class Plan:
    """A complex type's members in wire order; for an ``ArrayOf<T>`` the one repeated member."""

    cls: Any
    members: list[Member] = field(default_factory=list)
    array: bool = False
    #: `` i:type="a:Derived"`` for an instance of this class where a base class is declared (None
    #: when its namespace has no WCF prefix: Spyne's path fails on it, so it answers)
    type_attribute: str | None = None


class Plans:
    """Every Spyne type's plan, built on first use and published whole (another thread never sees
    one half built). A type that refers to itself (a tree node's children) is no problem: a complex
    member's writer looks its plan up when it first writes, not while the plan is built."""

    def __init__(self, protocol: Any) -> None:
        self._protocol = protocol
        self._plans: dict[Any, Plan] = {}
        self._lock = threading.Lock()

    def plan(self, cls: Any) -> Plan:
        found = self._plans.get(cls)
        if found is None:
            with self._lock:
                found = self._plans.get(cls)
                if found is None:
                    found = self._plans[cls] = self._build(cls)
        return found

    def _build(self, cls: Any) -> Plan:
        prefix = PREFIXES.get(cls.get_namespace())
        return Plan(
            cls,
            members=self._members(cls),
            array=issubclass(cls, Array),
            type_attribute=f' i:type="{prefix}:{cls.get_type_name()}"' if prefix is not None else None,
        )

    def _members(self, cls: Any) -> list[Member]:
        """The base chain's members first (``__extends__``), each in its declaring class's namespace,
        as ``soap.WcfSoap11._get_members_etree`` writes them."""
        base = getattr(cls, "__extends__", None)
        members = self._members(base) if base is not None else []
        for key, member_cls in cls._type_info.items():
            attrs = self._protocol.get_cls_attrs(member_cls)
            if attrs.exc:
                continue
            if attrs.default is not None or attrs.prot is not None:
                raise Unsupported(f"{key}: default or sub-protocol")
            tag = _prefixed(attrs.sub_ns or cls.get_namespace(), attrs.sub_name or key)
            members.append(
                Member(
                    key=key,
                    nil=f'<{tag} i:nil="true"/>',
                    null_written=bool(attrs.nillable or attrs.min_occurs > 0),
                    many=attrs.max_occurs > 1,
                    write=self._writer(member_cls, tag),
                )
            )
        return members

    def _writer(self, member_cls: Any, tag: str) -> Callable[[list[str], Any], None]:
        if issubclass(member_cls, ComplexModelBase):
            return _ComplexWriter(self, member_cls, tag)
        text = _formatter(member_cls, self._protocol.get_cls_attrs(member_cls))
        start, end, empty = f"<{tag}>", f"</{tag}>", f"<{tag}/>"

        def write(parts: list[str], value: Any) -> None:
            written = text(value)
            parts.append(f"{start}{written}{end}" if written else empty)

        return write


class _ComplexWriter:
    """Writes a complex member's element: a dict of its members (``entities.to_wire``), an instance
    of the declared class, or of a derived one (then with WCF's ``i:type``), or an array's list."""

    def __init__(self, plans: Plans, cls: Any, tag: str) -> None:
        self._plans = plans
        self._cls = cls
        self._declared = cls.__orig__ or cls
        self._start, self._end, self._empty = f"<{tag}", f"</{tag}>", f"<{tag}/>"
        self._plan: Plan | None = None

    def __call__(self, parts: list[str], value: Any) -> None:
        plan = self._plan
        if plan is None:
            plan = self._plan = self._plans.plan(self._cls)
        attribute = ""
        if plan.array:
            if type(value) not in (list, tuple):
                raise Unsupported(type(value).__name__)
            read: Callable[[str], Any] = lambda _key: value  # noqa: E731
        elif type(value) is dict:
            read = value.get
        elif isinstance(value, self._declared):
            if type(value) is not self._declared:
                plan = self._plans.plan(type(value))
                if plan.type_attribute is None:
                    raise Unsupported(f"no prefix for {type(value).__name__}")
                attribute = plan.type_attribute
            read = lambda key: getattr(value, key, None)  # noqa: E731
        else:
            raise Unsupported(type(value).__name__)
        opened = len(parts)
        parts.append(f"{self._start}{attribute}>")
        write_members(parts, plan, read)
        if len(parts) == opened + 1:
            parts[opened] = f"{self._start}{attribute}/>" if attribute else self._empty
        else:
            parts.append(self._end)


def write_members(parts: list[str], plan: Plan, read: Callable[[str], Any]) -> None:
    """A complex value's members, as ``soap.WcfSoap11._get_members_etree`` writes them."""
    for member in plan.members:
        write_member(parts, member, read(member.key))


def write_member(parts: list[str], member: Member, value: Any) -> None:
    """A null member as ``i:nil`` unless it may be left out, each item of a repeated one (a null
    item as ``i:nil``: Spyne writes it whatever the item's nillability)."""
    if value is None:
        if member.null_written:
            parts.append(member.nil)
    elif member.many:
        if type(value) not in (list, tuple):
            raise Unsupported(type(value).__name__)
        for item in value:
            if item is None:
                parts.append(member.nil)
            else:
                member.write(parts, item)
    else:
        member.write(parts, value)


# -- the envelope -----------------------------------------------------------------------------------
_ENVELOPE_START = f'<s:Envelope xmlns:s="{SOAP11}"><s:Body>'
_ENVELOPE_END = "</s:Body></s:Envelope>"
#: an ``i:`` attribute: text never holds a ``<`` (it is escaped), so this matches inside tags only
_XSI_ATTRIBUTE = re.compile(r'<[^<>]* i:(?:nil|type)="')
_ELEMENT_PREFIXES = [
    (prefix, f"<{prefix}:", namespace) for namespace, prefix in PREFIXES.items() if prefix != "i"
]


def _declared(result: str) -> str:
    """The ``xmlns`` declarations ``envelope.response`` puts on a result element: the prefixes of
    ``envelope.PREFIXES`` its elements and attributes use, in that table's order."""
    declarations = [
        f' xmlns:{prefix}="{namespace}"'
        for prefix, opening, namespace in _ELEMENT_PREFIXES
        if opening in result
    ]
    if 'i:nil="true"/>' in result or (" i:type=" in result and _XSI_ATTRIBUTE.search(result)):
        declarations.append(f' xmlns:i="{XSI}"')
    return "".join(declarations)


def response(plans: Plans, out_message: Any, out_object: Any) -> bytes:
    """The answer's envelope, byte for byte what ``envelope.rewrite`` makes of Spyne's answer for
    the same values; ``Unsupported`` when it could not be."""
    if out_message.get_namespace() != SERVICE_NS:
        raise Unsupported("response outside the service namespace")
    name = out_message.get_type_name()
    values = dict(zip(out_message._type_info.keys(), out_object or (), strict=False))
    body = []
    for member in plans.plan(out_message).members:
        parts: list[str] = []
        write_member(parts, member, values.get(member.key))
        if parts:
            result = "".join(parts)
            cut = len(member.nil) - len(' i:nil="true"/>')  # ``<`` and the tag
            body.append(f"{result[:cut]}{_declared(result)}{result[cut:]}")
    wrapper = f'<{name} xmlns="{SERVICE_NS}"'
    inner = "".join(body)
    document = f"{_ENVELOPE_START}{wrapper}>{inner}</{name}>" if inner else f"{_ENVELOPE_START}{wrapper}/>"
    return f"{document}{_ENVELOPE_END}".encode()


# -- where it plugs in ------------------------------------------------------------------------------
#: set in the request's environ when the answer is already in WCF's shape (``endpoint``)
WRITTEN_KEY = "mockserver.severa.written"
#: when set (the tests set it), every answer written here is also serialised by Spyne's path and
#: ``envelope.rewrite``, and both are handed to it: ``(operation, ours, Spyne's)``
compare_with_spyne: Callable[[str, bytes, bytes], None] | None = None


class WcfWsgiApplication(WsgiApplication):
    """Spyne's WSGI application whose successful answers are written by ``response``; faults and
    anything ``response`` does not write exactly stay on Spyne's serialiser."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.plans = Plans(app.out_protocol)

    def get_out_string(self, ctx: Any) -> None:
        written = self._written(ctx)
        if written is None:
            super().get_out_string(ctx)
            return
        if compare_with_spyne is not None:
            compare_with_spyne(ctx.descriptor.name, written, self._spyne_answer(ctx))
        ctx.out_string = [written]
        ctx.transport.req_env[WRITTEN_KEY] = True

    def _written(self, ctx: Any) -> bytes | None:
        if ctx.out_error is not None or ctx.descriptor is None or ctx.out_string is not None:
            return None
        try:
            return response(self.plans, ctx.descriptor.out_message, ctx.out_object)
        except Unsupported:
            return None

    def _spyne_answer(self, ctx: Any) -> bytes:
        """What Spyne's path would have answered (a fault, or a crash, answers its own text)."""
        try:
            super().get_out_string(ctx)
            document, is_fault = rewrite(b"".join(ctx.out_string))
        except Exception as crash:
            return f"Spyne's path crashed: {crash!r}".encode()
        finally:
            ctx.out_string = None
        return b"fault: " + document if is_fault else document
