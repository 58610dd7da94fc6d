"""The tenant page's ready-to-paste curl lines, pasted into a shell against a real server: each
vendor's lines answer with that tenant's data (curl is installed by scripts/test)."""

from __future__ import annotations

import html
import re
import subprocess
import urllib.request

EXPECTED = {
    "werkbonapp": '"WorkorderNo":',
    "flowii": '"attributes":{"name":',  # a company
    "robaws": '"totalItems":',
    "workspace": '"Quotations":',
    "severa": "<GetVersionResult>",
}


def curl_lines(page: str) -> dict[str, list[str]]:
    lines: dict[str, list[str]] = {}
    for match in re.finditer(r'aria-label="curl example for (\w+)">(.*?)</pre>', page, re.S):
        lines.setdefault(match.group(1), []).append(html.unescape(match.group(2)))
    return lines


def test_every_vendors_curl_lines_answer_with_the_tenants_data(mockserver, mock_tenant) -> None:
    with urllib.request.urlopen(f"{mockserver.url}/_mock/ui/tenants/{mock_tenant.id}", timeout=10) as r:
        found = curl_lines(r.read().decode())
    assert set(found) == set(EXPECTED)
    for vendor, lines in found.items():
        secret = next(iter(mock_tenant.credentials[vendor].values()))
        assert secret in "".join(lines)  # this tenant's credentials, not the demo's
        done = subprocess.run(["bash", "-c", "\n".join(lines)], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        assert EXPECTED[vendor] in done.stdout, (vendor, done.stdout[:300])
