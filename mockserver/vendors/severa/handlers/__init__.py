"""Stateful operation handlers, one module per area; importing the package registers them all."""

from mockserver.vendors.severa.handlers import accounts, api, billing, organisation, work

__all__ = ["accounts", "api", "billing", "organisation", "work"]
