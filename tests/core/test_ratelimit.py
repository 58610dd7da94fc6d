from mockserver.core.ratelimit import RateLimiter, RateLimitPolicy


def test_burst_then_refill_on_the_given_clock():
    now = [0.0]
    limiter = RateLimiter(lambda: now[0])
    policy = RateLimitPolicy(capacity=20, refill_per_second=15)
    decisions = [limiter.take("alice", policy) for _ in range(25)]
    assert sum(d.allowed for d in decisions) == 20
    assert [d.allowed for d in decisions[20:]] == [False] * 5
    assert decisions[19].remaining == 0
    now[0] += 1.0
    refilled = [limiter.take("alice", policy) for _ in range(16)]
    assert sum(d.allowed for d in refilled) == 15


def test_principals_have_separate_buckets_and_headers():
    limiter = RateLimiter(lambda: 0.0)
    policy = RateLimitPolicy(
        capacity=1,
        refill_per_second=0.5,
        extra_headers=(("X-RateLimit-Burst-Capacity", "1"),),
        retry_after=True,
    )
    assert limiter.take("a", policy).allowed
    refused = limiter.take("a", policy)
    assert not refused.allowed
    assert limiter.take("b", policy).allowed
    headers = dict(refused.headers(policy))
    assert headers == {"X-RateLimit-Burst-Capacity": "1", "x-ratelimit-remaining": "0", "Retry-After": "2"}


def test_a_bucket_that_never_refills_refuses_without_naming_a_retry_after():
    policy = RateLimitPolicy(capacity=1, refill_per_second=0, remaining_header=None, retry_after=True)
    limiter = RateLimiter(lambda: 0.0)
    assert limiter.take("k", policy).allowed
    refused = limiter.take("k", policy)
    assert not refused.allowed and refused.headers(policy) == []


def test_buckets_are_bounded_in_count_and_key_size_least_recently_used_first_out():
    limiter = RateLimiter(lambda: 0.0, max_buckets=100)
    policy = RateLimitPolicy(capacity=1, refill_per_second=0.0)
    assert limiter.take("drained", policy).allowed
    for n in range(10_000):  # unique keys of 250 KB each: kept as 64-byte digests, 100 at most
        limiter.take(f"{n}-" + "k" * 250_000, policy)
        if n == 50:
            assert not limiter.take("drained", policy).allowed  # recently used: still drained
    assert limiter.bytes == 100 * 256
    assert limiter.take("drained", policy).allowed  # dropped for room: back full
