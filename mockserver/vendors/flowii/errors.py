"""FLOWii's failure shapes.

Two envelopes, because the real API has two: the OAuth2 token endpoint answers RFC 6749 error
bodies (``{"error": "invalid_grant", "error_description": ...}``), every JSON:API call answers
``{"errors": [{"status", "title", "detail", "source"?}]}``. Errors are data, raised and rendered once.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from mockserver.core.http import VendorError, json_response
from mockserver.core.vendor import Problem

JSONAPI = "application/vnd.api+json"

#: HTTP status -> the JSON:API ``title`` we give it
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def error_object(status: int, detail: str, pointer: str | None = None, parameter: str | None = None) -> dict:
    """One JSON:API error object; ``source`` names the offending body member or query parameter."""
    error: dict[str, Any] = {"status": str(status), "title": TITLES.get(status, "Error"), "detail": detail}
    if pointer is not None:
        error["source"] = {"pointer": pointer}
    elif parameter is not None:
        error["source"] = {"parameter": parameter}
    return error


def errors_response(status: int, errors: list[dict], headers: dict[str, str] | None = None) -> Response:
    return json_response({"errors": errors}, status, headers, mimetype=JSONAPI)


class ApiError(VendorError):
    """A JSON:API error answer (one or more error objects sharing the HTTP status)."""

    def __init__(
        self,
        status: int,
        detail: str,
        pointer: str | None = None,
        parameter: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.errors = [error_object(status, detail, pointer, parameter)]
        self.headers = headers

    @classmethod
    def many(cls, status: int, errors: list[dict]) -> ApiError:
        error = cls(status, errors[0]["detail"])
        error.errors = errors
        return error

    def response(self) -> Response:
        return errors_response(self.status, self.errors, self.headers)


def unauthorized(detail: str) -> ApiError:
    """401 for a missing, unknown or expired credential; says why in the challenge too."""
    return ApiError(401, detail, headers={"WWW-Authenticate": 'Bearer realm="api.flowii.com"'})


class OAuthError(VendorError):
    """An RFC 6749 token-endpoint error: ``invalid_request``, ``invalid_client``, ``invalid_grant``,
    ``unsupported_grant_type``."""

    STATUS = {"invalid_client": 401}

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description

    def response(self) -> Response:
        status = self.STATUS.get(self.error, 400)
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        body = {"error": self.error, "error_description": self.description}
        return json_response(body, status, headers)


def problem_response(problem: Problem) -> Response:
    """Platform-detected failures (unknown path, body too large, injected fault) as JSON:API errors."""
    detail = (
        {
            "not_found": "The requested resource does not exist",
            "method_not_allowed": "The method is not allowed for the requested URL",
            "too_large": "The request body is too large",
            "bad_encoding": "The request body is not valid UTF-8",
            "malformed": "The request body is not valid JSON",
            "internal": "An unexpected error occurred",
        }.get(problem.kind)
        or problem.message
        or TITLES.get(problem.status, "Error")
    )
    return errors_response(problem.status, [error_object(problem.status, detail)])
