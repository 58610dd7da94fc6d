"""``mockserver drift``: the command line of the drift report (``mockserver.drift.command``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mockserver.client import ADMIN_TOKEN_ENV


@click.command("drift")
@click.argument("recording", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", help="A running mock (default: an in-process one with the demo tenant).")
@click.option(
    "--tenant",
    default="demo",
    show_default=True,
    help="The tenant whose credentials replace the redacted ones.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--include-writes", is_flag=True, help="Also replay writes, into a fresh tenant (deleted afterwards)."
)
@click.option(
    "--ignore",
    "ignore_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A drift-ignore file: known differences, one glob a line (docs/upstream.md).",
)
@click.option(
    "--admin-token", envvar=ADMIN_TOKEN_ENV, help=f"The mock's admin token (also ${ADMIN_TOKEN_ENV})."
)
def drift(
    recording: Path,
    url: str | None,
    tenant: str,
    fmt: str,
    include_writes: bool,
    ignore_file: Path | None,
    admin_token: str | None,
) -> None:
    """Replay a --record file's reads against the mock and report where its answers differ in shape
    (exit 0: none, 1: differences, 2: usage error)."""
    from mockserver.drift.command import Options, run
    from mockserver.drift.replay import DriftError

    options = Options(recording, url, tenant, fmt, include_writes, ignore_file, admin_token)
    try:
        text, code = run(options)
    except DriftError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(text)
    sys.exit(code)
