"""Waits that used to be unbounded: each now ends by the attempt's `timeout` (or at once).

Elapsed times are bounds with generous slack, never benchmarks: each server below would hold the
call for far longer (or forever) if the bound did not hold.
"""

from __future__ import annotations

import socket
import threading
import time
import warnings
from typing import Any

import pytest

from litellm_py.exceptions import APITimeoutError
from tests.raw_server import RawServer
from tests.support import call_completion, collect

pytestmark = pytest.mark.loopback

SLACK = 10.0  # seconds on top of a deadline: machine load, never the thing measured


def trickle_headers(sock: socket.socket, stopping: threading.Event) -> None:
    head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n" + b"x-pad: a\r\n" * 500
    for byte in head:
        if stopping.wait(0.05):
            return
        sock.sendall(bytes([byte]))


def endless_102(sock: socket.socket, stopping: threading.Event) -> None:
    while not stopping.wait(0.05):
        sock.sendall(b"HTTP/1.1 102 Processing\r\n\r\n")


def done_then_hold_open(sock: socket.socket, stopping: threading.Event) -> None:
    chunk = (
        b'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":'
        b'[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'
    )
    head = (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
    )
    sock.sendall(head + f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
    stopping.wait(60)  # the body stays open: no terminating chunk


async def call(mode: str, server: RawServer, **kwargs: Any) -> Any:
    return await call_completion(
        mode,
        model="deepseek/deepseek-flash",
        messages=[{"role": "user", "content": "hi"}],
        api_base=server.url,
        api_key="sk-raw",
        num_retries=0,
        **kwargs,
    )


@pytest.mark.parametrize("serve", [trickle_headers, endless_102], ids=["trickle", "endless-102"])
@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
async def test_slow_headers_end_at_the_timeout(mode: str, serve: Any, stream: bool) -> None:
    with RawServer(lambda connection, request: serve) as server:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            await call(mode, server, timeout=1.0, stream=stream)
        assert time.monotonic() - started < 1.0 + SLACK


async def test_done_ends_the_stream_at_once_even_if_the_body_stays_open(mode: str) -> None:
    with RawServer(lambda connection, request: done_then_hold_open) as server:
        started = time.monotonic()
        chunks = await collect(mode, await call(mode, server, stream=True, timeout=30))
        assert [c.choices[0].delta.content for c in chunks] == ["hi"]
        assert time.monotonic() - started < SLACK  # not the 30 s timeout, nor 300 s progress


async def test_both_backends_route_through_the_proxy_the_environment_names(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with RawServer(lambda connection, request: "answer") as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("http_proxy", proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # the key over plain http:// warning
            response = await call_completion(
                mode,
                model="deepseek/deepseek-flash",
                messages=[{"role": "user", "content": "hi"}],
                api_base="http://deepseek.example.invalid",
                api_key="sk-raw",
                num_retries=0,
            )
        assert response.choices[0].message.content == "raw answer"
        assert proxy.requests == 1


async def test_aclose_racing_in_flight_streams_ends_every_reader(async_backend: str) -> None:
    import asyncio

    import litellm_py
    from litellm_py.exceptions import APIConnectionError
    from litellm_py.testing import DeepSeekTestServer, Reply

    with DeepSeekTestServer() as server:
        slow: dict[str, Any] = {"chunk_size": 1, "keepalives_between_chunks": 1}
        slow["keepalive_interval"] = 0.05
        server.enqueue(Reply(content="a " * 400, repeat=20, **slow))
        started = asyncio.Event()

        async def reader() -> BaseException | None:
            try:
                stream = await litellm_py.acompletion(
                    model="deepseek/deepseek-flash", messages=[{"role": "user", "content": "x"}],
                    api_key=server.api_key, api_base=server.url, stream=True, num_retries=0,
                )  # fmt: skip
                async for _ in stream:
                    started.set()
            except BaseException as exc:
                return exc
            return None

        tasks = [asyncio.create_task(reader()) for _ in range(20)]
        await asyncio.wait_for(started.wait(), 30)
        await litellm_py.aclose()
        done, pending = await asyncio.wait(tasks, timeout=SLACK)
        assert not pending, f"{len(pending)} readers still stuck after aclose()"
        outcomes = [task.result() for task in done]
        assert all(isinstance(o, APIConnectionError) for o in outcomes), outcomes

        # Reading a stream after aclose(): a typed error, not a bare RuntimeError.
        server.enqueue(Reply(content="b " * 400, **slow))
        stream = await litellm_py.acompletion(
            model="deepseek/deepseek-flash", messages=[{"role": "user", "content": "x"}],
            api_key=server.api_key, api_base=server.url, stream=True, num_retries=0,
        )  # fmt: skip
        await litellm_py.aclose()
        with pytest.raises(APIConnectionError):
            async for _ in stream:
                pass


def test_sync_close_from_another_thread_ends_in_flight_calls() -> None:
    import litellm_py
    from litellm_py.exceptions import APIConnectionError
    from litellm_py.testing import DeepSeekTestServer, Reply

    with DeepSeekTestServer() as server:
        litellm_py.completion(
            model="deepseek/deepseek-flash",
            messages=[{"role": "user", "content": "x"}],
            api_key=server.api_key,
            api_base=server.url,
        )  # fmt: skip  (the client exists before the threads start)
        server.enqueue(Reply(delay=30, repeat=4))
        errors: list[BaseException] = []

        def call_in_thread() -> None:
            try:
                litellm_py.completion(
                    model="deepseek/deepseek-flash", messages=[{"role": "user", "content": "x"}],
                    api_key=server.api_key, api_base=server.url, num_retries=0, timeout=60,
                )  # fmt: skip
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=call_in_thread) for _ in range(4)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while len(server.requests) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)  # every call is waiting for its answer
        started = time.monotonic()
        litellm_py.close()
        for thread in threads:
            thread.join(SLACK + 5)
        assert not any(thread.is_alive() for thread in threads)
        assert time.monotonic() - started < SLACK  # not the 30 s delay nor the 60 s timeout
        assert len(errors) == 4
        assert all(isinstance(e, APIConnectionError) for e in errors), errors
        assert len(server.requests) == 5  # nothing was sent again
