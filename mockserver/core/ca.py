"""The local certificate authority: what lets clients keep the vendors' own ``https`` URLs.

A client that trusts this CA accepts the mock's certificate for ``app.robaws.com`` (and every other
vendor hostname, ``localhost``, ``127.0.0.1``, ``::1``) exactly as it accepts the real vendor's. The
CA is created once, on first need, in ``$MOCKSERVER_HOME`` (default: the user's data directory,
``~/.local/share/mockserver`` on Linux) or under ``--data-dir``; the key never leaves the machine,
and the files are readable by their owner only (0600 in a 0700 directory).

Leaf certificates are issued per set of names and cached next to the CA, so a restart serves the
same certificate and a client's pinned trust keeps working. X.509 is done by ``cryptography``.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import ipaddress
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HOME_ENV = "MOCKSERVER_HOME"
#: the CA's files inside its directory
CA_CERT = "ca.pem"
CA_KEY = "ca-key.pem"
CA_YEARS = 10
#: below Apple's 825-day ceiling for certificates from a private CA; renewed 30 days before the end
LEAF_DAYS = 397
LEAF_RENEW_DAYS = 30
#: names every leaf certificate carries besides the vendors' hostnames
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")

_lock = threading.Lock()


def default_home() -> Path:
    """``$MOCKSERVER_HOME``, else the user's data directory for mockserver."""
    configured = os.environ.get(HOME_ENV)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("mockserver", appauthor=False))


def ca_directory(data_dir: Path | None = None) -> Path:
    """Where the CA lives: under ``--data-dir`` when the server keeps its state there, so one
    directory holds everything that instance owns; else the user's mockserver home."""
    return Path(data_dir) / "tls" if data_dir is not None else default_home() / "tls"


@dataclass(frozen=True)
class Leaf:
    """A leaf certificate: ``cert`` holds the leaf then the CA (the chain a server sends)."""

    cert: Path
    key: Path
    names: tuple[str, ...]


class LocalCA:
    """The CA in ``directory``; ``LocalCA.ensure(directory)`` creates it the first time."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.cert_path = self.directory / CA_CERT
        self.key_path = self.directory / CA_KEY

    @classmethod
    def ensure(cls, directory: Path) -> LocalCA:
        """The CA in ``directory``, created (key + self-signed certificate) if it is not there yet.
        Safe against another process doing the same at the same moment."""
        ca = cls(directory)
        with _locked(ca.directory):
            if not (ca.cert_path.exists() and ca.key_path.exists()):
                ca._create()
        return ca

    # -- reading -----------------------------------------------------------------------------------
    def pem(self) -> str:
        return self.cert_path.read_text()

    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.cert_path.read_bytes())

    def _private_key(self) -> ec.EllipticCurvePrivateKey:
        key = serialization.load_pem_private_key(self.key_path.read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key

    # -- issuing -----------------------------------------------------------------------------------
    def leaf(self, hostnames: Iterable[str] = ()) -> Leaf:
        """A leaf certificate for ``localhost``, ``127.0.0.1``, ``::1`` and ``hostnames``: the
        cached one when it still covers those names for more than ``LEAF_RENEW_DAYS``, else new."""
        names = tuple(dict.fromkeys([*LOCAL_NAMES, *sorted({h.lower() for h in hostnames})]))
        digest = hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]
        leaf = Leaf(self.directory / f"leaf-{digest}.pem", self.directory / f"leaf-{digest}-key.pem", names)
        with _locked(self.directory):
            if not self._usable(leaf):
                self._issue(leaf)
        return leaf

    def _usable(self, leaf: Leaf) -> bool:
        if not (leaf.cert.exists() and leaf.key.exists()):
            return False
        try:
            cert = x509.load_pem_x509_certificate(leaf.cert.read_bytes())
        except ValueError:
            return False
        left = cert.not_valid_after_utc - _now()
        return cert.issuer == self.certificate().subject and left > datetime.timedelta(days=LEAF_RENEW_DAYS)

    def _create(self) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, "mockserver local CA"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mockserver (this machine only)"),
            ]
        )
        now = _now()
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365 * CA_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        _write_private(self.key_path, _key_pem(key))
        _write_private(self.cert_path, cert.public_bytes(serialization.Encoding.PEM))

    def _issue(self, leaf: Leaf) -> None:
        ca_cert, ca_key = self.certificate(), self._private_key()
        key = ec.generate_private_key(ec.SECP256R1())
        now = _now()
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, leaf.names[0])]))
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=LEAF_DAYS))
            .add_extension(
                x509.SubjectAlternativeName([_general_name(n) for n in leaf.names]), critical=False
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
            )
            .sign(ca_key, hashes.SHA256())
        )
        _write_private(leaf.key, _key_pem(key))
        chain = cert.public_bytes(serialization.Encoding.PEM) + ca_cert.public_bytes(
            serialization.Encoding.PEM
        )
        _write_private(leaf.cert, chain)


def _general_name(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _now() -> datetime.datetime:
    # real time on purpose: certificates are checked by clients against their clock, not the mock's
    return datetime.datetime.now(datetime.UTC)


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` readable by the owner only, whole or not at all (a temporary file renamed)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """The directory (0700), held by this thread and, where ``fcntl`` exists, this process only."""
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    with _lock, os.fdopen(os.open(directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)) as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: one process at a time is the user's care
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
