"""Helpers for the WerkbonApp tests: a client bound to a fresh tenant that sends the tenant's
tokens on every call and validates every answer against the contract (``mock_http``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class WerkbonClient:
    server_url: str
    tenant: Any
    http: Any

    @property
    def auth(self) -> dict[str, str]:
        return dict(self.tenant.credentials["werkbonapp"])

    def url(self, function: str, version: int | str = 8) -> str:
        return f"{self.server_url}/werkbonapp/openapi/{version}/{function}/"

    def get(self, function: str, version: int | str = 8, auth: bool = True, **params: Any) -> dict[str, Any]:
        query = {**(self.auth if auth else {}), **params}
        response = self.http.get(self.url(function, version), params=query)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("application/json")
        return response.json()

    def post(
        self, function: str, body: Any = None, version: int | str = 8, raw: bytes | None = None, **params: Any
    ) -> dict[str, Any]:
        query = {**self.auth, **params}
        if raw is not None:
            response = self.http.post(
                self.url(function, version),
                params=query,
                data=raw,
                headers={"Content-Type": "application/json"},
            )
        else:
            response = self.http.post(self.url(function, version), params=query, json=body)
        assert response.status_code == 200, response.text
        return response.json()

    def put(self, function: str, body: Any, **params: Any) -> dict[str, Any]:
        response = self.http.put(self.url(function), params={**self.auth, **params}, json=body)
        assert response.status_code == 200, response.text
        return response.json()

    def device(self, row_id: str, status: str, **completion: Any) -> dict[str, Any]:
        """The mobile app's step, through the admin API."""
        return self.tenant.admin.call(
            "POST",
            f"/tenants/{self.tenant.id}/werkbonapp/workorders/{row_id}/status",
            {"status": status, **completion},
        )


@pytest.fixture
def wba(mockserver: Any, mock_tenant: Any, mock_http: Any) -> WerkbonClient:
    return WerkbonClient(mockserver.url, mock_tenant, mock_http)


def workorder(number: str, **fields: Any) -> dict[str, Any]:
    """A work order with every required field, as a client would post it."""
    order = {
        "WorkorderNo": number,
        "CustomerName": "Bakkerij De Korenaar",
        "CustomerDebtorNr": "30001",
        "CustomerStreet": "Dorpsstraat",
        "CustomerZIP": "1234 AB",
        "CustomerCity": "Utrecht",
        "CustomerContactPerson": "Jan Jansen",
        "CustomerNameInvoice": "Bakkerij De Korenaar",
        "CustomerDebtorNrInvoice": "30001",
        "CustomerStreetInvoice": "Dorpsstraat",
        "CustomerZIPInvoice": "1234 AB",
        "CustomerCityInvoice": "Utrecht",
        "CustomerContactPersonInvoice": "Jan Jansen",
        "TypeOfWork": "Storing",
        "PaymentMethod": "op rekening",
        "WorkDescription": "Oven slaat af",
        "EmployeeNr": "101",
        "WorkDate": "20-02-2016",
        "WorkTime": "07:08",
        "Materials": [
            {
                "MaterialCode": "M1001",
                "MaterialNr": "2",
                "MaterialPrice": "4,55",
                "MaterialName": "Thermostaat",
            }
        ],
    }
    order.update(fields)
    return order


def error(answer: dict[str, Any], code: int, *messages: str, key: str = "response") -> None:
    """The vendor's error envelope, exactly."""
    assert answer == {"code": code, "messages": list(messages), key: None}
