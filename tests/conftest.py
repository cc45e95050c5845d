"""Shared fixtures: a clean environment, sync/async parametrization, the loopback server,
key-leak and connection-leak checks (helpers live in tests/support.py)."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

import litellm_py
from litellm_py import _registry
from litellm_py.providers.deepseek import models as deepseek_models
from litellm_py.testing import DeepSeekTestServer
from tests.support import API_BASE, TEST_KEY, assert_no_leaks


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts with only our fake key, no config file applied, no cached providers."""
    monkeypatch.delenv("DEEPSEEK_API_BASE", raising=False)
    monkeypatch.setenv("DEEPSEEK_API_KEY", TEST_KEY)
    # The suite tests the default transport; tests/test_http_backend.py covers the aiohttp one.
    monkeypatch.setenv("LITELLM_PY_HTTP_BACKEND", "httpx")
    _registry.reset_for_tests()
    deepseek_models._registry = None  # list_models() merges server data into the registry
    yield
    litellm_py.close()


@pytest.fixture(autouse=True)
def _no_key_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """The API key never appears in a log line produced during any test."""
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        assert TEST_KEY not in record.getMessage(), f"API key leaked in log: {record.name}"


@pytest.fixture
async def _close_async_pools() -> AsyncIterator[None]:
    yield
    await litellm_py.aclose()


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest, _close_async_pools: None) -> str:
    """Run a behaviour test once through the sync API and once through the async API."""
    return str(request.param)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the retry waits (sync and async) instead of sleeping."""
    from litellm_py import _retry

    waits: list[float] = []

    def record(seconds: float) -> None:
        waits.append(seconds)

    async def arecord(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(_retry, "sleep", record)
    monkeypatch.setattr(_retry, "asleep", arecord)
    return waits


@pytest.fixture
def deepseek_api() -> Iterator[Any]:
    """A `respx.MockRouter` for api.deepseek.com; requests to any unmocked URL fail."""
    import respx

    with respx.mock(base_url=API_BASE, assert_all_called=False, assert_all_mocked=True) as router:
        yield router


@pytest.fixture
def server() -> Iterator[DeepSeekTestServer]:
    """A running loopback DeepSeek server (`litellm_py.testing`)."""
    with DeepSeekTestServer() as running:
        yield running


@pytest.fixture
async def no_leaks(server: DeepSeekTestServer) -> AsyncIterator[None]:
    """After the test: no busy pooled connection, no server-side connection, thread or task."""
    threads = threading.active_count()
    yield
    await assert_no_leaks(server, threads)


@pytest.fixture(params=["sync", "async-httpx", "async-aiohttp"])
def net_mode(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, _close_async_pools: None
) -> str:
    """Like `mode`, with async once per HTTP backend: returns "sync" or "async"."""
    mode, _, backend = str(request.param).partition("-")
    if backend == "aiohttp":
        pytest.importorskip("aiohttp")
    monkeypatch.setenv("LITELLM_PY_HTTP_BACKEND", backend or "httpx")
    return mode
