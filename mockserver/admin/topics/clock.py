"""The mock clock: read it, set or freeze it, move it forward (timers due by then fire)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from mockserver.admin.common import AdminError, admin_server, json_object
from mockserver.core.clock import parse_iso

blueprint = Blueprint("admin_clock", __name__)
#: the furthest one ``advance`` may move the clock
MAX_ADVANCE_SECONDS = 10 * 366 * 86400


@blueprint.get("/_mock/clock")
def get_clock() -> Any:
    return admin_server().clock.state()


@blueprint.put("/_mock/clock")
def put_clock() -> Any:
    body = json_object()
    unknown = set(body) - {"now", "frozen"}
    if unknown:
        raise AdminError(400, f"unknown fields: {', '.join(sorted(unknown))}")
    now = body.get("now")
    frozen = body.get("frozen")
    if frozen is not None and not isinstance(frozen, bool):
        raise AdminError(400, "frozen must be a boolean")
    moment = None
    if now is not None:
        if not isinstance(now, str):
            raise AdminError(400, "now must be an ISO-8601 string")
        try:
            moment = parse_iso(now)
        except ValueError as exc:
            raise AdminError(400, f"now is not ISO-8601: {now!r}") from exc
    clock = admin_server().clock
    clock.set(moment, frozen)
    return clock.state()


@blueprint.post("/_mock/clock/advance")
def advance_clock() -> Any:
    seconds = json_object(required=True).get("seconds")
    if (
        not isinstance(seconds, int | float)
        or isinstance(seconds, bool)
        or not 0 <= seconds <= MAX_ADVANCE_SECONDS
    ):
        raise AdminError(400, "seconds must be a number from 0 to ten years")
    clock = admin_server().clock
    clock.advance(float(seconds))
    return clock.state()
