"""The Router end to end against loopback servers: answered_by, fallbacks, cooldowns, limits,
streams holding slots, cancelled and failed calls giving them back. Sync and async, on both
async HTTP backends.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

import litellm_py
from litellm_py import Router
from litellm_py.exceptions import (
    ConfigurationError,
    InternalServerError,
    LocalRateLimitError,
    RateLimitError,
)
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.router.conftest import FakeClock
from tests.router.support import MESSAGES, close, deployment, drain, routed


async def test_answered_by_names_the_deployment(mode: str, server: DeepSeekTestServer) -> None:
    router = Router(model_list=[deployment(server, "ds-a")])
    resp = await routed(mode, router)
    assert resp.answered_by == "ds-a"
    assert resp.choices[0].message.content
    assert resp.cache_hit is False
    assert len(server.requests) == 1


async def test_answered_by_defaults_to_the_model_string(
    mode: str, server: DeepSeekTestServer
) -> None:
    entry = deployment(server, "x")
    del entry["model_info"]
    router = Router(model_list=[entry, {**entry}])
    ids = [d.id for d in router.deployments]
    assert ids == ["deepseek/deepseek-flash", "deepseek/deepseek-flash#1"]
    resp = await routed(mode, router)
    assert resp.answered_by in ids


async def test_fallback_to_another_group(
    mode: str, server: DeepSeekTestServer, server_b: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(status=500, repeat=3))
    router = Router(
        model_list=[deployment(server, "a"), deployment(server_b, "b", name="smart")],
        fallbacks=[{"fast": ["smart"]}],
        num_retries=2,
    )
    resp = await routed(mode, router)
    assert resp.answered_by == "b"
    assert len(server.requests) == 3  # one attempt and two retries, then the fallback group
    assert len(server_b.requests) == 1
    assert [type(e) for e in resp._meta["failed_attempts"]] == [InternalServerError] * 3


async def test_without_fallbacks_the_last_error_is_raised(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(status=500, repeat=2))
    router = Router(model_list=[deployment(server, "a")], num_retries=1)
    with pytest.raises(InternalServerError):
        await routed(mode, router)
    assert len(server.requests) == 2


async def test_retry_goes_to_another_deployment_of_the_group(
    mode: str, server: DeepSeekTestServer, server_b: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(status=503, repeat=5))
    router = Router(
        model_list=[deployment(server, "a", weight=1000), deployment(server_b, "b", weight=1)],
        seed=3,
    )
    resp = await routed(mode, router)
    assert resp.answered_by == "b"
    assert len(server.requests) == 1


async def test_failing_deployment_is_cooled_down(
    mode: str, server: DeepSeekTestServer, server_b: DeepSeekTestServer, clock: FakeClock
) -> None:
    server.enqueue(Reply(status=500, repeat=10))
    router = Router(
        model_list=[deployment(server, "a", weight=1000), deployment(server_b, "b", weight=1)],
        allowed_fails=2,
        cooldown_time=30,
        clock=clock,
        seed=1,
    )
    for _ in range(2):
        assert (await routed(mode, router)).answered_by == "b"
    assert len(server.requests) == 2  # "a" failed twice: now cooling down
    for _ in range(3):
        assert (await routed(mode, router)).answered_by == "b"
    assert len(server.requests) == 2
    clock.now += 30
    server.reset()
    assert (await routed(mode, router)).answered_by == "a"


async def test_429_retry_after_cools_that_deployment(
    mode: str, server: DeepSeekTestServer, server_b: DeepSeekTestServer, clock: FakeClock
) -> None:
    server.enqueue(Reply(status=429, headers={"retry-after": "20"}))
    router = Router(
        model_list=[deployment(server, "a", weight=1000), deployment(server_b, "b", weight=1)],
        clock=clock,
        seed=1,
    )
    assert (await routed(mode, router)).answered_by == "b"
    clock.now += 19
    assert (await routed(mode, router)).answered_by == "b"
    clock.now += 1
    assert (await routed(mode, router)).answered_by == "a"
    assert len(server.requests) == 2


async def test_all_cooling_goes_straight_to_the_fallback(
    mode: str, server: DeepSeekTestServer, server_b: DeepSeekTestServer, clock: FakeClock
) -> None:
    server.enqueue(Reply(status=500))
    router = Router(
        model_list=[deployment(server, "a"), deployment(server_b, "b", name="smart")],
        fallbacks=[{"fast": ["smart"]}],
        allowed_fails=1,
        num_retries=0,
        clock=clock,
    )
    assert (await routed(mode, router)).answered_by == "b"
    started = time.monotonic()
    resp = await routed(mode, router)
    assert resp.answered_by == "b"
    assert isinstance(resp._meta["failed_attempts"][0], LocalRateLimitError)
    assert time.monotonic() - started < 20  # did not wait out the cooldown
    assert len(server.requests) == 1


async def test_over_the_limit_raises_local_rate_limit_without_a_request(
    mode: str, server: DeepSeekTestServer
) -> None:
    router = Router(model_list=[deployment(server, "a", max_parallel_requests=1)])
    stream = await routed(mode, router, stream=True)  # holds the only slot until closed
    with pytest.raises(LocalRateLimitError, match="max_parallel_requests") as caught:
        await routed(mode, router, timeout=0.2)
    assert isinstance(caught.value, RateLimitError)
    assert caught.value.status_code == 429
    assert len(server.requests) == 1
    chunks = await drain(mode, stream)
    assert chunks
    assert stream.answered_by == "a"
    assert (await routed(mode, router)).answered_by == "a"  # the stream gave its slot back


async def test_closing_a_stream_early_gives_its_slot_back(
    mode: str, server: DeepSeekTestServer
) -> None:
    router = Router(model_list=[deployment(server, "a", max_parallel_requests=1)])
    stream = await routed(mode, router, stream=True)
    await close(mode, stream)
    assert (await routed(mode, router, timeout=5)).answered_by == "a"


async def test_over_rpm_goes_to_another_deployment(
    mode: str, server: DeepSeekTestServer, server_b: DeepSeekTestServer, clock: FakeClock
) -> None:
    router = Router(
        model_list=[deployment(server, "a", rpm=2, weight=1000), deployment(server_b, "b")],
        clock=clock,
        seed=2,
    )
    answered = [(await routed(mode, router)).answered_by for _ in range(4)]
    assert answered.count("a") == 2
    assert len(server.requests) == 2
    assert len(server_b.requests) == 2


async def test_rpm_limit_with_no_room_fails_fast_when_the_window_ends_too_late(
    mode: str, server: DeepSeekTestServer, clock: FakeClock
) -> None:
    router = Router(model_list=[deployment(server, "a", rpm=1)], clock=clock)
    await routed(mode, router)
    with pytest.raises(LocalRateLimitError, match="rpm") as caught:
        await routed(mode, router, timeout=1)
    assert caught.value.retry_after is not None
    assert 0 < caught.value.retry_after <= 60
    assert len(server.requests) == 1


async def test_tpm_counts_the_tokens_answers_used(
    mode: str, server: DeepSeekTestServer, clock: FakeClock
) -> None:
    router = Router(model_list=[deployment(server, "a", tpm=10)], clock=clock)
    resp = await routed(mode, router)
    assert resp.usage.total_tokens >= 10
    with pytest.raises(LocalRateLimitError, match="tpm"):
        await routed(mode, router, timeout=0.5)
    clock.now += 60
    assert (await routed(mode, router)).answered_by == "a"


async def test_account_limit_is_shared_by_deployments_on_one_key(
    mode: str, server: DeepSeekTestServer
) -> None:
    router = Router(
        model_list=[deployment(server, "a"), deployment(server, "b", name="other")],
        account_limits={"deepseek": 1},
    )
    stream = await routed(mode, router, stream=True)
    with pytest.raises(LocalRateLimitError, match="account"):
        await routed(mode, router, model="other", timeout=0.2)
    await drain(mode, stream)
    assert (await routed(mode, router, model="other")).answered_by == "b"


def test_a_waiting_call_gets_the_slot_when_it_frees(server: DeepSeekTestServer) -> None:
    router = Router(model_list=[deployment(server, "a", max_parallel_requests=1)])
    stream = router.completion(model="fast", messages=MESSAGES, stream=True)
    results: list[Any] = []
    waiter = threading.Thread(
        target=lambda: results.append(router.completion("fast", MESSAGES, timeout=30))
    )
    waiter.start()
    time.sleep(0.1)
    assert not results  # still waiting for the slot
    list(stream)
    waiter.join(30)
    assert results[0].answered_by == "a"
    assert len(server.requests) == 2


async def test_async_waiters_are_served_in_turn(
    server: DeepSeekTestServer, async_backend: str
) -> None:
    server.enqueue(Reply(delay=0.05, repeat=6))
    router = Router(model_list=[deployment(server, "a", max_parallel_requests=2)])
    results = await asyncio.gather(*(routed("async", router, timeout=30) for _ in range(6)))
    assert [r.answered_by for r in results] == ["a"] * 6


async def test_a_cancelled_call_gives_its_slot_back(
    server: DeepSeekTestServer, async_backend: str
) -> None:
    server.enqueue(Reply(delay=5))
    router = Router(model_list=[deployment(server, "a", max_parallel_requests=1)])
    task = asyncio.ensure_future(routed("async", router))
    for _ in range(1000):
        if server.requests:
            break
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await routed("async", router, timeout=5)).answered_by == "a"


async def test_a_failed_call_gives_its_slot_back(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(status=400))
    router = Router(model_list=[deployment(server, "a", max_parallel_requests=1)])
    with pytest.raises(litellm_py.BadRequestError):
        await routed(mode, router)
    assert (await routed(mode, router, timeout=5)).answered_by == "a"


async def test_text_completion_is_routed(mode: str, server: DeepSeekTestServer) -> None:
    router = Router(model_list=[deployment(server, "a")])
    base = server.beta_url
    if mode == "sync":
        resp = router.text_completion(model="fast", prompt="def f(", suffix=")", api_base=base)
    else:
        resp = await router.atext_completion(model="fast", prompt="def f(", api_base=base)
    assert resp.answered_by == "a"
    assert resp.choices[0].text


async def test_mock_response_goes_through_the_router(mode: str, server: DeepSeekTestServer) -> None:
    router = Router(model_list=[deployment(server, "a", max_parallel_requests=1)])
    resp = await routed(mode, router, mock_response="hello")
    assert resp.choices[0].message.content == "hello"
    stream = await routed(mode, router, mock_response="hello there", stream=True)
    await drain(mode, stream)
    assert (await routed(mode, router, mock_response="again", timeout=1)).answered_by == "a"
    assert server.requests == []


def test_configuration_errors_name_what_to_fix(server: DeepSeekTestServer) -> None:
    with pytest.raises(ConfigurationError, match="model_list is empty"):
        Router(model_list=[])
    with pytest.raises(ConfigurationError, match=r"model_list\[0\]: litellm_params"):
        Router(model_list=[{"model_name": "x", "litellm_params": {}}])
    with pytest.raises(ConfigurationError, match="rpm must be a positive number"):
        Router(model_list=[deployment(server, "a", rpm=-1)])
    with pytest.raises(ConfigurationError, match="redis_failure"):
        Router(model_list=[deployment(server, "a")], redis_failure="maybe")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match=r"model_info\.id must be unique"):
        Router(model_list=[deployment(server, "a"), deployment(server, "a")])
    with pytest.raises(ConfigurationError, match="num_retries"):
        Router(model_list=[deployment(server, "a")], num_retries=-1)
    with pytest.raises(ConfigurationError, match="fallbacks name smart, which no deployment"):
        Router(model_list=[deployment(server, "a")], fallbacks=[{"fast": ["smart"]}])
    with pytest.raises(ConfigurationError, match="list of model names"):
        Router(model_list=[deployment(server, "a")], fallbacks=[{"fast": "smart"}])
    with pytest.raises(ConfigurationError, match="must be a list of"):
        Router(model_list="fast")  # type: ignore[arg-type]
    router = Router(model_list=[deployment(server, "a")])
    assert router.model_names == ["fast"]
    with pytest.raises(ConfigurationError, match="known: fast"):
        router.completion(model="slow", messages=[])


async def test_router_timeout_bounds_the_wait_for_a_slot(
    mode: str, server: DeepSeekTestServer, make_router: Any
) -> None:
    router = make_router([deployment(server, "a", max_parallel_requests=1)], timeout=0.3)
    stream = await routed(mode, router, stream=True)
    with pytest.raises(LocalRateLimitError):
        await routed(mode, router)
    await close(mode, stream)
    assert (await routed(mode, router, timeout=10)).answered_by == "a"


def test_repr_never_shows_the_key(server: DeepSeekTestServer) -> None:
    router = Router(model_list=[deployment(server, "a")])
    assert server.api_key not in repr(router)
    assert server.api_key not in repr(router.deployments)
