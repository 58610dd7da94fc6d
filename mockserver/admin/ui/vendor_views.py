"""The two pages that belong to one vendor: WerkbonApp's work-order board and Robaws' webhooks.

The vendor modules are imported when a page is asked for, as the vendors' own admin routes do,
so building the admin application at start-up does not import them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockserver.core.journal import Entry
    from mockserver.core.tenants import Tenant

WERKBONAPP = "werkbonapp"
ROBAWS = "robaws"

#: how a person names each vendor (the journal's vendor column; the id is in the filter and URLs)
DISPLAY_NAMES = {
    WERKBONAPP: "WerkbonApp",
    "flowii": "FLOWii",
    ROBAWS: "Robaws",
    "workspace": "Workspace",
    "severa": "Visma Severa",
}


def display_name(vendor: str | None) -> str:
    return DISPLAY_NAMES.get(vendor or "", vendor or "\u2013")  # an en dash: no vendor


#: an error envelope is a code and a message or two: larger bodies are not read for one
ENVELOPE_MAX = 4096


@dataclass(frozen=True)
class EnvelopeError:
    """An error a vendor sends inside a successful HTTP answer."""

    code: str
    message: str


def envelope_error(entry: Entry) -> EnvelopeError | None:
    """WerkbonApp answers every error with HTTP 200 and ``{"code": 1004, "messages": [...]}``
    (success is ``"code": 200``): the journal must still show it as the error it is."""
    response = entry.response
    if entry.vendor != WERKBONAPP or entry.status != 200 or response is None:
        return None
    if not response.body or len(response.body) > ENVELOPE_MAX:  # a list of orders, not an error
        return None
    try:
        body = json.loads(response.body)
    except ValueError:  # not JSON, or cut at the journal's limit
        return None
    code = body.get("code") if isinstance(body, dict) else None
    if not isinstance(code, int) or isinstance(code, bool) or code == 200:
        return None
    messages = body.get("messages")
    first = messages[0] if isinstance(messages, list) and messages else ""
    return EnvelopeError(str(code), str(first))


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
