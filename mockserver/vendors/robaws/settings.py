"""The tenant's Robaws settings, parsed once per settings change instead of on every request.

``default_settings`` is what ``PATCH /_mock/tenants/{id}/settings`` can change (every knob is
documented in this package's README). ``for_tenant()`` returns the parsed ``RobawsSettings``,
kept by ``Tenant.parsed_settings`` until the next settings patch, so the hot path pays a dict lookup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mockserver.core.ratelimit import RateLimitPolicy
from mockserver.core.webhooks import RetryPolicy
from mockserver.vendors.robaws import NAME

if TYPE_CHECKING:
    from mockserver.core.tenants import Tenant


DEFAULT_SETTINGS: dict[str, Any] = {
    "rate_limit": {"enabled": True, "burst_capacity": 20, "replenish_rate": 15},
    "idempotency": {
        "enabled": True,
        "ttl_seconds": 86400,
        "max_key_length": 128,
        "mismatch_status": 422,
        "max_keys": 1000,
        "max_bytes": 4_000_000,
    },
    "patch": {"plain_json": "merge"},
    "permissions": {"denied_modules": [], "webhook_admin": True},
    "oauth": {
        "access_token_ttl_seconds": 3600,
        "refresh_token_ttl_seconds": 30 * 86400,
        "code_ttl_seconds": 600,
        "consent_page": False,
        # [inf] the documented scope a token needs for a module that has none of its own; "" = any
        # valid token (a token with every documented scope must reach every module)
        "inferred_scopes": {"sales-invoices": "", "purchase-invoices": "", "webhook-endpoints": "settings"},
    },
    "paging": {"default_size": 10, "max_size": 100, "envelope_size": "items"},
    "webhooks": {
        "retry_schedule_seconds": [10, 60, 300, 1800, 7200],
        "suspend_after_failures": 6,
        "delivery_log_size": 500,
    },
}


@dataclass(frozen=True)
class RobawsSettings:
    rate_limited: bool
    rate_policy: RateLimitPolicy
    idempotency: bool
    idempotency_ttl: float
    max_key_length: int
    mismatch_status: int
    #: caps of the kept answers (core ``IdempotencyStore``): the oldest go first
    max_keys: int
    max_key_bytes: int
    plain_json_patch: str  # "merge" | "reject"
    denied_modules: frozenset[str]
    webhook_admin: bool
    access_ttl: float
    refresh_ttl: float
    code_ttl: float
    consent_page: bool
    #: module -> the scope a token needs for it, where Robaws documents none (inferred; "" = none)
    inferred_scopes: dict[str, str]
    default_size: int
    max_size: int
    #: "items" (the page's item count) or "requested" (the page size asked for)
    envelope_size: str
    retry_policy: RetryPolicy
    #: deliveries kept in the log (the oldest dropped first)
    delivery_log_size: int


def parse(settings: dict[str, Any]) -> RobawsSettings:
    rate = settings["rate_limit"]
    burst = max(0, int(rate["burst_capacity"]))
    replenish = max(0.0, float(rate["replenish_rate"]))
    policy = RateLimitPolicy(
        capacity=burst,
        refill_per_second=replenish,
        remaining_header="x-ratelimit-remaining",
        extra_headers=(
            ("X-RateLimit-Replenish-Rate", f"{replenish:g}"),
            ("X-RateLimit-Burst-Capacity", str(burst)),
            ("X-RateLimit-Requested-Tokens", "1"),
        ),
        retry_after=False,
    )
    idem = settings["idempotency"]
    mismatch = int(idem["mismatch_status"])
    oauth = settings["oauth"]
    paging = settings["paging"]
    max_size = max(1, int(paging["max_size"]))
    hooks = settings["webhooks"]
    schedule = tuple(float(s) for s in hooks["retry_schedule_seconds"] if isinstance(s, int | float))
    return RobawsSettings(
        rate_limited=bool(rate["enabled"]),
        rate_policy=policy,
        idempotency=bool(idem["enabled"]),
        idempotency_ttl=max(0.0, float(idem["ttl_seconds"])),
        max_key_length=max(1, int(idem["max_key_length"])),
        mismatch_status=mismatch if 400 <= mismatch < 500 else 422,
        max_keys=max(1, int(idem["max_keys"])),
        max_key_bytes=max(1, int(idem["max_bytes"])),
        plain_json_patch="reject" if settings["patch"]["plain_json"] == "reject" else "merge",
        denied_modules=frozenset(str(m) for m in settings["permissions"]["denied_modules"]),
        webhook_admin=bool(settings["permissions"]["webhook_admin"]),
        access_ttl=float(oauth["access_token_ttl_seconds"]),
        refresh_ttl=float(oauth["refresh_token_ttl_seconds"]),
        code_ttl=float(oauth["code_ttl_seconds"]),
        consent_page=bool(oauth["consent_page"]),
        inferred_scopes={str(k): str(v or "") for k, v in oauth["inferred_scopes"].items()},
        default_size=min(max_size, max(1, int(paging["default_size"]))),
        max_size=max_size,
        envelope_size="requested" if paging["envelope_size"] == "requested" else "items",
        retry_policy=RetryPolicy(
            schedule=schedule, suspend_after=max(1, int(hooks["suspend_after_failures"]))
        ),
        delivery_log_size=max(1, int(hooks["delivery_log_size"])),
    )


def for_tenant(tenant: Tenant) -> RobawsSettings:
    """The parsed settings of ``tenant``: re-parsed only after its settings were patched."""
    return tenant.parsed_settings(NAME, parse)
