"""The one source of "now".

Everything time-based (token expiry, rate-limit refill, idempotency retention, status progression,
webhook retries) asks this clock, so a test can freeze, set or advance time instead of sleeping.
Timers scheduled on the clock fire when the clock passes them: on ``advance`` and lazily at the
start of each request (``run_due``), so real time passing fires them too.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

#: the instants the mock clock may show. Every answer renders "now" somewhere (ISO-8601, xsd:dateTime,
#: Unix seconds, vendor date strings), and those forms need a four-digit year that a vendor's own
#: arithmetic (token lifetimes, "a year ahead") cannot push past 9999; before the Unix epoch,
#: timestamps turn negative. No client needs a clock outside these centuries, so the clock refuses
#: to go there instead of rendering what no vendor would send.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)


class ClockRangeError(ValueError):
    """The clock was asked to show an instant outside ``EARLIEST`` .. ``LATEST``."""

    def __init__(self) -> None:
        super().__init__(f"the clock stays between {iso_utc(EARLIEST)} and {iso_utc(LATEST)}")


@dataclass(order=True)
class Timer:
    due: float
    seq: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)
    #: what firing it does, for a person looking at the clock (the dashboard)
    label: str = field(default="", compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class Clock:
    """Wall-clock time plus an offset, optionally frozen at one instant."""

    def __init__(self, wall: Callable[[], float] = time.time) -> None:
        self._wall = wall
        self._lock = threading.RLock()
        self._offset = 0.0
        self._frozen_at: float | None = None
        self._timers: list[Timer] = []
        self._seq = itertools.count()

    # -- reading ---------------------------------------------------------------------------------
    def time(self) -> float:
        """Seconds since the epoch, as the mock sees them."""
        frozen = self._frozen_at
        return frozen if frozen is not None else self._wall() + self._offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.time(), UTC)

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def state(self) -> dict:
        return {"now": iso_utc(self.now()), "frozen": self.frozen}

    # -- moving ----------------------------------------------------------------------------------
    def set(self, now: datetime | None = None, frozen: bool | None = None) -> None:
        """Jump to ``now`` and/or freeze or unfreeze; ``ClockRangeError`` outside the supported range."""
        if now is not None and not EARLIEST <= now <= LATEST:
            raise ClockRangeError()
        with self._lock:
            target = now.timestamp() if now is not None else self.time()
            freeze = self.frozen if frozen is None else frozen
            if freeze:
                self._frozen_at = target
            else:
                self._frozen_at = None
                self._offset = target - self._wall()
        self.run_due()

    def advance(self, seconds: float) -> None:
        """Move forward; ``ClockRangeError`` (and no move) when that would pass ``LATEST``."""
        with self._lock:
            if self.time() + seconds > LATEST.timestamp():
                raise ClockRangeError()
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds
        self.run_due()

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
            self._frozen_at = None
            self._timers.clear()

    # -- timers ----------------------------------------------------------------------------------
    def call_at(self, due: float, callback: Callable[[], None], label: str = "") -> Timer:
        timer = Timer(due, next(self._seq), callback, label=label)
        with self._lock:
            heapq.heappush(self._timers, timer)
        return timer

    def call_later(self, delay: float, callback: Callable[[], None], label: str = "") -> Timer:
        return self.call_at(self.time() + delay, callback, label)

    def pending(self) -> list[Timer]:
        """Timers not yet fired nor cancelled, soonest first: what moving the clock would fire."""
        with self._lock:
            return sorted(t for t in self._timers if not t.cancelled)

    def run_due(self) -> int:
        """Fire every timer due by now, in due order; returns how many fired.

        Callbacks run outside the clock's lock, so they may schedule further timers.
        """
        fired = 0
        while True:
            with self._lock:
                if not self._timers or self._timers[0].due > self.time():
                    return fired
                timer = heapq.heappop(self._timers)
            if not timer.cancelled:
                timer.callback()
                fired += 1


def iso_utc(moment: datetime) -> str:
    """ISO-8601 in UTC with a trailing Z, to the millisecond: the admin API's time format."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    """Parse ISO-8601 (``Z`` or an offset; naive means UTC)."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
