"""Spyne types generated from the catalogue: the 79 data contracts, 9 enums, the five typed faults
and the ``ArrayOf<Type>`` arrays, in the namespaces and field order WCF uses.

WCF data contracts declare every member ``minOccurs="0"``; reference types (strings, classes,
arrays) and ``Nullable<T>`` are also ``nillable="true"``. Field order is the catalogue's (base-class
fields first), which is what WCF clients need: they silently drop members that arrive out of order.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from spyne import (
    Array,
    Boolean,
    ByteArray,
    ComplexModel,
    DateTime,
    Decimal,
    Enum,
    Fault,
    Integer32,
    Long,
    SelfReference,
    Unicode,
    UnsignedByte,
)
from spyne.model import ModelBase

from mockserver.vendors.severa import catalog
from mockserver.vendors.severa.catalog import API_NS, ARRAYS_NS, ENTITIES_NS, FAULT_LETTERS

#: C# type -> (Spyne type, whether it is a reference type and so nillable without ``?``)
PRIMITIVES: dict[str, tuple[type[ModelBase], bool]] = {
    "string": (Unicode, True),
    "bool": (Boolean, False),
    "int": (Integer32, False),
    "long": (Long, False),
    "decimal": (Decimal, False),
    "DateTime": (DateTime, False),
    "byte": (UnsignedByte, False),
}


class SeveraFault(Fault):
    """Base of the five typed faults (``SeveraApiException`` in ``Severa.API``)."""

    __namespace__ = API_NS
    __type_name__ = "SeveraApiException"
    _type_info = [
        ("Description", Unicode(min_occurs=0, nillable=True)),
        ("Source", Unicode(min_occurs=0, nillable=True)),
    ]

    def __init__(self, description: str = "", source: str = "Severa.API") -> None:
        super().__init__(faultcode="Client", faultstring=description)
        self.Description = description
        self.Source = source


def _fault_class(name: str) -> type[SeveraFault]:
    return type(name, (SeveraFault,), {"__namespace__": API_NS, "__type_name__": name})


#: the five typed faults by their wire name
FAULTS: dict[str, type[SeveraFault]] = {name: _fault_class(name) for name in FAULT_LETTERS.values()}


class TypeRegistry:
    """Builds each referenced type once; complex types are built on first reference."""

    def __init__(self, cat: catalog.Catalog) -> None:
        self.catalog = cat
        self._classes: dict[str, type[ModelBase]] = {}

    # -- public ----------------------------------------------------------------------------------
    def reference(self, ref: str, member: bool = True) -> type[ModelBase]:
        """The Spyne type of a catalogue reference (``string``, ``int?``, ``Account[]``, ...).

        ``member`` types (fields and parameters) are optional; all carry WCF's nillability."""
        nullable = ref.endswith("?")
        base = ref.rstrip("?")
        if base.endswith("[]"):
            spyne_type, nillable = self.array(base[:-2]), True
        elif base in PRIMITIVES:
            spyne_type, nillable = PRIMITIVES[base]
            nillable = nillable or nullable
        else:
            spyne_type = self.named(base)
            nillable = nullable or self.catalog.types[catalog.type_key(base)]["kind"] == "class"
        if not member:
            return spyne_type
        return spyne_type.customize(min_occurs=0, nillable=nillable)

    def array(self, item_ref: str) -> type[ModelBase]:
        if item_ref == "byte":
            return ByteArray
        key = f"{item_ref}[]"
        found = self._classes.get(key)
        if found is None:
            if item_ref in PRIMITIVES:
                item = PRIMITIVES[item_ref][0]
                namespace = ARRAYS_NS
            else:
                item = self.named(item_ref)
                namespace = self._namespace(item_ref)
            wcf_item = item.customize(
                min_occurs=0, nillable=item_ref not in PRIMITIVES or item_ref == "string"
            )
            found = Array(wcf_item, type_name=f"ArrayOf{item_ref}")
            found.__namespace__ = namespace
            self._classes[key] = found
        return found

    def named(self, name: str) -> type[ModelBase]:
        found = self._classes.get(name)
        if found is None:
            spec = self.catalog.types[catalog.type_key(name)]
            found = self._enum(name, spec) if spec["kind"] == "enum" else self._complex(name, spec)
        return found

    # -- builders --------------------------------------------------------------------------------
    def _namespace(self, name: str) -> str:
        return self.catalog.types[catalog.type_key(name)].get("namespace", ENTITIES_NS)

    def _enum(self, name: str, spec: dict[str, Any]) -> type[ModelBase]:
        members = [m["name"] for m in spec["members"]]
        enum = Enum(*members, type_name=name)
        enum.__namespace__ = spec.get("namespace", API_NS)
        self._classes[name] = enum
        return enum

    def _complex(self, name: str, spec: dict[str, Any]) -> type[ModelBase]:
        base_name = spec.get("base")
        parent: type[ModelBase] = self.named(base_name) if base_name else ComplexModel
        fields = [(f["name"], self._field(name, f["type"])) for f in spec.get("fields", [])]
        cls = type(
            name.replace(".", "_"),
            (parent,),
            {
                "__namespace__": spec.get("namespace", ENTITIES_NS),
                "__type_name__": name,
                "_type_info": fields,
            },
        )
        self._classes[name] = cls
        return cls

    def _field(self, owner: str, ref: str) -> type[ModelBase]:
        """A field's type; a tree node's children (``PhaseTreeNode[]`` inside ``PhaseTreeNode``)
        refer to the class being built."""
        if ref == f"{owner}[]":
            return Array(SelfReference, type_name=f"ArrayOf{owner}").customize(min_occurs=0, nillable=True)
        return self.reference(ref)


@cache
def registry() -> TypeRegistry:
    """The one registry: the services are built from it, and answers of a derived type are
    instances of its classes (``entities.to_wire``)."""
    return TypeRegistry(catalog.load())
