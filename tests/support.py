"""Helpers shared by the test modules (`tests.support`; conftest holds the fixtures).

Fixture files, calling the sync or async twin of an entry point, reading a stream to its end,
SSE payloads, and the connection-leak checks.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import litellm_py

if TYPE_CHECKING:
    from litellm_py.testing import DeepSeekTestServer, OpenAITestServer

FIXTURES = Path(__file__).parent / "fixtures"
TEST_KEY = "sk-test-4f1c2b9e7d3a5c8e0b6f1a2d9c7e5b3aKEY"
API_BASE = "https://api.deepseek.com"
# Read before any fixture replaces it with TEST_KEY: the live tests use the real key, if any.
LIVE_KEY = os.environ.get("DEEPSEEK_API_KEY") or None
# How long teardown waits for both ends to notice closed connections and threads to exit. A
# bound on a loaded CI machine, never a measurement: settled tests return as soon as they settle.
SETTLE_TIMEOUT = 30.0


# -- fixture files ------------------------------------------------------------------------------


def fixture_json(name: str) -> Any:
    """A JSON fixture from tests/fixtures (verbatim samples of the DeepSeek reference)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def fixture_bytes(name: str) -> bytes:
    """The raw bytes of a fixture file."""
    return (FIXTURES / name).read_bytes()


def sse_payloads(body: str | bytes) -> list[Any]:
    """The `data:` payloads of an SSE body (read independently), JSON-decoded but `[DONE]`."""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    payloads: list[Any] = []
    for line in text.splitlines():
        if line.startswith("data: "):
            data = line[len("data: ") :]
            payloads.append(data if data == "[DONE]" else json.loads(data))
    return payloads


# -- calling the sync or the async twin ---------------------------------------------------------


async def call_entry(mode: str, name: str, *args: Any, **kwargs: Any) -> Any:
    """`litellm_py.<name>(...)` or `await litellm_py.a<name>(...)` depending on `mode`."""
    if mode == "sync":
        return getattr(litellm_py, name)(*args, **kwargs)
    return await getattr(litellm_py, "a" + name)(*args, **kwargs)


async def call_completion(mode: str, **kwargs: Any) -> Any:
    """`completion` or `await acompletion` depending on `mode`."""
    return await call_entry(mode, "completion", **kwargs)


def server_auth(server: DeepSeekTestServer | OpenAITestServer) -> dict[str, Any]:
    """The `api_base` / `api_key` arguments that point a call at the loopback server."""
    return {"api_base": server.url, "api_key": server.api_key}


async def collect(mode: str, stream: Any, into: list[Any] | None = None) -> list[Any]:
    """Every chunk, read inside `with` / `async with`; `into` keeps them when an error ends it."""
    chunks = [] if into is None else into
    if mode == "sync":
        with stream:
            for chunk in stream:
                chunks.append(chunk)
    else:
        async with stream:
            async for chunk in stream:
                chunks.append(chunk)
    return chunks


# -- leak checks --------------------------------------------------------------------------------


def pooled_connections() -> list[Any]:
    """The pooled connections (httpcore or aiohttp) the deepseek provider holds open right now."""
    from litellm_py import _registry

    provider = _registry._INSTANCES.get("deepseek")
    if provider is None:
        return []
    pool: Any = provider._pool
    clients: list[Any] = [pool._sync]
    with contextlib.suppress(RuntimeError):  # no running loop: no async client to look at
        clients.append(pool._async.get(asyncio.get_running_loop()))
    return [c for client in clients if client is not None for c in client_connections(client)]


def client_connections(client: Any) -> list[Any]:
    """The pooled connections of one client, on either backend (httpcore or aiohttp)."""
    if client.is_closed:
        return []
    inner = getattr(getattr(client, "_transport", None), "_pool", None)
    if inner is not None:
        return list(inner.connections)
    session = getattr(client, "_session", None)  # the aiohttp backend's client
    if session is None or session.connector is None:
        return []
    return _aiohttp_connections(session.connector)


class _AiohttpConnection:
    """An aiohttp pooled connection, asked the questions `settle` asks httpcore's."""

    def __init__(self, protocol: Any, idle: bool) -> None:
        self.protocol = protocol
        self.idle = idle

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _AiohttpConnection) and other.protocol is self.protocol

    def __hash__(self) -> int:
        return id(self.protocol)

    def _connected(self) -> bool:
        is_connected = getattr(self.protocol, "is_connected", None)
        return bool(is_connected and is_connected())

    def is_idle(self) -> bool:
        return self.idle and self._connected()

    def is_closed(self) -> bool:
        return not self.idle and not self._connected()

    def info(self) -> str:
        return f"aiohttp {'idle' if self.idle else 'busy'} {self.protocol!r}"


def _aiohttp_connections(connector: Any) -> list[Any]:
    idle = [_AiohttpConnection(p, True) for conns in connector._conns.values() for p, _ in conns]
    busy = [_AiohttpConnection(p, False) for p in connector._acquired]
    return idle + busy


async def settle(server: DeepSeekTestServer) -> None:
    """Wait until no pooled connection is checked out and the server sees only the idle ones."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while True:
        connections = pooled_connections()
        busy = [c for c in connections if not c.is_idle() and not c.is_closed()]
        idle = [c for c in connections if c.is_idle()]
        if not busy and server.open_connections == len(idle):
            return
        assert time.monotonic() < deadline, (
            f"busy pooled connections: {[c.info() for c in busy]}, idle: {len(idle)}, "
            f"server-side open: {server.open_connections}"
        )
        await asyncio.sleep(0.01)


async def assert_no_leaks(server: DeepSeekTestServer, threads_before: int) -> None:
    """Nothing busy; after closing the pools the server sees no connection; no thread or task."""
    await settle(server)
    litellm_py.close()
    await litellm_py.aclose()
    assert server.wait_connections_closed(SETTLE_TIMEOUT), (
        f"{server.open_connections} connections still open"
    )
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while threading.active_count() > threads_before:  # a finished worker may still be leaving
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(0.01)
    assert threading.active_count() == threads_before, [t.name for t in threading.enumerate()]
    others = asyncio.all_tasks() - {asyncio.current_task()}
    assert not others, f"pending tasks: {others}"
