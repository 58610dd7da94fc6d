"""Webhook events: when a covered entity is created or updated, every subscribed, active
endpoint of the tenant gets ``{"id": <event uuid>, "event": <type>, "data": <entity>}``, signed
with ``Robaws-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>``.

Emitting only enqueues (core ``WebhookDispatcher``): the request that caused the event never
waits on a receiver.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from typing import TYPE_CHECKING, Any

from mockserver.core.webhooks import DeliveryLog, Endpoint
from mockserver.vendors.robaws import NAME
from mockserver.vendors.robaws import settings as robaws_settings

if TYPE_CHECKING:
    from mockserver.core.store import VendorData
    from mockserver.core.tenants import Tenant
    from mockserver.vendors.robaws import RobawsVendor

ENDPOINTS = "webhookEndpoints"
SIGNATURE_HEADER = "Robaws-Signature"


def sign(endpoint: Endpoint, body: bytes, timestamp: int) -> dict[str, str]:
    digest = hmac.new(endpoint.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return {SIGNATURE_HEADER: f"t={timestamp},v1={digest}"}


def delivery_log(tenant: Tenant) -> DeliveryLog:
    """The tenant's delivery log, kept in its durable runtime state (it survives a restart)."""

    def create() -> DeliveryLog:
        table = tenant.state(NAME).map("webhook_deliveries")
        return DeliveryLog(
            owner=tenant.id, limit=robaws_settings.for_tenant(tenant).delivery_log_size, table=table
        )

    log = tenant.runtime(NAME, "webhook_deliveries", create)
    log.limit = robaws_settings.for_tenant(tenant).delivery_log_size
    return log


def endpoints(data: VendorData) -> Any:
    return data.collection(ENDPOINTS, unique=("uuid",))


def emit(
    vendor: RobawsVendor, tenant: Tenant, data: VendorData, events: list[str], entity: dict[str, Any]
) -> None:
    """Queue one delivery per (event, subscribed endpoint); a suspended endpoint's is only logged."""
    collection = endpoints(data)
    if not len(collection):
        return
    subscribed = collection.all()  # suspended ones too: the dispatcher logs what it did not send
    log = delivery_log(tenant)
    policy = robaws_settings.for_tenant(tenant).retry_policy
    for event in events:
        targets = [e for e in subscribed if event in e["events"]]
        if not targets:
            continue
        event_id = str(uuid.uuid4())
        body = json.dumps({"id": event_id, "event": event, "data": entity}, ensure_ascii=False).encode()
        for record in targets:
            endpoint = Endpoint(record["uuid"], record["url"], record["secret"])
            vendor.webhooks.send(log, endpoint, event, event_id, body, policy)


def mark_suspended(vendor: RobawsVendor, log: DeliveryLog, endpoint_id: str) -> None:
    """The dispatcher's suspension callback: record SUSPENDED on the endpoint (shown by GET)."""
    tenant = vendor.server.tenants.get(log.owner) if log.owner else None
    if tenant is None:
        return
    with tenant.lock:
        if delivery_log(tenant) is not log:  # the tenant was reset since
            return
        collection = endpoints(tenant.data(NAME))
        found = collection.find_by("uuid", endpoint_id)
        if found is not None:
            collection.update(found["id"], {"status": "SUSPENDED"})
