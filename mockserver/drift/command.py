"""``mockserver drift``: load, replay, compare, report. Exit code 0: no difference, 1: differences,
2: usage error (``DriftError``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockserver.client import AdminClient, AdminError
from mockserver.drift.replay import DriftError, Recorded, Replayer, is_read, load, operation
from mockserver.drift.report import Report, parse_ignore, render_json, render_text
from mockserver.drift.shape import differences


@dataclass
class Options:
    file: Path
    url: str | None = None
    tenant: str = "demo"
    format: str = "text"
    include_writes: bool = False
    ignore_file: Path | None = None
    admin_token: str | None = None


def run(options: Options) -> tuple[str, int]:
    """The report's text and the exit code; raises ``DriftError`` for a usage error."""
    vendor, recorded = load(options.file)
    ignore = _ignore(options.ignore_file)
    server = None
    url = options.url
    if url is None:
        from mockserver.config import Config
        from mockserver.server import ThreadedMockServer

        server = ThreadedMockServer(Config(port=0)).start()
        url = server.url
    try:
        report = _replay_all(url, vendor, recorded, ignore, options)
    finally:
        if server is not None:
            server.stop()
    text = render_json(report) if options.format == "json" else render_text(report)
    return text, 1 if report.difference_count else 0


def _ignore(path: Path | None) -> list[str]:
    if path is None:
        return []
    try:
        return parse_ignore(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DriftError(f"cannot read --ignore {path}: {getattr(exc, 'strerror', None) or exc}") from None


def _replay_all(
    url: str, vendor: str, recorded: list[Recorded], ignore: list[str], options: Options
) -> Report:
    admin = AdminClient(url, options.admin_token)
    tenant = _tenant(admin, options)
    try:
        replayer = Replayer(url, vendor, tenant["credentials"][vendor])
        replayer.login()
        report = Report(vendor)
        for item in recorded:
            if not options.include_writes and not is_read(vendor, item):
                report.skipped_writes += 1
                continue
            found = report.operation(operation(vendor, item))
            try:
                mock = replayer.replay(item)
            except ConnectionError as exc:
                found.errors.append(str(exc))
                continue
            found.add(differences(item.shape(), mock), ignore)
        return report
    except ConnectionError as exc:
        raise DriftError(str(exc)) from None
    finally:
        if options.include_writes:
            _call(admin, "DELETE", f"/tenants/{tenant['id']}")


def _tenant(admin: AdminClient, options: Options) -> dict[str, Any]:
    """The tenant to replay as: ``--tenant``, or a fresh one with ``--include-writes`` (writes never
    touch an existing tenant's data)."""
    if options.include_writes:
        return _call(admin, "POST", "/tenants", {"name": "drift (--include-writes)"})
    return _call(admin, "GET", f"/tenants/{options.tenant}")


def _call(admin: AdminClient, method: str, path: str, body: Any = None) -> Any:
    try:
        return admin.call(method, path, body)
    except AdminError as exc:
        raise DriftError(f"the mock's admin API answered {exc.status}: {exc.message}") from None
    except (OSError, ValueError) as exc:
        raise DriftError(
            f"cannot reach the mock at {admin.url}: {getattr(exc, 'reason', None) or exc}"
        ) from None
