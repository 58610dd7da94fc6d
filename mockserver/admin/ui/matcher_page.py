"""The journal's matcher form (``/_mock/ui/journal/match``): the request-verification matcher of
``POST /_mock/requests/find`` for a person, with the near misses when nothing matches.

A GET form: it only reads, so it needs no token or script, and a result can be bookmarked.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from flask import Blueprint, render_template, request

from mockserver.core import matching

if TYPE_CHECKING:
    from mockserver.app import MockServer

#: the form's fields: (name, label, kind); ``json`` fields take a JSON object (or array)
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("tenant", "Tenant", "text"),
    ("vendor", "Vendor", "text"),
    ("method", "Method", "text"),
    ("path", "Path (exact, the vendor's own)", "text"),
    ("path_pattern", "Path pattern (glob)", "text"),
    ("status", "Status", "int"),
    ("since", "Since (entry id or ISO time)", "text"),
    ("soap_operation", "SOAP operation", "text"),
    ("body_contains", "Body contains", "text"),
    ("query", "Query (JSON object)", "json"),
    ("headers", "Headers (JSON object)", "json"),
    ("body_json", "Body JSON subset", "json"),
    ("body_form", "Body form fields (JSON object)", "json"),
    ("soap_args", "SOAP arguments (JSON object)", "json"),
)
#: the longest value a field takes from the URL
MAX_VALUE = 4000


def matcher_from(values: dict[str, str]) -> dict[str, Any]:
    """The matcher the filled fields make (empty fields match anything); ``MatcherError`` names
    the field that is wrong."""
    raw: dict[str, Any] = {}
    for name, _label, kind in FIELDS:
        value = values.get(name, "").strip()
        if not value:
            continue
        if kind == "int":
            if not value.isdigit():
                raise matching.MatcherError(f"matcher field 'status' must be an integer, not {value!r}")
            raw[name] = int(value)
        elif kind == "json":
            try:
                raw[name] = json.loads(value)
            except ValueError as exc:
                raise matching.MatcherError(f"matcher field {name!r} is not valid JSON: {exc}") from None
        else:
            raw[name] = value
    return matching.parse_matcher(raw)


def register(bp: Blueprint, server: MockServer) -> None:
    @bp.context_processor
    def _matcher_fields() -> dict[str, Any]:
        return {"matcher_fields": FIELDS}  # the journal page shows the same form

    @bp.get("/journal/match")
    def journal_match() -> Any:
        values = {name: request.args.get(name, "")[:MAX_VALUE] for name, _label, _kind in FIELDS}
        found: matching.Found | None = None
        misses: list[dict[str, Any]] = []
        error = None
        if any(v.strip() for v in values.values()):
            try:
                matcher = matcher_from(values)
            except matching.MatcherError as exc:
                error = str(exc)
            else:
                entries = [e.as_json() for e in server.journal.entries()]
                found = matching.find(entries, matcher)
                if not found.entries:
                    misses = matching.near_misses(entries, matcher)
        return render_template(
            "journal_match.html", fields=FIELDS, values=values, found=found, misses=misses, error=error
        )
