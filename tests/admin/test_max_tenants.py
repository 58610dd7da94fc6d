"""``--max-tenants``: the server holds a bounded number of tenants. One more is refused with 429
and a message that says what to do; nothing is evicted (a test never loses a tenant it still uses),
and ``demo`` always comes back on a reset."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mockserver.client import AdminClient, AdminError
from mockserver.config import Config
from mockserver.server import ThreadedMockServer


@pytest.fixture
def admin() -> Iterator[AdminClient]:
    with ThreadedMockServer(Config(port=0, max_tenants=3)) as running:
        yield AdminClient(running.url)


def test_one_tenant_over_the_bound_is_refused_with_429(admin: AdminClient) -> None:
    kept = [admin.create_tenant(name=f"t{n}") for n in range(2)]  # with demo: 3
    with pytest.raises(AdminError) as refused:
        admin.create_tenant(name="one too many")
    assert refused.value.status == 429
    assert refused.value.message.startswith("this server holds its maximum of 3 tenants (--max-tenants)")
    ids = [t["id"] for t in admin.call("GET", "/tenants")["tenants"]]
    assert ids == ["demo", *(t.id for t in kept)]  # nothing evicted

    admin.delete_tenant(kept[0].id)
    assert admin.create_tenant(name="room again").name == "room again"


def test_a_reset_brings_demo_back_whatever_the_bound(admin: AdminClient) -> None:
    for n in range(2):
        admin.create_tenant(name=f"t{n}")
    admin.call("POST", "/reset")
    assert [t["id"] for t in admin.call("GET", "/tenants")["tenants"]] == ["demo"]
