"""Webhook endpoints: ``POST``/``GET`` ``/webhook-endpoints``, ``GET``/``DELETE`` ``/webhook-endpoints/{id}``.

Admin users only (``permissions.webhook_admin``); ids are UUIDs; the signing secret is shown only
by the POST that creates the endpoint. Deliveries are ``events``' business.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from typing import Any

from flask import Response
from marshmallow import ValidationError

from mockserver.core.http import json_response, request, server
from mockserver.core.selfcall import admin_target
from mockserver.vendors.robaws import events, listing
from mockserver.vendors.robaws.auth import require_module
from mockserver.vendors.robaws.errors import RobawsError, bad_request, not_found
from mockserver.vendors.robaws.handling import body, data, now, principal, rules
from mockserver.vendors.robaws.resources import EVENTS, RESOURCES, WEBHOOKS_MODULE
from mockserver.vendors.robaws.schemas import WebhookEndpointSchema, error_message


def webhook_admin() -> None:
    require_module(principal(), WEBHOOKS_MODULE, rules())
    if not rules().webhook_admin:
        raise RobawsError(403)


def endpoint_json(record: dict, secret: bool = False) -> dict[str, Any]:
    shown = {
        "id": record["uuid"],
        "url": record["url"],
        "events": record["events"],
        "status": record["status"],
        "createdAt": record["createdAt"],
    }
    if secret:
        shown["secret"] = record["secret"]
    return shown


def webhook_endpoint(endpoint_id: str) -> dict:
    found = events.endpoints(data()).find_by("uuid", endpoint_id)
    if found is None:
        raise not_found("Webhook endpoint", endpoint_id)
    return found


def create_webhook_endpoint() -> Response:
    webhook_admin()
    sent = body()
    if not isinstance(sent, dict):
        raise bad_request("Request body must be a JSON object")
    try:
        parsed = WebhookEndpointSchema().load(sent)
    except ValidationError as exc:
        raise bad_request(error_message(exc)) from exc
    refused = admin_target(parsed["url"], server())
    if refused is not None:
        raise RobawsError(422, f"Validation failed: url: {refused}")
    unknown = sorted(set(parsed["events"]) - EVENTS)
    if unknown:
        raise bad_request(f"Validation failed: events: unknown event type(s) {', '.join(unknown)}")
    record = {
        "uuid": str(uuid.uuid4()),
        "url": parsed["url"],
        "events": list(dict.fromkeys(parsed["events"])),
        "secret": "whsec_" + secrets.token_hex(24),
        "status": "ACTIVE",
        "createdAt": now(),
    }
    stored = events.endpoints(data()).insert(record)
    return json_response(endpoint_json(stored, secret=True), 201)


def list_webhook_endpoints() -> Response:
    webhook_admin()
    settings = rules()
    query = listing.parse(request.args, RESOURCES["clients"], settings.default_size, settings.max_size)
    query.predicates.clear()
    page, total = listing.select(events.endpoints(data()), query)
    shown = [endpoint_json(r) for r in page]
    return json_response(listing.envelope(shown, query, total, settings.envelope_size))


def get_webhook_endpoint(endpoint_id: str) -> Response:
    webhook_admin()
    return json_response(endpoint_json(webhook_endpoint(endpoint_id)))


def delete_webhook_endpoint(endpoint_id: str) -> Response:
    webhook_admin()
    found = webhook_endpoint(endpoint_id)
    events.endpoints(data()).remove(found["id"])
    return Response(status=204)


#: (rule under the API root, handler, methods)
ROUTES: tuple[tuple[str, Callable[..., Response], tuple[str, ...]], ...] = (
    ("/webhook-endpoints", create_webhook_endpoint, ("POST",)),
    ("/webhook-endpoints", list_webhook_endpoints, ("GET",)),
    ("/webhook-endpoints/<endpoint_id>", get_webhook_endpoint, ("GET",)),
    ("/webhook-endpoints/<endpoint_id>", delete_webhook_endpoint, ("DELETE",)),
)
