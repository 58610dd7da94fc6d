"""Robaws API v2 (Belgian construction ERP): JSON REST with Basic auth or OAuth2, paging,
JSON Patch and merge patch, a token-bucket rate limiter, idempotency keys and signed webhooks."""

from __future__ import annotations

import threading
from functools import cached_property
from typing import Any

from werkzeug.wrappers import Response

from mockserver.core.clock import iso_utc
from mockserver.core.http import has_request, request
from mockserver.core.vendor import Problem, Vendor
from mockserver.core.webhooks import WebhookDispatcher

#: the vendor's name in URLs, settings and the admin API: spelled here only
NAME = "robaws"
#: the real API's root below the mock prefix
BASE_PATH = "/api/v2"

from mockserver.vendors.robaws.errors import ErrorForPath, error_response  # noqa: E402 - after NAME, which it imports
from mockserver.vendors.robaws.settings import DEFAULT_SETTINGS  # noqa: E402 - after NAME, which it imports


class RobawsVendor(Vendor):
    name = NAME
    title = "Robaws API v2"
    prefix = "/robaws"
    base_path = BASE_PATH
    hostnames = ("app.robaws.com", "app.robaws.be")
    locale = "nl_BE"
    demo_credentials = {
        "api_key": "DEMOAPIKEY0000000000",
        "api_secret": "demo-api-secret",
        "client_id": "demo-client",
        "client_secret": "demo-client-secret",
    }
    identifying_credentials = ("api_key", "client_id")
    default_settings = DEFAULT_SETTINGS
    contract_file = "robaws.openapi.yaml"
    #: a replayable read (Basic auth, rate limit off) depends on its credentials only
    replay_headers = ("Authorization",)

    def __init__(self, server: Any) -> None:
        super().__init__(server)
        self._webhooks: WebhookDispatcher | None = None
        self._lock = threading.Lock()

    @cached_property
    def oauth(self) -> Any:
        """The OAuth2 server, built on first use: its modules import the resource schemas, which
        start-up should not wait for."""
        from mockserver.vendors.robaws.oauth import OAuth

        return OAuth(self)

    @property
    def webhooks(self) -> WebhookDispatcher:
        """The delivery workers, created (and their threads started) on first use."""
        if self._webhooks is None:
            from mockserver.core.selfcall import admin_target
            from mockserver.vendors.robaws import events

            with self._lock:
                if self._webhooks is None:
                    dispatcher = WebhookDispatcher(self.name, self.server.clock, events.sign)
                    dispatcher.on_suspend = lambda log, endpoint_id: events.mark_suspended(
                        self, log, endpoint_id
                    )
                    dispatcher.refuse = lambda url: admin_target(url, self.server)
                    self._webhooks = dispatcher
        return self._webhooks

    def new_credentials(self) -> dict[str, str]:
        import secrets

        return {
            "api_key": secrets.token_hex(10).upper(),
            "api_secret": secrets.token_urlsafe(18),
            "client_id": f"client-{secrets.token_hex(8)}",
            "client_secret": secrets.token_urlsafe(24),
        }

    # -- the request pipeline (``access``) -----------------------------------------------------------
    def read_credentials(self, request: Any) -> Any:
        from mockserver.vendors.robaws.auth import read_credentials

        return read_credentials(self, request)

    def needs_credentials(self, request: Any) -> bool:
        """Every call under the API root, matched or not (a stranger's unknown path is a 401)."""
        return request.path.startswith(self.base_path)

    def rate_rule(self, context: Any) -> Any:
        from mockserver.vendors.robaws.access import rate_rule

        return rate_rule(context)

    def idempotency_rule(self, context: Any, request: Any) -> Any:
        from mockserver.vendors.robaws.access import idempotency_rule

        return idempotency_rule(context, request)

    def problem_response(self, problem: Problem) -> Response:
        status = problem.status if 400 <= problem.status < 600 else 500
        message = problem.message if status == 400 else None
        if problem.kind in ("malformed", "bad_encoding"):
            status, message = 400, problem.message
        timestamp = iso_utc(self.server.clock.now())
        if has_request():
            return error_response(status, request.path, message, timestamp)
        return ErrorForPath(status, message, timestamp)

    def admin_blueprint(self) -> Any:
        from mockserver.vendors.robaws.admin import blueprint

        return blueprint(self)

    def close(self) -> None:
        if self._webhooks is not None:
            self._webhooks.close()

    def snapshot_collections(self) -> set[str]:
        """The resources' collections, their comments and the webhook endpoints."""
        from mockserver.vendors.robaws.events import ENDPOINTS
        from mockserver.vendors.robaws.resources import RESOURCES

        return (
            {r.collection for r in RESOURCES.values()}
            | {"comments", ENDPOINTS}
            | super().snapshot_collections()
        )


VENDOR = RobawsVendor
