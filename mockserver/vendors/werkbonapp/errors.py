"""WerkbonApp's failures as data: every answer, errors included, is the envelope
``{"code", "messages", "response"}`` with HTTP 200; only ``code`` says what went wrong.

``WerkbonError`` is raised anywhere below the routes and rendered once, in the envelope of the API
version the request used (v7 calls the payload ``object``). Platform-detected failures (unknown path,
body too large, crash) come through ``problem_response`` and get the same shape.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from mockserver.core.http import VendorError, has_request, json_response, request
from mockserver.core.vendor import Problem

OK = 200
NO_ENDPOINT = 1000
UNKNOWN_ENDPOINT = 1001
NO_TOKEN = 1002
NO_SOFTWARE_TOKEN = 1003
TOKEN_UNAUTHORIZED = 1004
SOFTWARE_TOKEN_UNAUTHORIZED = 1005
HTTPS_REQUIRED = 1006
UNCAUGHT = 1007
NO_BODY = 1008
UNPARSABLE_BODY = 1009
NO_LOCATION_DATA = 1400
WORKORDER_NOT_FOUND = 1500
WORKORDER_FIELD_MISSING = 1501
UPDATE_DATA_MISSING = 1502
NOTHING_CHANGED = 1503
INVALID_UPDATE_VALUE = 1504
DELETE_FAILED = 1600

UNABLE_TO_FETCH_BODY = "Unable to fetch body"
UNABLE_TO_PARSE_BODY = "Unable to parse body"
DATE_INVALID = "Date invalid. Format: 20-02-2016"
TIME_INVALID = "Time invalid. Format: 07:08"


def required_missing(field: str) -> str:
    return f"Required field missing: {field}"


class WerkbonError(VendorError):
    """One failed call: the envelope code and its messages."""

    def __init__(self, code: int, *messages: str) -> None:
        super().__init__(f"{code}: {'; '.join(messages)}")
        self.code = code
        self.messages = list(messages)

    def response(self) -> Response:
        return envelope(self.code, self.messages, None, current_payload_key())


def current_payload_key() -> str:
    """``response`` (v8) or ``object`` (v7): what the request's version calls the payload."""
    if has_request() and request.endpoint == "call" and request.view_args:
        from mockserver.vendors.werkbonapp.versions import IMPLEMENTED

        function = str(request.view_args.get("function", "")).strip("/")
        version = IMPLEMENTED.get(request.view_args.get("version", "")) if function else None
        if version is not None:
            return version.payload_key
    return "response"


def envelope(code: int, messages: list[str], payload: Any, payload_key: str = "response") -> Response:
    return json_response({"code": code, "messages": messages, payload_key: payload})


def problem_response(problem: Problem) -> Response:
    """Platform-detected failures in the vendor's envelope. The vendor answers HTTP 200 for all of
    its own errors; only an injected fault keeps its HTTP status (it stands for a broken network or
    proxy in front of the vendor)."""
    if problem.kind in ("not_found", "method_not_allowed"):
        return envelope(UNKNOWN_ENDPOINT, ["Unknown endpoint"], None)
    if problem.kind in ("too_large", "bad_encoding", "malformed"):
        messages = [UNABLE_TO_PARSE_BODY]
        if problem.kind == "too_large":
            messages.append("Request body too large")
        return envelope(UNPARSABLE_BODY, messages, None)
    if problem.kind in ("fault", "upstream"):
        response = envelope(UNCAUGHT, [problem.message or "Injected fault"], None)
        response.status_code = problem.status
        return response
    if problem.kind == "contract":
        return envelope(UNCAUGHT, [problem.message], None)
    return envelope(UNCAUGHT, ["A general uncaught error occured"], None)
