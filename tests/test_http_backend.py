"""The HTTP layer: backend choice, the direct `send()` and the optional aiohttp transport.

The aiohttp tests run only where the `aiohttp` extra (aiohttp) is installed; the rest of
the suite pins the httpx backend, whose pool it inspects.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

import litellm_py
from litellm_py import _http
from litellm_py.exceptions import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    RateLimitError,
    StreamInterruptedError,
)
from litellm_py.testing import DeepSeekTestServer, Reply

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Hi"}]
HAS_AIOHTTP = importlib.util.find_spec("aiohttp") is not None
needs_aiohttp = pytest.mark.skipif(not HAS_AIOHTTP, reason="the aiohttp extra is not installed")


@pytest.fixture
async def aiohttp_backend(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    monkeypatch.setenv(_http.BACKEND_ENV, "aiohttp")
    yield
    await litellm_py.aclose()


def _kwargs(server: DeepSeekTestServer, **extra: Any) -> dict[str, Any]:
    base = {"model": MODEL, "messages": MESSAGES, "api_base": server.url}
    return {**base, "api_key": server.api_key, **extra}


# -- choosing the backend ----------------------------------------------------------------------


def test_auto_picks_aiohttp_exactly_when_the_extra_is_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(_http.BACKEND_ENV, raising=False)
    assert _http.async_backend() == ("aiohttp" if HAS_AIOHTTP else "httpx")


def test_env_var_opts_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_http.BACKEND_ENV, " HTTPX ")
    assert _http.async_backend() == "httpx"


def test_module_setting_beats_the_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_http.BACKEND_ENV, "aiohttp")
    monkeypatch.setattr(_http, "http_backend", "httpx")
    assert _http.async_backend() == "httpx"


def test_unknown_backend_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_http.BACKEND_ENV, "curl")
    with pytest.raises(ConfigurationError, match="LITELLM_PY_HTTP_BACKEND"):
        _http.async_backend()


def test_insisting_on_aiohttp_without_the_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(_http.BACKEND_ENV, "aiohttp")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(ConfigurationError, match=r"litellm_py\[aiohttp\]"):
        _http.async_backend()


async def test_the_async_pool_opens_the_chosen_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_http.BACKEND_ENV, "httpx")
    pool = _http.ClientPool()
    client: Any = pool.async_client()
    assert type(client._transport).__name__ == "AsyncHTTPTransport"
    assert pool.async_client() is client
    await pool.aclose()


# -- the direct send() -------------------------------------------------------------------------


def _request(server: DeepSeekTestServer, *, timeout: bool = True) -> httpx.Request:
    extensions = {"timeout": httpx.Timeout(5.0).as_dict()} if timeout else {}
    headers = {"authorization": f"Bearer {server.api_key}"}
    return httpx.Request("GET", server.url + "/models", headers=headers, extensions=extensions)


@pytest.mark.parametrize("timeout", [True, False], ids=["direct", "httpx-path"])
def test_sync_send_reads_the_body_and_keeps_httpx_bookkeeping(
    server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture, timeout: bool
) -> None:
    pool = _http.ClientPool()
    request = _request(server, timeout=timeout)
    with caplog.at_level(logging.INFO, logger="httpx"):
        response = pool.sync_client().send(request)
    assert response.status_code == 200
    assert response.json()["object"] == "list"
    assert response.request is request
    assert response.elapsed.total_seconds() >= 0
    assert any("HTTP Request: GET" in r.getMessage() for r in caplog.records)
    pool.close()


@pytest.mark.parametrize("timeout", [True, False], ids=["direct", "httpx-path"])
async def test_async_send_reads_the_body(server: DeepSeekTestServer, timeout: bool) -> None:
    pool = _http.ClientPool()
    response = await pool.async_client().send(_request(server, timeout=timeout), stream=True)
    assert json.loads(await response.aread())["object"] == "list"
    assert response.status_code == 200
    await pool.aclose()


def test_a_closed_client_refuses_to_send(server: DeepSeekTestServer) -> None:
    pool = _http.ClientPool()
    client = pool.sync_client()
    client.close()
    with pytest.raises(RuntimeError, match="closed"):
        client.send(_request(server))


def test_transport_errors_carry_their_request() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    timeout = {"timeout": httpx.Timeout(5.0).as_dict()}
    request = httpx.Request("GET", f"http://127.0.0.1:{port}/models", extensions=timeout)
    pool = _http.ClientPool()
    with pytest.raises(httpx.ConnectError) as caught:
        pool.sync_client().send(request)
    assert caught.value.request is request
    pool.close()


# -- the aiohttp backend -----------------------------------------------------------------------


@needs_aiohttp
async def test_aiohttp_backend_is_used_and_answers(
    server: DeepSeekTestServer, aiohttp_backend: None
) -> None:
    from litellm_py._aiohttp_transport import AiohttpClient

    response = await litellm_py.acompletion(**_kwargs(server))
    assert response.choices[0].message.content
    provider: Any = litellm_py._registry.get_provider("deepseek")
    assert isinstance(provider._pool.async_client(), AiohttpClient)


@needs_aiohttp
async def test_aiohttp_backend_streams_and_reuses_its_connection(
    server: DeepSeekTestServer, aiohttp_backend: None
) -> None:
    server.enqueue(Reply(content="one two three four", chunk_size=3, keepalives_between_chunks=1))
    stream = await litellm_py.acompletion(**_kwargs(server), stream=True)
    async with stream:
        parts = [chunk.choices[0].delta.content or "" async for chunk in stream if chunk.choices]
    assert "".join(parts) == "one two three four"
    await litellm_py.acompletion(**_kwargs(server))
    assert server.open_connections == 1


@needs_aiohttp
async def test_aiohttp_answers_release_their_connection_for_the_next_call(
    server: DeepSeekTestServer, aiohttp_backend: None
) -> None:
    for _ in range(5):  # taken and released without a wait: the same connection each time
        response = await litellm_py.acompletion(**_kwargs(server))
        assert response.choices[0].message.content
    assert server.open_connections == 1


class _Response:
    """Just what `AiohttpAnswer` reads of an aiohttp response."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer
        self.status = 200
        self.headers: dict[str, str] = {}
        self.released = 0
        self.content = self

    def is_eof(self) -> bool:
        return False  # a body still arriving: the answer is tracked by its client

    def release(self) -> None:
        self.released += 1


@needs_aiohttp
def test_an_answer_is_released_without_a_wait_only_once_its_request_is_written() -> None:
    from litellm_py._aiohttp_answer import AiohttpAnswer
    from litellm_py._aiohttp_transport import AiohttpClient

    client = AiohttpClient(_http.LIMITS)
    request = httpx.Request("POST", "http://127.0.0.1:9/v1")
    writing = AiohttpAnswer(_Response(writer=object()), client, request, 0.0)
    written = AiohttpAnswer(_Response(writer=None), client, request, 0.0)
    assert set(client.bodies) == {writing, written}
    assert not writing.release_now()  # the caller awaits aclose(), which waits for the writer
    assert writing._response.released == 0
    assert writing in client.bodies
    assert written.release_now()
    assert written._response.released == 1
    assert written not in client.bodies


@needs_aiohttp
async def test_aiohttp_backend_releases_a_stream_left_early(
    server: DeepSeekTestServer, aiohttp_backend: None
) -> None:
    for _ in range(5):
        server.enqueue(Reply(content="x " * 200, chunk_size=2))
        stream = await litellm_py.acompletion(**_kwargs(server), stream=True)
        async with stream:
            async for _ in stream:
                break
    assert (await litellm_py.acompletion(**_kwargs(server))).choices[0].message.content
    await litellm_py.aclose()
    assert server.wait_connections_closed()


@needs_aiohttp
async def test_aiohttp_refused_connection_is_a_connection_error_not_a_timeout(
    aiohttp_backend: None,
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(APIConnectionError) as caught:
        await litellm_py.acompletion(
            model=MODEL,
            messages=MESSAGES,
            api_key="sk-test",
            api_base=f"http://127.0.0.1:{port}",
            num_retries=0,
        )
    assert not isinstance(caught.value, APITimeoutError)


@needs_aiohttp
async def test_aiohttp_reset_mid_stream_keeps_the_partial_answer(
    server: DeepSeekTestServer, aiohttp_backend: None
) -> None:
    server.enqueue(Reply(content="a b c d e f g h", chunk_size=2, disconnect_after_chunks=3))
    stream = await litellm_py.acompletion(**_kwargs(server), stream=True)
    with pytest.raises(StreamInterruptedError) as caught:
        async for _ in stream:
            pass
    assert caught.value.partial_response is not None


@needs_aiohttp
async def test_aiohttp_timeout_fires(server: DeepSeekTestServer, aiohttp_backend: None) -> None:
    server.enqueue(Reply(delay=2.0))
    with pytest.raises(APITimeoutError):
        await litellm_py.acompletion(**_kwargs(server), timeout=0.3, num_retries=0)


@needs_aiohttp
async def test_aiohttp_error_status_is_typed(
    server: DeepSeekTestServer, aiohttp_backend: None
) -> None:
    server.enqueue(Reply(status=429, headers={"x-should-retry": "false"}))
    with pytest.raises(RateLimitError):
        await litellm_py.acompletion(**_kwargs(server))


@needs_aiohttp
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ServerDisconnectedError", httpx.RemoteProtocolError),
        ("ClientPayloadError", httpx.RemoteProtocolError),
        ("SocketTimeoutError", httpx.ReadTimeout),
        ("ClientOSError", httpx.ReadError),
    ],
)
def test_aiohttp_errors_map_to_what_httpcore_would_raise(name: str, expected: type) -> None:
    from litellm_py._aiohttp_transport import AiohttpClient

    aiohttp: Any = importlib.import_module("aiohttp")
    client = AiohttpClient(_http.LIMITS)
    request = httpx.Request("GET", "http://127.0.0.1/")
    assert type(client.map_error(getattr(aiohttp, name)("boom"), request)) is expected
    other = ValueError("not a transport failure")
    assert client.map_error(other, request) is other


@needs_aiohttp
def test_an_aiohttp_pool_left_open_goes_away_quietly(
    server: DeepSeekTestServer, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio
    import gc

    async def call_and_forget() -> None:
        response = await _http.ClientPool().async_client().send(_request(server), stream=True)
        assert response.status_code == 200

    monkeypatch.setattr(_http, "http_backend", "aiohttp")
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        asyncio.run(call_and_forget())
        gc.collect()
    assert not [r.getMessage() for r in caplog.records if "Unclosed" in r.getMessage()]


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_the_direct_send_needs_no_httpx_internals(
    server: DeepSeekTestServer, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    # httpx's private transport lookup is never consulted: the client keeps its own transport.
    monkeypatch.setenv(_http.BACKEND_ENV, "httpx")
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)

    def refuse(*args: Any) -> None:
        raise AssertionError("httpx's _transport_for_url was used")

    monkeypatch.setattr(httpx.Client, "_transport_for_url", refuse, raising=False)
    monkeypatch.setattr(httpx.AsyncClient, "_transport_for_url", refuse, raising=False)
    pool = _http.ClientPool()
    if mode == "sync":
        assert pool.sync_client().send(_request(server)).json()["object"] == "list"
        pool.close()
    else:
        response = await pool.async_client().send(_request(server), stream=True)
        assert json.loads(await response.aread())["object"] == "list"
        await pool.aclose()


def test_with_a_proxy_in_the_environment_httpx_picks_the_transport(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    client: Any = _http.ClientPool().sync_client()
    assert client._direct_transport is None  # send() takes httpx's path, which knows proxies
    client.close()


@needs_aiohttp
def test_aiohttp_sets_a_per_read_timer_only_when_it_is_shorter_than_the_attempt() -> None:
    from litellm_py._aiohttp_transport import AiohttpClient

    client = AiohttpClient(_http.LIMITS)
    plain = client._timeout((30.0, 30.0, 30.0))  # (pool, connect, read)
    assert (plain.total, plain.sock_read) == (30.0, None)  # the total bounds the body too
    stream = client._timeout((30.0, 30.0, 5.0))
    assert (stream.total, stream.sock_read) == (30.0, 5.0)  # a stream's progress timeout
