"""One Severa call through Spyne's own pieces, without its WSGI layer.

Spyne's ``WsgiApplication.handle_rpc`` spends a good part of a call on what the endpoint has done
already or does not need: a WSGI method context with the request's URL rebuilt, the envelope split
again into header and body (``inbound`` parsed and checked it), a copy of the context per method,
and events nobody listens to. ``Runner`` keeps the parts that define an answer - Spyne's
deserialiser for the operation's message (``from_element``, soft validation included), its
``process_request`` (the call, faults and crashes turned into ``out_error``) and the output path
(``serializer``, Spyne's serialiser for faults) - and drops the rest.

Anything it is not sure of goes back to the whole Spyne path: an operation element Spyne would not
map to exactly one method, or a message Spyne's deserialiser refuses (its fault, with the context
``handle_rpc`` builds, is then Spyne's to write). Nothing has run yet at that point, so running the
request again costs only time.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from spyne import Fault, MethodContext
from spyne.application import get_fault_string_from_exception

from mockserver.vendors.severa.envelope import rewrite
from mockserver.vendors.severa.serializer import WRITTEN_KEY, WcfWsgiApplication


class Runner:
    """Runs a parsed request's operation element through Spyne's deserialiser, the operation and
    the answer's writer; ``run`` answers None when the whole Spyne path must answer instead."""

    def __init__(self, wsgi: WcfWsgiApplication) -> None:
        self._wsgi = wsgi
        self._app = wsgi.app

    def run(self, environ: dict[str, Any], element: etree._Element) -> tuple[bytes, bool] | None:
        """``environ`` is the one ``handle_rpc`` would see (the operation's ``Call`` in it); the
        answer is in WCF's shape, with whether it is a fault."""
        descriptors = self._app.interface.service_method_map.get(element.tag)
        if descriptors is None or len(descriptors) != 1:
            return None
        ctx = MethodContext(self._wsgi, MethodContext.SERVER)
        ctx.transport.req_env = environ
        ctx.descriptor = descriptors[0]
        ctx.method_request_string = element.tag
        ctx.in_body_doc = element
        try:
            ctx.in_object = self._app.in_protocol.from_element(ctx, ctx.descriptor.in_message, element)
        except Exception:
            return None
        self._app.process_request(ctx)
        return self._answer(ctx, environ)

    def _answer(self, ctx: Any, environ: dict[str, Any]) -> tuple[bytes, bool]:
        """The answer's bytes, as ``handle_rpc`` and ``envelope.rewrite`` make them: a serialiser
        that fails becomes a Server fault."""
        try:
            self._wsgi.get_out_string(ctx)
        except Exception as crash:
            ctx.out_error = Fault("Server", get_fault_string_from_exception(crash))
            ctx.out_string = ctx.out_document = None
            self._wsgi.get_out_string(ctx)
        answer = b"".join(ctx.out_string)
        ctx.close()
        if environ.get(WRITTEN_KEY):
            return answer, False
        return rewrite(answer)
