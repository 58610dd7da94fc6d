"""core.tokens: grants are forgotten after expiry, and a tenant's book stays within its limits in
entries and in bytes whatever a client does (the oldest grant goes first)."""

from __future__ import annotations

from mockserver.app import MockServer
from mockserver.config import Config
from mockserver.core.tokens import ACCESS, CODE, TokenIndex, TokenLimits


def make(limits: TokenLimits):
    app = MockServer(Config(vendors=["robaws"], seed_demo=False))
    now = [1_000_000.0]
    index = TokenIndex("robaws", lambda: now[0], limits)
    tenant = app.tenants.create(name="t")
    return app, now, index, tenant


def test_expired_grants_are_forgotten_after_forget_after():
    app, now, index, tenant = make(TokenLimits(forget_after=60))
    book = index.book(tenant)
    old = book.issue(ACCESS, "client", 10)
    now[0] += 10
    assert index.find(old.token, app.tenants)[1] == old and not old.live(now[0])
    now[0] += 60
    book.issue(ACCESS, "client", 10)
    assert index.find(old.token, app.tenants) is None and len(book) == 1


def test_the_book_is_bounded_in_entries_per_kind_and_per_subject():
    app, _now, index, tenant = make(TokenLimits(per_kind=50, codes_per_subject=3))
    book = index.book(tenant)
    tokens = [book.issue(ACCESS, f"client-{i}", 3600).token for i in range(200)]
    assert len(book) == 50 and len(book._expiries) <= 2 * 50 + 64  # evicted grants leave no trace
    assert index.find(tokens[149], app.tenants) is None and index.find(tokens[150], app.tenants) is not None
    codes = [book.issue(CODE, "client-a", 600).token for _ in range(5)]
    assert [index.find(c, app.tenants) is not None for c in codes] == [False, False, True, True, True]
    assert len(book) == 53


def test_the_book_is_bounded_in_bytes():
    _app, _now, index, tenant = make(TokenLimits(max_bytes=20_000))
    book = index.book(tenant)
    for i in range(500):
        book.issue(CODE, f"client-{i}", 600, ("clients",), "https://example.test/" + "p" * 500)
        assert book.size_bytes <= 20_000
    assert 0 < len(book) < 500
