from datetime import UTC, datetime

from mockserver.core.clock import Clock, iso_utc, parse_iso


def fixed_wall() -> float:
    return 1_700_000_000.0


def test_advance_moves_now_and_fires_due_timers_in_order():
    clock = Clock(wall=fixed_wall)
    fired: list[str] = []
    clock.call_later(10, lambda: fired.append("ten"))
    clock.call_later(5, lambda: fired.append("five"))
    clock.call_later(60, lambda: fired.append("sixty"))
    clock.advance(9)
    assert fired == ["five"]
    clock.advance(1)
    assert fired == ["five", "ten"]
    assert clock.time() == fixed_wall() + 10


def test_cancelled_timer_never_fires_and_timers_may_schedule_timers():
    clock = Clock(wall=fixed_wall)
    fired: list[int] = []
    timer = clock.call_later(1, lambda: fired.append(1))
    timer.cancel()
    start = clock.time()
    clock.call_later(2, lambda: clock.call_at(start + 3, lambda: fired.append(3)))
    clock.advance(5)
    assert fired == [3]


def test_freeze_set_and_unfreeze():
    wall = [1000.0]
    clock = Clock(wall=lambda: wall[0])
    clock.set(frozen=True)
    wall[0] += 50
    assert clock.time() == 1000.0
    clock.set(datetime(2030, 1, 1, tzinfo=UTC))
    assert clock.now() == datetime(2030, 1, 1, tzinfo=UTC)
    assert clock.frozen
    clock.set(frozen=False)
    wall[0] += 7
    assert clock.time() == datetime(2030, 1, 1, tzinfo=UTC).timestamp() + 7
    clock.reset()
    assert clock.time() == wall[0]


def test_iso_round_trip():
    moment = datetime(2026, 11, 22, 8, 30, 15, 123456, tzinfo=UTC)
    assert iso_utc(moment) == "2026-11-22T08:30:15.123Z"
    assert parse_iso("2026-11-22T08:30:15Z") == datetime(2026, 11, 22, 8, 30, 15, tzinfo=UTC)
    assert parse_iso("2026-11-22T10:30:15+02:00") == datetime(2026, 11, 22, 8, 30, 15, tzinfo=UTC)


def test_pending_lists_live_timers_soonest_first_with_their_labels():
    clock = Clock(wall=fixed_wall)
    clock.call_later(60, lambda: None, "later")
    clock.call_later(5, lambda: None, "sooner")
    clock.call_later(1, lambda: None, "cancelled").cancel()
    assert [(t.due - fixed_wall(), t.label) for t in clock.pending()] == [(5, "sooner"), (60, "later")]
    clock.advance(5)
    assert [t.label for t in clock.pending()] == ["later"]
