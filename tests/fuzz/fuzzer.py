"""The contract fuzzer: schemathesis generates requests from each contract, sends them over real
HTTP to a live mockserver, and checks each answer against the same contract.

Two numbers must stay at zero on every contract: answers with a 5xx status (the server broke) and
answers that violate the contract's response schema (the contract lies, or the server does). Every
other check schemathesis makes (status codes, content types, headers, negative data accepted) is
reported as a finding, unless ``quirks.KNOWN_QUIRKS`` says that the vendor really behaves so.

One tenant, made for the run, is the target of every vendor contract (rate limits off: the fuzzer
tests shapes, not throttling). The admin contract runs last, because it may reset the server, move
the clock or add fault rules; each admin operation gets a fresh tenant for its ``{tenant_id}``.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import json
import re
import shlex
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import hypothesis
import hypothesis.errors
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mockserver.core.contracts import Contracts
from mockserver.testing import AdminClient
from tests.fuzz.quirks import KNOWN_QUIRKS, Sent, is_known

#: the contracts, in the order they run (admin last: it may reset the server)
CONTRACTS = ("werkbonapp", "flowii", "robaws", "workspace", "admin")
SERVER_ERROR = "not_a_server_error"
SCHEMA = "response_schema_conformance"
CHECKS = (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
)
#: a URL in a request body is pointed here before sending: the discard port on loopback, so a
#: generated webhook endpoint never makes the server call anything but this machine
LOOPBACK_SINK = "http://127.0.0.1:9/fuzz"
TIMEOUT = 30
#: headers every request carries that say nothing about a finding
NOISE_HEADERS = frozenset(
    {"user-agent", "accept-encoding", "accept", "connection", "content-length", "x-schemathesis-testcaseid"}
)


@dataclass
class Finding:
    """One failed check: what was sent, what came back, and what was wrong."""

    contract: str
    operation: str
    check: str
    status: int
    title: str
    request: str
    detail: str


@dataclass
class ContractReport:
    contract: str
    operations: int = 0
    cases: int = 0
    server_errors: int = 0
    schema_violations: int = 0
    #: request errors on our side (the client could not even send the generated request)
    unsent: int = 0
    findings: list[Finding] = field(default_factory=list)
    #: answers by status code, to see how deep the generated requests reached
    statuses: Counter = field(default_factory=Counter)
    #: known quirks seen, by check (not findings: quirks.py says why they are right)
    quirks: Counter = field(default_factory=Counter)

    def as_json(self) -> dict[str, Any]:
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        fields["findings"] = [dataclasses.asdict(f) for f in self.findings]
        return {k: dict(v) if isinstance(v, Counter) else v for k, v in fields.items()}

    def other_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.check not in (SERVER_ERROR, SCHEMA)]


@dataclass(frozen=True)
class Fixed:
    """What every generated request of one operation carries regardless of the generator."""

    base_url: str
    #: credential headers, added at call time (not contract parameters)
    headers: dict[str, str] = field(default_factory=dict)
    #: query parameters the contract declares (credentials, FLOWii's companyId): fixed in the
    #: strategy, so that a case never counts as negative for a value the fuzzer replaced
    query: dict[str, str] = field(default_factory=dict)
    path_parameters: dict[str, str] = field(default_factory=dict)


#: per contract: operation -> the fixed parts of its requests
Targets = dict[str, Callable[[Any], Fixed]]


# -- set-up ------------------------------------------------------------------------------------------
def prepare(server_url: str) -> Targets:
    """A tenant for the run (rate limits off, long-lived tokens) and how to reach each contract."""
    admin = AdminClient(server_url)
    tenant = admin.create_tenant(name="contract-fuzz")
    admin.settings(
        tenant.id,
        {
            "flowii": {"rate_limit": {"enabled": False}, "token_ttl_seconds": 30 * 86400},
            "robaws": {"rate_limit": {"enabled": False}},
        },
    )
    creds, urls = tenant.credentials, tenant.base_urls
    flowii_token = _flowii_token(urls["flowii"], creds["flowii"])
    flowii_headers = {"Api-Key": creds["flowii"]["api_key"], "Authorization": f"Bearer {flowii_token}"}
    #: every FLOWii resource is scoped to a company the API user may access: the first one
    company = _get_json(f"{urls['flowii']}/companies", flowii_headers)["data"][0]["id"]

    def werkbonapp(op: Any) -> Fixed:
        query = {
            "token": creds["werkbonapp"]["token"],
            "software_token": creds["werkbonapp"]["software_token"],
        }
        return Fixed(_base(server_url, "/werkbonapp", op), query=query)

    def flowii(op: Any) -> Fixed:
        names = {p.name for p in op.query}
        scope = {"companyId": company} if "companyId" in names else {}
        return Fixed(_base(server_url, "/flowii", op), headers=flowii_headers, query=scope)

    def robaws(op: Any) -> Fixed:
        pair = f"{creds['robaws']['api_key']}:{creds['robaws']['api_secret']}"
        return Fixed(_base(server_url, "/robaws", op), headers={"Authorization": _basic(pair)})

    def workspace(op: Any) -> Fixed:
        return Fixed(
            _base(server_url, "/workspace", op),
            headers={"Authorization": _basic(f"token:{creds['workspace']['token']}")},
        )

    def admin_api(op: Any) -> Fixed:
        fresh = {}
        if "{tenant_id}" in op.path:
            fresh = {"tenant_id": admin.create_tenant(name="contract-fuzz-admin").id}
        return Fixed(server_url, path_parameters=fresh)

    return {
        "werkbonapp": werkbonapp,
        "flowii": flowii,
        "robaws": robaws,
        "workspace": workspace,
        "admin": admin_api,
    }


def _basic(pair: str) -> str:
    return "Basic " + base64.b64encode(pair.encode()).decode()


def _flowii_token(base_url: str, creds: dict[str, str]) -> str:
    form = {"grant_type": "password", "username": creds["username"], "password": creds["password"]}
    request = urllib.request.Request(
        f"{base_url}/token",
        data=urllib.parse.urlencode(form).encode(),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Api-Key": creds["api_key"]},
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
        return json.loads(answer.read())["access_token"]


def _get_json(url: str, headers: dict[str, str]) -> Any:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT) as answer:
        return json.loads(answer.read())


def _base(server_url: str, prefix: str, op: Any) -> str:
    """The mock's URL for an operation: its contract server's path (path-level ``servers`` first,
    variables at their defaults) below the vendor's mount prefix."""
    item = op.schema.raw_schema["paths"][op.path]
    servers = item.get("servers") or op.schema.raw_schema["servers"]
    server = servers[0]
    url = server["url"]
    for name, variable in (server.get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(variable["default"]))
    return server_url + prefix + urlsplit(url).path.rstrip("/")


# -- running -----------------------------------------------------------------------------------------
def fuzz(
    server_url: str,
    examples: int,
    seed: int,
    contracts: tuple[str, ...] = CONTRACTS,
    modes: tuple[GenerationMode, ...] = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE),
    operations: frozenset[str] | None = None,
) -> list[ContractReport]:
    """Fuzz each contract against the server at ``server_url``: up to ``examples`` generated
    requests per operation and generation mode, reproducible for a given ``seed``; only the
    ``operations`` named (``"GET /clients"``) when given."""
    targets = prepare(server_url)
    documents = Contracts()
    reports = []
    with requests.Session() as session:
        for name in contracts:
            schema = schemathesis.openapi.from_dict(
                documents.get(name).document, config=schemathesis.Config()
            )
            report = ContractReport(name)
            for operation in _operations(schema):
                if operations is not None and operation.label not in operations:
                    continue
                report.operations += 1
                fixed = targets[name](operation)
                for mode in modes:
                    _fuzz_operation(report, session, operation, fixed, mode, examples, seed)
                existing = _existing_records(session, operation, fixed)
                if existing and GenerationMode.POSITIVE in modes:
                    ids = {**existing, **fixed.path_parameters}
                    deeper = dataclasses.replace(fixed, path_parameters=ids)
                    positive = GenerationMode.POSITIVE
                    _fuzz_operation(report, session, operation, deeper, positive, examples, seed)
            reports.append(report)
    return reports


def _existing_records(session: requests.Session, operation: Any, fixed: Fixed) -> dict[str, str]:
    """Path parameters naming records that exist, so that a second positive pass reaches past the
    404 that generated ids get: each parameter's value is the first ``id`` its collection lists
    (the path before the parameter, or that path + ``.json``). Empty when none is found."""
    found: dict[str, str] = {}
    for parameter in operation.path_parameters:
        name = parameter.name
        if name in fixed.path_parameters:
            continue
        collection = operation.path.split("{" + name + "}", 1)[0].rstrip("/")
        for known, value in found.items():
            collection = collection.replace("{" + known + "}", value)
        for suffix in ("", ".json"):
            try:
                answer = session.get(
                    fixed.base_url + collection + suffix,
                    headers=fixed.headers,
                    params=fixed.query,
                    timeout=TIMEOUT,
                )
                value = _first_id(answer.json()) if answer.status_code == 200 else None
            except (requests.RequestException, ValueError):
                value = None
            if value is not None:
                found[name] = value
                break
        else:
            return {}
    return found


def _first_id(document: Any) -> str | None:
    """The first ``id`` in a listing, whatever the vendor's envelope (depth first, in order)."""
    if isinstance(document, dict):
        value = document.get("id")
        if isinstance(value, str | int) and not isinstance(value, bool):
            return str(value)
        children = document.values()
    elif isinstance(document, list):
        children = document
    else:
        return None
    for child in children:
        found = _first_id(child)
        if found is not None:
            return found
    return None


def _operations(schema: Any) -> Iterator[Any]:
    for result in schema.get_all_operations():
        yield result.ok()


def _fuzz_operation(
    report: ContractReport,
    session: requests.Session,
    operation: Any,
    fixed: Fixed,
    mode: GenerationMode,
    examples: int,
    seed: int,
) -> None:
    strategy = operation.as_strategy(
        generation_mode=mode, query=fixed.query or None, path_parameters=fixed.path_parameters or None
    )

    @hypothesis.seed(seed)
    @hypothesis.settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @hypothesis.given(strategy)
    def run(case: Any) -> None:
        _point_urls_at_loopback(case.body)
        try:
            response = case.call(
                base_url=fixed.base_url,
                session=session,
                headers=fixed.headers,
                timeout=TIMEOUT,
                allow_redirects=False,  # the answer to check is the redirect itself
            )
        except (requests.RequestException, ValueError):
            report.unsent += 1
            return
        report.cases += 1
        report.statuses[response.status_code] += 1
        _check(report, case, response, mode, _sent(case, response, fixed))

    # Unsatisfiable: nothing of this operation can be generated in this mode (negative data
    # for an operation without inputs)
    with contextlib.suppress(hypothesis.errors.Unsatisfiable):
        run()


def _point_urls_at_loopback(body: Any) -> None:
    if isinstance(body, dict):
        for key, value in body.items():
            if key.lower() == "url" and isinstance(value, str):
                body[key] = LOOPBACK_SINK
            else:
                _point_urls_at_loopback(value)
    elif isinstance(body, list):
        for item in body:
            _point_urls_at_loopback(item)


def _sent(case: Any, response: Any, fixed: Fixed) -> Sent:
    """The request as the quirks see it, from what went on the wire."""
    url = response.request.url
    names = tuple(name for name, _ in urllib.parse.parse_qsl(urlsplit(url).query, keep_blank_values=True))
    return Sent(
        method=response.request.method,
        query=names,
        declared=frozenset(p.name for p in case.operation.query),
        fixed=frozenset(fixed.query),
    )


def _check(report: ContractReport, case: Any, response: Any, mode: GenerationMode, sent: Sent) -> None:
    if response.status_code >= 500:
        report.server_errors += 1
    checks = CHECKS + ((negative_data_rejection,) if mode == GenerationMode.NEGATIVE else ())
    for check in checks:
        try:
            case.validate_response(response, checks=[check])
        except FailureGroup as group:
            name = check.__name__
            if name == SCHEMA:
                report.schema_violations += 1
            if is_known(report.contract, case.operation.label, name, response, sent):
                report.quirks[name] += 1
                continue
            failure = group.exceptions[0]
            report.findings.append(
                Finding(
                    contract=report.contract,
                    operation=case.operation.label,
                    check=name,
                    status=response.status_code,
                    title=failure.title,
                    request=_curl(response.request),
                    detail=(failure.message or "")[:1500],
                )
            )


def _curl(sent: Any) -> str:
    """The request exactly as sent (credentials masked), as a curl command."""
    parts = [f"curl -X {sent.method}"]
    for name, value in sent.headers.items():
        if name.lower() in NOISE_HEADERS:
            continue
        masked = "***" if name.lower() in ("authorization", "api-key") else value
        parts.append(f"-H {shlex.quote(f'{name}: {masked}')}")
    body = sent.body
    if body:
        text = body.decode("utf-8", "backslashreplace") if isinstance(body, bytes) else str(body)
        parts.append(f"--data-binary {shlex.quote(text[:2000])}")
    url = re.sub(r"((?:software_)?token=)[^&]*", r"\1***", sent.url)
    parts.append(shlex.quote(url))
    return " ".join(parts)


def summary(reports: list[ContractReport]) -> str:
    """A plain table: per contract, operations, cases, 5xx, schema violations, other findings."""
    lines = [
        f"{'contract':<12}{'operations':>11}{'cases':>8}{'5xx':>6}{'schema':>8}{'other':>7}{'quirks':>8}{'unsent':>8}"
    ]
    for r in reports:
        lines.append(
            f"{r.contract:<12}{r.operations:>11}{r.cases:>8}{r.server_errors:>6}{r.schema_violations:>8}"
            f"{len(r.other_findings()):>7}{sum(r.quirks.values()):>8}{r.unsent:>8}"
        )
    return "\n".join(lines)


__all__ = ["CONTRACTS", "KNOWN_QUIRKS", "ContractReport", "Finding", "fuzz", "summary"]
