"""The vendors' contracts: the list, and each document (YAML, JSON or the WSDL)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from mockserver.admin.common import AdminError, admin_server, server_url

blueprint = Blueprint("admin_contracts", __name__)


@blueprint.get("/_mock/contracts")
def list_contracts() -> Any:
    contracts, base = admin_server().contracts, server_url()
    rows = []
    for name in contracts.names():
        path = contracts.file(name)
        assert path is not None
        rows.append(
            {
                "name": name,
                "format": "wsdl" if path.suffix == ".wsdl" else "openapi",
                "file": path.name,
                "url": f"{base}/_mock/contracts/{name}",
            }
        )
    return {"contracts": rows}


@blueprint.get("/_mock/contracts/<name>")
def get_contract(name: str) -> Any:
    contracts = admin_server().contracts
    path = contracts.file(name)
    if path is None:
        raise AdminError(404, f"no contract {name!r}")
    if path.suffix == ".wsdl":
        return Response(path.read_bytes(), mimetype="text/xml")
    contract = contracts.get(name)
    assert contract is not None
    if request.args.get("format") == "json":
        return contract.document
    return Response(contract.text, mimetype="application/yaml")
