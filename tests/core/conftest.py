from __future__ import annotations

import pytest
from werkzeug.test import Client

from mockserver.app import MockServer
from mockserver.config import Config
from tests.core.echo_vendor import EchoVendor


def echo_server(**config) -> MockServer:
    return MockServer(Config(**config), vendor_classes={"echo": EchoVendor})


@pytest.fixture
def echo_app() -> MockServer:
    return echo_server()


@pytest.fixture
def echo(echo_app: MockServer) -> Client:
    return Client(echo_app)
