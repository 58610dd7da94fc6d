"""Every test here keeps the local CA in a temporary ``MOCKSERVER_HOME``: the real home is never touched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from mockserver.core.ca import HOME_ENV, LocalCA, ca_directory

_HOME = tempfile.mkdtemp(prefix="mockserver-home-")
os.environ[HOME_ENV] = _HOME  # subprocesses (the CLI, PHP, Node) inherit it


@pytest.fixture(scope="session")
def local_ca() -> LocalCA:
    return LocalCA.ensure(ca_directory())


@pytest.fixture(scope="session")
def ca_file(local_ca: LocalCA) -> Path:
    return local_ca.cert_path
