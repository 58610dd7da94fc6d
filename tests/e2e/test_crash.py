"""SIGKILL a busy ``--data-dir`` server at 20 seeded moments (``benchmarks/crash.py``; its long form
runs 200+): after every restart each acknowledged write is there, each deleted thing is gone, and
every vendor's read and write paths answer without a 5xx."""

from __future__ import annotations

from benchmarks.crash import run


def test_twenty_kills_lose_nothing_tear_nothing_and_leave_every_vendor_answering(tmp_path):
    totals = run(kills=20, seed=14, data_dir=tmp_path)
    assert totals.rounds == 20 and totals.acknowledged >= 20 * 5
    assert (totals.lost, totals.torn, totals.errors, totals.problems) == (0, 0, 0, [])
