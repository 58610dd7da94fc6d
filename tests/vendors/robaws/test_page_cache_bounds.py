"""Robaws's rendered pages are reused while the data is unchanged (``core.cache.VersionedCache``),
in at most 1 MiB per tenant, and never under a key the size of a hostile URL."""

from __future__ import annotations

from typing import Any

import requests

from mockserver.core.cache import VersionedCache


def _pages(mockserver: Any, tenant_id: str) -> VersionedCache:
    return mockserver.app.tenants.get(tenant_id).runtime("robaws", "pages", VersionedCache)


def test_pages_for_unique_and_huge_queries_stay_under_a_mebibyte(robaws: Any, mockserver: Any) -> None:
    robaws.settings({"rate_limit": {"enabled": False}})
    http = requests.Session()  # plain: checking 150 pages of 100 against the contract takes long
    http.auth = robaws.auth

    def page(**params: Any) -> requests.Response:
        return http.get(robaws.base + "/clients", params={"page": 0, "size": 100, **params}, timeout=30)

    for n in range(3):  # 60 KB: near the longest URL the HTTP server accepts (64 KiB; then 414)
        response = page(pad=f"{n}" + "x" * 60_000)
        assert response.status_code == 200 and response.json()["items"]
    assert _pages(mockserver, robaws.tenant.id).bytes == 0  # 60 KB keys are not kept
    for n in range(80):  # about 2 MB of pages without the bound
        assert page(n=n).status_code == 200
    assert 0 < _pages(mockserver, robaws.tenant.id).bytes <= 1024 * 1024
