"""The bounded smoke of the contract fuzzer (the full run: ``python -m tests.fuzz``, see README.md):
a few generated requests per operation of every REST contract and the admin contract, over real
HTTP to a fresh server, with a fixed seed. Zero 5xx answers and zero response-schema violations.
The fuzzer itself is shown to catch both, on a server made to break them with fault rules."""

from __future__ import annotations

import pytest
from schemathesis import GenerationMode

from mockserver.config import Config
from mockserver.server import ThreadedMockServer
from mockserver.testing import AdminClient
from tests.fuzz.fuzzer import CONTRACTS, ContractReport, fuzz

SEED = 20261128
#: generated requests per operation (plus the contract's own examples): seconds, not minutes
EXAMPLES = 1


def describe(report: ContractReport) -> str:
    return "\n".join(
        f"{f.operation} {f.check} -> {f.status}: {f.title}\n  {f.request}\n  {f.detail[:400]}"
        for f in report.findings
    )


@pytest.fixture(scope="module")
def reports() -> dict[str, ContractReport]:
    with ThreadedMockServer(Config(port=0, seed_demo=False)) as server:
        return {r.contract: r for r in fuzz(server.url, EXAMPLES, SEED, modes=(GenerationMode.POSITIVE,))}


@pytest.mark.parametrize("contract", CONTRACTS)
def test_fuzzing_the_contract_finds_no_server_error_and_no_schema_violation(reports, contract):
    report = reports[contract]
    assert report.operations > 0 and report.cases >= report.operations
    assert report.unsent == 0
    assert report.server_errors == 0, describe(report)
    assert report.schema_violations == 0, describe(report)


@pytest.mark.parametrize(
    ("rule", "counted"),
    [
        ({"kind": "status", "status": 503}, "server_errors"),
        ({"kind": "status", "status": 200, "body": {"not": "a quotation list"}}, "schema_violations"),
    ],
)
def test_the_fuzzer_counts_what_a_broken_server_answers(rule, counted):
    with ThreadedMockServer(Config(port=0, seed_demo=False)) as server:
        AdminClient(server.url).call(
            "POST",
            "/faults",
            {"vendor": "workspace", "method": "GET", "path": "/api/v1/quotations.json", **rule},
        )
        (report,) = fuzz(
            server.url,
            EXAMPLES,
            SEED,
            ("workspace",),
            (GenerationMode.POSITIVE,),
            frozenset({"GET /quotations.json", "GET /contacts.json"}),
        )
    assert getattr(report, counted) > 0
    broken = {f.operation for f in report.findings if f.status == rule["status"]}
    assert broken == {"GET /quotations.json"}


#: the operations where the full run (seed 1, 10 negative requests each) found invalid input
#: accepted, before each was refused or declared (FINDINGS.md)
FINDINGS = {
    "werkbonapp": frozenset({"GET /employees/", "GET /materials/"}),
    "flowii": frozenset({"GET /companies", "GET /users/self", "GET /partners"}),
    "robaws": frozenset({"POST /articles", "POST /employees"}),
}


def test_the_findings_of_the_full_run_stay_fixed_or_declared():
    with ThreadedMockServer(Config(port=0, seed_demo=False)) as server:
        reports = [
            report
            for contract, operations in FINDINGS.items()
            for report in fuzz(server.url, 10, 1, (contract,), (GenerationMode.NEGATIVE,), operations)
        ]
    for report in reports:
        assert report.operations == len(FINDINGS[report.contract]) and report.unsent == 0
        assert report.cases >= report.operations
        assert not report.findings, describe(report)
