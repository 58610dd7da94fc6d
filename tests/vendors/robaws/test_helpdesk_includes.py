"""Every ``include=`` path a Robaws helpdesk article uses embeds what it names, over HTTP.

Sources (Robaws helpdesk, category API):
- "How to fetch invoices for import into accountancy software?" (support.robaws.com, updated
  14/01/2021): four requests, sales invoices and credit notes with
  ``include=adjustedLineItems,adjustedLineItems.generalLedgerAccount,adjustedLineItems.vatTariff``
  and purchase invoices and credit notes with the same paths under ``lineItems``, each with
  ``type``, ``fromDate`` and ``toDate``.
- "API filtering, paging & sorting":
  ``GET /api/v2/employees?include=employer,employer.contacts,certificates``.

Every answer is also checked against ``contracts/robaws.openapi.yaml`` by ``mock_http``.
"""

from __future__ import annotations

from typing import Any

import pytest

SALES = "adjustedLineItems,adjustedLineItems.generalLedgerAccount,adjustedLineItems.vatTariff"
PURCHASE = "lineItems,lineItems.generalLedgerAccount,lineItems.vatTariff"


def _all(robaws: Any, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a collection (the article leaves paging out; we walk the pages)."""
    items, page = [], 0
    while True:
        answer = robaws.get(path, params={**params, "page": page, "size": 100})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        items += body["items"]
        page += 1
        if page >= body["totalPages"]:
            return items


def _assert_lines_embed(lines: list[dict[str, Any]]) -> None:
    assert lines
    for line in lines:
        account, tariff = line["generalLedgerAccount"], line["vatTariff"]
        if line.get("generalLedgerAccountId"):
            assert account["id"] == line["generalLedgerAccountId"] and account["number"]
        else:
            assert account is None
        assert tariff["id"] == line["vatTariffId"] and isinstance(tariff["percentage"], float)


@pytest.mark.parametrize(
    ("path", "kind", "include", "lines"),
    [
        ("/sales-invoices", "INVOICE", SALES, "adjustedLineItems"),
        ("/sales-invoices", "CREDIT_NOTE", SALES, "adjustedLineItems"),
        ("/purchase-invoices", "INVOICE", PURCHASE, "lineItems"),
        ("/purchase-invoices", "CREDIT_NOTE", PURCHASE, "lineItems"),
    ],
    ids=["sales-invoices", "sales-credit-notes", "purchase-invoices", "purchase-credit-notes"],
)
def test_accountancy_article_requests(robaws: Any, path: str, kind: str, include: str, lines: str) -> None:
    """Article "How to fetch invoices for import into accountancy software?": "Fetching <sales|
    purchase> <invoices|credit notes> for first quarter of 2021", with a date range that holds the
    seed's invoices: only that type, every line with its general ledger account and VAT tariff."""
    found = _all(robaws, path, type=kind, fromDate="2021-01-01", toDate="2030-12-31", include=include)
    assert found, f"the seed has {kind} in {path}"
    for invoice in found:
        assert invoice["type"] == kind
        _assert_lines_embed(invoice[lines])


def test_accountancy_article_date_range_of_the_article(robaws: Any) -> None:
    """The article's own range (``fromDate=2021-01-01&toDate=2021-01-03``) is answered: a page, no
    invoice outside the range."""
    found = _all(
        robaws, "/sales-invoices", type="INVOICE", fromDate="2021-01-01", toDate="2021-01-03", include=SALES
    )
    assert all("2021-01-01" <= invoice["date"] <= "2021-01-03" for invoice in found)


def test_adjusted_tariff_matches_the_vat_amount(robaws: Any) -> None:
    """The embedded tariff is the one the mock prices the adjusted line with: ``vatAmount`` is the
    adjusted amount at the tariff's percentage (to the cent)."""
    for invoice in _all(robaws, "/sales-invoices", include=SALES):
        for line in invoice["adjustedLineItems"]:
            expected = round(line["amount"] * line["vatTariff"]["percentage"] / 100, 2)
            assert abs(line["vatAmount"] - expected) < 0.015  # half-up cents against float rounding


def test_line_references_only_when_included(robaws: Any) -> None:
    """Without the dotted paths the lines carry the ids only (the article's reason to name them);
    one invoice by id takes the same include."""
    plain = _all(robaws, "/sales-invoices")
    assert all("vatTariff" not in line for invoice in plain for line in invoice["adjustedLineItems"])
    one = robaws.get(f"/sales-invoices/{plain[0]['id']}", params={"include": SALES})
    assert one.status_code == 200
    _assert_lines_embed(one.json()["adjustedLineItems"])
    assert all("vatTariff" not in line for line in one.json()["lineItems"])


def test_filtering_article_employees_include(robaws: Any) -> None:
    """Article "API filtering, paging & sorting": ``GET /api/v2/employees?include=employer,
    employer.contacts,certificates`` embeds each employee's employer (a client, null without one)
    with its contacts, and keeps the certificates."""
    found = _all(robaws, "/employees", include="employer,employer.contacts,certificates")
    with_employer = [e for e in found if e["employerId"]]
    assert with_employer
    for employee in found:
        assert isinstance(employee["certificates"], list)
        if employee["employerId"]:
            assert employee["employer"]["id"] == employee["employerId"]
            assert all(c["clientId"] == employee["employerId"] for c in employee["employer"]["contacts"])
        else:
            assert employee["employer"] is None
