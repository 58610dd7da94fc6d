"""Robaws' failure shape: the Spring Boot error body.

``{"timestamp", "status", "error", "path", "correlationId", "serverVersion"}`` on every error, plus
``message`` on 400 (observed) and on our own 409/415/422 answers (inferred: a client needs the why).
429 is the exception: an empty body, as the gateway in front of Robaws sends it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Response
from werkzeug.wsgi import get_path_info

from mockserver.core.http import VendorError, encode_json, json_response

SERVER_VERSION = "2.0.0-mockserver"
_WITH_MESSAGE = frozenset({400, 409, 415, 422})


def error_body(status: int, path: str, message: str | None, timestamp: str) -> dict:
    body = {
        "timestamp": timestamp,
        "status": status,
        "error": HTTP_STATUS_CODES.get(status, "Error"),
        "path": path,
        "correlationId": str(uuid.uuid4()),
        "serverVersion": SERVER_VERSION,
    }
    if message is not None and status in _WITH_MESSAGE:
        body["message"] = message
    return body


def error_response(
    status: int, path: str, message: str | None, timestamp: str, headers: dict[str, str] | None = None
) -> Response:
    return json_response(error_body(status, path, message, timestamp), status, headers)


class ErrorForPath(Response):
    """The Spring error body of a failure the gateway finds before Robaws' application runs (an
    injected fault, a body too large, a strict refusal). No Flask request exists then, so ``path``
    is filled from the WSGI environ the answer is sent for: the vendor's real path
    (``/api/v2/clients``, the mount prefix already moved to ``SCRIPT_NAME``), as in every other
    Robaws error."""

    def __init__(self, status: int, message: str | None, timestamp: str) -> None:
        super().__init__(status=status, mimetype="application/json")
        self._message, self._timestamp = message, timestamp

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        body = error_body(self.status_code, get_path_info(environ), self._message, self._timestamp)
        self.set_data(encode_json(body))
        return super().__call__(environ, start_response)


class RobawsError(VendorError):
    """An answer in the Spring error shape; raised anywhere below a route."""

    def __init__(
        self, status: int, message: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message or HTTP_STATUS_CODES.get(status, "Error"))
        self.status = status
        self.message = message
        self.headers = headers

    def response(self) -> Response:
        from mockserver.core.clock import iso_utc
        from mockserver.core.http import request, server

        return error_response(
            self.status, request.path, self.message, iso_utc(server().clock.now()), self.headers
        )


def bad_request(message: str) -> RobawsError:
    return RobawsError(400, message)


def not_found(what: str, record_id: object) -> RobawsError:
    return RobawsError(404, f"{what} {record_id} not found")
