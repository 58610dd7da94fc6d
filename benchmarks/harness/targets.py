"""What is benchmarked: the requests, found on a running server of ours, and our answers to them.

An endpoint that a vendor does not offer (yet) is kept as a row marked 'not available' with the
reason, so the harness reports it instead of failing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from benchmarks.harness.load import Request
from benchmarks.harness.ours import Client, basic, create_tenant, lift_rate_limit
from benchmarks.harness.peers import Answer

ROBAWS_DEMO = ("DEMOAPIKEY0000000000", "demo-api-secret")
WORKSPACE_DEMO = ("token", "demo-token")
TRACE_HEADER = "X-Request-Id"
SEVERA_NS = "http://soap.severa.com/"
#: long enough for a whole run: a FLOWii token expires on the (real-time) mock clock
FLOWII_TOKEN_TTL = 86_400

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
    #: ``read`` (computed by the vendor's application on every request unless ``replayable``) or
    #: ``write``
    kind: str = "read"
    #: a read our default server replays while the data is unchanged; also measured on a server
    #: started with ``--no-replay`` (the same read computed every time)
    replayable: bool = False
    #: the vendor's contract is OpenAPI, which Prism can serve (Severa's is a WSDL)
    openapi: bool = True
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
        trace = self.request.trace_header if self.request is not None else None
        return Request(
            self.answer.method, self.answer.path, self.answer.headers, self.answer.request_body, trace
        )


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
    """The load rows and the write entity, on a running server of ours. Per vendor, a read as a
    test suite asks it (the issue's test-suite pattern), plus the Robaws page with a trace id per
    request and the Robaws create."""
    notes: list[str] = []
    vendors = client.json("GET", "/_mock/health", expect=200).get("vendors", [])
    mounts = _mounts(client)
    targets = [
        Target("robaws_list", "Robaws GET /clients?page=0&size=10", "robaws", replayable=True),
        Target(
            "robaws_traced",
            f"Robaws GET /clients?page=0&size=10 with a unique {TRACE_HEADER} per request",
            "robaws",
            replayable=True,
        ),
        Target("workspace_get", "Workspace GET /quotations/{id}.json", "workspace", replayable=True),
        Target(
            "werkbonapp_workorders",
            "WerkbonApp GET GetWorkorders (status=Alle, update_status=false)",
            "werkbonapp",
            replayable=True,
        ),
        Target(
            "flowii_partners", "FLOWii GET /partners?companyId=1 (Bearer token)", "flowii", replayable=True
        ),
        Target(
            "severa_accounts",
            "Severa SOAP GetAllAccounts (count 10)",
            "severa",
            openapi=False,
            replayable=True,
        ),
        Target("write", "Robaws POST /clients (create)", "robaws", kind="write", expect=201),
    ]
    entity = None
    builders = {
        "robaws_list": _robaws_list,
        "robaws_traced": _robaws_traced,
        "workspace_get": _workspace_get,
        "werkbonapp_workorders": _werkbonapp_workorders,
        "flowii_partners": _flowii_partners,
        "severa_accounts": _severa_accounts,
    }
    if "robaws" in vendors:
        notes.append("robaws rate limit (demo): " + lift_rate_limit(client, "demo", "robaws"))
        entity = robaws_entity(client, mounts["robaws"], notes)
    for target in targets:
        if target.vendor not in vendors:
            target.reason = f"vendor {target.vendor} not mounted on this server"
        elif target.kind == "write":
            if entity is None:
                target.reason = "no tenant credentials for robaws"
            else:
                target.request, target.contract_path = entity.create, "/clients"
                target.mount = mounts["robaws"]
        else:
            target.mount = mounts[target.vendor]
            builders[target.key](client, target)
        if target.request is not None:
            capture(client, target)
        notes.extend(target.notes)
    return targets, entity, notes


def _robaws_list(client: Client, target: Target) -> None:
    auth = {"Authorization": basic(*ROBAWS_DEMO), "Accept": "application/json"}
    target.request = Request("GET", f"{target.mount}/clients?page=0&size=10", auth)
    target.contract_path = "/clients"


def robaws_page(client: Client) -> Request | None:
    """The Robaws page row alone (demo tenant, rate limit lifted, as in ``discover``), for a
    section that needs no other row."""
    if "robaws" not in client.json("GET", "/_mock/health", expect=200).get("vendors", []):
        return None
    lift_rate_limit(client, "demo", "robaws")
    target = Target(
        "robaws_list", "Robaws GET /clients?page=0&size=10", "robaws", mount=_mounts(client)["robaws"]
    )
    _robaws_list(client, target)
    return target.request


def _robaws_traced(client: Client, target: Target) -> None:
    _robaws_list(client, target)
    assert target.request is not None
    target.request.trace_header = TRACE_HEADER


def _workspace_get(client: Client, target: Target) -> None:
    auth = {"Authorization": basic(*WORKSPACE_DEMO), "Accept": "application/json"}
    quotation = _first_quotation(client, target.mount, auth)
    if quotation is None:
        target.reason = "no quotation found in the demo tenant"
        return
    target.request = Request("GET", f"{target.mount}/quotations/{quotation}.json", auth)
    target.contract_path = "/quotations/{id}.json"


def _werkbonapp_workorders(client: Client, target: Target) -> None:
    """Every work order, without marking them fetched (``update_status=false``: a read that
    changes nothing, so every answer is the same)."""
    creds = _credentials(client, "demo", "werkbonapp")
    query = urlencode({**creds, "status": "Alle", "update_status": "false"})
    target.request = Request("GET", f"{target.mount}/GetWorkorders/?{query}", {"Accept": "application/json"})
    target.contract_path = "/GetWorkorders/"


def _flowii_partners(client: Client, target: Target) -> None:
    """A Bearer token from the password grant (its lifetime raised so it outlives the run)."""
    creds = _credentials(client, "demo", "flowii")
    target.notes.append("flowii rate limit (demo): " + lift_rate_limit(client, "demo", "flowii"))
    client.json("PATCH", "/_mock/tenants/demo/settings", {"flowii": {"token_ttl_seconds": FLOWII_TOKEN_TTL}})
    form = urlencode({"grant_type": "password", "username": creds["username"], "password": creds["password"]})
    status, _h, body = client.request(
        "POST",
        f"{target.mount}/token",
        form.encode(),
        {"Api-Key": creds["api_key"], "Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 200:
        target.reason = f"FLOWii token answered {status}"
        return
    token = json.loads(body)["access_token"]
    # JSON:API's media type, as a JSON:API client asks (Prism answers 406 to application/json)
    headers = {
        "Api-Key": creds["api_key"],
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.api+json",
    }
    target.request = Request("GET", f"{target.mount}/partners?companyId=1", headers)
    target.contract_path = "/partners"


def _severa_accounts(client: Client, target: Target) -> None:
    """A read over SOAP: a POST, so no HTTP-level replay can apply."""
    key = _credentials(client, "demo", "severa")["api_key"]
    envelope = (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>'
        f'<WebServicePassword xmlns="{SEVERA_NS}">{key}</WebServicePassword></s:Header><s:Body>'
        f'<GetAllAccounts xmlns="{SEVERA_NS}"><options>None</options><startFromIndex>0</startFromIndex>'
        "<count>10</count></GetAllAccounts></s:Body></s:Envelope>"
    )
    headers = {
        "Content-Type": "text/xml; charset=utf-8",
        "SOAPAction": f'"{SEVERA_NS}IAccount/GetAllAccounts"',
    }
    target.request = Request("POST", target.mount, headers, envelope.encode())


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
