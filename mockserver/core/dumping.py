"""Marshmallow schemas compiled into plain functions for the reads that dump every record.

The vendors declare what a record looks like on the wire as marshmallow schemas, and that stays
the one declaration. Dumping through marshmallow, though, walks four calls per field and record
(``Field.serialize`` -> ``get_value`` -> ``utils.get_value`` -> ``_get_value_for_key``) before the
field formats anything: a quarter of a computed FLOWii page (``benchmarks/README.md``). ``dumper``
reads a schema once and returns a function that does, per field, only what that field needs:
a dict lookup, the field's default when the key is absent, and the field's own formatting.

Exactly what ``schema.dump`` returns, keys in the same order: a field whose reading is not a
plain key (a dotted ``attribute``, its own ``get_value``), a schema with dump hooks or ``many``,
and any record that is not a dict go through marshmallow itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema, fields
from marshmallow.decorators import POST_DUMP, PRE_DUMP
from marshmallow.utils import missing

Dumper = Callable[[Any], dict[str, Any]]
#: (output key, key in the record, the field, how the field formats a value)
_Step = tuple[str, str, fields.Field, Callable[[Any, str, Any], Any]]


def dumper(schema: Schema) -> Dumper:
    """``schema.dump`` for one record, compiled; marshmallow's own when the schema needs it."""
    if schema.many or _has_dump_hooks(type(schema)):
        return schema.dump
    steps: list[_Step] = []
    for name, field in schema.dump_fields.items():
        source = field.attribute or name
        if "." in source or type(field).get_value is not fields.Field.get_value or not field._CHECK_ATTRIBUTE:
            return schema.dump
        key = field.data_key if field.data_key is not None else name
        steps.append((key, source, field, _format(field)))

    def dump(record: Any) -> dict[str, Any]:
        if type(record) is not dict:
            return schema.dump(record)
        out: dict[str, Any] = {}
        for key, source, field, format_ in steps:
            value = record.get(source, missing)
            if value is missing:
                default = field.dump_default
                value = default() if callable(default) else default
                if value is missing:
                    continue
            out[key] = format_(value, source, record)
        return out

    return dump


def _format(field: fields.Field) -> Callable[[Any, str, Any], Any]:
    """The field's ``_serialize``, inlined for the two kinds every schema is full of."""
    kind = type(field)
    if kind is fields.String:
        return _string
    if kind is fields.Field or kind is fields.Raw:
        return _as_is
    return field._serialize


def _string(value: Any, _attr: str, _record: Any) -> str | None:
    if value is None:
        return None
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _as_is(value: Any, _attr: str, _record: Any) -> Any:
    return value


def _has_dump_hooks(cls: type) -> bool:
    """Whether the schema declares ``pre_dump``/``post_dump`` processors: marshmallow marks each
    hook method with ``__marshmallow_hook__``, keyed by the tag (marshmallow 3: ``(tag, many)``)."""
    for name in dir(cls):
        hooks = getattr(getattr(cls, name, None), "__marshmallow_hook__", None) or {}
        tags = {key[0] if isinstance(key, tuple) else key for key in hooks}
        if tags & {PRE_DUMP, POST_DUMP}:
            return True
    return False
