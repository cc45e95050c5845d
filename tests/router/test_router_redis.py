"""Routers sharing one real Redis: shared slots, windows and cooldowns; Redis stopped and
restarted (or hanging) in both failure modes. Sync and async, on both async backends.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from litellm_py.exceptions import LocalRateLimitError, RouterStateUnavailableError
from litellm_py.testing import DeepSeekTestServer, RedisServer, Reply
from tests.router.conftest import FakeClock
from tests.router.support import close, deployment, drain, routed


def keys(url: str, pattern: str) -> list[str]:
    client = redis.Redis.from_url(url, decode_responses=True)
    try:
        return sorted(str(k) for k in client.keys(pattern))
    finally:
        client.close()


async def test_routers_share_slots_through_redis(
    mode: str, server: DeepSeekTestServer, redis_url: str, make_router: Any
) -> None:
    model_list = [deployment(server, "a", max_parallel_requests=1)]
    one = make_router(model_list, redis_url=redis_url)
    two = make_router(model_list, redis_url=redis_url)
    stream = await routed(mode, one, stream=True)
    with pytest.raises(LocalRateLimitError, match="max_parallel_requests"):
        await routed(mode, two, timeout=0.3)
    await drain(mode, stream)
    assert (await routed(mode, two, timeout=5)).answered_by == "a"
    assert len(server.requests) == 2


async def test_account_limit_is_shared_across_routers(
    mode: str, server: DeepSeekTestServer, redis_url: str, make_router: Any
) -> None:
    limits = {"deepseek": 1}
    one = make_router([deployment(server, "a")], redis_url=redis_url, account_limits=limits)
    two = make_router([deployment(server, "b")], redis_url=redis_url, account_limits=limits)
    stream = await routed(mode, one, stream=True)
    with pytest.raises(LocalRateLimitError, match="account"):
        await routed(mode, two, timeout=0.3)
    await close(mode, stream)
    assert (await routed(mode, two, timeout=5)).answered_by == "b"


async def test_cooldowns_and_rpm_windows_are_shared(
    mode: str,
    server: DeepSeekTestServer,
    server_b: DeepSeekTestServer,
    redis_url: str,
    make_router: Any,
    clock: FakeClock,
) -> None:
    model_list = [deployment(server, "a", weight=1000), deployment(server_b, "b", rpm=1)]
    options = {"redis_url": redis_url, "allowed_fails": 1, "clock": clock, "seed": 4}
    one, two = make_router(model_list, **options), make_router(model_list, **options)
    server.enqueue(Reply(status=500))
    assert (await routed(mode, one)).answered_by == "b"  # "a" failed once: cooled everywhere
    with pytest.raises(LocalRateLimitError, match="cooldown"):
        await routed(mode, two, timeout=0.3)  # "b" used its rpm in router one
    assert len(server.requests) == 1


async def test_open_mode_falls_back_to_local_limits_and_reconnects(
    mode: str,
    server: DeepSeekTestServer,
    own_redis: RedisServer,
    make_router: Any,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from litellm_py.router import _redis_state

    monkeypatch.setattr(_redis_state, "RETRY_INTERVAL", 0.0)
    router = make_router(
        [deployment(server, "a", max_parallel_requests=1)], redis_url=own_redis.url
    )
    await routed(mode, router)
    assert keys(own_redis.url, "*rpm*")
    own_redis.stop()
    assert (await routed(mode, router, timeout=5)).answered_by == "a"
    assert "using this process's local limits" in caplog.text
    stream = await routed(mode, router, stream=True)  # local limits still hold
    with pytest.raises(LocalRateLimitError):
        await routed(mode, router, timeout=0.2)
    await drain(mode, stream)
    own_redis.start()
    assert (await routed(mode, router, timeout=5)).answered_by == "a"
    assert keys(own_redis.url, "*rpm*")  # the decision was made in Redis again
    assert "answers again" in caplog.text


async def test_closed_mode_raises_while_redis_is_down_and_recovers(
    mode: str, server: DeepSeekTestServer, own_redis: RedisServer, make_router: Any
) -> None:
    router = make_router([deployment(server, "a")], redis_url=own_redis.url, redis_failure="closed")
    await routed(mode, router)
    own_redis.stop()
    with pytest.raises(RouterStateUnavailableError, match="redis_failure='closed'"):
        await routed(mode, router)
    assert len(server.requests) == 1  # nothing was sent without a slot
    own_redis.start()
    assert (await routed(mode, router)).answered_by == "a"


@pytest.fixture
def hanging_redis() -> Iterator[str]:
    """A port that accepts connections and never answers (a hung Redis)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    stop.set()
    thread.join(5)
    for conn in accepted:
        conn.close()
    listener.close()


@pytest.mark.parametrize("failure", ["open", "closed"])
async def test_a_hung_redis_never_hangs_the_call(
    mode: str, server: DeepSeekTestServer, hanging_redis: str, make_router: Any, failure: str
) -> None:
    router = make_router(
        [deployment(server, "a")], redis_url=hanging_redis, redis_failure=failure, redis_timeout=0.2
    )
    started = time.monotonic()
    if failure == "open":
        assert (await routed(mode, router)).answered_by == "a"
    else:
        with pytest.raises(RouterStateUnavailableError, match="Timeout"):
            await routed(mode, router)
    assert time.monotonic() - started < 30  # bounded by redis_timeout, not by the server


def test_redis_url_must_be_a_redis_url(server: DeepSeekTestServer) -> None:
    from litellm_py import ConfigurationError, Router

    with pytest.raises(ConfigurationError, match="redis://host:6379/0"):
        Router([deployment(server, "a")], redis_url="http://nope")


def test_logs_never_show_the_redis_password(
    server: DeepSeekTestServer, make_router: Any, caplog: pytest.LogCaptureFixture
) -> None:
    port = 1  # nothing listens there
    router = make_router(
        [deployment(server, "a")], redis_url=f"redis://:hunter2@127.0.0.1:{port}/0"
    )
    caplog.set_level(logging.WARNING)
    router.completion(model="fast", messages=[{"role": "user", "content": "x"}])
    assert "unavailable" in caplog.text
    assert "hunter2" not in caplog.text
