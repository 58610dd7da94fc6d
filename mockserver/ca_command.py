"""``mockserver ca``: where the local CA's certificate is, and how to make a client trust it.

The path (or, with ``--pem``, the certificate itself) goes to stdout, so
``export REQUESTS_CA_BUNDLE=$(mockserver ca)`` works; the advice goes to stderr, for the person.
"""

from __future__ import annotations

from pathlib import Path

import click

TRUST_ADVICE = """\
Trust it where your client looks (nothing leaves this machine; the key is readable by you only):
  curl                   curl --cacert {path} ...
  Python requests, zeep  export REQUESTS_CA_BUNDLE={path}
  httpx, urllib, OpenSSL export SSL_CERT_FILE={path}
  Node                   export NODE_EXTRA_CA_CERTS={path}
  PHP                    stream_context_create(['ssl' => ['cafile' => '{path}']])
                         (or openssl.cafile={path} in php.ini)
  the whole machine      sudo cp {path} /usr/local/share/ca-certificates/mockserver.crt
                         sudo update-ca-certificates   (Debian/Ubuntu; elsewhere the system's own tool)"""


@click.command("ca")
@click.option("--pem", is_flag=True, help="Print the CA certificate itself (PEM) instead of its path.")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The CA of a server run with this --data-dir (default: $MOCKSERVER_HOME, or the user's data dir).",
)
def ca_command(pem: bool, data_dir: Path | None) -> None:
    """Print the local CA certificate's path (created on first use) and how to trust it."""
    from mockserver.core.ca import LocalCA, ca_directory

    try:
        ca = LocalCA.ensure(ca_directory(data_dir))
    except OSError as exc:
        raise click.ClickException(f"cannot create the CA in {exc.filename}: {exc.strerror}") from None
    click.echo(ca.pem().rstrip("\n") if pem else str(ca.cert_path))
    click.echo(TRUST_ADVICE.format(path=ca.cert_path), err=True)
