"""The Spyne application: generated services, a SOAP 1.1 protocol tuned to WCF's output, and the
WSDL. Building it costs a few hundred milliseconds (256 operations, 88 types), so ``Soap`` builds
it once, lazily, under a lock: on the first SOAP request or in the vendor's ``warm_up``.

Two things stock Spyne does differently from WCF, fixed here in ``WcfSoap11``:

* a ``null`` member: Spyne omits it, WCF writes ``<X i:nil="true"/>`` (clients generated from the
  WSDL rely on seeing every member);
* a typed fault: WCF puts ``<NotFoundException xmlns="…/Severa.API">`` with ``Description`` and
  ``Source`` inside ``<detail>``; Spyne puts the members straight into ``<Fault>``;
* a value Spyne cannot read (what ``deserialize`` did not catch first): WCF says
  ``a:DeserializationFailed``, not "The value None could not be validated.".

The request reaches Spyne already parsed (``inbound``, under ``PARSED_KEY`` in the environ), so it
is neither serialised nor parsed twice.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree
from spyne import Application
from spyne import const as spyne_const
from spyne.interface.wsdl import Wsdl11
from spyne.protocol.soap import Soap11
from spyne.server.wsgi import WsgiApplication

from mockserver.vendors.severa import wsdl
from mockserver.vendors.severa.catalog import API_NS, SERVICE_NS
from mockserver.vendors.severa.deserialize import FORMATTER
from mockserver.vendors.severa.envelope import PREFIXES
from mockserver.vendors.severa.serializer import WcfWsgiApplication
from mockserver.vendors.severa.services import SERVICE_NAME, Dispatch, build_services
from mockserver.vendors.severa.spyne_types import SeveraFault, registry

SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
_DATE_ONLY = re.compile(r"(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?")
# typed faults are answers, not errors: Spyne would log each one with a traceback
logging.getLogger("spyne").setLevel(logging.CRITICAL)
# Spyne runs a full garbage collection when a call's context closes (at most once a second), "to
# have file descriptors returned in a timely manner". Our calls hold no files, and a full collection
# walks every object of the process - every tenant's records, every vendor's app - with the GIL
# held: it was most of a Severa call's time and stalled every other vendor's requests meanwhile
# (benchmarks/README.md). Python's own generational collector still runs as usual.
spyne_const.MIN_GC_INTERVAL = float("inf")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
#: the environ key under which the endpoint hands Spyne the parsed request envelope
PARSED_KEY = "mockserver.severa.parsed"
#: Spyne's own faults for values it could not read
_VALUE_FAULTS = ("Client.ValidationError", "Client.SchemaValidationError")


class WcfSoap11(Soap11):
    """SOAP 1.1 as WCF writes it: every member present (``i:nil`` when null), typed fault details."""

    def _get_members_etree(self, ctx: Any, cls: Any, inst: Any, parent: Any) -> None:
        _wcf_xsi_type(cls, parent)
        base = getattr(cls, "__extends__", None)
        if base is not None:
            self._get_members_etree(ctx, base, inst, parent)
        for key, member in cls._type_info.items():
            if self.get_cls_attrs(member).exc:
                continue
            value = inst.get(key) if isinstance(inst, dict) else getattr(inst, key, None)
            attrs = member.Attributes
            namespace = attrs.sub_ns or cls.get_namespace()
            name = attrs.sub_name or key
            if value is not None and attrs.max_occurs > 1:
                for item in value:
                    self.to_parent(ctx, member, item, parent, namespace, name)
            elif value is not None or attrs.nillable or attrs.min_occurs > 0:
                self.to_parent(ctx, member, value, parent, namespace, name)

    def get_cls_attrs(self, cls: Any) -> Any:
        """Spyne's, without the ``logger.debug`` line (with the cache's size) it runs before every
        lookup: a call looks attributes up dozens of times, and the log level is CRITICAL."""
        attrs = self._attrcache.get(cls)
        return attrs if attrs is not None else super().get_cls_attrs(cls)

    def create_in_document(self, ctx: Any, charset: str | None = None) -> None:
        parsed = ctx.transport.req_env.get(PARSED_KEY)
        if parsed is None:
            super().create_in_document(ctx, charset)
        else:
            ctx.in_document = (parsed, {})

    def datetime_from_unicode_iso(self, cls: Any, string: str) -> Any:
        """WCF accepts an ``xs:date`` (``yyyy-MM-dd``, optionally with a zone) for ``xs:dateTime``:
        midnight of that day; so do we."""
        text = string.strip()
        date_only = _DATE_ONLY.fullmatch(text)
        if date_only is None:
            return super().datetime_from_unicode_iso(cls, text)
        day, zone = date_only.groups()
        if zone is None:
            return datetime.strptime(day, "%Y-%m-%d")
        return super().datetime_from_unicode_iso(cls, f"{day}T00:00:00{zone}")

    def fault_to_parent(
        self, ctx: Any, cls: Any, inst: Any, parent: Any, ns: str, *_a: Any, **_k: Any
    ) -> None:
        parent.append(fault_element(inst, _operation_name(ctx)))

    def schema_validation_error_to_parent(
        self, ctx: Any, cls: Any, inst: Any, parent: Any, ns: str, **_: Any
    ):
        parent.append(fault_element(inst, _operation_name(ctx)))


def _operation_name(ctx: Any) -> str:
    return str(getattr(ctx, "method_request_string", "") or "").rsplit("}", 1)[-1]


def _wcf_xsi_type(cls: Any, element: Any) -> None:
    """A derived type's ``xsi:type`` (polymorphic output) with the prefix WCF uses for its namespace
    (``a:TravelReimbursementRow``), the one ``envelope`` declares, not Spyne's own."""
    written = element.get(XSI_TYPE) if isinstance(element, etree._Element) else None
    if written and written.endswith(f":{cls.get_type_name()}"):
        element.set(XSI_TYPE, f"{PREFIXES[cls.get_namespace()]}:{cls.get_type_name()}")


def fault_element(fault: Any, operation: str = "") -> etree._Element:
    """``<s:Fault>`` as WCF sends a ``FaultException<T>``; non-typed faults have no detail; a value
    Spyne could not read is WCF's ``a:DeserializationFailed``."""
    element = etree.Element(f"{{{SOAP11_ENV}}}Fault")
    code = str(getattr(fault, "faultcode", "") or "Server")
    message = str(getattr(fault, "faultstring", "") or "")
    if code.startswith(_VALUE_FAULTS):
        # the code's namespace is restored by ``envelope.read_fault`` (Spyne drops it here)
        etree.SubElement(element, "faultcode").text = "a:DeserializationFailed"
        message = f"{FORMATTER}Error in deserializing body of request message for operation '{operation}'."
    else:
        etree.SubElement(
            element, "faultcode"
        ).text = f"s:{'Client' if code.startswith('Client') else 'Server'}"
    text = etree.SubElement(element, "faultstring")
    text.set(XML_LANG, "en-US")
    text.text = message
    if isinstance(fault, SeveraFault):
        detail = etree.SubElement(element, "detail")
        typed = etree.SubElement(detail, f"{{{API_NS}}}{fault.get_type_name()}", nsmap={None: API_NS})
        etree.SubElement(typed, f"{{{API_NS}}}Description").text = fault.Description
        etree.SubElement(typed, f"{{{API_NS}}}Source").text = fault.Source
    return element


@dataclass
class Built:
    wsgi: WsgiApplication
    wsdl_template: bytes


class Soap:
    """The lazily built Spyne application and its WSDL."""

    def __init__(self, dispatch: Dispatch) -> None:
        self._dispatch = dispatch
        self._lock = threading.Lock()
        self._built: Built | None = None

    @property
    def ready(self) -> bool:
        return self._built is not None

    def get(self) -> Built:
        built = self._built
        if built is None:
            with self._lock:
                built = self._built
                if built is None:
                    built = self._built = self._build()
        return built

    def _build(self) -> Built:
        services = build_services(registry(), self._dispatch)
        app = Application(
            services,
            tns=SERVICE_NS,
            name=SERVICE_NAME,
            in_protocol=WcfSoap11(validator="soft"),
            out_protocol=WcfSoap11(cleanup_namespaces=True, polymorphic=True),
        )
        # successful answers are written by ``serializer``, faults by Spyne (``WcfSoap11``)
        application = WcfWsgiApplication(app)
        document = Wsdl11(app.interface)
        document.build_interface_document(wsdl.ADDRESS_PLACEHOLDER)
        template = wsdl.wcf_shape(document.get_interface_document())
        return Built(application, template)
