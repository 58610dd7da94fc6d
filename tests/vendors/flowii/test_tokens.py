"""The token book in process: O(1) resolution, expiry on the mock clock, pruning of old tokens."""

from __future__ import annotations

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.vendors.flowii import VENDOR
from mockserver.vendors.flowii.tokens import FORGET_AFTER_SECONDS, TokenBook


def test_tokens_expire_then_are_forgotten() -> None:
    app = MockServer(Config(vendors=["flowii"], seed_demo=False))
    now = [1_000_000.0]
    book = TokenBook(lambda: now[0])
    tenant = app.tenants.create(name="t")
    old = book.issue(tenant, "u", 600)
    assert book.resolve(old.token, app.tenants) == (old, "")
    now[0] += 600
    assert book.resolve(old.token, app.tenants) == (None, "The access token has expired")
    now[0] += FORGET_AFTER_SECONDS
    fresh = book.issue(tenant, "u", 600)  # issuing prunes what expired long ago
    assert book.resolve(old.token, app.tenants) == (None, "The access token is invalid")
    assert len(tenant.runtime("flowii", "tokens", dict)) == 1  # the book holds only the fresh one
    assert book.resolve(fresh.token, app.tenants)[0] == fresh


def test_deleted_tenant_tokens_resolve_to_nothing() -> None:
    app = MockServer(Config(vendors=["flowii"], seed_demo=False))
    vendor = app.vendors["flowii"]
    assert isinstance(vendor, VENDOR)
    tenant = app.tenants.create(name="gone")
    grant = vendor.tokens.issue(tenant, "u", 600)
    app.tenants.delete(tenant.id)
    assert vendor.tokens.resolve(grant.token, app.tenants) == (None, "The access token is invalid")
    vendor.reset()
    assert vendor.tokens.resolve("anything", app.tenants)[0] is None
