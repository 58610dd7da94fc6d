"""Workspace's failures as data: the documented messages, the status each goes with, and how a
platform-detected problem (unknown path, body too large, ...) is told in the Workspace envelope."""

from __future__ import annotations

from werkzeug.wrappers import Response

from mockserver.core.http import VendorError
from mockserver.core.vendor import Problem
from mockserver.vendors.workspace.envelope import failure

# documented messages [doc]
SAVE_FAILED = "Something went wrong while saving the data."
REQUIRED_MISSING = "Not all required fields are provided."

# our choices where the documentation is silent [inf]: CakePHP's default exception texts
UNAUTHORIZED = "Unauthorized"
FORBIDDEN = "Forbidden"
NOT_FOUND = "Not Found"
METHOD_NOT_ALLOWED = "Method Not Allowed"
TOO_LARGE = "Request Entity Too Large"
BAD_REQUEST = "Bad Request"
INTERNAL = "Internal Server Error"

AUTHENTICATE = {"WWW-Authenticate": 'Basic realm="Workspace API"'}


class WorkspaceError(VendorError):
    """A refusal in the Workspace envelope: HTTP status, the message, and details in ``exception``."""

    def __init__(
        self,
        status: int,
        message: str,
        exception: list[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.exception = exception or []
        self.headers = headers

    def response(self) -> Response:
        return failure(self.status, self.message, self.exception, self.headers)


def not_found(model: str) -> WorkspaceError:
    """``404 "Quotation not found."`` — the documented wording, per model."""
    return WorkspaceError(404, f"{model} not found.")


def save_failed(details: list[str]) -> WorkspaceError:
    return WorkspaceError(400, SAVE_FAILED, details)


def required_missing(fields: list[str]) -> WorkspaceError:
    return WorkspaceError(400, REQUIRED_MISSING, [f"{name}: required" for name in fields])


_PROBLEMS = {
    "not_found": (404, NOT_FOUND),
    "method_not_allowed": (405, METHOD_NOT_ALLOWED),
    "too_large": (413, TOO_LARGE),
    "bad_encoding": (400, SAVE_FAILED),
    "malformed": (400, SAVE_FAILED),
    "contract": (400, BAD_REQUEST),
}


def problem_response(problem: Problem) -> Response:
    """A failure found outside the vendor's handlers, in the Workspace envelope."""
    status, message = _PROBLEMS.get(problem.kind, (problem.status, INTERNAL))
    if problem.kind == "fault":
        status, message = problem.status, problem.message
    shown = problem.kind not in ("internal", "not_found", "method_not_allowed")
    detail = [problem.message] if shown and problem.message and problem.message != message else []
    return failure(status, message, detail)
