"""Request verification: ``POST /_mock/requests/find``, ``/count`` and ``/near-misses``.

A test asks the server what its client sent ("exactly one POST of this work order?") instead of
reading the journal itself; the matcher (``core.matching``) is the same for all three, so
``near-misses`` explains exactly why ``find`` came back empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint

from mockserver.admin.routes import AdminError, json_body
from mockserver.core import matching

if TYPE_CHECKING:
    from mockserver.app import MockServer


def blueprint(server: MockServer) -> Blueprint:
    """The three endpoints over ``server``'s journal."""
    routes = Blueprint("verification", __name__, url_prefix="/_mock/requests")

    def matcher() -> dict[str, Any]:
        try:
            return matching.parse_matcher(json_body())
        except matching.MatcherError as exc:
            raise AdminError(400, str(exc)) from None

    def candidates(wanted: dict[str, Any]) -> list[dict[str, Any]]:
        """Entries as the journal shows them, narrowed first by the cheap fields it indexes."""
        entries = server.journal.entries(tenant=wanted.get("tenant"), vendor=wanted.get("vendor"))
        return [entry.as_json() for entry in entries]

    @routes.post("/find")
    def find() -> Any:
        wanted = matcher()
        found = matching.find(candidates(wanted), wanted)
        answer: dict[str, Any] = {"requests": found.entries, "count": len(found.entries)}
        if found.truncated_matches:
            answer["truncated_matches"] = found.truncated_matches
        return answer

    @routes.post("/count")
    def count() -> Any:
        wanted = matcher()
        found = matching.find(candidates(wanted), wanted)
        answer: dict[str, Any] = {"count": len(found.entries)}
        if found.truncated_matches:
            answer["truncated_matches"] = found.truncated_matches
        return answer

    @routes.post("/near-misses")
    def near_misses() -> Any:
        wanted = matcher()
        # a request no tenant owns (wrong credentials), or to another vendor, may be the miss
        tenant = wanted.get("tenant")
        entries = [
            e.as_json() for e in server.journal.entries() if tenant is None or e.tenant in (None, tenant)
        ]
        return {"near_misses": matching.near_misses(entries, wanted)}

    return routes
