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
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest

from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import call_completion, pooled_connections, settle

pytestmark = pytest.mark.usefixtures("no_leaks")

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Tell me a story."}]
# The server holds these far longer than an interruption takes to land, even on a loaded machine
# (and not longer: a held request keeps its server connection open until it is answered).
SLOW_HEADERS = Reply(delay=1.5, content="never read")
# The first chunk comes at once; then ~0.2 s of keep-alives before each further chunk.
SLOW_STREAM = Reply(
    content="Once upon a time there was a pool of connections.", chunk_size=4,
    keepalives_between_chunks=2, keepalive_interval=0.1,
)  # fmt: skip
ASYNC_CANCELLERS = ["cancel", "wait_for"] + (["timeout"] if hasattr(asyncio, "timeout") else [])
CASES = [("sync", "signal")] + [
    (mode, canceller) for mode in ("async", "async-aiohttp") for canceller in ASYNC_CANCELLERS
]
READY_TIMEOUT = 30.0  # how long an interruption waits for its point: load, never the thing tested


class Interrupt(BaseException):
    """What a signal handler raises into a blocked sync call (Ctrl-C: KeyboardInterrupt)."""


async def call(mode: str, server: DeepSeekTestServer, **kwargs: Any) -> Any:
    return await call_completion(
        mode, model=MODEL, messages=MESSAGES, api_base=server.url, api_key=server.api_key,
        **kwargs,
    )  # fmt: skip


@contextlib.contextmanager
def interrupt_when(ready: Callable[[], bool], extra: float) -> Iterator[None]:
    """Raise `Interrupt` in the main thread, wherever it is blocked, `extra` s after `ready()`.

    A watcher thread polls `ready` (the main thread is blocked in the call) and then signals the
    main thread, so the interruption lands at a known point however slow the machine is.
    """

    def handler(signum: int, frame: Any) -> None:
        raise Interrupt

    stop = threading.Event()
    main = threading.main_thread().ident
    assert main is not None

    def watch() -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while not ready():
            if stop.wait(0.005) or time.monotonic() > deadline:
                return  # the call ended first: `pytest.raises(Interrupt)` reports it
        if not stop.wait(extra):
            signal.pthread_kill(main, signal.SIGALRM)

    previous = signal.signal(signal.SIGALRM, handler)
    watcher = threading.Thread(target=watch, name="interrupter")
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()
        signal.signal(signal.SIGALRM, previous)


async def until(ready: Callable[[], bool], task: asyncio.Future[None]) -> None:
    """Wait (on the loop) until `ready()`, or until `task` ends without it."""
    deadline = time.monotonic() + READY_TIMEOUT
    while not ready() and not task.done():
        assert time.monotonic() < deadline, "the call never got to the point to interrupt"
        await asyncio.sleep(0.005)


async def interrupted(
    canceller: str,
    work: Callable[[], Awaitable[None]],
    *,
    ready: Callable[[], bool],
    extra: float = 0.0,
) -> None:
    """Run `work` and interrupt it `extra` seconds after `ready()` holds.

    Event-driven, not timed: the interruption waits for the point it is meant to hit (a request
    on the server, a chunk read), so a slow machine cannot make it land early. `wait_for` and
    `timeout` then get a short timeout on the running call, and the call cannot finish first:
    the server holds it far longer.
    """
    if canceller == "signal":
        with pytest.raises(Interrupt), interrupt_when(ready, extra):
            await work()
        return
    task = asyncio.ensure_future(work())
    await until(ready, task)
    await asyncio.sleep(extra)
    if canceller == "cancel":
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    elif canceller == "wait_for":
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(task, 0.01)
    else:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.01):  # type: ignore[attr-defined,unused-ignore]
                await task
    assert task.cancelled()


def requests_reach(server: DeepSeekTestServer, count: int) -> Callable[[], bool]:
    """Whether the server has received `count` requests."""
    return lambda: len(server.requests) >= count


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

    await interrupted(canceller, work, ready=lambda: len(server.requests) == 2)

    assert len(server.requests) == 2  # the request was sent before the interruption, not resent
    await assert_pool_usable(mode, server)


@pytest.mark.parametrize(("mode", "canceller"), CASES, indirect=["mode"])
async def test_interrupted_mid_stream_while_waiting_for_a_chunk(
    mode: str, canceller: str, server: DeepSeekTestServer
) -> None:
    await warm_up(mode, server)
    server.enqueue(SLOW_STREAM)
    chunks: list[Any] = []

    async def work() -> None:
        stream = await call(mode, server, stream=True)
        if mode == "sync":
            for chunk in stream:  # not in `with`: the stream must release itself
                chunks.append(chunk)
        else:
            async for chunk in stream:
                chunks.append(chunk)

    await interrupted(canceller, work, ready=lambda: len(chunks) >= 3)

    assert 3 <= len(chunks) < 20
    assert chunks[-1].choices[0].finish_reason is None  # really stopped in the middle
    await assert_pool_usable(mode, server)


@pytest.mark.parametrize(("mode", "canceller"), CASES, indirect=["mode"])
async def test_interrupted_while_the_consumer_of_an_open_stream_is_busy(
    mode: str, canceller: str, server: DeepSeekTestServer
) -> None:
    await warm_up(mode, server)
    server.enqueue(SLOW_STREAM)
    chunks: list[Any] = []

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
                    await asyncio.sleep(10)

    await interrupted(canceller, work, ready=lambda: len(chunks) == 1, extra=0.05)

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
        server.enqueue(SLOW_STREAM if streaming else SLOW_HEADERS)

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

        await interrupted(
            canceller, work, ready=requests_reach(server, round_ + 2),  # warm-up + one a round
            extra=shuffle.uniform(0.0, 0.1),  # while waiting for headers, or mid-stream
        )  # fmt: skip
        assert not [c for c in pooled_connections() if not c.is_idle() and not c.is_closed()]

    assert len(server.requests) == 9
    await assert_pool_usable(mode, server)
