"""``mockserver serve | fixtures | contracts | tenants``."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from mockserver import __version__
from mockserver.config import Config
from mockserver.datacheck import data as _data_commands

_STARTED = time.perf_counter()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mockserver")
def main() -> None:
    """A stateful local sandbox for the WerkbonApp, FLOWii, Robaws, Workspace and Visma Severa APIs.

    Start it with `mockserver serve`; manage it through the admin API under /_mock.
    """


def _vendor_list(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to bind. Keep the loopback default unless other machines must reach the mock.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="TCP port; 0 picks a free one.",
)
@click.option(
    "--seed",
    default=42,
    show_default=True,
    type=click.IntRange(0, 2**32 - 1),
    help="Seed of the demo tenant's data (42 = the committed fixtures).",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep state in JSON files here (survives restarts). Default: memory only.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Check requests against the contracts; record violations in the journal and at /_mock/violations.",
)
@click.option(
    "--strict-reject",
    is_flag=True,
    help="With --strict: also refuse violating requests in the vendor's error shape.",
)
@click.option("--vendors", help="Comma-separated vendors to mount (default: all).")
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Worker threads of the WSGI server.",
)
@click.option(
    "--journal-size",
    default=1000,
    show_default=True,
    type=click.IntRange(1, 10**6),
    help="Requests kept in the journal.",
)
@click.option(
    "--journal-bytes",
    "journal_bytes",
    default=16 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(64 * 1024, 1 << 34),
    help="Bytes the journal keeps at most (bodies cut at 16 KiB, queries at 4 KiB); oldest go first.",
)
@click.option(
    "--max-body",
    "max_body",
    default=5 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(1, 1 << 30),
    help="Largest request body accepted, in bytes.",
)
@click.option(
    "--no-replay",
    "no_replay",
    is_flag=True,
    help="Run the vendor's application for every request, even a read repeated over unchanged data.",
)
@click.option("--quiet", is_flag=True, help="Print only the base URL line.")
def serve(
    host: str,
    port: int,
    seed: int,
    data_dir: Path | None,
    strict: bool,
    strict_reject: bool,
    vendors: str | None,
    threads: int,
    journal_size: int,
    journal_bytes: int,
    max_body: int,
    no_replay: bool,
    quiet: bool,
) -> None:
    """Start the server (waitress) with the seeded demo tenant; stop with Ctrl-C or SIGTERM."""
    from mockserver.server import serve as run

    try:
        config = Config(
            host=host,
            port=port,
            seed=seed,
            data_dir=data_dir,
            strict=strict or strict_reject,
            strict_reject=strict_reject,
            vendors=_vendor_list(vendors),
            threads=threads,
            journal_size=journal_size,
            journal_max_bytes=journal_bytes,
            max_body_bytes=max_body,
            replay=not no_replay,
        )
        run(config, announce=lambda app: _announce(app, quiet))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo("mockserver stopped", err=True)


def _announce(app: Any, quiet: bool) -> None:
    elapsed = time.perf_counter() - _STARTED
    click.echo(f"mockserver {__version__} listening on {app.url} (ready in {elapsed:.2f}s)")
    if quiet:
        return
    demo = app.tenants.get("demo")
    described = app.describe_tenant(demo) if demo else {"base_urls": {}, "credentials": {}}
    for name, vendor in app.vendors.items():
        creds = ", ".join(f"{k}={v}" for k, v in described["credentials"].get(name, {}).items())
        click.echo(f"  {vendor.title:<34} {described['base_urls'].get(name, '')}")
        click.echo(f"  {'':<34} demo credentials: {creds}")
    click.echo(f"  admin API                          {app.url}/_mock/health")
    if app.config.data_dir:
        click.echo(f"  state kept in                      {app.config.data_dir}")
    sys.stdout.flush()


@main.group()
def fixtures() -> None:
    """Seed data: generate the committed fixture files deterministically."""


@fixtures.command("generate")
@click.option("--seed", default=42, show_default=True, type=click.IntRange(0, 2**32 - 1))
@click.option("--vendors", help="Comma-separated vendors (default: all).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write into (default: the project's fixtures/).",
)
def fixtures_generate(seed: int, vendors: str | None, out: Path | None) -> None:
    """Write fixtures/<vendor>.json from Faker with SEED (same seed, same bytes)."""
    from mockserver.app import MockServer
    from mockserver.core import fixtures as fx

    app = MockServer(Config(vendors=_vendor_list(vendors), seed_demo=False))
    for vendor in app.vendors.values():
        path = fx.write(vendor, seed, out)
        click.echo(f"wrote {path}")


@main.group()
def contracts() -> None:
    """The contract documents in contracts/."""


@contracts.command("list")
def contracts_list() -> None:
    """List the contracts."""
    from mockserver.core.contracts import Contracts

    found = Contracts()
    for name in found.names():
        click.echo(f"{name:<12} {found.file(name)}")


@contracts.command("show")
@click.argument("name")
def contracts_show(name: str) -> None:
    """Print a contract document."""
    from mockserver.core.contracts import Contracts

    path = Contracts().file(name)
    if path is None:
        raise click.UsageError(f"no contract {name!r}")
    click.echo(path.read_text("utf-8"), nl=False)


@contracts.command("check")
def contracts_check() -> None:
    """Validate every OpenAPI contract against the OpenAPI 3.1 specification."""
    from openapi_spec_validator import validate

    from mockserver.core.contracts import Contracts

    found = Contracts()
    failed = False
    for name in found.names():
        contract = found.get(name)
        if contract is None:
            continue
        try:
            validate(contract.document)
            click.echo(f"ok      {name}")
        except Exception as exc:  # any validator error is a finding to report, not a crash
            failed = True
            click.echo(f"INVALID {name}: {exc}")
    sys.exit(1 if failed else 0)


@main.group()
@click.option(
    "--url",
    default="http://127.0.0.1:8000",
    show_default=True,
    envvar="MOCKSERVER_URL",
    help="A running server.",
)
@click.pass_context
def tenants(ctx: click.Context, url: str) -> None:
    """Tenants of a running server (through its admin API)."""
    from mockserver.testing import AdminClient

    ctx.obj = AdminClient(url)


def _admin_call(ctx: click.Context, method: str, path: str, body: Any = None) -> Any:
    from mockserver.testing import AdminError

    try:
        return ctx.obj.call(method, path, body)
    except AdminError as exc:
        raise click.ClickException(f"{exc.status}: {exc.body}") from exc
    except OSError as exc:
        raise click.ClickException(f"cannot reach {ctx.obj.url}: {exc}") from exc


@tenants.command("list")
@click.pass_context
def tenants_list(ctx: click.Context) -> None:
    """List tenants with their credentials."""
    click.echo(json.dumps(_admin_call(ctx, "GET", "/tenants"), indent=2))


@tenants.command("create")
@click.option("--name")
@click.option("--seed", type=int)
@click.option("--empty", is_flag=True, help="No seed data.")
@click.pass_context
def tenants_create(ctx: click.Context, name: str | None, seed: int | None, empty: bool) -> None:
    """Create a tenant and print its credentials and base URLs."""
    body: dict[str, Any] = {"fixtures": "empty" if empty else "default"}
    if name:
        body["name"] = name
    if seed is not None:
        body["seed"] = seed
    click.echo(json.dumps(_admin_call(ctx, "POST", "/tenants", body), indent=2))


@tenants.command("delete")
@click.argument("tenant_id")
@click.pass_context
def tenants_delete(ctx: click.Context, tenant_id: str) -> None:
    """Delete a tenant."""
    _admin_call(ctx, "DELETE", f"/tenants/{tenant_id}")
    click.echo(f"deleted {tenant_id}")


@tenants.command("reset")
@click.argument("tenant_id")
@click.pass_context
def tenants_reset(ctx: click.Context, tenant_id: str) -> None:
    """Put a tenant's data back to its seed."""
    _admin_call(ctx, "POST", f"/tenants/{tenant_id}/reset")
    click.echo(f"reset {tenant_id}")


main.add_command(_data_commands)


if __name__ == "__main__":  # pragma: no cover
    main()
