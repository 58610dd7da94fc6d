"""The vendor anatomy of ``mockserver/vendors/README.md`` holds for every vendor package: each
required module exists (``routes.py`` unless the vendor builds its own WSGI app), nothing outside
the table's files is claimed, and the vendor's name and API root are spelled once, in its
``__init__.py`` (other modules import ``NAME`` and ``BASE_PATH``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from mockserver.core.vendor import Vendor
from mockserver.vendors import NAMES, vendor_classes

VENDORS = Path(__file__).resolve().parents[2] / "mockserver" / "vendors"
ROW = re.compile(r"^\| `(?P<file>[\w.]+)` \| (?P<needed>[^|]+) \|", re.M)


def anatomy() -> dict[str, str]:
    """file -> how much it is needed, from the README's table."""
    return {m["file"]: m["needed"].strip() for m in ROW.finditer((VENDORS / "README.md").read_text())}


def test_the_readme_table_names_required_and_optional_modules():
    table = anatomy()
    assert {"__init__.py", "auth.py", "errors.py", "fixtures.py", "README.md"} <= {
        f for f, needed in table.items() if needed == "required"
    }
    assert table["routes.py"] == "required unless `create_wsgi_app` is overridden"
    assert {"schemas.py", "models.py", "admin.py"} <= {f for f, n in table.items() if n == "optional"}


@pytest.mark.parametrize("name", NAMES)
def test_every_vendor_package_has_the_required_modules(name: str):
    package = VENDORS / name
    cls = vendor_classes([name])[name]
    assert issubclass(cls, Vendor) and cls.name == name
    for file, needed in anatomy().items():
        if needed == "required":
            assert (package / file).is_file(), f"{name} lacks {file}"
        elif needed.startswith("required unless `create_wsgi_app`"):
            builds_own = cls.create_wsgi_app is not Vendor.create_wsgi_app
            assert (package / file).is_file() or builds_own, f"{name} lacks {file}"


def _literals(path: Path) -> list[str]:
    return [
        n.value
        for n in ast.walk(ast.parse(path.read_text()))
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


@pytest.mark.parametrize("name", NAMES)
def test_a_vendor_is_named_once(name: str):
    cls = vendor_classes([name])[name]
    spelled = {value for value in (cls.name, cls.base_path) if value}
    for path in sorted((VENDORS / name).rglob("*.py")):
        if path.name == "__init__.py" and path.parent == VENDORS / name:
            continue
        found = spelled & set(_literals(path))
        assert not found, f"{path.relative_to(VENDORS)} spells {found}: import NAME / BASE_PATH instead"
