"""The local CA: created once with owner-only files, reused, and issuing leaf certificates that a
real TLS client accepts for every vendor hostname."""

from __future__ import annotations

import datetime
import ipaddress
import stat
from pathlib import Path

from click.testing import CliRunner
from cryptography import x509

from mockserver.cli import main
from mockserver.core.ca import LocalCA
from mockserver.vendors import vendor_classes


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_ca_is_created_once_readable_by_the_owner_only(tmp_path):
    directory = tmp_path / "tls"
    ca = LocalCA.ensure(directory)
    first = ca.cert_path.read_bytes(), ca.key_path.read_bytes()
    assert mode(directory) == 0o700
    assert {p.name: mode(p) for p in directory.iterdir()} == {
        ".lock": 0o600,
        "ca.pem": 0o600,
        "ca-key.pem": 0o600,
    }
    again = LocalCA.ensure(directory)
    assert (again.cert_path.read_bytes(), again.key_path.read_bytes()) == first
    cert = ca.certificate()
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert lifetime >= datetime.timedelta(days=365 * 10)


def test_a_leaf_names_every_vendor_hostname_and_is_reused(tmp_path):
    ca = LocalCA.ensure(tmp_path)
    hostnames = [h for cls in vendor_classes(None).values() for h in cls.hostnames]
    leaf = ca.leaf(hostnames)
    cert = x509.load_pem_x509_certificate(leaf.cert.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    dns = set(names.get_values_for_type(x509.DNSName))
    ips = set(names.get_values_for_type(x509.IPAddress))
    assert {"localhost", "app.robaws.com", "sync.severa.com", "api.workspace.nl"} <= dns
    assert set(hostnames) <= dns
    assert ips == {ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")}
    assert cert.issuer == ca.certificate().subject
    assert mode(leaf.cert) == mode(leaf.key) == 0o600
    before = leaf.cert.read_bytes()
    assert ca.leaf(reversed(hostnames)).cert.read_bytes() == before


def test_the_ca_command_prints_the_path_or_the_pem_and_how_to_trust_it(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["ca", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "tls" / "ca.pem"
    assert result.stdout.strip() == str(path)
    for advice in (
        "REQUESTS_CA_BUNDLE",
        "SSL_CERT_FILE",
        "NODE_EXTRA_CA_CERTS",
        "cafile",
        "update-ca-certificates",
    ):
        assert advice in result.stderr
    pem = runner.invoke(main, ["ca", "--pem", "--data-dir", str(tmp_path)])
    assert pem.stdout.strip() == path.read_text().strip()
    assert pem.stdout.startswith("-----BEGIN CERTIFICATE-----")


def test_the_ca_command_defaults_to_mockserver_home(local_ca):
    result = CliRunner().invoke(main, ["ca"])
    assert result.stdout.strip() == str(local_ca.cert_path)
