"""The start-up file: ``mockserver serve --config FILE`` (and ``MOCKSERVER_CONFIG`` for the pytest
plugin). Tenants with fixed ids and credentials, their data and settings, fault rules and the clock,
declared once in YAML or JSON, so a team's sandbox and a CI run start from the same world with the
same credentials every time.

The file is checked against ``contracts/config.schema.json`` and then against the server itself
(settings a vendor knows, snapshots that load, fault rules that parse) before anything changes. A
problem stops the server with one line naming the file, the line and the problem
(``mockserver.yaml:7: tenants[0].credentials.robaws.api_kee: unknown field``).

With ``--data-dir`` a tenant that already exists is verified instead of created: the credentials the
file declares must be the ones it has, so a changed file never silently serves other credentials.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from mockserver.core import snapshots
from mockserver.core.clock import ClockRangeError, parse_iso
from mockserver.core.contracts import contracts_dir
from mockserver.core.faults import FaultError, parse_rule
from mockserver.core.tenants import TenantError, check_settings

if TYPE_CHECKING:
    from mockserver.app import MockServer

SCHEMA_FILE = "config.schema.json"
Path_ = tuple[str | int, ...]


class StartupError(Exception):
    """Why the start-up file cannot be used, in one line: ``FILE:LINE: where: problem``."""


@dataclass
class StartupFile:
    """A parsed start-up file, with the line of every node so a problem can point at it."""

    path: Path
    document: dict[str, Any]
    node: Any = None
    #: tenant index -> its checked snapshot
    snapshots: dict[int, snapshots.Snapshot] = field(default_factory=dict)

    def fail(self, where: Path_, problem: str) -> StartupError:
        place = _dotted(where)
        return StartupError(
            f"{self.path}:{_line(self.node, where)}: {place + ': ' if place else ''}{problem}"
        )


@cache
def schema() -> dict[str, Any]:
    """``contracts/config.schema.json``: the one statement of the format (docs/configuration.md)."""
    return json.loads((contracts_dir() / SCHEMA_FILE).read_text("utf-8"))


# -- reading ----------------------------------------------------------------------------------------
def read(path: Path) -> StartupFile:
    """The file parsed and checked against the JSON Schema."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StartupError(f"{path}: cannot read it: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        document = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except json.JSONDecodeError as exc:
        raise StartupError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise StartupError(f"{path}:{line}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if document is None:
        document = {}
    found = StartupFile(path, document, node)
    _check_schema(found)
    return found


def _check_schema(found: StartupFile) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(schema()).iter_errors(found.document))
    if error is None:
        return
    where: Path_ = tuple(error.absolute_path)
    problem = error.message
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in known)
        if extra:
            where, problem = (*where, extra[0]), f"unknown field (known: {', '.join(sorted(known))})"
    elif error.validator == "not" and where and where[-1] == "id":
        problem = "'demo' is the built-in tenant; choose another id"
    raise found.fail(where, problem)


def load(path: Path, server: MockServer) -> StartupFile:
    """The file read and checked against ``server``: clock, settings, snapshots, fault rules."""
    found = read(path)
    document = found.document
    if "clock" in document:
        try:
            parse_iso(document["clock"])
        except ValueError:
            raise found.fail(("clock",), f"not an ISO-8601 time: {document['clock']!r}") from None
    seen: set[str] = set()
    for index, tenant in enumerate(document.get("tenants", [])):
        if tenant["id"] in seen:
            raise found.fail(("tenants", index, "id"), f"tenant {tenant['id']!r} is declared twice")
        seen.add(tenant["id"])
        _check_tenant(found, index, tenant, server)
    for index, raw in enumerate(document.get("faults", [])):
        try:
            parse_rule(raw, "check", list(server.vendors))
        except FaultError as exc:
            raise found.fail(("faults", index), str(exc)) from None
    return found


def _check_tenant(found: StartupFile, index: int, tenant: dict[str, Any], server: MockServer) -> None:
    for vendor, patch in tenant.get("settings", {}).items():
        if vendor in server.vendors:
            try:
                check_settings(server.vendors[vendor].default_settings, patch, vendor)
            except TenantError as exc:
                raise found.fail(("tenants", index, "settings"), exc.message) from None
    if "snapshot" in tenant:
        where = ("tenants", index, "snapshot")
        file = (found.path.parent / tenant["snapshot"]).resolve()
        try:
            raw = json.loads(file.read_text("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise found.fail(where, f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}") from None
        except ValueError as exc:
            raise found.fail(where, f"{file} is not JSON: {exc}") from None
        try:
            found.snapshots[index] = snapshots.parse(raw, server.vendors)
        except snapshots.SnapshotError as exc:
            raise found.fail(where, f"{file}: {exc}") from None


# -- applying ---------------------------------------------------------------------------------------
def apply(found: StartupFile, server: MockServer) -> None:
    """Set the clock, create (or, restored from ``--data-dir``, verify) the tenants, add the faults."""
    document = found.document
    if "clock" in document:
        try:
            server.clock.set(parse_iso(document["clock"]))
        except ClockRangeError as exc:
            raise found.fail(("clock",), str(exc)) from None
    for index, tenant in enumerate(document.get("tenants", [])):
        if server.tenants.get(tenant["id"]) is not None:
            _verify(found, index, tenant, server)
        else:
            _create(found, index, tenant, server)
    for raw in document.get("faults", []):
        server.faults.add(raw, list(server.vendors))


def _create(found: StartupFile, index: int, tenant: dict[str, Any], server: MockServer) -> None:
    declared = tenant.get("credentials", {})
    credentials = {
        name: {**vendor.new_credentials(), **declared.get(name, {})}
        for name, vendor in server.vendors.items()
    }
    try:
        server.tenants.create(
            name=tenant.get("name"),
            seed=tenant.get("seed"),
            fixtures_mode=tenant.get("fixtures", "default"),
            tenant_id=tenant["id"],
            credentials=credentials,
        )
    except TenantError as exc:
        raise found.fail(("tenants", index, "credentials"), exc.message) from None
    if index in found.snapshots:
        server.tenants.load_snapshot(tenant["id"], found.snapshots[index])
    settings = {k: v for k, v in tenant.get("settings", {}).items() if k in server.vendors}
    if settings:
        server.tenants.patch_settings(tenant["id"], settings)


def _verify(found: StartupFile, index: int, tenant: dict[str, Any], server: MockServer) -> None:
    """A tenant restored from ``--data-dir``: it must have the credentials the file declares."""
    existing = server.tenants.require(tenant["id"])
    for vendor, declared in tenant.get("credentials", {}).items():
        for kind, value in declared.items():
            if vendor in server.vendors and existing.credentials.get(vendor, {}).get(kind) != value:
                raise found.fail(
                    ("tenants", index, "credentials", vendor, kind),
                    f"tenant {tenant['id']!r} in the data directory has another {vendor} {kind}; "
                    "change the file back, or delete the tenant (mockserver tenants delete) and restart",
                )


# -- lines ------------------------------------------------------------------------------------------
def _line(node: Any, where: Path_) -> int:
    """The line of the node at ``where`` (of its key, for a mapping entry), or of the deepest node
    on the way that exists."""
    line = node.start_mark.line + 1 if node is not None else 1
    for _step, key_node, value_node in _walk(node, where):
        line = (key_node or value_node).start_mark.line + 1
    return line


def _walk(node: Any, where: Path_) -> Iterator[tuple[str | int, Any, Any]]:
    for step in where:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(step)), None)
            if pair is None:
                return
            yield step, pair[0], pair[1]
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            yield step, None, node
        else:
            return


def _dotted(where: Path_) -> str:
    text = ""
    for step in where:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
