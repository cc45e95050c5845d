"""Interrupting a call releases its connection and leaves the shared pool usable.

Async calls are cancelled (`task.cancel()`, `asyncio.wait_for`, and `asyncio.timeout` where the
Python has it) while the request waits for headers, while a stream waits for its next chunk, and
while the consumer of an open stream is busy elsewhere. The sync twin of a cancellation is an
interrupt (what Ctrl-C does): a signal handler raises while the call is blocked in a read.
Afterwards no pooled connection is checked out, the next call on the same loop succeeds and the
server does not see more connections than the pool keeps idle.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest

from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import call_completion, pooled_connections, settle

pytestmark = pytest.mark.usefixtures("no_leaks")

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Tell me a story."}]
SLOW_HEADERS = Reply(delay=0.6, content="never read")
# The first chunk comes at once; then ~0.2 s of keep-alives before each further chunk.
SLOW_STREAM = Reply(
    content="Once upon a time there was a pool of connections.", chunk_size=4,
    keepalives_between_chunks=2, keepalive_interval=0.1,
)  # fmt: skip
ASYNC_CANCELLERS = ["cancel", "wait_for"] + (["timeout"] if hasattr(asyncio, "timeout") else [])
CASES = [("sync", "signal")] + [("async", canceller) for canceller in ASYNC_CANCELLERS]


class Interrupt(BaseException):
    """What a signal handler raises into a blocked sync call (Ctrl-C: KeyboardInterrupt)."""


async def call(mode: str, server: DeepSeekTestServer, **kwargs: Any) -> Any:
    return await call_completion(
        mode, model=MODEL, messages=MESSAGES, api_base=server.url, api_key=server.api_key,
        **kwargs,
    )  # fmt: skip


@contextlib.contextmanager
def interrupt_after(seconds: float) -> Iterator[None]:
    """Raise `Interrupt` in the main thread after `seconds`, wherever it is blocked."""

    def handler(signum: int, frame: Any) -> None:
        raise Interrupt

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


async def interrupted(
    canceller: str,
    work: Callable[[], Awaitable[None]],
    *,
    after: float,
    ready: asyncio.Event | None = None,
) -> None:
    """Run `work` and interrupt it `after` seconds (for "cancel": once `ready` is also set)."""
    if canceller == "signal":
        with pytest.raises(Interrupt), interrupt_after(after):
            await work()
    elif canceller == "cancel":
        task = asyncio.ensure_future(work())
        await asyncio.sleep(after)
        if ready is not None:
            await ready.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    elif canceller == "wait_for":
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(work(), after)
    else:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(after):  # type: ignore[attr-defined,unused-ignore]
                await work()


async def assert_pool_usable(mode: str, server: DeepSeekTestServer) -> None:
    """Nothing checked out; the next call succeeds; the server sees only the idle connections."""
    await settle(server)
    server.enqueue(Reply(content="still here"))
    response = await call(mode, server)
    assert response.choices[0].message.content == "still here"
    await settle(server)
    assert server.open_connections == len(pooled_connections()) <= 1


async def warm_up(mode: str, server: DeepSeekTestServer) -> None:
    """One finished call, so the interrupted one runs on a reused pooled connection."""
    await call(mode, server)
    await settle(server)
    assert server.open_connections == 1


@pytest.mark.parametrize(("mode", "canceller"), CASES, indirect=["mode"])
async def test_interrupted_while_waiting_for_headers(
    mode: str, canceller: str, server: DeepSeekTestServer
) -> None:
    await warm_up(mode, server)
    server.enqueue(SLOW_HEADERS)

    async def work() -> None:
        await call(mode, server)

    await interrupted(canceller, work, after=0.15)

    assert len(server.requests) == 2  # the request was sent before the interruption
    await assert_pool_usable(mode, server)


@pytest.mark.parametrize(("mode", "canceller"), CASES, indirect=["mode"])
async def test_interrupted_mid_stream_while_waiting_for_a_chunk(
    mode: str, canceller: str, server: DeepSeekTestServer
) -> None:
    await warm_up(mode, server)
    server.enqueue(SLOW_STREAM)
    chunks: list[Any] = []
    three_chunks = asyncio.Event()

    async def work() -> None:
        stream = await call(mode, server, stream=True)
        if mode == "sync":
            for chunk in stream:  # not in `with`: the stream must release itself
                chunks.append(chunk)
        else:
            async for chunk in stream:
                chunks.append(chunk)
                if len(chunks) == 3:
                    three_chunks.set()

    await interrupted(canceller, work, after=0.3, ready=three_chunks)

    assert 1 <= len(chunks) < 20
    assert chunks[-1].choices[0].finish_reason is None  # really stopped in the middle
    await assert_pool_usable(mode, server)


@pytest.mark.parametrize(("mode", "canceller"), CASES, indirect=["mode"])
async def test_interrupted_while_the_consumer_of_an_open_stream_is_busy(
    mode: str, canceller: str, server: DeepSeekTestServer
) -> None:
    await warm_up(mode, server)
    server.enqueue(SLOW_STREAM)
    chunks: list[Any] = []
    first_chunk = asyncio.Event()

    async def work() -> None:
        stream = await call(mode, server, stream=True)
        if mode == "sync":
            with stream:
                for chunk in stream:
                    chunks.append(chunk)
                    time.sleep(10)  # noqa: ASYNC251 - the sync flavour's own slow work blocks
        else:
            async with stream:
                async for chunk in stream:
                    chunks.append(chunk)
                    first_chunk.set()
                    await asyncio.sleep(10)

    await interrupted(canceller, work, after=0.2, ready=first_chunk)

    assert len(chunks) == 1
    await assert_pool_usable(mode, server)


async def test_many_cancellations_do_not_pile_up_connections(
    mode: str, server: DeepSeekTestServer
) -> None:
    canceller = "signal" if mode == "sync" else "cancel"
    shuffle = random.Random(20261125)
    await warm_up(mode, server)

    for round_ in range(8):
        chunks: list[Any] = []
        streaming = round_ % 2 == 1
        server.enqueue(SLOW_STREAM if streaming else Reply(delay=0.3, content="never read"))

        async def work(streaming: bool = streaming, chunks: list[Any] = chunks) -> None:
            result = await call(mode, server, stream=streaming)
            if not streaming:
                return
            if mode == "sync":
                for chunk in result:
                    chunks.append(chunk)
            else:
                async for chunk in result:
                    chunks.append(chunk)

        await interrupted(canceller, work, after=shuffle.uniform(0.05, 0.15))
        assert not [c for c in pooled_connections() if not c.is_idle() and not c.is_closed()]

    assert len(server.requests) == 9
    await assert_pool_usable(mode, server)
