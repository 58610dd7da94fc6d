"""Request matchers: "which journal entries did what a test expects, and why did the others not?"

Pure functions over journal entries as the admin API shows them (``Entry.as_json``), so the same
matcher means the same thing to the admin API, the pytest helpers and the dashboard. Nothing here
knows a vendor: a vendor contributes what its bodies say (``soap_operation``/``soap_args``) to the
entry, and the matcher compares whatever is there.

A matcher is a JSON object; every given field must hold. ``check`` returns the differences in words
("method: POST, not GET"), so near misses explain themselves. A body the journal cut is judged on
what was kept: a hit in the kept part is a match, a miss there (or a body that no longer parses) is
"cannot tell", and both are counted so an answer never silently guesses.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from mockserver.core.clock import parse_iso

#: a matcher's fields and the JSON types each accepts
FIELDS: dict[str, tuple[type, ...]] = {
    "tenant": (str,),
    "vendor": (str,),
    "method": (str,),
    "path": (str,),
    "path_pattern": (str,),
    "query": (dict,),
    "headers": (dict,),
    "body_json": (dict, list),
    "body_form": (dict,),
    "body_contains": (str,),
    "soap_operation": (str,),
    "soap_args": (dict,),
    "status": (int,),
    "since": (str, int),
}
#: the fields judged on the request body (undecidable when the journal cut it)
BODY_FIELDS = ("body_json", "body_form", "body_contains", "soap_operation", "soap_args")
#: the fields that scope near misses: an entry outside them is no near miss, just another request
SCOPE_FIELDS = ("tenant", "since")
#: how many near misses an answer lists at most
NEAR_MISSES = 5
_TYPE_NAMES = {str: "a string", int: "an integer", dict: "an object", list: "an array"}
_TEXT = (str, int, float, bool)


class MatcherError(ValueError):
    """A matcher that cannot be used: an unknown field or a value of the wrong type, named."""


@dataclass
class Verdict:
    """How one entry compares with a matcher: what differs, and whether a cut body left a body
    field undecided (``unjudged``) or matched on its kept part only (``truncated``)."""

    differences: list[str] = field(default_factory=list)
    unjudged: bool = False
    truncated: bool = False

    @property
    def matches(self) -> bool:
        return not self.differences and not self.unjudged


@dataclass
class Found:
    """The entries a matcher selects, oldest first, and how many of them involved a cut body."""

    entries: list[dict[str, Any]]
    truncated_matches: int = 0


def parse_matcher(raw: Any) -> dict[str, Any]:
    """The matcher, checked: an object of known fields with values of the right JSON type."""
    if not isinstance(raw, dict):
        raise MatcherError("a matcher must be a JSON object")
    for name, value in raw.items():
        kinds = FIELDS.get(name)
        if kinds is None:
            raise MatcherError(f"unknown matcher field {name!r} (known: {', '.join(FIELDS)})")
        if isinstance(value, bool) or not isinstance(value, kinds):
            wanted = " or ".join(_TYPE_NAMES[k] for k in kinds)
            raise MatcherError(f"matcher field {name!r} must be {wanted}")
    if "path" in raw and "path_pattern" in raw:
        raise MatcherError("give 'path' or 'path_pattern', not both")
    for name in ("query", "headers", "soap_args", "body_form"):
        for key, value in raw.get(name, {}).items():
            _check_text_value(f"{name}.{key}", value, nested=name in ("soap_args", "body_form"))
    if "since" in raw:
        _since_key(raw["since"])
    return raw


def _check_text_value(where: str, value: Any, nested: bool) -> None:
    if isinstance(value, _TEXT):
        return
    if isinstance(value, list) and value and all(isinstance(v, _TEXT) for v in value):
        return
    if nested and isinstance(value, dict):
        for key, inner in value.items():
            _check_text_value(f"{where}.{key}", inner, nested)
        return
    raise MatcherError(f"matcher field {where!r} must be a value or a list of values")


def _since_key(since: str | int) -> tuple[str, float]:
    """``since`` as ("id", number) or ("time", epoch seconds)."""
    if isinstance(since, int) or since.isdigit():
        return "id", float(since)
    try:
        return "time", parse_iso(since).timestamp()
    except ValueError:
        raise MatcherError("matcher field 'since' must be an entry id or an ISO-8601 time") from None


# -- judging one entry ------------------------------------------------------------------------------
def check(entry: dict[str, Any], matcher: dict[str, Any]) -> Verdict:
    """Every difference between ``entry`` (``Entry.as_json``) and ``matcher``, in words."""
    verdict = Verdict()
    for name in ("tenant", "vendor"):
        _check_equal(entry, matcher, name, verdict.differences)
    if "method" in matcher and entry.get("method", "").upper() != matcher["method"].upper():
        verdict.differences.append(f"method: {entry.get('method')}, not {matcher['method'].upper()}")
    _check_path(entry, matcher, verdict.differences)
    if "since" in matcher and not _after(entry, matcher["since"]):
        verdict.differences.append(
            f"since: entry {entry['id']} at {entry['time']} is before {matcher['since']}"
        )
    if "query" in matcher:
        pairs = parse_qsl(entry.get("query", ""), keep_blank_values=True)
        verdict.differences += _compare_pairs("query", pairs, matcher["query"], fold=False)
    if "headers" in matcher:
        pairs = list((entry.get("request") or {}).get("headers", {}).items())
        verdict.differences += _compare_pairs("headers", pairs, matcher["headers"], fold=True)
    _check_body(entry, matcher, verdict)
    _check_equal(entry, matcher, "status", verdict.differences)
    return verdict


def _check_equal(entry: dict[str, Any], matcher: dict[str, Any], name: str, differences: list[str]) -> None:
    if name in matcher and entry.get(name) != matcher[name]:
        differences.append(f"{name}: {_plain(entry.get(name))}, not {_plain(matcher[name])}")


def _check_path(entry: dict[str, Any], matcher: dict[str, Any], differences: list[str]) -> None:
    path = entry.get("vendor_path") or entry.get("path", "")
    if "path" in matcher and path != matcher["path"]:
        differences.append(f"path: {path}, not {matcher['path']}")
    if "path_pattern" in matcher and not fnmatch.fnmatchcase(path, matcher["path_pattern"]):
        differences.append(f"path: {path}, not matching {matcher['path_pattern']}")


def _after(entry: dict[str, Any], since: str | int) -> bool:
    kind, value = _since_key(since)
    if kind == "id":
        return entry["id"] > value
    return parse_iso(entry["time"]).timestamp() >= value


def _compare_pairs(
    name: str, pairs: Iterable[tuple[str, str]], wanted: dict[str, Any], fold: bool
) -> list[str]:
    """Each wanted parameter present with that value (or one of a list of values), as text."""
    found: dict[str, list[str]] = {}
    for key, value in pairs:
        found.setdefault(key.lower() if fold else key, []).append(value)
    differences = []
    for key, expected in wanted.items():
        options = [_text(v) for v in (expected if isinstance(expected, list) else [expected])]
        have = found.get(key.lower() if fold else key)
        if have is None:
            differences.append(f"{name}.{key}: absent, not {_options(options)}")
        elif not any(value in options for value in have):
            shown = have[0] if len(have) == 1 else have
            differences.append(f"{name}.{key}: {shown!r}, not {_options(options)}")
    return differences


# -- bodies -----------------------------------------------------------------------------------------
def _check_body(entry: dict[str, Any], matcher: dict[str, Any], verdict: Verdict) -> None:
    wanted = [name for name in BODY_FIELDS if name in matcher]
    if not wanted:
        return
    request = entry.get("request") or {}
    body = request.get("body", "")
    cut = bool(request.get("truncated"))
    for name in wanted:
        differences = _BODY_CHECKS[name](entry, body, matcher[name])
        if cut:
            verdict.truncated = True
            if differences:  # a miss in a cut body may be in the part that was not kept
                verdict.unjudged = True
                continue
        verdict.differences += differences


def _body_json(_entry: dict[str, Any], body: str, expected: Any) -> list[str]:
    try:
        actual = json.loads(body)
    except ValueError:
        return ["body_json: the body is not JSON"]
    return _subset("body_json", actual, expected)


def _body_form(_entry: dict[str, Any], body: str, expected: dict[str, Any]) -> list[str]:
    try:
        pairs = parse_qsl(body, keep_blank_values=True, strict_parsing=bool(body.strip()))
    except ValueError:
        return ["body_form: the body is not a form"]
    return _compare_pairs("body_form", pairs, dict(_form_keys(expected)), fold=False)


def _form_keys(expected: dict[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    """Nested matcher objects as the bracketed keys a form carries: ``{"data": {"Quotation":
    {"subject": "x"}}}`` is ``data[Quotation][subject]`` (CakePHP), a flat key stays as it is."""
    for key, value in expected.items():
        name = f"{prefix}[{key}]" if prefix else key
        if isinstance(value, dict):
            yield from _form_keys(value, name)
        else:
            yield name, value


def _body_contains(_entry: dict[str, Any], body: str, expected: str) -> list[str]:
    return [] if expected in body else [f"body_contains: {expected!r} is not in the body"]


def _soap_operation(entry: dict[str, Any], _body: str, expected: str) -> list[str]:
    actual = entry.get("soap_operation")
    if actual == expected:
        return []
    return [f"soap_operation: {actual or 'none'}, not {expected}"]


def _soap_args(entry: dict[str, Any], _body: str, expected: dict[str, Any]) -> list[str]:
    actual = entry.get("soap_args")
    if not isinstance(actual, dict):
        return ["soap_args: the request carries no SOAP operation"]
    return _subset("soap_args", actual, expected, as_text=True)


_BODY_CHECKS = {
    "body_json": _body_json,
    "body_form": _body_form,
    "body_contains": _body_contains,
    "soap_operation": _soap_operation,
    "soap_args": _soap_args,
}


def _subset(where: str, actual: Any, expected: Any, as_text: bool = False) -> list[str]:
    """Where ``expected`` is not contained in ``actual``: every key of an object with a matching
    value, every item of a list matching some item, other values equal (as text if ``as_text``)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: {_shown(actual)}, not an object"]
        differences = []
        for key, value in expected.items():
            if key not in actual:
                differences.append(f"{where}.{key}: absent, not {_shown(value)}")
            else:
                differences += _subset(f"{where}.{key}", actual[key], value, as_text)
        return differences
    if isinstance(expected, list) and not as_text:
        if not isinstance(actual, list):
            return [f"{where}: {_shown(actual)}, not an array"]
        differences = []
        for index, item in enumerate(expected):
            if not any(not _subset(where, candidate, item) for candidate in actual):
                differences.append(f"{where}[{index}]: no item matches {_shown(item)}")
        return differences
    if as_text:
        options = [_text(v) for v in (expected if isinstance(expected, list) else [expected])]
        if _text(actual) in options:
            return []
        return [f"{where}: {_shown(actual)}, not {_options(options)}"]
    if (actual == expected and type(actual) is type(expected)) or _same_number(actual, expected):
        return []
    return [f"{where}: {_shown(actual)}, not {_shown(expected)}"]


def _same_number(a: Any, b: Any) -> bool:
    numbers = (int, float)
    return (
        isinstance(a, numbers)
        and isinstance(b, numbers)
        and not isinstance(a, bool)
        and not isinstance(b, bool)
        and a == b
    )


def _text(value: Any) -> str:
    """A value as the text a query, form or SOAP message would carry it in."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def _shown(value: Any) -> str:
    return "absent" if value is None else repr(value)


def _plain(value: Any) -> str:
    return "none" if value is None else str(value)


def _options(options: list[str]) -> str:
    return repr(options[0]) if len(options) == 1 else "one of " + ", ".join(map(repr, options))


# -- many entries -----------------------------------------------------------------------------------
def find(entries: Iterable[dict[str, Any]], matcher: dict[str, Any]) -> Found:
    """The entries ``matcher`` selects, oldest first, counting those a cut body made uncertain:
    matched on the kept part only, or not decidable on it."""
    found = Found([])
    for entry in entries:
        verdict = check(entry, matcher)
        if verdict.truncated and not verdict.differences:
            found.truncated_matches += 1
        if verdict.matches:
            found.entries.append(entry)
    return found


def near_misses(
    entries: Iterable[dict[str, Any]], matcher: dict[str, Any], limit: int = NEAR_MISSES
) -> list[dict[str, Any]]:
    """The entries closest to matching (fewest differences, newest first among equals), each with
    its differences. Entries of another tenant, or before ``since``, are not near misses; a request
    no tenant owns (wrong credentials) is, since that may be exactly what went wrong."""
    scored = []
    for entry in entries:
        if "tenant" in matcher and entry.get("tenant") not in (None, matcher["tenant"]):
            continue
        if "since" in matcher and not _after(entry, matcher["since"]):
            continue
        verdict = check(entry, matcher)
        if verdict.matches:
            continue
        differences = verdict.differences or ["the journal cut the body: cannot tell whether it matches"]
        scored.append((len(differences), -entry["id"], entry, differences))
    scored.sort(key=lambda row: (row[0], row[1]))
    return [{"request": entry, "differences": diffs} for _n, _id, entry, diffs in scored[:limit]]
