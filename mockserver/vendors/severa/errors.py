"""Severa's failure shapes for failures the platform detects before an operation runs (unknown
path, body too large, injected fault, crash): a SOAP 1.1 fault with WCF's layout. Operation
faults themselves are Spyne ``Fault`` subclasses (``spyne_types.FAULTS``), raised through
``operations.Call.fail``."""

from __future__ import annotations

from werkzeug.wrappers import Response

from mockserver.core.vendor import Problem
from mockserver.vendors.severa import envelope
from mockserver.vendors.severa.envelope import FaultInfo


def problem_response(problem: Problem) -> Response:
    """An injected fault is Severa's ``GeneralFailureException`` (what a client's generated code
    catches); anything else is an untyped ``s:Client`` (4xx) or ``s:Server`` (5xx) fault."""
    if problem.kind == "fault":
        info = FaultInfo("Client", problem.message, "GeneralFailureException")
    else:
        info = FaultInfo("Client" if problem.status < 500 else "Server", problem.message)
    return Response(envelope.fault(info), status=problem.status, content_type=envelope.CONTENT_TYPE)
