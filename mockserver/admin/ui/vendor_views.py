"""The two pages that belong to one vendor: WerkbonApp's work-order board and Robaws' webhooks.

The vendor modules are imported when a page is asked for, as the vendors' own admin routes do,
so building the admin application at start-up does not import them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockserver.core.tenants import Tenant

WERKBONAPP = "werkbonapp"
ROBAWS = "robaws"


def board(tenant: Tenant) -> dict[str, Any]:
    """Work orders by status column, and the move the mobile app makes next from each column."""
    from mockserver.vendors.werkbonapp import workorders
    from mockserver.vendors.werkbonapp.admin import COMPLETION_TEXT

    columns: dict[str, list[dict[str, Any]]] = {status: [] for status in workorders.STATUSES}
    for order in workorders.collection(tenant.data(WERKBONAPP)).all():
        columns[order.get("status", workorders.KLAARGEZET)].append(order)
    return {
        "columns": columns,
        "next": workorders.NEXT,
        "statuses": workorders.STATUSES,
        "compleet": workorders.COMPLEET,
        "completion_text": [f for f in COMPLETION_TEXT if f not in ("WorkFinished",)],
    }


def webhooks(tenant: Tenant) -> dict[str, Any]:
    """The tenant's Robaws webhook endpoints and every delivery with its attempts, newest first."""
    from mockserver.vendors.robaws import events

    return {
        "endpoints": events.endpoints(tenant.data(ROBAWS)).all(),
        "deliveries": events.delivery_log(tenant).entries()[::-1],
        "signature_header": events.SIGNATURE_HEADER,
    }
