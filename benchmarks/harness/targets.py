"""What is benchmarked: the requests, found on a running server of ours, and our answers to them.

An endpoint that a vendor does not offer (yet) is kept as a row marked 'not available' with the
reason, so the harness reports it instead of failing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from benchmarks.harness.load import Request
from benchmarks.harness.ours import Client, basic, create_tenant, lift_rate_limit
from benchmarks.harness.peers import Answer

ROBAWS_DEMO = ("DEMOAPIKEY0000000000", "demo-api-secret")
WORKSPACE_DEMO = ("token", "demo-token")

#: a Robaws client as a test suite would create one
ROBAWS_CLIENT = {
    "name": "Benchmark Bouw NV",
    "email": "info@benchmark-bouw.example",
    "tel": "+32 9 123 45 67",
    "language": "nl",
    "address": {"addressLine1": "Kerkstraat 1", "postalCode": "9000", "city": "Gent", "country": "BE"},
}


@dataclass
class Target:
    key: str
    label: str
    vendor: str
    request: Request | None = None
    contract_path: str = ""
    mount: str = ""
    expect: int = 200
    reason: str = ""
    answer: Answer | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return self.request is not None and self.answer is not None

    def answer_request(self) -> Request:
        """The same request, as the peers receive it."""
        assert self.answer is not None
        return Request(self.answer.method, self.answer.path, self.answer.headers, self.answer.request_body)


@dataclass
class Entity:
    """A record kind used for writes, memory and scaling: how to create one, fetch it, list a page."""

    vendor: str
    create: Request
    by_id: str  # path with {id}
    first_page: str
    headers: dict[str, str]
    tenant: str
    id_of: Any = None

    def get(self, path: str) -> Request:
        return Request("GET", path, self.headers)


def _mounts(client: Client) -> dict[str, str]:
    demo = client.json("GET", "/_mock/tenants/demo", expect=200)
    return {name: urlsplit(url).path.rstrip("/") for name, url in demo.get("base_urls", {}).items()}


def _credentials(client: Client, tenant: str, vendor: str) -> dict[str, str]:
    return client.json("GET", f"/_mock/tenants/{tenant}", expect=200).get("credentials", {}).get(vendor, {})


def _pair_keys(demo_creds: dict[str, str], pair: tuple[str, str]) -> tuple[str, str] | None:
    """Which credential fields hold the Basic user and password (found from the demo values)."""
    user = next((k for k, v in demo_creds.items() if v == pair[0]), None)
    password = next((k for k, v in demo_creds.items() if v == pair[1]), None)
    return (user, password) if user and password else None


def capture(client: Client, target: Target) -> None:
    """Ask our server; keep the answer for the peers, or the reason the row is not available."""
    request = target.request
    assert request is not None
    status, headers, body = client.request(
        request.method, request.path, request.body or None, request.headers
    )
    if status != target.expect:
        target.reason = f"our server answered {status}"
        target.request = None
        return
    target.answer = Answer(
        method=request.method,
        path=request.path,
        headers=request.headers,
        status=status,
        content_type=headers.get("Content-Type", "application/json"),
        body=body,
        vendor=target.vendor,
        contract_path=target.contract_path,
        mount=target.mount,
        request_body=request.body,
    )


def discover(client: Client) -> tuple[list[Target], Entity | None, list[str]]:
    """The three throughput rows and the write entity, on a running server of ours."""
    notes: list[str] = []
    vendors = client.json("GET", "/_mock/health", expect=200).get("vendors", [])
    mounts = _mounts(client)
    targets = [
        Target("robaws_list", "Robaws GET /clients?page=0&size=10", "robaws"),
        Target("workspace_get", "Workspace GET /quotations/{id}.json", "workspace"),
        Target("write", "Robaws POST /clients (create)", "robaws", expect=201),
    ]
    entity = None
    if "robaws" in vendors:
        mount = mounts["robaws"]
        notes.append("robaws rate limit (demo): " + lift_rate_limit(client, "demo", "robaws"))
        auth = {"Authorization": basic(*ROBAWS_DEMO), "Accept": "application/json"}
        targets[0].request = Request("GET", f"{mount}/clients?page=0&size=10", auth)
        targets[0].contract_path, targets[0].mount = "/clients", mount
        entity = robaws_entity(client, mount, notes)
        if entity is not None:
            targets[2].request = entity.create
            targets[2].contract_path, targets[2].mount = "/clients", mount
        else:
            targets[2].reason = "no tenant credentials for robaws"
    else:
        targets[0].reason = targets[2].reason = "vendor robaws not mounted on this server"
    if "workspace" in vendors:
        mount = mounts["workspace"]
        auth = {"Authorization": basic(*WORKSPACE_DEMO), "Accept": "application/json"}
        quotation = _first_quotation(client, mount, auth)
        if quotation is None:
            targets[1].reason = "no quotation found in the demo tenant"
        else:
            targets[1].request = Request("GET", f"{mount}/quotations/{quotation}.json", auth)
            targets[1].contract_path, targets[1].mount = "/quotations/{id}.json", mount
    else:
        targets[1].reason = "vendor workspace not mounted on this server"
    for target in targets:
        if target.request is not None:
            capture(client, target)
    return targets, entity, notes


def robaws_keys(client: Client) -> tuple[str, str] | None:
    """The credential fields of a Robaws tenant that hold the Basic user and password."""
    return _pair_keys(_credentials(client, "demo", "robaws"), ROBAWS_DEMO)


def robaws_entity(client: Client, mount: str, notes: list[str], fixtures: str = "default") -> Entity | None:
    """Robaws clients in a fresh tenant of their own (writes must not grow the demo tenant that
    the read rows measure), with the rate limit lifted."""
    keys = robaws_keys(client)
    if keys is None:
        return None
    tenant = create_tenant(client, fixtures)
    creds = tenant["credentials"]["robaws"]
    lifted = lift_rate_limit(client, tenant["id"], "robaws")
    if not any("robaws rate limit (fresh tenant)" in n for n in notes):
        notes.append("robaws rate limit (fresh tenant): " + lifted)
    auth = {"Authorization": basic(creds[keys[0]], creds[keys[1]]), "Accept": "application/json"}
    create = Request(
        "POST",
        f"{mount}/clients",
        {**auth, "Content-Type": "application/json"},
        json.dumps(ROBAWS_CLIENT).encode(),
    )
    return Entity(
        vendor="robaws",
        create=create,
        by_id=f"{mount}/clients/{{id}}",
        first_page=f"{mount}/clients?page=0&size=10",
        headers=auth,
        tenant=tenant["id"],
        id_of=lambda body: json.loads(body)["id"],
    )


def _first_quotation(client: Client, mount: str, auth: dict[str, str]) -> str | None:
    status, _headers, body = client.request("GET", f"{mount}/quotations.json", None, auth)
    if status != 200:
        return None
    try:
        rows = json.loads(body)["response"]["data"]["Quotations"]
        return str(rows[0]["Quotation"]["id"])
    except (ValueError, KeyError, IndexError, TypeError):
        return None
