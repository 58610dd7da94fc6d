"""The coverage rows an OpenAPI contract states (``x-coverage``, ``x-coverage-reason``, ``x-fidelity``),
and the default ``Vendor.coverage()`` hook that reads them from the vendor's contract."""

from __future__ import annotations

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core.operation_coverage import OperationCoverage, from_openapi

DOCUMENT = {
    "paths": {
        "/things": {
            "parameters": [{"name": "q", "in": "query"}],
            "get": {"x-coverage": "stateful", "x-fidelity": "documented"},
            "post": {
                "x-coverage": "not-implemented",
                "x-coverage-reason": "the vendor answers 1001",
                "x-fidelity": "observed",
            },
        },
        "/things/{id}": {
            "delete": {"x-fidelity": "inferred"},
            "put": {"x-coverage": "sometimes", "x-fidelity": "inferred"},
            "options": {"x-coverage": "empty", "x-coverage-reason": "constant  allow\nlist"},
        },
    }
}


def test_openapi_marks_become_rows_and_gaps_show_as_unknown():
    assert from_openapi(DOCUMENT) == [
        OperationCoverage("GET /things", "stateful", "documented", ""),
        OperationCoverage("POST /things", "not-implemented", "observed", "the vendor answers 1001"),
        OperationCoverage("PUT /things/{id}", "unknown", "inferred", "unrecognised x-coverage 'sometimes'"),
        OperationCoverage(
            "DELETE /things/{id}", "unknown", "inferred", "the contract has no x-coverage for this operation"
        ),
        OperationCoverage("OPTIONS /things/{id}", "empty", "unknown", "constant  allow\nlist"),
    ]


def test_a_rest_vendor_lists_every_operation_of_its_contract():
    server = MockServer(Config(seed_demo=False))
    for name in ("werkbonapp", "flowii", "robaws", "workspace"):
        document = server.contracts.get(name).document
        expected = [
            f"{method.upper()} {path}"
            for path, item in document["paths"].items()
            for method in item
            if method in ("get", "put", "post", "delete", "options", "head", "patch", "trace")
        ]
        rows = server.vendors[name].coverage()
        assert sorted(r.operation for r in rows) == sorted(expected), name
