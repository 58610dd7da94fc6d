"""Let Spyne 2.14, the latest release, import on Python 3.12 and newer.

Spyne ships its own copy of ``six`` (``spyne.util.six``), whose import hook for ``six.moves`` only
speaks the old finder protocol (``find_module``/``load_module``). Python 3.12 removed that protocol
from the import system, so the first ``from spyne.util.six.moves import …`` fails with
``ModuleNotFoundError`` and every Severa request would answer 500.

:func:`install` puts a small finder at the front of ``sys.meta_path``. As soon as ``spyne.util.six`` has
loaded, it teaches the bundled importer the current protocol (``find_spec``, ``create_module``,
``exec_module`` — the same three methods upstream ``six`` 1.16 added), and the importer answers for
``six.moves`` itself. It runs on every Python version, so the one code path is tested everywhere.

The other break, ``import cgi`` (removed in 3.13), is covered by the ``legacy-cgi`` distribution, a
dependency only on Python 3.13 and newer. Nothing of Spyne is copied here.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

SIX = "spyne.util.six"


def _find_spec(self: Any, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
    if fullname in self.known_modules:
        return importlib.util.spec_from_loader(fullname, self)
    return None


def _create_module(self: Any, spec: ModuleSpec) -> ModuleType:
    return self.load_module(spec.name)


def _exec_module(self: Any, module: ModuleType) -> None:
    """Nothing to run: ``load_module`` already returned the finished module."""


def teach(importer_class: type) -> None:
    """Give six's ``_SixMetaPathImporter`` the PEP 451 methods it lacks (idempotent)."""
    if "find_spec" not in vars(importer_class):
        importer_class.find_spec = _find_spec
        importer_class.create_module = _create_module
        importer_class.exec_module = _exec_module


class SixTeacher(MetaPathFinder):
    """Finds nothing itself. Standing first in ``sys.meta_path``, it sees every import; the first
    one after ``spyne.util.six`` has loaded (and appended its importer to ``sys.meta_path``) teaches
    that importer, which from then on answers for ``spyne.util.six.moves…`` on its own."""

    taught = False

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if not self.taught:
            importer = getattr(sys.modules.get(SIX), "_importer", None)
            if importer is not None:
                teach(type(importer))
                self.taught = True
        return None


def install() -> None:
    """Install the finder once, before Spyne is imported."""
    if not any(isinstance(finder, SixTeacher) for finder in sys.meta_path):
        sys.meta_path.insert(0, SixTeacher())
