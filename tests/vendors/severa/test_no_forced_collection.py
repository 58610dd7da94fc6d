"""A Severa call does not force a full garbage collection. Stock Spyne collects every object of
the process when a call ends (at most once a second): with the GIL held, every other vendor's
requests wait for it, and on a server holding many records that wait dominated a Severa call.
Python's generational collector, which runs by allocation counts, is switched off during the test
so that any collection seen is one the call forced."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from werkzeug.test import Client

from mockserver.app import MockServer
from mockserver.config import Config
from tests.vendors.severa.conftest import PATH, SERVICE_NS, envelope


@pytest.fixture
def collections() -> Iterator[list[dict]]:
    seen: list[dict] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info)

    was_enabled = gc.isenabled()
    gc.disable()
    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)
        if was_enabled:
            gc.enable()


def test_a_call_answers_without_collecting_the_whole_heap(collections: list[dict]):
    client = Client(MockServer(Config(replay=False)))  # every call runs Spyne
    inner = "<options>None</options><startFromIndex>0</startFromIndex><count>10</count>"
    headers = {
        "Content-Type": "text/xml; charset=utf-8",
        "SOAPAction": f'"{SERVICE_NS}IAccount/GetAllAccounts"',
    }
    answers = [client.post(PATH, data=envelope("GetAllAccounts", inner), headers=headers) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert b"<a:AccountTiny>" in answers[0].data
    assert collections == []
