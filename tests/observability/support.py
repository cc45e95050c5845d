"""Helpers of the observability tests (fixtures are in conftest.py)."""

from __future__ import annotations

import asyncio
from typing import Any

import litellm_py
from litellm_py.testing import DeepSeekTestServer

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Hi"}]


def auth(server: DeepSeekTestServer) -> dict[str, Any]:
    """The arguments pointing a call at the loopback server."""
    return {"api_base": server.url, "api_key": server.api_key}


async def call(flavour: str, **kwargs: Any) -> Any:
    """`completion` or `await acompletion`, per flavour."""
    if flavour == "sync":
        try:
            return litellm_py.completion(**kwargs)
        finally:
            await settle()
    return await litellm_py.acompletion(**kwargs)


async def settle() -> None:
    """Let tasks a sync call scheduled on the running loop (async-only callbacks) run."""
    for _ in range(3):
        await asyncio.sleep(0)


async def drain(flavour: str, stream: Any, limit: int | None = None) -> list[Any]:
    """Read a stream (at most `limit` chunks, then close it) inside its context manager."""
    chunks: list[Any] = []
    if flavour == "sync":
        try:
            with stream:
                for chunk in stream:
                    chunks.append(chunk)
                    if limit is not None and len(chunks) >= limit:
                        break
        finally:
            await settle()
    else:
        async with stream:
            async for chunk in stream:
                chunks.append(chunk)
                if limit is not None and len(chunks) >= limit:
                    break
    return chunks


class Recording(litellm_py.Callback):
    """The events a recording callback saw."""

    def __init__(self) -> None:
        self.events: list[litellm_py.CallEvent] = []

    @property
    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def of(self, kind: str) -> litellm_py.CallEvent:
        (event,) = [e for e in self.events if e.kind == kind]
        return event


class Recorder(Recording):
    """Records every event through the sync methods."""

    def on_request(self, event: litellm_py.CallEvent) -> None:
        self.events.append(event)

    on_retry = on_success = on_failure = on_stream_start = on_stream_first_chunk = on_request


class AsyncRecorder(Recording):
    """Records every event through the async methods only."""

    async def async_on_request(self, event: litellm_py.CallEvent) -> None:
        self.events.append(event)

    async_on_retry = async_on_success = async_on_failure = async_on_request
    async_on_stream_start = async_on_stream_first_chunk = async_on_request
