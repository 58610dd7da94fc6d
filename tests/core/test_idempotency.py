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


def answer(body: bytes) -> StoredResponse:
    return StoredResponse(201, (("Content-Type", "application/json"),), body)


def test_stored_answers_are_bounded_in_entries_and_bytes_oldest_first():
    store = IdempotencyStore(lambda: 0.0, max_entries=10, max_bytes=5_000)
    for i in range(100):
        assert store.claim("s", f"k{i}", "p").outcome is Outcome.PROCEED
        store.finish("s", f"k{i}", answer(b"x" * 100))
        assert len(store) <= 10 and store.size_bytes <= 5_000
    assert store.claim("s", "k99", "p").outcome is Outcome.REPLAY
    assert store.claim("s", "k0", "p").outcome is Outcome.PROCEED
    store.finish("s", "k0", answer(b"y" * 4_000))
    assert store.size_bytes <= 5_000 and store.claim("s", "k91", "p").outcome is Outcome.PROCEED


def test_an_answer_larger_than_the_byte_cap_is_not_kept():
    store = IdempotencyStore(lambda: 0.0, max_bytes=1_000)
    store.claim("s", "big", "p")
    store.finish("s", "big", answer(b"z" * 2_000))
    assert len(store) == 0 and store.claim("s", "big", "p").outcome is Outcome.PROCEED


def test_stored_answers_are_read_back_from_the_durable_table(tmp_path):
    from mockserver.core.state import StateStore

    first = IdempotencyStore(lambda: 0.0, table=StateStore(tmp_path).map("idempotency"))
    first.claim("s", "k", "p")
    first.finish("s", "k", answer(b"\x00\xff binary"))
    again = IdempotencyStore(lambda: 0.0, table=StateStore(tmp_path).map("idempotency"))
    replay = again.claim("s", "k", "p")
    assert replay.outcome is Outcome.REPLAY and replay.stored == answer(b"\x00\xff binary")
