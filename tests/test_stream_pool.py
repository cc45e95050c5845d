"""No stream ever leaks a pooled connection: early break, consumer errors, interruptions, GC.

Checked from both ends: the provider's httpx pool has no connection left checked out (busy), and
the loopback server's `open_connections` falls back to the number of idle pooled connections.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from typing import Any

import pytest

from litellm_py import _registry
from litellm_py.exceptions import (
    APITimeoutError,
    InternalServerError,
    RateLimitError,
    StreamInterruptedError,
)
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import SETTLE_TIMEOUT, call_completion, client_connections

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Tell me a long story."}]
LONG = Reply(content="Once upon a time " * 40, reasoning="Plan the story.", chunk_size=4)


class ConsumerError(Exception):
    """Raised by the test's own loop body."""


async def complete(mode: str, server: DeepSeekTestServer, **kwargs: Any) -> Any:
    return await call_completion(
        mode, model=MODEL, messages=MESSAGES, api_base=server.url, api_key=server.api_key,
        **kwargs,
    )  # fmt: skip


async def open_stream(mode: str, server: DeepSeekTestServer, reply: Reply = LONG) -> Any:
    server.enqueue(reply)
    return await complete(mode, server, stream=True)


async def first_chunk(mode: str, stream: Any) -> Any:
    return next(stream) if mode == "sync" else await anext(stream)


async def drain(mode: str, stream: Any, *, managed: bool = False, fail: bool = False) -> None:
    """Read to the end, inside `with` / `async with` when `managed`; raise on a chunk if `fail`."""

    def check(chunk: Any) -> None:
        if fail:
            raise ConsumerError

    if mode == "sync":
        with stream if managed else contextlib.nullcontext():
            for chunk in stream:
                check(chunk)
    else:
        async with stream if managed else contextlib.nullcontext():
            async for chunk in stream:
                check(chunk)


def pooled(mode: str) -> list[Any]:
    """The pooled connections of the provider's client for this mode (either backend)."""
    pool = _registry.get_provider("deepseek")._pool
    client: Any = pool.sync_client() if mode == "sync" else pool.async_client()
    return client_connections(client)


def busy(mode: str) -> list[Any]:
    return [c for c in pooled(mode) if not c.is_idle() and not c.is_closed()]


async def assert_released(mode: str, server: DeepSeekTestServer) -> None:
    """Nothing checked out of the pool; the server sees only the idle pooled connections."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while True:
        idle = [c for c in pooled(mode) if c.is_idle()]
        if not busy(mode) and server.open_connections == len(idle):
            break
        assert time.monotonic() < deadline, (
            f"busy: {[c.info() for c in busy(mode)]}, idle: {len(idle)}, "
            f"server open: {server.open_connections}"
        )
        await asyncio.sleep(0.005)  # lets an async stream's GC close run; the server notice
    assert len(idle) <= 1


async def assert_pool_still_works(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(content="still here"))
    resp = await complete(mode, server)
    assert resp.choices[0].message.content == "still here"
    await assert_released(mode, server)


async def test_finished_stream_returns_its_connection_to_the_pool(
    mode: str, server: DeepSeekTestServer
) -> None:
    stream = await open_stream(mode, server)
    chunks = list(stream) if mode == "sync" else [chunk async for chunk in stream]
    assert chunks[-1].choices[0].finish_reason == "stop"

    await assert_released(mode, server)
    [connection] = pooled(mode)
    assert connection.is_idle()  # kept alive for the next call, not closed
    await assert_pool_still_works(mode, server)
    assert pooled(mode) == [connection]  # the next call reused it
    assert server.open_connections == 1


async def test_early_break_without_close_then_stream_dropped(
    mode: str, server: DeepSeekTestServer
) -> None:
    async def read_one() -> None:
        stream = await open_stream(mode, server)
        if mode == "sync":
            for _ in stream:
                break
        else:
            async for _ in stream:
                break

    await read_one()

    await assert_released(mode, server)
    await assert_pool_still_works(mode, server)


async def test_early_break_inside_with(mode: str, server: DeepSeekTestServer) -> None:
    stream = await open_stream(mode, server)
    if mode == "sync":
        with stream:
            for _ in stream:
                break
    else:
        async with stream:
            async for _ in stream:
                break

    await assert_released(mode, server)
    await assert_pool_still_works(mode, server)


async def test_close_after_a_partial_read(mode: str, server: DeepSeekTestServer) -> None:
    stream = await open_stream(mode, server)
    await first_chunk(mode, stream)

    if mode == "sync":
        stream.close()
        stream.close()  # idempotent
    else:
        await stream.aclose()
        await stream.aclose()

    await assert_released(mode, server)
    await assert_pool_still_works(mode, server)


async def test_consumer_exception_inside_with(mode: str, server: DeepSeekTestServer) -> None:
    stream = await open_stream(mode, server)

    with pytest.raises(ConsumerError):
        await drain(mode, stream, managed=True, fail=True)

    await assert_released(mode, server)
    await assert_pool_still_works(mode, server)


async def test_consumer_exception_without_with_then_stream_dropped(
    mode: str, server: DeepSeekTestServer
) -> None:
    with pytest.raises(ConsumerError):
        await drain(mode, await open_stream(mode, server), fail=True)
    gc.collect()  # the traceback held the frame, and the frame the stream

    await assert_released(mode, server)
    await assert_pool_still_works(mode, server)


async def test_garbage_collected_unclosed_stream(mode: str, server: DeepSeekTestServer) -> None:
    stream = await open_stream(mode, server)
    await first_chunk(mode, stream)
    if mode != "async-aiohttp":  # aiohttp releases a connection once it has buffered the body
        assert len(busy(mode)) == 1  # the open stream holds its connection

    del stream
    gc.collect()

    await assert_released(mode, server)
    await assert_pool_still_works(mode, server)


async def test_interrupted_stream(mode: str, server: DeepSeekTestServer) -> None:
    stream = await open_stream(mode, server, Reply(content="abcdefgh", chunk_size=1,
                                                   disconnect_after_chunks=4))  # fmt: skip

    with pytest.raises(StreamInterruptedError):
        await drain(mode, stream)

    await assert_released(mode, server)
    assert pooled(mode) == []  # a broken connection is not put back
    await assert_pool_still_works(mode, server)


async def test_in_band_error(mode: str, server: DeepSeekTestServer) -> None:
    reply = Reply(content="abcdefgh", chunk_size=2, stream_error={"message": "Server Error"})
    stream = await open_stream(mode, server, reply)

    with pytest.raises(InternalServerError):
        await drain(mode, stream)

    await assert_released(mode, server)
    await assert_pool_still_works(mode, server)


async def test_progress_timeout_mid_stream(mode: str, server: DeepSeekTestServer) -> None:
    # The first chunk comes at once (opening the stream waits for it, within progress_timeout even
    # on a loaded machine); then 5 s of keep-alives, far past the progress deadline.
    reply = Reply(content="abcdefgh", chunk_size=4, keepalives_between_chunks=250,
                  keepalive_interval=0.02)  # fmt: skip
    server.enqueue(reply)
    stream = await complete(mode, server, stream=True, progress_timeout=1.0)

    with pytest.raises(APITimeoutError):
        await drain(mode, stream, managed=True)

    await assert_released(mode, server)
    await assert_pool_still_works(mode, server)


async def test_error_status_on_a_stream_request(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(status=429))

    with pytest.raises(RateLimitError):
        await complete(mode, server, stream=True, num_retries=0)

    await assert_released(mode, server)
    await assert_pool_still_works(mode, server)


async def test_many_abandoned_streams_do_not_pile_up(mode: str, server: DeepSeekTestServer) -> None:
    for _ in range(5):
        stream = await open_stream(mode, server)
        await first_chunk(mode, stream)
        if mode == "sync":
            stream.close()
        else:
            await stream.aclose()
        assert busy(mode) == []

    await assert_released(mode, server)
    assert len(server.requests) == 5
    await assert_pool_still_works(mode, server)
