"""The one envelope every Workspace answer travels in, success or failure:

    {"response": {"message": "success", "exception": [], "code": 200, "data": ...}}

``code`` repeats the HTTP status. Built with ``core.http.json_response`` so it also works outside a
Flask context (the gateway's ``problem_response``).
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from mockserver.core.http import json_response

SUCCESS = "success"


def envelope(status: int, message: str, data: Any = None, exception: list[str] | None = None) -> dict:
    return {
        "response": {"message": message, "exception": list(exception or []), "code": status, "data": data}
    }


def answer(
    data: Any, status: int = 200, message: str = SUCCESS, headers: dict[str, str] | None = None
) -> Response:
    return json_response(envelope(status, message, data), status, headers)


def failure(
    status: int, message: str, exception: list[str] | None = None, headers: dict[str, str] | None = None
) -> Response:
    return json_response(envelope(status, message, None, exception), status, headers)
