"""`batch_completion` / `abatch_completion`: bounded concurrency, input order, errors in place."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

import litellm_py
from litellm_py.exceptions import BadRequestError, RateLimitError, UnsupportedParamsError
from litellm_py.testing import DeepSeekTestServer, Reply

MODEL = "deepseek/deepseek-flash"


@pytest.fixture
def mode(net_mode: str) -> str:
    """Every test here runs sync, async over httpx and async over aiohttp."""
    return net_mode


@pytest.fixture
def server() -> Iterator[DeepSeekTestServer]:
    with DeepSeekTestServer() as running:
        yield running


async def run_batch(mode: str, messages: Any, **params: Any) -> list[Any]:
    if mode == "sync":
        return litellm_py.batch_completion(MODEL, messages, **params)
    return await litellm_py.abatch_completion(MODEL, messages, **params)


def conversations(n: int) -> list[list[dict[str, str]]]:
    return [[{"role": "user", "content": f"question {i}"}] for i in range(n)]


async def test_results_come_back_in_input_order(mode: str, server: DeepSeekTestServer) -> None:
    results = await run_batch(
        mode, conversations(12), api_base=server.url, api_key=server.api_key, max_concurrency=4
    )
    assert [r.choices[0].message.content for r in results] == [
        f"You said: question {i}" for i in range(12)
    ]
    assert len(server.requests) == 12


async def test_one_failure_keeps_the_other_results(mode: str, server: DeepSeekTestServer) -> None:
    batch = conversations(3)
    batch.insert(1, [])  # refused locally: empty conversation
    results = await run_batch(mode, batch, api_base=server.url, api_key=server.api_key)
    assert isinstance(results[1], BadRequestError)
    assert [results[i].choices[0].message.content for i in (0, 2, 3)] == [
        "You said: question 0", "You said: question 1", "You said: question 2",
    ]  # fmt: skip


async def test_server_error_lands_in_its_slot(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(status=200), Reply(status=429, headers={"x-should-retry": "false"}))
    results = await run_batch(
        mode, conversations(3), api_base=server.url, api_key=server.api_key, max_concurrency=1
    )
    assert isinstance(results[1], RateLimitError)
    assert results[0].choices[0].message.content == "You said: question 0"
    assert results[2].choices[0].message.content == "You said: question 2"


async def test_concurrency_is_bounded(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """At most `max_concurrency` calls are in flight at once (counted inside the provider)."""
    from litellm_py.providers.base import BaseProvider

    lock = threading.Lock()
    state = {"now": 0, "peak": 0}
    real_send, real_asend = BaseProvider.send, BaseProvider.asend

    def enter() -> None:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])

    def leave() -> None:
        with lock:
            state["now"] -= 1

    def send(self: BaseProvider, call: Any) -> Any:
        enter()
        try:
            return real_send(self, call)
        finally:
            leave()

    async def asend(self: BaseProvider, call: Any) -> Any:
        enter()
        try:
            return await real_asend(self, call)
        finally:
            leave()

    monkeypatch.setattr(BaseProvider, "send", send)
    monkeypatch.setattr(BaseProvider, "asend", asend)
    with DeepSeekTestServer() as server:
        server.enqueue(Reply(delay=0.05, repeat=9))
        results = await run_batch(
            mode, conversations(9), api_base=server.url, api_key=server.api_key, max_workers=2
        )
    assert all(not isinstance(r, Exception) for r in results)
    assert 1 <= state["peak"] <= 2


async def test_mock_response_needs_no_network(mode: str) -> None:
    results = await run_batch(mode, conversations(2), mock_response="ok")
    assert [r.choices[0].message.content for r in results] == ["ok", "ok"]


@pytest.mark.parametrize(
    ("messages", "params", "param"),
    [
        ("hello", {}, "messages"),
        ([{"role": "user", "content": "Hi"}], {}, "messages"),
        ([[{"role": "user", "content": "Hi"}]], {"stream": True}, "stream"),
        ([[{"role": "user", "content": "Hi"}]], {"max_concurrency": 0}, "max_concurrency"),
        ([[{"role": "user", "content": "Hi"}]], {"max_workers": "4"}, "max_concurrency"),
    ],
)
async def test_bad_batches_are_refused_with_a_typed_error(
    mode: str, messages: Any, params: dict[str, Any], param: str
) -> None:
    with pytest.raises(UnsupportedParamsError) as caught:
        await run_batch(mode, messages, mock_response="x", **params)
    assert caught.value.param == param


async def test_empty_batch_returns_empty_list(mode: str) -> None:
    assert await run_batch(mode, []) == []
