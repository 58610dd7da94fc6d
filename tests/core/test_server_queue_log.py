"""waitress does not log a warning per request when clients outnumber its threads."""

from __future__ import annotations

import http.client
import logging
import threading

import pytest

from mockserver.config import Config
from mockserver.httpd.waitress_server import QUEUE_LOGGER
from mockserver.server import ThreadedMockServer


@pytest.fixture
def queue_records() -> list[logging.LogRecord]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.DEBUG)
    logger = logging.getLogger(QUEUE_LOGGER)
    before = logger.level
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)
    logger.setLevel(before)


def test_queued_requests_are_not_logged(queue_records: list[logging.LogRecord]) -> None:
    with ThreadedMockServer(Config(port=0, threads=1, http="waitress")) as server:
        port = int(server.url.rsplit(":", 1)[1])
        statuses: list[int] = []

        def client() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for _ in range(20):
                conn.request("GET", "/_mock/health")
                response = conn.getresponse()
                response.read()
                statuses.append(response.status)
            conn.close()

        clients = [threading.Thread(target=client) for _ in range(6)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
    assert statuses == [200] * 120
    assert logging.getLogger(QUEUE_LOGGER).getEffectiveLevel() == logging.ERROR
    assert [r.getMessage() for r in queue_records if r.levelno < logging.ERROR] == []
