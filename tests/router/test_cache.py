"""Response caches with `completion()` and the Router: hit, miss, ttl, no-cache / no-store,
stream replay, RedisCache shared and failing. Sync and async, on both async backends.
"""

from __future__ import annotations

from typing import Any

import pytest
import redis

import litellm_py
from litellm_py import InMemoryCache, RedisCache, stream_chunk_builder
from litellm_py._cache_hook import replay_chunks
from litellm_py.exceptions import UnsupportedParamsError
from litellm_py.testing import DeepSeekTestServer, RedisServer, Reply
from tests.router.redis_support import REDIS_TIMEOUT
from tests.router.support import MESSAGES, close, deployment, drain, routed
from tests.support import call_entry


class Tick:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def use_cache(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Install a module-level cache (`litellm_py.cache = ...`) for one test."""

    def install(cache: Any) -> Any:
        monkeypatch.setattr(litellm_py, "cache", cache, raising=False)
        return cache

    return install


async def ask(mode: str, server: DeepSeekTestServer, **kwargs: Any) -> Any:
    kwargs.setdefault("messages", MESSAGES)
    base = {"model": "deepseek/deepseek-flash", "api_base": server.url, "api_key": server.api_key}
    return await call_entry(mode, "completion", **{**base, **kwargs})


async def test_second_identical_call_is_a_hit_that_costs_nothing(
    mode: str, server: DeepSeekTestServer, use_cache: Any
) -> None:
    cache = use_cache(InMemoryCache())
    first = await ask(mode, server)
    assert first.cache_hit is False
    assert first.cost is not None
    assert first.cost > 0
    second = await ask(mode, server, timeout=30, num_retries=1)  # not part of the key
    assert second.cache_hit is True
    assert second.cost == 0.0
    assert litellm_py.completion_cost(second) == 0.0
    assert second.model_dump() == first.model_dump()
    assert len(server.requests) == 1
    assert len(cache) == 1


async def test_params_that_change_the_answer_are_part_of_the_key(
    mode: str, server: DeepSeekTestServer, use_cache: Any
) -> None:
    use_cache(InMemoryCache())
    await ask(mode, server)
    assert (await ask(mode, server, max_tokens=50)).cache_hit is False
    other = [{"role": "user", "content": "Something else"}]
    assert (await ask(mode, server, messages=other)).cache_hit is False
    assert (await ask(mode, server, max_tokens=50)).cache_hit is True
    assert len(server.requests) == 3


async def test_no_cache_calls_the_model_and_stores_the_new_answer(
    mode: str, server: DeepSeekTestServer, use_cache: Any
) -> None:
    use_cache(InMemoryCache())
    await ask(mode, server)
    server.enqueue(Reply(content="fresh"))
    fresh = await ask(mode, server, cache={"no-cache": True})
    assert fresh.cache_hit is False
    assert fresh.choices[0].message.content == "fresh"
    again = await ask(mode, server)
    assert again.cache_hit is True
    assert again.choices[0].message.content == "fresh"
    assert len(server.requests) == 2


async def test_no_store_leaves_the_cache_alone(
    mode: str, server: DeepSeekTestServer, use_cache: Any
) -> None:
    cache = use_cache(InMemoryCache())
    await ask(mode, server, cache={"no-store": True})
    assert len(cache) == 0
    assert (await ask(mode, server)).cache_hit is False


async def test_ttl_default_and_per_call(
    mode: str, server: DeepSeekTestServer, use_cache: Any
) -> None:
    tick = Tick()
    use_cache(InMemoryCache(ttl=10, clock=tick))
    await ask(mode, server)
    tick.now += 9.9
    assert (await ask(mode, server)).cache_hit is True
    tick.now += 0.1
    assert (await ask(mode, server)).cache_hit is False  # expired: called and stored again
    await ask(mode, server, max_tokens=60, cache={"ttl": 2})
    tick.now += 1.9
    assert (await ask(mode, server, max_tokens=60)).cache_hit is True
    tick.now += 0.1
    assert (await ask(mode, server, max_tokens=60)).cache_hit is False


async def test_a_stream_request_is_served_as_a_replayed_stream(
    mode: str, server: DeepSeekTestServer, use_cache: Any
) -> None:
    use_cache(InMemoryCache())
    server.enqueue(Reply(content="The answer is 42.", reasoning="Think it through."))
    original = await ask(mode, server, model="deepseek/deepseek-v4-pro", thinking=True)
    stream = await ask(mode, server, model="deepseek/deepseek-v4-pro", thinking=True, stream=True)
    assert stream.cache_hit is True
    chunks = await drain(mode, stream)
    rebuilt = stream_chunk_builder(chunks)
    assert rebuilt.choices[0].message.content == "The answer is 42."
    reasoning = original.choices[0].message.reasoning_content
    assert rebuilt.choices[0].message.reasoning_content == reasoning
    assert rebuilt.usage is not None
    assert rebuilt.usage.total_tokens == original.usage.total_tokens
    assert len(server.requests) == 1


async def test_a_finished_stream_is_stored_and_a_closed_one_is_not(
    mode: str, server: DeepSeekTestServer, use_cache: Any
) -> None:
    cache = use_cache(InMemoryCache())
    chunks = await drain(mode, await ask(mode, server, stream=True))
    hit = await ask(mode, server)
    assert hit.cache_hit is True
    assert hit.choices[0].message.content == stream_chunk_builder(chunks).choices[0].message.content
    await close(mode, await ask(mode, server, stream=True, max_tokens=70))
    assert len(cache) == 1


async def test_text_completion_is_cached(
    mode: str, server: DeepSeekTestServer, use_cache: Any
) -> None:
    use_cache(InMemoryCache())
    kwargs = {"model": "deepseek/deepseek-flash", "prompt": "def add(a, b):", "suffix": "\n"}
    kwargs |= {"api_base": server.beta_url, "api_key": server.api_key}
    first = await call_entry(mode, "text_completion", **kwargs)
    second = await call_entry(mode, "text_completion", **kwargs)
    assert (first.cache_hit, second.cache_hit) == (False, True)
    assert second.choices[0].text == first.choices[0].text
    assert len(server.requests) == 1


async def test_bad_cache_options_are_refused(
    mode: str, server: DeepSeekTestServer, use_cache: Any
) -> None:
    use_cache(InMemoryCache())
    with pytest.raises(UnsupportedParamsError, match="no-cache"):
        await ask(mode, server, cache={"nocache": True})
    assert server.requests == []


def test_in_memory_cache_evicts_least_recently_used() -> None:
    cache = InMemoryCache(max_size=2)
    cache.set("a", "1")
    cache.set("b", "2")
    assert cache.get("a") == "1"
    cache.set("c", "3")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("1", None, "3")
    with pytest.raises(ValueError, match="max_size"):
        InMemoryCache(max_size=0)


def test_replay_chunks_assemble_back_into_the_response() -> None:
    payload: dict[str, Any] = {
        "id": "x1",
        "object": "chat.completion",
        "created": 1,
        "model": "deepseek-v4-pro",
        "system_fingerprint": "fp",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None,
                    "reasoning_content": "need the weather",
                    "tool_calls": [
                        {"id": c, "type": "function", "function": {"name": c, "arguments": "{}"}}
                        for c in ("c1", "c2")
                    ],
                },
                "logprobs": None,
                "finish_reason": "tool_calls",
            }
        ],
        "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7},
    }
    rebuilt = stream_chunk_builder(replay_chunks(payload)).model_dump()
    message = rebuilt["choices"][0]["message"]
    calls = [{k: v for k, v in c.items() if k != "index"} for c in message["tool_calls"]]
    assert calls == payload["choices"][0]["message"]["tool_calls"]  # a stream's calls carry index
    assert rebuilt["choices"][0]["message"]["reasoning_content"] == "need the weather"
    assert rebuilt["choices"][0]["finish_reason"] == "tool_calls"
    assert rebuilt["usage"] == payload["usage"]
    assert (rebuilt["id"], rebuilt["system_fingerprint"]) == ("x1", "fp")


# -- RedisCache ----------------------------------------------------------------------------


def only_entry_pttl(url: str) -> int:
    """Milliseconds left of the one cache entry in Redis."""
    client = redis.Redis.from_url(url)
    try:
        (key,) = client.keys("litellm_py:cache:*")
        return int(client.pttl(key))
    finally:
        client.close()


@pytest.fixture
async def redis_cache(redis_url: str) -> Any:
    made: list[RedisCache] = []

    def make(**kwargs: Any) -> RedisCache:
        kwargs.setdefault("timeout", REDIS_TIMEOUT)  # a slow answer would count as a miss
        cache = RedisCache(redis_url, **kwargs)
        made.append(cache)
        return cache

    yield make
    for cache in made:
        cache.close()
        await cache.aclose()


async def test_redis_cache_is_shared_between_processes(
    mode: str, server: DeepSeekTestServer, use_cache: Any, redis_cache: Any, redis_url: str
) -> None:
    use_cache(redis_cache(ttl=60))
    first = await ask(mode, server)
    use_cache(redis_cache())  # another client, as another process would have
    second = await ask(mode, server)
    assert second.cache_hit is True
    assert second.model_dump() == first.model_dump()
    assert len(server.requests) == 1
    assert 0 < only_entry_pttl(redis_url) <= 60_000


async def test_redis_cache_per_call_ttl(
    mode: str, server: DeepSeekTestServer, use_cache: Any, redis_cache: Any, redis_url: str
) -> None:
    use_cache(redis_cache())
    await ask(mode, server, cache={"ttl": 5})
    assert 0 < only_entry_pttl(redis_url) <= 5000


async def test_a_failing_redis_cache_is_a_logged_miss(
    mode: str,
    server: DeepSeekTestServer,
    use_cache: Any,
    own_redis: RedisServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = use_cache(RedisCache(own_redis.url, timeout=REDIS_TIMEOUT))
    try:
        await ask(mode, server)
        own_redis.stop()
        resp = await ask(mode, server)
        assert resp.cache_hit is False
        assert "cache read failed" in caplog.text
        assert len(server.requests) == 2
    finally:
        cache.close()
        if mode == "async":
            await cache.aclose()


# -- with the Router -----------------------------------------------------------------------


async def test_router_cache_hits_take_no_slot(
    mode: str, server: DeepSeekTestServer, make_router: Any
) -> None:
    router = make_router(
        [deployment(server, "ds-a", max_parallel_requests=1)], cache=InMemoryCache()
    )
    first = await routed(mode, router)
    stream = await routed(mode, router, stream=True, max_tokens=80)  # holds the only slot
    second = await routed(mode, router, timeout=0.2)
    assert second.cache_hit is True
    assert second.answered_by == "ds-a"
    assert second.choices[0].message.content == first.choices[0].message.content
    await drain(mode, stream)
    replay = await routed(mode, router, stream=True, max_tokens=80, timeout=5)
    assert replay.cache_hit is True
    await drain(mode, replay)
    assert len(server.requests) == 2


async def test_router_uses_the_module_cache_once(
    mode: str, server: DeepSeekTestServer, make_router: Any, use_cache: Any
) -> None:
    cache = use_cache(InMemoryCache())
    router = make_router([deployment(server, "a")])
    await routed(mode, router)
    assert len(cache) == 1  # stored under the model_name, not again by the inner call
    assert (await routed(mode, router)).cache_hit is True
