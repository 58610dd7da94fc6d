"""What the dashboard's pages show, read from the same objects the admin API answers from.

Reads only: every change a page makes goes through the JSON admin API (``dashboard.js`` posts the
form there), so a person and a test client meet the same validation and the same errors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from mockserver.admin.ui.vendor_views import envelope_error
from mockserver.core.clock import iso_utc

if TYPE_CHECKING:
    from mockserver.app import MockServer
    from mockserver.core.journal import Entry
    from mockserver.core.tenants import Tenant

PAGE_SIZE = 25
#: tenants the overview lists per page (a server may hold thousands)
TENANTS_PER_PAGE = 50
#: tenant ids offered in a page's tenant pickers (any other id can still be typed)
TENANT_CHOICES = 50
#: newest journal entries a page shows at first, and at most (older rows are dropped as new come)
JOURNAL_ROWS = 100
STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx", "reset", "error")


def moment(timestamp: float) -> str:
    return iso_utc(datetime.fromtimestamp(timestamp, UTC))


# -- tenants -------------------------------------------------------------------------------------
@dataclass
class TenantPage:
    tenants: list[Tenant]
    total: int
    page: int
    pages: int
    first: int  # 1-based position of the first tenant shown (0 when there are none)


def page_number(text: str) -> int:
    """A ``page`` query parameter as a number; anything else is the first page."""
    return int(text) if text.isdigit() and len(text) < 9 else 1


def tenant_page(server: MockServer, page_arg: str) -> TenantPage:
    """One page of tenants in creation order: the overview stays small with thousands of them."""
    every = server.tenants.all()
    pages = max(1, -(-len(every) // TENANTS_PER_PAGE))
    page = min(max(1, page_number(page_arg)), pages)
    start = (page - 1) * TENANTS_PER_PAGE
    shown = every[start : start + TENANTS_PER_PAGE]
    return TenantPage(shown, len(every), page, pages, start + 1 if shown else 0)


def tenant_choices(server: MockServer) -> list[str]:
    """The first tenant ids, for a page's tenant pickers; the picker takes any typed id too."""
    return [t.id for t in server.tenants.all()[:TENANT_CHOICES]]


def record_counts(server: MockServer, tenant: Tenant) -> dict[str, int | None]:
    """Records per vendor; None for a vendor whose data no request has opened yet (listing
    tenants must not seed them all: seeding is deferred to first use on purpose)."""
    counts: dict[str, int | None] = {}
    with tenant.lock:
        for name in server.vendors:
            data = tenant.opened_data(name)
            counts[name] = (
                None if data is None else sum(len(data.collection(c)) for c in data.collection_names())
            )
    return counts


def collections(tenant: Tenant, vendor: str) -> list[tuple[str, int]]:
    """A vendor's collections for this tenant and their sizes (opens, and so seeds, the data)."""
    data = tenant.data(vendor)
    return [(name, len(data.collection(name))) for name in data.collection_names()]


@dataclass
class RecordPage:
    records: list[tuple[Any, str]]  # (id, pretty JSON)
    columns: list[str]
    rows: list[list[str]]
    total: int
    page: int
    pages: int


def record_page(tenant: Tenant, vendor: str, collection: str, query: str, page: int) -> RecordPage:
    """One page of a collection, filtered by a case-insensitive substring of the record's JSON."""
    records = tenant.data(vendor).collection(collection).all()
    needle = query.strip().lower()
    if needle:
        records = [r for r in records if needle in json.dumps(r, ensure_ascii=False).lower()]
    pages = max(1, -(-len(records) // PAGE_SIZE))
    page = min(max(1, page), pages)
    shown = records[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    columns = _columns(shown)
    return RecordPage(
        records=[(r.get("id"), json.dumps(r, indent=2, ensure_ascii=False)) for r in shown],
        columns=columns,
        rows=[[_cell(r.get(c)) for c in columns] for r in shown],
        total=len(records),
        page=page,
        pages=pages,
    )


def _columns(records: list[dict[str, Any]], most: int = 6) -> list[str]:
    """``id`` and the first few scalar fields: enough to recognise a record; the JSON has the rest."""
    seen: dict[str, None] = {"id": None}
    for record in records:
        for key, value in record.items():
            if len(seen) >= most:
                return list(seen)
            if not isinstance(value, dict | list):
                seen.setdefault(key, None)
    return list(seen)


def _cell(value: Any, width: int = 60) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


# -- journal -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class JournalFilter:
    tenant: str = ""
    vendor: str = ""
    status: str = ""
    path: str = ""

    def keeps(self, entry: Entry) -> bool:
        if self.status == "error":
            if not is_error(entry):
                return False
        elif self.status and status_class(entry) != self.status:
            return False
        return not self.path or self.path.lower() in f"{entry.path}?{entry.query}".lower()


def status_class(entry: Entry) -> str:
    return "reset" if entry.reset else f"{(entry.status or 0) // 100}xx"


def is_error(entry: Entry) -> bool:
    """A failed request: a 4xx or 5xx, a dropped connection, or a vendor's error envelope sent
    with HTTP 200 (WerkbonApp answers every error so)."""
    return entry.reset or (entry.status or 0) >= 400 or envelope_error(entry) is not None


def finished(entry: Entry) -> bool:
    """The gateway sets the response last: until then an entry is still being answered."""
    return entry.reset or entry.response is not None


def journal_rows(server: MockServer, where: JournalFilter, after: int | None) -> tuple[list[Entry], int]:
    """Finished entries matching ``where`` newer than entry ``after``, newest first, and the cursor
    for the next poll: the last id before the oldest entry still being answered, so an entry
    that finishes later is not skipped."""
    entries = server.journal.entries(
        tenant=where.tenant or None,
        vendor=where.vendor or None,
        since=str(after) if after is not None else None,
        limit=None if after is not None else JOURNAL_ROWS,
    )
    unfinished = [e.id for e in entries if not finished(e)]
    newest = entries[-1].id if entries else (after or 0)
    cursor = min(unfinished) - 1 if unfinished else newest
    shown = [e for e in entries if finished(e) and where.keeps(e)]
    return shown[::-1][:JOURNAL_ROWS], cursor


def journal_entry(server: MockServer, entry_id: int) -> Entry | None:
    return next((e for e in server.journal.entries(since=str(entry_id - 1)) if e.id == entry_id), None)


def pretty(body: str, headers: dict[str, str]) -> str:
    """A body as a person reads it: JSON indented, XML pretty-printed, anything else as is."""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "").lower()
    stripped = body.lstrip()
    if "json" in content_type or stripped.startswith(("{", "[")):
        try:
            return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
        except ValueError:
            return body
    if "xml" in content_type or stripped.startswith("<"):
        return _pretty_xml(body)
    return body


def _pretty_xml(body: str) -> str:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    try:
        root = etree.fromstring(body.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return body
    return etree.tostring(root, pretty_print=True, encoding="unicode")


# -- clock ---------------------------------------------------------------------------------------
def timers(server: MockServer) -> list[dict[str, str]]:
    return [
        {"due": moment(t.due), "what": t.label or getattr(t.callback, "__qualname__", "timer")}
        for t in server.clock.pending()
    ]
