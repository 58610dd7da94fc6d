import threading

from mockserver.core.idempotency import IdempotencyStore, Outcome, StoredResponse, fingerprint

OK = StoredResponse(201, (("Content-Type", "application/json"),), b'{"id":"1"}')
FP = fingerprint("POST", "/clients", b'{"name":"a"}')


def test_first_proceeds_retry_replays_byte_identical():
    store = IdempotencyStore(lambda: 0.0)
    assert store.claim("u", "k", FP).outcome is Outcome.PROCEED
    store.finish("u", "k", OK)
    replay = store.claim("u", "k", FP)
    assert replay.outcome is Outcome.REPLAY and replay.stored == OK


def test_in_flight_duplicate_conflicts_and_other_request_mismatches():
    store = IdempotencyStore(lambda: 0.0)
    store.claim("u", "k", FP)
    assert store.claim("u", "k", FP).outcome is Outcome.CONFLICT
    store.finish("u", "k", OK)
    other = fingerprint("POST", "/clients", b'{"name":"b"}')
    assert store.claim("u", "k", other).outcome is Outcome.MISMATCH
    assert store.claim("someone-else", "k", other).outcome is Outcome.PROCEED


def test_failures_are_not_stored_and_keys_expire():
    now = [0.0]
    store = IdempotencyStore(lambda: now[0], ttl_seconds=60)
    store.claim("u", "k", FP)
    store.finish("u", "k", StoredResponse(422, (), b"bad"))
    assert store.claim("u", "k", FP).outcome is Outcome.PROCEED
    store.finish("u", "k", OK)
    now[0] = 59
    assert store.claim("u", "k", FP).outcome is Outcome.REPLAY
    now[0] = 60
    assert store.claim("u", "k", FP).outcome is Outcome.PROCEED


def test_many_threads_same_key_exactly_one_executes():
    store = IdempotencyStore(lambda: 0.0)
    barrier = threading.Barrier(50)
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def attempt() -> None:
        barrier.wait()
        claim = store.claim("u", "same", FP)
        with lock:
            outcomes.append(claim.outcome)

    threads = [threading.Thread(target=attempt) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count(Outcome.PROCEED) == 1
    assert outcomes.count(Outcome.CONFLICT) == 49


def test_expired_keys_are_swept_as_claims_go_on():
    now = [0.0]
    store = IdempotencyStore(lambda: now[0], ttl_seconds=10)
    for i in range(10):
        store.claim("u", f"old-{i}", FP)
        store.finish("u", f"old-{i}", OK)
    now[0] = 11
    for i in range(IdempotencyStore.SWEEP_EVERY):
        store.claim("u", f"new-{i}", FP)
    assert not any(key.startswith("old-") for _, key in store._records)
