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
    found: dict[str, type[Vendor]] = {}
    for name in NAMES:
        if name not in wanted:
            continue
        try:
            module = importlib.import_module(f"mockserver.vendors.{name}")
        except ModuleNotFoundError as exc:  # a vendor still being built is simply not mounted
            if exc.name != f"mockserver.vendors.{name}" or names is not None:
                raise
            continue
        vendor = getattr(module, "VENDOR", None)
        if vendor is None:  # a package under construction; tests pin that all five are mounted
            if names is not None:
                raise ValueError(f"vendor {name!r} is not complete (no VENDOR)")
            continue
        found[name] = vendor
    return found
