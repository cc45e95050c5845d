"""Reused keep-alive connections the server has closed: the request goes out again, transparently.

A request that failed on a pooled connection before any byte of the answer arrived never reached
the server's application, so it is sent again on another connection without spending a retry
(`num_retries=0` throughout). A request that may have reached the server (a fresh connection,
or part of an answer received) is never re-sent. Every case runs sync and async on both async
backends, streaming and not.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

import litellm_py
from litellm_py.exceptions import APIConnectionError
from tests.raw_server import Behaviour, RawServer
from tests.support import call_completion

pytestmark = pytest.mark.loopback


async def ask(mode: str, server: RawServer, stream: bool) -> str:
    kwargs: dict[str, Any] = {
        "model": "deepseek/deepseek-flash",
        "messages": [{"role": "user", "content": "hi"}],
        "api_base": server.url,
        "api_key": "sk-raw",
        "num_retries": 0,
        "stream": stream,
    }
    response = await call_completion(mode, **kwargs)
    if not stream:
        return str(response.choices[0].message.content)
    chunks = list(response) if mode == "sync" else [chunk async for chunk in response]
    return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def always(action: str) -> Behaviour:
    return lambda connection, request: action


@pytest.fixture(params=[False, True], ids=["plain", "stream"])
def stream(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


async def test_server_closing_idle_connections_between_calls(mode: str, stream: bool) -> None:
    with RawServer(always("answer")) as server:
        for _ in range(4):
            assert await ask(mode, server, stream) == "raw answer"
            server.close_idle()  # no await in between: the client has not seen the close yet
        assert server.requests == 4


async def test_server_answering_then_closing_without_connection_close(
    mode: str, stream: bool
) -> None:
    with RawServer(always("answer-close")) as server:
        for _ in range(4):
            assert await ask(mode, server, stream) == "raw answer"
        assert server.requests == 4
        assert server.connections == 4


async def test_a_request_lost_on_a_reused_connection_goes_out_again_on_a_fresh_one(
    mode: str, stream: bool
) -> None:
    # The server drops every second request on a connection without answering: the client
    # cannot tell this from a stale keep-alive connection, and the request is sent again.
    with RawServer(lambda connection, request: "silent-close" if request else "answer") as server:
        for _ in range(3):
            assert await ask(mode, server, stream) == "raw answer"
        assert server.connections == 3
        assert server.requests == 5  # 3 answered + 2 dropped on reused connections


async def test_a_fresh_connection_closed_without_an_answer_is_not_resent(
    mode: str, stream: bool
) -> None:
    with RawServer(always("silent-close")) as server:
        with pytest.raises(APIConnectionError):
            await ask(mode, server, stream)
        assert server.requests == 1


async def test_a_request_answered_in_part_is_not_resent(mode: str, stream: bool) -> None:
    with RawServer(lambda connection, request: "partial" if request else "answer") as server:
        assert await ask(mode, server, stream) == "raw answer"
        with pytest.raises(APIConnectionError):
            await ask(mode, server, stream)
        assert server.requests == 2
        assert server.connections == 1


async def test_concurrent_calls_after_the_server_dropped_the_whole_pool(async_backend: str) -> None:
    with RawServer(always("answer")) as server:
        answers = await asyncio.gather(*(ask("async", server, False) for _ in range(8)))
        server.close_idle()
        answers += await asyncio.gather(*(ask("async", server, False) for _ in range(8)))
        assert answers == ["raw answer"] * 16
        assert server.requests == 16
    await litellm_py.aclose()


async def test_sustained_concurrency_reuses_pooled_connections(async_backend: str) -> None:
    # More workers than httpx's default keep-alive limit (20): connections stay pooled, so the
    # server never sees more connections than there were calls in flight at once. The server
    # holds the first answers until every worker's first request has arrived, so all the
    # connections are open together whatever the machine's speed.
    workers, rounds = 50, 10
    everyone = threading.Barrier(workers)

    def behaviour(connection: int, request: int) -> str:
        if connection < workers and request == 0:
            everyone.wait(timeout=30)
        return "answer"

    with RawServer(behaviour) as server:

        async def worker() -> None:
            for _ in range(rounds):
                assert await ask("async", server, False) == "raw answer"

        await asyncio.gather(*(worker() for _ in range(workers)))
        assert server.requests == workers * rounds
        assert server.connections <= workers
    await litellm_py.aclose()
