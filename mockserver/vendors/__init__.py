"""The vendor registry: every vendor package, in the order they are listed to users.

Each package exposes ``VENDOR``, its ``mockserver.core.vendor.Vendor`` subclass.
"""

from __future__ import annotations

import importlib

from mockserver.core.vendor import Vendor

NAMES: tuple[str, ...] = ("werkbonapp", "flowii", "robaws", "workspace", "severa")


def vendor_classes(names: list[str] | None = None) -> dict[str, type[Vendor]]:
    """The vendor classes to mount. Unknown names are an error, so a typo in ``--vendors``
    never silently serves less than asked for."""
    wanted = list(NAMES) if names is None else names
    unknown = [n for n in wanted if n not in NAMES]
    if unknown:
        raise ValueError(f"unknown vendor(s): {', '.join(unknown)} (known: {', '.join(NAMES)})")
    return {
        name: importlib.import_module(f"mockserver.vendors.{name}").VENDOR for name in NAMES if name in wanted
    }
