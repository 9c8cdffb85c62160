"""Fixtures for the operations tests."""

import shutil

import pytest
from operations_helpers import RedisServer


@pytest.fixture
def redis_server():
    """The URL of a Redis server started for this test alone."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    with RedisServer() as server:
        yield server.url


@pytest.fixture
def metrics_on(settings):
    settings.MASTHEAD_METRICS = True
    settings.MASTHEAD_METRICS_ALLOW = ["127.0.0.1", "::1"]
    settings.MASTHEAD_METRICS_TOKEN = ""
    return settings
