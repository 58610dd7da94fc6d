"""What ``pip`` gets: the sdist and the wheel built from this tree carry no test cache or installed
tool, and their metadata says who, where and for what (what ``pip show`` prints).

The build runs on a copy of the tree without ``.gitignore`` (as a ``git archive`` or an unpacked
sdist has none) and with caches planted where a test run leaves them, so only the project's own
build configuration can keep them out.
"""

from __future__ import annotations

import email.parser
import importlib.metadata
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.e2e.test_cli import ROOT

#: where a test run, an editor or a set-up script leaves files that must never ship
PLANTED = (
    ".hypothesis/examples/0a1b2c/3d4e5f",
    ".pytest_cache/v/cache/lastfailed",
    ".ruff_cache/0.5.0/123",
    "mockserver/__pycache__/cli.cpython-311.pyc",
    "tests/vendors/severa/clients/node_modules/soap/package.json",
    ".venv/bin/python3",
)
CACHE_NAMES = (".hypothesis", ".pytest_cache", ".ruff_cache", "__pycache__", "node_modules", ".venv")


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    tree = tmp_path_factory.mktemp("tree")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, tree / name)
    for name in ("mockserver", "contracts", "fixtures"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns(*CACHE_NAMES))
    for planted in PLANTED:
        (tree / planted).parent.mkdir(parents=True, exist_ok=True)
        (tree / planted).write_text("planted by the packaging test\n")
    out = tree / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-d", str(out)],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return out


def caches_in(names: list[str]) -> list[str]:
    return [n for n in names if any(part in CACHE_NAMES for part in Path(n).parts)]


def test_the_sdist_carries_no_test_cache(dist):
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert "mockserver-0.1.0/mockserver/cli.py" in names
    assert caches_in(names) == []


def test_the_wheel_carries_no_test_cache_and_its_data(dist):
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "mockserver/_data/contracts/robaws.openapi.yaml" in names
    assert caches_in(names) == []


@pytest.fixture(scope="module")
def metadata(dist, tmp_path_factory) -> importlib.metadata.PackageMetadata:
    """The wheel's metadata read by importlib.metadata, as ``pip show`` reads the installed copy."""
    (wheel,) = dist.glob("*.whl")
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site, [n for n in archive.namelist() if ".dist-info/" in n])
    (info,) = site.glob("*.dist-info")
    return importlib.metadata.Distribution.at(info).metadata


def test_the_metadata_names_the_author_and_the_project_urls(metadata):
    assert metadata["Name"] == "mockserver"
    assert metadata["Author"] == "The mockserver authors"
    urls = dict(entry.split(", ", 1) for entry in metadata.get_all("Project-URL"))
    assert set(urls) == {"Homepage", "Repository", "Documentation", "Issues"}
    assert all(url.startswith("https://github.com/mockserver-sandbox/mockserver") for url in urls.values())
    assert metadata["License-Expression"] == "MIT"


def test_the_metadata_classifies_versions_framework_topic_and_licence(metadata):
    classifiers = set(metadata.get_all("Classifier"))
    assert {
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "Framework :: Flask",
        "Topic :: Software Development :: Testing",
        "License :: OSI Approved :: MIT License",
    } <= classifiers


def test_the_sdist_metadata_is_the_wheels(dist, metadata):
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        pkg_info = archive.extractfile("mockserver-0.1.0/PKG-INFO").read().decode()
    parsed = email.parser.Parser().parsestr(pkg_info)
    assert parsed.get_all("Project-URL") == metadata.get_all("Project-URL")
    assert parsed.get_all("Classifier") == metadata.get_all("Classifier")
