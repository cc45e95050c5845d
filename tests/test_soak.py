"""A short soak: hundreds of concurrent calls and streams through one pool, no error, no leak.

The long version is `python benchmarks/soak.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import threading
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

import litellm_py
from litellm_py import _registry
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import SETTLE_TIMEOUT, assert_no_leaks, pooled_connections, settle

MODEL = "deepseek/deepseek-flash"
FD_DIR = Path("/proc/self/fd")


def open_sockets() -> int | None:
    """Sockets this process holds open (client and loopback server alike); None off Linux."""
    if not FD_DIR.is_dir():
        return None
    count = 0
    for fd in os.listdir(FD_DIR):
        with contextlib.suppress(OSError):  # closed while listing
            count += os.readlink(FD_DIR / fd).startswith("socket:")
    return count


@pytest.fixture
def server() -> Iterator[DeepSeekTestServer]:
    with DeepSeekTestServer(chunk_size=8) as running:
        yield running


@pytest.fixture(autouse=True)
async def _no_leaks(server: DeepSeekTestServer) -> AsyncIterator[None]:
    gc.collect()  # sockets an earlier test dropped are closed now, not in the middle of this one
    threads = threading.active_count()
    sockets = open_sockets()
    yield
    await assert_no_leaks(server, threads)
    after = await settled_sockets(sockets)
    if after is not None and sockets is not None:
        assert after <= sockets, f"{after} sockets open, {sockets} before"


async def settled_sockets(limit: int | None) -> int | None:
    """The socket count once both ends have closed what they dropped (waits up to SETTLE_TIMEOUT).

    A closed transport gives its socket back on a later loop iteration, the server on its own
    thread: how soon depends on the machine's load, so the count is polled, not read once.
    """
    deadline = time.monotonic() + SETTLE_TIMEOUT
    count = open_sockets()
    while count is not None and limit is not None and count > limit:
        if time.monotonic() > deadline:
            break
        gc.collect()
        await asyncio.sleep(0.02)
        count = open_sockets()
    return count


def kwargs(server: DeepSeekTestServer, index: int, retries: int = 0) -> dict[str, Any]:
    """A call whose answer names it; no retries by default, so any failure shows."""
    return {
        "model": MODEL,
        "messages": [{"role": "user", "content": f"request {index}"}],
        "api_base": server.url,
        "api_key": server.api_key,
        "num_retries": retries,
    }


async def one_call(server: DeepSeekTestServer, index: int, retries: int = 0) -> str:
    response = await litellm_py.acompletion(**kwargs(server, index, retries))
    return str(response.choices[0].message.content)


async def one_stream(server: DeepSeekTestServer, index: int, retries: int = 0) -> str:
    stream = await litellm_py.acompletion(stream=True, **kwargs(server, index, retries))
    async with stream:
        parts = [chunk.choices[0].delta.content or "" async for chunk in stream if chunk.choices]
    return "".join(parts)


async def test_hundreds_of_concurrent_calls_and_streams_share_one_pool(
    server: DeepSeekTestServer,
) -> None:
    calls = [one_call(server, i) for i in range(300)]
    streams = [one_stream(server, i) for i in range(300, 400)]

    answers = await asyncio.gather(*calls, *streams, return_exceptions=True)

    errors = [a for a in answers if isinstance(a, BaseException)]
    assert errors == []
    assert answers == [f"You said: request {i}" for i in range(400)]
    assert len(server.requests) == 400
    provider = _registry.get_provider("deepseek")
    assert len(provider._pool._async) == 1  # one async client for the loop, reused by all
    await settle(server)
    assert len(pooled_connections()) <= 400  # at most one per call in flight, all idle now


async def test_threads_share_the_sync_pool(server: DeepSeekTestServer) -> None:
    litellm_py.completion(**kwargs(server, -1))  # the client exists before the threads start

    def worker(first: int) -> list[str]:
        out = []
        for i in range(first, first + 25):
            response = litellm_py.completion(**kwargs(server, i))
            out.append(response.choices[0].message.content)
            if i % 5 == 0:  # and a stream now and then
                chunks = list(litellm_py.completion(stream=True, **kwargs(server, i)))
                assert chunks[-1].choices[0].finish_reason == "stop"
        return out

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(worker, range(0, 200, 25)))

    assert [a for part in results for a in part] == [f"You said: request {i}" for i in range(200)]
    assert len(server.requests) == 241
    await settle(server)
    assert len(pooled_connections()) <= 8


async def test_threads_racing_to_the_first_call_build_one_client(
    server: DeepSeekTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[httpx.Client] = []
    build = httpx.Client.__init__

    def counted(self: httpx.Client, *args: Any, **kw: Any) -> None:
        time.sleep(0.05)  # a slow build (it loads CA certificates) widens the race window
        build(self, *args, **kw)
        built.append(self)

    monkeypatch.setattr(httpx.Client, "__init__", counted)
    start = threading.Barrier(8)

    def first_call(index: int) -> None:
        start.wait()
        litellm_py.completion(**kwargs(server, index))

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(first_call, range(8)))
        assert len(built) == 1
    finally:
        for client in built:  # the orphans too, so no socket outlives the test
            client.close()


async def test_a_soak_with_faults_mixed_in_loses_nothing(
    server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    faults = [Reply(status=503), Reply(fault="reset_before_headers"), Reply(status=429)] * 10
    server.enqueue(*faults)
    # Each failure uses up one scripted fault, so len(faults) retries always suffice.
    retries = len(faults)
    jobs = [one_call(server, i, retries) for i in range(150)]
    jobs += [one_stream(server, i, retries) for i in range(150, 200)]

    answers = await asyncio.gather(*jobs, return_exceptions=True)

    assert [a for a in answers if isinstance(a, BaseException)] == []
    assert answers == [f"You said: request {i}" for i in range(200)]
    assert len(server.requests) == 200 + len(faults)  # each fault cost exactly one more request
    # Each status answer cost one retry. A reset before the headers costs one too, unless it hit
    # a reused pooled connection: then it looks like a stale one and goes out again at once, not
    # as a retry. Which connection the server resets depends on timing, so both are allowed.
    statuses = sum(1 for fault in faults if fault.status != 200)
    assert statuses <= len(sleeps) <= len(faults)
