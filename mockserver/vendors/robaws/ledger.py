"""The bookkeeping reference data an invoice line points at: VAT tariffs and general ledger
accounts, and how ``include=`` embeds them in line items.

Robaws's helpdesk article "How to fetch invoices for import into accountancy software?" fetches
sales invoices with ``include=adjustedLineItems,adjustedLineItems.generalLedgerAccount,
adjustedLineItems.vatTariff`` and purchase invoices with the same paths under ``lineItems``: each
line then carries the account and the tariff it names, not only their ids. The records' fields
(``number``/``description``, ``percentage``) are our inference (marked so in the contract); the
ids are the ones the seed's lines use. The mock's tariffs are the Belgian rates.
"""

from __future__ import annotations

from typing import Any

Doc = dict[str, Any]

#: vatTariffId -> the tariff
VAT_TARIFFS: dict[str, Doc] = {
    tariff_id: {"id": tariff_id, "percentage": percentage, "description": f"{percentage:g}% BTW"}
    for tariff_id, percentage in (("1", 21.0), ("2", 12.0), ("3", 6.0), ("4", 0.0))
}
#: generalLedgerAccountId -> the account (Belgian chart of accounts)
GENERAL_LEDGER_ACCOUNTS: dict[str, Doc] = {
    account_id: {"id": account_id, "number": account_id, "description": description}
    for account_id, description in (
        ("700000", "Omzet verkopen"),
        ("704000", "Omzet diensten"),
        ("604000", "Aankopen handelsgoederen"),
    )
}
#: include name -> (the line's id field, the records it names)
LINE_REFERENCES: dict[str, tuple[str, dict[str, Doc]]] = {
    "generalLedgerAccount": ("generalLedgerAccountId", GENERAL_LEDGER_ACCOUNTS),
    "vatTariff": ("vatTariffId", VAT_TARIFFS),
}


def vat_rate(tariff_id: str | None) -> float:
    """The percentage of a line's tariff (21 % when it names none the mock knows)."""
    return float(VAT_TARIFFS.get(tariff_id or "", VAT_TARIFFS["1"])["percentage"])


def embed(lines: list[Doc], names: dict[str, Any]) -> list[Doc]:
    """``lines`` with each named reference embedded (``null`` when the line names none or an
    unknown one); names that are not references of a line are ignored, as unknown includes are."""
    wanted = [(name, LINE_REFERENCES[name]) for name in names if name in LINE_REFERENCES]
    if not wanted:
        return lines
    out = []
    for line in lines:
        line = dict(line)
        for name, (key, records) in wanted:
            found = records.get(str(line.get(key) or ""))
            line[name] = dict(found) if found is not None else None
        out.append(line)
    return out
