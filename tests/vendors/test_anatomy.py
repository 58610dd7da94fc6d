"""The vendor anatomy of ``mockserver/vendors/README.md`` holds for every vendor package: each
required module exists (``routes.py`` unless the vendor builds its own WSGI app), nothing outside
the table's files is claimed, the vendor's name and API root are spelled once, in its
``__init__.py`` (other modules import ``NAME`` and ``BASE_PATH``), and an optional module means
what its name says everywhere (docs/glossary.md)."""

from __future__ import annotations

import ast
import importlib
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
    assert {"schemas.py", "models.py", "admin.py", "operation_coverage.py"} <= {
        f for f, n in table.items() if n == "optional"
    }


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


def _imported(path: Path) -> set[str]:
    """The top-level packages a module imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("name", NAMES)
def test_optional_modules_mean_one_thing(name: str):
    """A ``schemas.py`` holds marshmallow schemas (Severa's Spyne types are ``spyne_types.py``), an
    ``operation_coverage.py`` gives the rows ``Vendor.coverage()`` asks it for."""
    package = VENDORS / name
    if (package / "schemas.py").is_file():
        assert "marshmallow" in _imported(package / "schemas.py"), f"{name}/schemas.py is not marshmallow"
    if (package / "operation_coverage.py").is_file():
        module = importlib.import_module(f"mockserver.vendors.{name}.operation_coverage")
        assert callable(module.operations)
    assert not (package / "coverage.py").exists(), "the hook module is operation_coverage.py"
