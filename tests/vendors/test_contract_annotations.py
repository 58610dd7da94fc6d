"""Every operation of the FLOWii and Workspace contracts says how sure we are and why: ``x-fidelity``,
a short ``x-evidence`` naming the kind of source, and ``x-coverage`` (with a reason unless stateful)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from mockserver.core.contracts import contracts_dir

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
SOURCES = ("manual", "documentation", "client", "inference")


def operations(vendor: str) -> list[tuple[str, str, dict[str, Any]]]:
    document = yaml.safe_load((contracts_dir() / f"{vendor}.openapi.yaml").read_text(encoding="utf-8"))
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


@pytest.mark.parametrize("vendor", ["flowii", "workspace"])
def test_every_operation_is_annotated(vendor: str) -> None:
    found = operations(vendor)
    assert found
    for method, path, operation in found:
        where = f"{vendor} {method.upper()} {path}"
        assert operation["x-fidelity"] in ("documented", "observed", "inferred"), where
        evidence = operation["x-evidence"]
        assert isinstance(evidence, str) and 0 < len(evidence) <= 200, where
        assert any(word in evidence.lower() for word in SOURCES), where
        if operation["x-fidelity"] == "inferred":
            assert "inference" in evidence.lower(), where
        assert operation["x-coverage"] in ("stateful", "empty", "not-implemented"), where
        if operation["x-coverage"] != "stateful":
            assert operation["x-coverage-reason"], where
