"""Shared fixtures: a clean environment, sync/async parametrization, the loopback server,
key-leak and connection-leak checks (helpers live in tests/support.py).

Every test that talks to a loopback server (it uses a fixture whose name ends in "server", or is
marked `loopback`) runs on both async backends: its `mode` gains "async-aiohttp", and an async
test without `mode` is parametrized over `async_backend` (see `pytest_generate_tests`).
"""

from __future__ import annotations

import importlib.util
import inspect
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


HAS_AIOHTTP = importlib.util.find_spec("aiohttp") is not None
_MOCKED = {"deepseek_api", "hosts"}  # respx mocks httpx only: such tests stay on httpx


def _talks_to_loopback(metafunc: pytest.Metafunc) -> bool:
    names = set(metafunc.fixturenames)
    if names & _MOCKED or not HAS_AIOHTTP:
        return False
    marked = metafunc.definition.get_closest_marker("loopback") is not None
    return marked or any(name.endswith("server") for name in names)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`mode` is sync and async; loopback tests also run on the aiohttp backend."""
    loopback = _talks_to_loopback(metafunc)
    explicit = any(
        "mode" in _argnames(marker.args[0])
        for marker in metafunc.definition.iter_markers("parametrize")
    )
    # A package may define its own parametrized `mode` fixture (tests/router does): leave it be.
    explicit = explicit or _own_params(metafunc, "mode")
    if "mode" in metafunc.fixturenames and not explicit:
        modes = ["sync", "async", "async-aiohttp"] if loopback else ["sync", "async"]
        metafunc.parametrize("mode", modes, indirect=True)
    elif (
        loopback
        and inspect.iscoroutinefunction(metafunc.function)
        and not _own_params(metafunc, "async_backend")  # a package's own (tests/router)
    ):
        if "async_backend" not in metafunc.fixturenames:
            metafunc.fixturenames.append("async_backend")
        metafunc.parametrize("async_backend", ["httpx", "aiohttp"], indirect=True)


def _own_params(metafunc: pytest.Metafunc, name: str) -> bool:
    """Whether the fixture `name` this test sees is parametrized by its own definition."""
    fixturedefs = metafunc._arg2fixturedefs.get(name) or ()
    return any(d.params is not None for d in fixturedefs[-1:])


def _argnames(names: str | tuple[str, ...] | list[str]) -> list[str]:
    return [name.strip() for name in names.split(",")] if isinstance(names, str) else list(names)


def _use_backend(monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    monkeypatch.setenv("LITELLM_PY_HTTP_BACKEND", backend)


@pytest.fixture
def mode(
    request: pytest.FixtureRequest, _close_async_pools: None, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Run a behaviour test through the sync API and the async API (on each async backend).

    "async-aiohttp" is the async API on the aiohttp backend; test code treats every mode other
    than "sync" as async.
    """
    if request.param == "async-aiohttp":
        _use_backend(monkeypatch, "aiohttp")
    return str(request.param)


@pytest.fixture
def async_backend(
    request: pytest.FixtureRequest, _close_async_pools: None, monkeypatch: pytest.MonkeyPatch
) -> str:
    """The async backend a loopback test without `mode` runs on (both, when aiohttp is there)."""
    _use_backend(monkeypatch, str(request.param))
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
