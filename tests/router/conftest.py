"""Router fixtures: loopback DeepSeek servers, a settable clock, and the three call modes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

import litellm_py
from litellm_py import Router, _http
from litellm_py.testing import DeepSeekTestServer, RedisServer
from tests.router.redis_support import REDIS_TIMEOUT, flush, redis_server


class FakeClock:
    """A wall clock the test moves by hand (usage windows and cooldowns read it)."""

    def __init__(self, now: float = 1_000_020.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server() -> Iterator[DeepSeekTestServer]:
    with DeepSeekTestServer() as running:
        yield running


@pytest.fixture
def server_b() -> Iterator[DeepSeekTestServer]:
    with DeepSeekTestServer() as running:
        yield running


@pytest.fixture(params=["sync", "async-httpx", "async-aiohttp"])
async def mode(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[str]:
    """Sync, and async on each HTTP backend (the router's twins over both transports)."""
    param = str(request.param)
    if param == "async-aiohttp":
        pytest.importorskip("aiohttp")
        monkeypatch.setenv(_http.BACKEND_ENV, "aiohttp")
    yield "sync" if param == "sync" else "async"
    await litellm_py.aclose()


@pytest.fixture(scope="session")
def shared_redis() -> Iterator[RedisServer]:
    """One redis-server for the session (each test flushes it through `redis_url`)."""
    process = redis_server()
    process.start()
    yield process
    process.stop()


@pytest.fixture
def redis_url(shared_redis: RedisServer) -> str:
    """The URL of an empty Redis."""
    flush(shared_redis.url)
    return shared_redis.url


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A redis-server of this test alone (it may stop and restart it)."""
    process = redis_server()
    process.start()
    yield process
    process.stop()


@pytest.fixture
async def make_router() -> AsyncIterator[Any]:
    """Builds Routers and closes their Redis connections (sync and this loop's) afterwards."""
    made: list[Router] = []

    def make(*args: Any, **kwargs: Any) -> Router:
        if kwargs.get("redis_url"):  # a loaded CI machine must not look like a Redis outage
            kwargs.setdefault("redis_timeout", REDIS_TIMEOUT)
        router = Router(*args, **kwargs)
        made.append(router)
        return router

    yield make
    for router in made:
        router.close()
        await router.aclose()


@pytest.fixture(params=["httpx", "aiohttp"])
async def async_backend(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[str]:
    """For async-only tests: each async HTTP backend."""
    if request.param == "aiohttp":
        pytest.importorskip("aiohttp")
    monkeypatch.setenv(_http.BACKEND_ENV, str(request.param))
    yield str(request.param)
    await litellm_py.aclose()
