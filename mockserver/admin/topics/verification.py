"""Request verification: ``POST /_mock/requests/find``, ``/count`` and ``/near-misses``.

A test asks the server what its client sent ("exactly one POST of this work order?") instead of
reading the journal itself; the matcher (``core.matching``) is the same for all three, so
``near-misses`` explains exactly why ``find`` came back empty.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from mockserver.admin.common import AdminError, admin_server, json_body
from mockserver.core import matching

blueprint = Blueprint("admin_verification", __name__, url_prefix="/_mock/requests")


def _matcher() -> dict[str, Any]:
    try:
        return matching.parse_matcher(json_body())
    except matching.MatcherError as exc:
        raise AdminError(400, str(exc)) from None


def _found(wanted: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The matching entries as the journal shows them (narrowed first by the fields it indexes),
    and the answer's ``truncated_matches`` when a cut body could not be judged."""
    journal = admin_server().journal
    entries = journal.entries(tenant=wanted.get("tenant"), vendor=wanted.get("vendor"))
    found = matching.find([entry.as_json() for entry in entries], wanted)
    extra = {"truncated_matches": found.truncated_matches} if found.truncated_matches else {}
    return extra, found.entries


@blueprint.post("/find")
def find() -> Any:
    extra, entries = _found(_matcher())
    return {"requests": entries, "count": len(entries), **extra}


@blueprint.post("/count")
def count() -> Any:
    extra, entries = _found(_matcher())
    return {"count": len(entries), **extra}


@blueprint.post("/near-misses")
def near_misses() -> Any:
    wanted = _matcher()
    # a request no tenant owns (wrong credentials), or to another vendor, may be the miss
    tenant = wanted.get("tenant")
    entries = admin_server().journal.entries()
    shown = [e.as_json() for e in entries if tenant is None or e.tenant in (None, tenant)]
    return {"near_misses": matching.near_misses(shown, wanted)}
