"""Stateful operation handlers, one module per area; importing the package registers them all,
then gives every other operation the catalogue's generic behaviour (``generic``) where it has one."""

from mockserver.vendors.severa import generic
from mockserver.vendors.severa.handlers import (
    access,
    accounts,
    activities,
    api,
    billing,
    expenses,
    invoicing,
    organisation,
    work,
)
from mockserver.vendors.severa.operations import HANDLERS

generic.register(HANDLERS)

__all__ = [
    "access",
    "accounts",
    "activities",
    "api",
    "billing",
    "expenses",
    "invoicing",
    "organisation",
    "work",
]
