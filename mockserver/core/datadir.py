"""A ``--data-dir`` checked before anything is served from it.

Layout: ``tenants.json`` (the tenant index: ids, credentials, settings),
``tenants/<tenant id>/<vendor>.json`` (+ ``.json.log``, see ``core.store``) for each tenant's data
and ``runtime/<tenant id>/<vendor>/<table>.json`` (+ ``.log``) for its durable runtime state
(``core.state``: tokens, idempotency answers, delivery logs).

Start-up (``prepare``) removes what a kill can leave behind and is safe to drop - temporary files of
an interrupted snapshot, the directory of a tenant whose deletion was acknowledged but whose files
were not yet removed - and then verifies every file it will load: that it parses, that every record
sits under its own id, that every table is keyed by record ids. A file that fails is named with
its problem in one line (``DataDirError``) and the server does not start: a bad file refused at
start-up is better than 500s later. ``mockserver data check DIR`` runs the same verification
without changing anything.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockserver.core.store import LOG_SUFFIX, TEMP_SUFFIX, StoreCorrupt, load_tables

INDEX = "tenants.json"
TENANTS = "tenants"
RUNTIME = "runtime"
#: the directories that hold a directory per tenant
TENANT_ROOTS = (TENANTS, RUNTIME)


class DataDirError(Exception):
    """A data directory that cannot be served: one line, naming the file and the problem. The CLI
    prints it as ``Error: <line>`` and exits 1, without a traceback."""


@dataclass
class Report:
    tenants: int = 0
    files: int = 0
    #: leftovers of killed writes that start-up removes (or removed)
    temp_files: int = 0
    orphans: int = 0
    #: vendor logs ending in a torn line (a write killed mid-append, never acknowledged)
    torn: int = 0

    def summary(self) -> str:
        return (
            f"{self.tenants} tenants, {self.files} data files verified; {self.temp_files} stale "
            f"temp files, {self.orphans} deleted tenants' directories, {self.torn} torn log tails "
            "(dropped at start-up)"
        )


def prepare(data_dir: Path) -> list[dict[str, Any]] | None:
    """Clean up after a kill, verify, and return the tenant rows to restore (None: nothing saved).
    Raises ``DataDirError``."""
    report = Report()
    for temp in _temp_files(data_dir):
        temp.unlink(missing_ok=True)
    rows = read_index(data_dir)
    known = {row["id"] for row in rows or ()}
    for tenant_dir in _tenant_dirs(data_dir):
        if tenant_dir.name not in known:
            shutil.rmtree(tenant_dir, ignore_errors=True)
    _verify_data(data_dir, report)
    return rows


def check(data_dir: Path) -> Report:
    """Verify ``data_dir`` as start-up would, changing nothing. Raises ``DataDirError``."""
    if not data_dir.is_dir():
        raise DataDirError(f"{data_dir}: not a directory")
    report = Report(temp_files=len(_temp_files(data_dir)))
    rows = read_index(data_dir) or []
    report.tenants = len(rows)
    known = {row["id"] for row in rows}
    report.orphans = sum(1 for d in _tenant_dirs(data_dir) if d.name not in known)
    _verify_data(data_dir, report, skip={d.name for d in _tenant_dirs(data_dir)} - known)
    return report


def read_index(data_dir: Path) -> list[dict[str, Any]] | None:
    """The rows of ``tenants.json``, verified; None when there is none."""
    path = data_dir / INDEX
    if not path.exists():
        return None
    try:
        index = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataDirError(f"{path}: not valid JSON ({exc})") from None
    rows = index.get("tenants") if isinstance(index, dict) else None
    if not isinstance(rows, list):
        raise DataDirError(f"{path}: expected an object with a 'tenants' list")
    seen: set[str] = set()
    for number, row in enumerate(rows, 1):
        problem = _row_problem(row, seen)
        if problem:
            raise DataDirError(f"{path}: tenant {number}: {problem}")
        seen.add(row["id"])
    return rows


def _row_problem(row: Any, seen: set[str]) -> str | None:
    if not isinstance(row, dict):
        return "not an object"
    tenant_id = row.get("id")
    if not isinstance(tenant_id, str) or not tenant_id or "/" in tenant_id or tenant_id in (".", ".."):
        return f"bad id {tenant_id!r}"
    if tenant_id in seen:
        return f"id {tenant_id!r} appears twice"
    credentials = row.get("credentials")
    if not isinstance(credentials, dict) or not all(isinstance(c, dict) for c in credentials.values()):
        return f"{tenant_id}: credentials must be an object per vendor"
    if not isinstance(row.get("settings", {}), dict):
        return f"{tenant_id}: settings must be an object"
    if row.get("fixtures") not in ("default", "empty"):
        return f"{tenant_id}: fixtures must be 'default' or 'empty'"
    if not isinstance(row.get("name"), str):
        return f"{tenant_id}: name must be a string"
    seed = row.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        return f"{tenant_id}: seed must be an integer or null"
    return None


def _verify_data(data_dir: Path, report: Report, skip: set[str] = frozenset()) -> None:
    for tenant_dir in _tenant_dirs(data_dir):
        if tenant_dir.name in skip:
            continue
        files = tenant_dir.rglob("*.json*")
        bases = {p.with_name(p.name.removesuffix(LOG_SUFFIX)) for p in files if p.is_file()}
        for base in sorted(b for b in bases if b.suffix == ".json"):
            try:
                _data, torn_at = load_tables(base)
            except StoreCorrupt as exc:
                raise DataDirError(str(exc)) from None
            report.files += 1
            report.torn += torn_at is not None


def _tenant_dirs(data_dir: Path) -> list[Path]:
    """Every per-tenant directory, of the data and of the runtime state."""
    found: list[Path] = []
    for root in (data_dir / name for name in TENANT_ROOTS):
        if root.is_dir():
            found += sorted(p for p in root.iterdir() if p.is_dir())
    return found


def _temp_files(data_dir: Path) -> list[Path]:
    return [p for p in data_dir.rglob(f".*{TEMP_SUFFIX}") if p.is_file()]
