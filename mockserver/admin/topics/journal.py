"""The request journal and the contract violations of the requests it holds."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from mockserver.admin.common import AdminError, admin_server, no_content

blueprint = Blueprint("admin_journal", __name__)


@blueprint.get("/_mock/journal")
def get_journal() -> Any:
    limit = request.args.get("limit")
    if limit is not None and (not limit.isdigit() or int(limit) > 1_000_000):
        raise AdminError(400, "limit must be a non-negative integer")
    try:
        entries = admin_server().journal.entries(
            tenant=request.args.get("tenant"),
            vendor=request.args.get("vendor"),
            since=request.args.get("since"),
            limit=int(limit) if limit is not None else None,
        )
    except ValueError as exc:
        raise AdminError(400, "since must be an entry id or an ISO-8601 time") from exc
    return {"entries": [e.as_json() for e in entries]}


@blueprint.delete("/_mock/journal")
def clear_journal() -> Any:
    admin_server().journal.clear()
    return no_content()


@blueprint.get("/_mock/violations")
def get_violations() -> Any:
    found = admin_server().journal.violations(
        tenant=request.args.get("tenant"), vendor=request.args.get("vendor")
    )
    return {"violations": found}
