"""Shared test fixtures. The live-server fixtures (``mockserver``, ``mock_tenant``, ``mock_admin``,
``mock_http``) come from our own pytest plugin, ``mockserver.testing``, exactly as users get them."""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from mockserver.app import MockServer
from mockserver.config import Config


@pytest.fixture
def app() -> MockServer:
    """A fresh in-process application with every vendor, for WSGI-level tests."""
    return MockServer(Config())


@pytest.fixture
def client(app: MockServer) -> Client:
    return Client(app)
