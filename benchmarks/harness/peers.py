"""The peer mock servers, installed on demand under ``benchmarks/.peers/`` (gitignored).

* WireMock: the ``wiremock`` npm package bundles the standalone jar; we run that jar with ``java``
  directly (not through the npm launcher) so the timings are WireMock's, not node's.
* Prism: ``@stoplight/prism-cli`` from npm, run with ``node`` directly.

Both serve the same bytes as our server for the same request: WireMock from a stub whose body is
our answer, Prism from our contract with our answer as the operation's only example.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks.harness.procs import Probe

ROOT = Path(__file__).resolve().parents[2]
PEERS = ROOT / "benchmarks" / ".peers"
NPM_PACKAGES = ("wiremock", "@stoplight/prism-cli")


@dataclass
class Answer:
    """Our server's answer to a benchmarked request, replayed by the peers."""

    method: str
    path: str  # with query string
    headers: dict[str, str]
    status: int
    content_type: str
    body: bytes
    vendor: str
    #: the operation's path in our contract (``/clients``), below the vendor's base path
    contract_path: str
    #: the mock's prefix + the vendor's base path (``/robaws/api/v2``)
    mount: str
    request_body: bytes = b""

    @property
    def url_path(self) -> str:
        return self.path.split("?", 1)[0]


def ensure_wrk() -> str | None:
    """Install wrk from the Debian archive when missing; None when that is impossible."""
    if shutil.which("wrk"):
        return None
    if shutil.which("apt-get") is None:
        return "wrk missing and no apt-get"
    for argv in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return f"{' '.join(argv)} failed: {done.stderr[-300:]}"
    return None if shutil.which("wrk") else "wrk still missing after apt-get install"


def ensure_peers() -> str | None:
    """``npm install`` the peers into ``benchmarks/.peers`` unless present; an error text or None."""
    if wiremock_jar() is not None and prism_entry().exists():
        return None
    if shutil.which("npm") is None:
        return "npm not found"
    PEERS.mkdir(parents=True, exist_ok=True)
    package = PEERS / "package.json"
    if not package.exists():
        package.write_text(json.dumps({"name": "mockserver-bench-peers", "private": True}))
    done = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", *NPM_PACKAGES],
        cwd=PEERS,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return f"npm install failed: {done.stderr[-500:]}"
    return None


def wiremock_jar() -> Path | None:
    found = sorted((PEERS / "node_modules" / "wiremock" / "build").glob("wiremock-standalone-*.jar"))
    return found[-1] if found else None


def prism_entry() -> Path:
    return PEERS / "node_modules" / "@stoplight" / "prism-cli" / "dist" / "index.js"


def peer_versions() -> dict[str, str]:
    versions = {}
    for package in NPM_PACKAGES:
        meta = PEERS / "node_modules" / package / "package.json"
        if meta.exists():
            versions[package] = json.loads(meta.read_text())["version"]
    java = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    versions["java"] = (java.stderr.splitlines() or ["?"])[0]
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    versions["node"] = node.stdout.strip()
    return versions


# -- WireMock ---------------------------------------------------------------------------------------
def wiremock_root(answers: list[Answer], work: Path) -> Path:
    """A ``--root-dir`` with one stub per answer (method + URL + Authorization header)."""
    root = work / "wiremock"
    mappings = root / "mappings"
    shutil.rmtree(root, ignore_errors=True)
    mappings.mkdir(parents=True)
    (root / "__files").mkdir()
    for number, answer in enumerate(answers):
        request: dict[str, Any] = {"method": answer.method, "url": answer.path}
        if "Authorization" in answer.headers:
            request["headers"] = {"Authorization": {"equalTo": answer.headers["Authorization"]}}
        stub = {
            "request": request,
            "response": {
                "status": answer.status,
                "body": answer.body.decode("utf-8"),
                "headers": {"Content-Type": answer.content_type},
            },
        }
        (mappings / f"stub-{number}.json").write_text(json.dumps(stub, ensure_ascii=False))
    return root


def wiremock_argv(root: Path, port: int) -> list[str]:
    jar = wiremock_jar()
    assert jar is not None
    return [
        "java",
        "-jar",
        str(jar),
        "--port",
        str(port),
        "--bind-address",
        "127.0.0.1",
        "--root-dir",
        str(root),
        "--disable-banner",
    ]


def wiremock_reset_probe() -> Probe:
    return Probe("/__admin/mappings/reset", method="POST")


# -- Prism ------------------------------------------------------------------------------------------
def prism_document(answers: list[Answer], contracts: Path, work: Path) -> Path:
    """An OpenAPI document for Prism: the benchmarked operations taken from our contracts (with
    every component, so references resolve), paths rewritten to the mock's full paths, and our
    answer as the only example of the only success response. An operation missing from a
    contract is described minimally, so Prism still serves the answer."""
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "mockserver benchmark (from our contracts)", "version": "1"},
        "paths": {},
        "components": {},
    }
    for answer in answers:
        contract = _load_contract(contracts, answer.vendor)
        operation = _operation(contract, answer) if contract else None
        if contract:
            _merge_components(document["components"], contract.get("components", {}), answer.vendor)
            if "security" in contract and operation is not None:
                operation.setdefault("security", contract["security"])
            if operation is not None:
                operation = _namespaced(operation, answer.vendor)
                if "operationId" in operation:
                    operation["operationId"] = f"{answer.vendor}_{operation['operationId']}"
                operation["security"] = [
                    {f"{answer.vendor}_{k}": v for k, v in rule.items()}
                    for rule in operation.get("security", [])
                ]
        if operation is None:
            operation = {"operationId": f"bench{len(document['paths'])}", "responses": {}}
        media = answer.content_type.split(";", 1)[0].strip() or "application/json"
        example: Any = json.loads(answer.body) if "json" in media and answer.body else answer.body.decode()
        kept = {k: v for k, v in operation.get("responses", {}).items() if not str(k).startswith("2")}
        response = copy.deepcopy(operation.get("responses", {}).get(str(answer.status), {}))
        response.setdefault("description", "benchmarked answer")
        content = response.get("content", {}).get(media, {})
        response["content"] = {media: {**({"schema": content["schema"]} if "schema" in content else {})}}
        response["content"][media]["example"] = example
        response.pop("headers", None)
        kept[str(answer.status)] = response
        operation["responses"] = kept
        path_key = answer.mount + answer.contract_path
        document["paths"].setdefault(path_key, {})[answer.method.lower()] = operation
    target = work / "prism.openapi.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return target


def _load_contract(contracts: Path, vendor: str) -> dict[str, Any] | None:
    path = contracts / f"{vendor}.openapi.yaml"
    if not path.exists():
        return None
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError:
        return None


def _operation(contract: dict[str, Any], answer: Answer) -> dict[str, Any] | None:
    item = contract.get("paths", {}).get(answer.contract_path, {})
    operation = item.get(answer.method.lower())
    if operation is None:
        return None
    operation = copy.deepcopy(operation)
    shared = item.get("parameters")
    if shared:
        operation["parameters"] = [*shared, *operation.get("parameters", [])]
    return operation


def _namespaced(value: Any, vendor: str) -> Any:
    """``value`` with every local ``$ref`` pointing at the vendor-prefixed component name."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str) and item.startswith("#/components/"):
                section, name = item[len("#/components/") :].split("/", 1)
                item = f"#/components/{section}/{vendor}_{name}"
            out[key] = _namespaced(item, vendor)
        return out
    if isinstance(value, list):
        return [_namespaced(v, vendor) for v in value]
    return value


def _merge_components(into: dict[str, Any], components: dict[str, Any], vendor: str) -> None:
    """Components of every contract side by side, each name prefixed with its vendor (two
    contracts may both define ``Contact``)."""
    for section, entries in components.items():
        target = into.setdefault(section, {})
        for name, value in entries.items():
            target[f"{vendor}_{name}"] = _namespaced(value, vendor)


def prism_argv(document: Path, port: int) -> list[str]:
    return [
        "node",
        str(prism_entry()),
        "mock",
        str(document),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--errors",
        "false",
    ]
