"""``mockserver data check DIR``: verify a ``--data-dir`` offline, as ``serve`` does at start-up."""

from __future__ import annotations

from pathlib import Path

import click

from mockserver.core import datadir


@click.group()
def data() -> None:
    """Inspect a --data-dir without starting a server."""


@data.command("check")
@click.argument("directory", type=click.Path(path_type=Path))
def check(directory: Path) -> None:
    """Verify every file `serve --data-dir DIRECTORY` would load; exit 1 naming the first bad one.
    Changes nothing (start-up removes the leftovers it counts)."""
    try:
        report = datadir.check(directory)
    except datadir.DataDirError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{directory}: ok - {report.summary()}")
