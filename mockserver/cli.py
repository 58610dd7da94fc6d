"""``mockserver serve | fixtures | contracts | coverage | tenants``."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from mockserver import __version__
from mockserver.ca_command import ca_command as _ca_command
from mockserver.client import ADMIN_TOKEN_ENV, AdminClient, AdminError
from mockserver.config import HTTP_SERVERS, Config, is_loopback
from mockserver.datacheck import data as _data_commands
from mockserver.drift.cli import drift as _drift_command

_STARTED = time.perf_counter()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mockserver")
def main() -> None:
    """A stateful local sandbox for the WerkbonApp, FLOWii, Robaws, Workspace and Visma Severa APIs.

    Start it with `mockserver serve`; manage it through the admin API under /_mock.
    """


class VendorList(click.ParamType):
    """``a,b``: vendor names, checked against the registry so a typo is a usage error that lists
    the vendors, never a traceback or a server quietly serving less than asked for."""

    name = "a,b"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> list[str]:
        from mockserver.vendors import NAMES

        if isinstance(value, list):
            return value
        names = [v.strip() for v in str(value).split(",") if v.strip()]
        unknown = [n for n in names if n not in NAMES]
        if unknown or not names:
            self.fail(f"unknown vendor(s): {', '.join(unknown) or '(none)'} (known: {', '.join(NAMES)})")
        return names


VENDORS = VendorList()


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
@click.option("--vendors", type=VENDORS, help="Comma-separated vendors to mount (default: all).")
@click.option(
    "--admin-token",
    envvar=ADMIN_TOKEN_ENV,
    help=f"Require 'Authorization: Bearer TOKEN' on every /_mock call (also ${ADMIN_TOKEN_ENV}).",
)
@click.option(
    "--http",
    "http",
    type=click.Choice(HTTP_SERVERS),
    default=HTTP_SERVERS[0],
    show_default=True,
    help="HTTP server: granian (HTTP in Rust, outside the GIL) or waitress (pure Python).",
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Python threads that run the application.",
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
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A start-up file (YAML or JSON): tenants with fixed credentials, settings, faults, clock "
    "(docs/configuration.md).",
)
@click.option(
    "--https-port",
    type=click.IntRange(0, 65535),
    help="Also serve over TLS on this port (0: a free one), for the vendors' own https hostnames "
    "(certificate from the local CA: see `mockserver ca`).",
)
@click.option(
    "--proxy-port",
    type=click.IntRange(0, 65535),
    help="Also run a forward proxy on this port (0: a free one) that serves the vendors' hostnames "
    "and refuses every other host: HTTPS_PROXY=http://127.0.0.1:PORT.",
)
@click.option("--quiet", is_flag=True, help="Print only the base URL line; no access log.")
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Access log on stderr: a line per request, or one JSON object per line for log collectors.",
)
@click.option(
    "--upstream",
    "upstreams",
    multiple=True,
    metavar="VENDOR=URL",
    help="Send the vendor's requests whose credentials no tenant owns to its real base URL "
    "(repeatable; see docs/upstream.md).",
)
@click.option(
    "--upstream-timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0.001, 3600),
    help="Seconds a forwarded request may take before the client gets the vendor's 504.",
)
@click.option(
    "--record",
    "record_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Append every forwarded exchange, secrets redacted, to DIR/<vendor>.jsonl.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME[:PORT]",
    help="Another name /_mock and the dashboard answer to (repeatable); loopback and --host always.",
)
@click.option(
    "--admin-max-body",
    "admin_max_body",
    default=1024 * 1024,
    show_default=True,
    type=click.IntRange(1, 1 << 30),
    help="Largest body the admin API accepts, in bytes (413 above it).",
)
@click.option(
    "--max-tenants",
    default=10_000,
    show_default=True,
    type=click.IntRange(1, 10**7),
    help="Tenants held at most; creating one more answers 429.",
)
@click.option(
    "--idle-timeout",
    default=5.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds an idle keep-alive connection stays open.",
)
def serve(**options: Any) -> None:
    """Start the server with the seeded demo tenant; stop with Ctrl-C or SIGTERM."""
    from mockserver.core.datadir import DataDirError
    from mockserver.server import ServeError, check_host
    from mockserver.server import serve as run
    from mockserver.startup import StartupError

    try:
        check_host(options["host"])
    except ServeError as exc:
        raise click.ClickException(str(exc)) from None
    config = _serve_config(options)
    _warn_beyond_loopback(config)
    try:
        run(config, announce=lambda app: _announce(app, options["quiet"]))
    except (ServeError, DataDirError, StartupError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("mockserver stopped", err=True)


def _serve_config(o: dict[str, Any]) -> Config:
    """The server's Config from `serve`'s options (click's names are the options' own)."""
    return Config(
        host=o["host"],
        port=o["port"],
        seed=o["seed"],
        data_dir=o["data_dir"],
        strict=o["strict"] or o["strict_reject"],
        strict_reject=o["strict_reject"],
        vendors=o["vendors"],
        http=o["http"],
        threads=o["threads"],
        journal_size=o["journal_size"],
        journal_max_bytes=o["journal_bytes"],
        max_body_bytes=o["max_body"],
        replay=not o["no_replay"],
        admin_token=o["admin_token"] or None,
        access_log=None if o["quiet"] else o["log_format"],
        upstreams=_upstream_targets(o),
        upstream_timeout=o["upstream_timeout"],
        record_dir=o["record_dir"],
        config_file=o["config_file"],
        https_port=o["https_port"],
        proxy_port=o["proxy_port"],
        allow_hosts=list(o["allow_hosts"]),
        admin_max_body_bytes=o["admin_max_body"],
        max_tenants=o["max_tenants"],
        idle_timeout=o["idle_timeout"],
    )


def _upstream_targets(o: dict[str, Any]) -> dict[str, str]:
    """`--upstream VENDOR=URL` checked (a known vendor, never this server itself), and `--record`'s
    folder made: both are usage errors before anything starts."""
    from mockserver.core.upstream import UpstreamError, check_not_self, parse_targets
    from mockserver.vendors import NAMES

    record_dir: Path | None = o["record_dir"]
    try:
        targets = parse_targets(o["upstreams"], o["vendors"] or list(NAMES))
        check_not_self(targets, o["host"], o["port"])
    except UpstreamError as exc:
        raise click.UsageError(str(exc)) from None
    if record_dir is not None and not targets:
        raise click.UsageError("--record records forwarded exchanges: it needs an --upstream")
    if record_dir is not None:
        try:
            record_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise click.UsageError(f"cannot use --record {record_dir}: {exc.strerror or exc}") from None
    return targets


def _announce(app: Any, quiet: bool) -> None:
    """The banner, written at once: whoever reads the listening line can read all of it."""
    elapsed = time.perf_counter() - _STARTED
    lines = [f"mockserver {__version__} listening on {app.url} (ready in {elapsed:.2f}s)"]
    if not quiet:
        demo = app.tenants.get("demo")
        described = app.describe_tenant(demo) if demo else {"base_urls": {}, "credentials": {}}
        for name, vendor in app.vendors.items():
            creds = ", ".join(f"{k}={v}" for k, v in described["credentials"].get(name, {}).items())
            lines.append(f"  {vendor.title:<34} {described['base_urls'].get(name, '')}")
            lines.append(f"  {'':<34} demo credentials: {creds}")
        lines.append(f"  admin API                          {app.url}/_mock/health")
        lines.append(f"  dashboard (open in a browser)      {app.url}/_mock/ui/")
        lines.extend(f"  {line}" for line in _modes(app.config))
        if app.config.strict:
            lines.append(f"  {'contracts prepared':<34} {', '.join(app.contracts.prepared()) or 'none'}")
    lines.extend(_real_url_lines(app))  # also when quiet: a port 0 is known only from here
    click.echo("\n".join(lines))
    sys.stdout.flush()


def _real_url_lines(app: Any) -> list[str]:
    """The HTTPS listener and the proxy, when they run, with what a client needs to use them."""
    lines = []
    if app.https_url:
        lines.append(f"  {'HTTPS (vendor hostnames, CA below)':<34} {app.https_url}")
    if app.proxy_url:
        lines.append(f"  {'proxy (HTTPS_PROXY, CA below)':<34} {app.proxy_url}")
    if lines:
        from mockserver.core.ca import ca_directory

        lines.append(f"  {'local CA (mockserver ca)':<34} {ca_directory(app.config.data_dir) / 'ca.pem'}")
    return lines


def _warn_beyond_loopback(config: Config) -> None:
    if is_loopback(config.host):
        return
    guard = "it needs the admin token" if config.admin_token else "protect it with --admin-token TOKEN"
    click.echo(
        f"warning: --host {config.host} is beyond loopback: the admin API (/_mock) is open to the "
        f"network; {guard}",
        err=True,
    )


def _modes(config: Config) -> list[str]:
    """The banner's word on every mode that changes what a client sees."""
    lines = [f"{'seed':<34} {config.seed}"]
    if config.strict:
        what = (
            "requests checked against the contracts; violations refused"
            if config.strict_reject
            else ("requests checked against the contracts; violations recorded")
        )
        lines.append(f"{'strict mode':<34} {what}")
    lines.append(f"{'replay of unchanged reads':<34} {'on' if config.replay else 'off (--no-replay)'}")
    lines.append(f"{'HTTP server':<34} {config.http} ({config.threads} application threads)")
    lines.append(f"{'state kept in':<34} {config.data_dir or 'memory (no --data-dir)'}")
    if config.admin_token:
        lines.append(f"{'admin token':<34} required on /_mock (Authorization: Bearer ...)")
    for vendor, url in config.upstreams.items():
        lines.append(f"{'upstream ' + vendor:<34} {url} (credentials no tenant owns)")
    if config.record_dir is not None:
        lines.append(f"{'recording forwarded exchanges in':<34} {config.record_dir}")
    return lines


@main.group()
def fixtures() -> None:
    """Seed data: generate the committed fixture files deterministically."""


@fixtures.command("generate")
@click.option("--seed", default=42, show_default=True, type=click.IntRange(0, 2**32 - 1))
@click.option("--vendors", type=VENDORS, help="Comma-separated vendors (default: all).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write into (default: fixtures/ of a source checkout; required elsewhere).",
)
def fixtures_generate(seed: int, vendors: list[str] | None, out: Path | None) -> None:
    """Write <vendor>.json from Faker with SEED (same seed, same bytes)."""
    from mockserver.app import MockServer
    from mockserver.core import fixtures as fx

    directory = out or fx.source_fixtures_dir()
    if directory is None:
        raise click.UsageError(
            "not in a source checkout: the installed package's fixtures are not to be rewritten; "
            "say where to write with --out DIR"
        )
    app = MockServer(Config(vendors=vendors, seed_demo=False))
    for vendor in app.vendors.values():
        try:
            path = fx.write(vendor, seed, directory)
        except OSError as exc:
            raise click.ClickException(f"cannot write {exc.filename or directory}: {exc.strerror}") from None
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


@main.command("coverage")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: docs/coverage.md of a source checkout; required elsewhere).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the file is stale.")
def coverage(out: Path | None, check: bool) -> None:
    """Write the implementation coverage table (per vendor and operation) to docs/coverage.md."""
    from mockserver import coverage_table as table

    path = out or table.source_path()
    if path is None:
        raise click.UsageError(
            "not in a source checkout: the installed package is not to be written into; "
            "say where to write with --out FILE"
        )
    expected = table.generate()
    if check:
        if table.stale(path, expected):
            raise click.ClickException(f"{path} is stale: run `mockserver coverage` and commit it")
        click.echo(f"{path} is up to date")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(expected, "utf-8")
    click.echo(f"wrote {path}")


@main.group()
@click.option(
    "--url",
    default="http://127.0.0.1:8000",
    show_default=True,
    envvar="MOCKSERVER_URL",
    help="A running server.",
)
@click.option(
    "--admin-token",
    envvar=ADMIN_TOKEN_ENV,
    help=f"The server's admin token, if it has one (also ${ADMIN_TOKEN_ENV}).",
)
@click.pass_context
def tenants(ctx: click.Context, url: str, admin_token: str | None) -> None:
    """Tenants of a running server (through its admin API)."""
    ctx.obj = AdminClient(url, admin_token)


def _override_client(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A ``--url`` or ``--admin-token`` given after the subcommand wins over the group's."""
    if value is not None:
        client = ctx.find_object(AdminClient)
        if param.name == "url":
            client.url = value.rstrip("/")
        else:
            client.token = value
    return value


def _client_options(command: Any) -> Any:
    """The group's ``--url`` and ``--admin-token`` on each subcommand too: docs/command-line.md spells
    ``mockserver tenants list --url URL``, and a user puts options after the last word."""
    for name, what in (("--admin-token", "The server's admin token"), ("--url", "A running server")):
        option = click.option(name, callback=_override_client, expose_value=False, help=f"{what}.")
        command = option(command)
    return command


def _admin_call(ctx: click.Context, method: str, path: str, body: Any = None) -> Any:
    try:
        return ctx.obj.call(method, path, body)
    except AdminError as exc:
        if exc.status == 401:  # the server names its HTTP header; a CLI user has an option instead
            raise click.ClickException(
                f"the server answered 401: this server needs its admin token: pass it with "
                f"--admin-token TOKEN or ${ADMIN_TOKEN_ENV}"
            ) from None
        raise click.ClickException(f"the server answered {exc.status}: {exc.message}") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise click.ClickException(f"cannot reach {ctx.obj.url}: {reason}") from None


@tenants.command("list")
@_client_options
@click.pass_context
def tenants_list(ctx: click.Context) -> None:
    """List tenants with their credentials."""
    click.echo(json.dumps(_admin_call(ctx, "GET", "/tenants"), indent=2))


@tenants.command("create")
@_client_options
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
@_client_options
@click.argument("tenant_id")
@click.pass_context
def tenants_delete(ctx: click.Context, tenant_id: str) -> None:
    """Delete a tenant."""
    _admin_call(ctx, "DELETE", f"/tenants/{tenant_id}")
    click.echo(f"deleted {tenant_id}")


@tenants.command("reset")
@_client_options
@click.argument("tenant_id")
@click.pass_context
def tenants_reset(ctx: click.Context, tenant_id: str) -> None:
    """Put a tenant's data back to its seed."""
    _admin_call(ctx, "POST", f"/tenants/{tenant_id}/reset")
    click.echo(f"reset {tenant_id}")


main.add_command(_drift_command)


@tenants.command("snapshot")
@click.argument("tenant_id")
@click.pass_context
def tenants_snapshot(ctx: click.Context, tenant_id: str) -> None:
    """Print a tenant's snapshot (its data and settings, never credentials) as JSON:
    `mockserver tenants snapshot ID > world.json`."""
    click.echo(json.dumps(_admin_call(ctx, "GET", f"/tenants/{tenant_id}/snapshot"), indent=1))


@tenants.command("load")
@click.argument("tenant_id")
@click.argument("file", type=click.File("rb"))
@click.pass_context
def tenants_load(ctx: click.Context, tenant_id: str, file: Any) -> None:
    """Replace a tenant's data and settings with a snapshot file (its credentials stay)."""
    try:
        snapshot = json.loads(file.read())
    except ValueError as exc:
        raise click.ClickException(f"{file.name} is not JSON: {exc}") from None
    _admin_call(ctx, "PUT", f"/tenants/{tenant_id}/snapshot", snapshot)
    click.echo(f"loaded {file.name} into {tenant_id}")


main.add_command(_data_commands)
main.add_command(_ca_command)


if __name__ == "__main__":  # pragma: no cover
    main()
