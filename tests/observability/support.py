"""Helpers of the observability tests (fixtures are in conftest.py)."""

from __future__ import annotations

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
        return litellm_py.completion(**kwargs)
    return await litellm_py.acompletion(**kwargs)


async def drain(flavour: str, stream: Any, limit: int | None = None) -> list[Any]:
    """Read a stream (at most `limit` chunks, then close it) inside its context manager."""
    chunks: list[Any] = []
    if flavour == "sync":
        with stream:
            for chunk in stream:
                chunks.append(chunk)
                if limit is not None and len(chunks) >= limit:
                    break
    else:
        async with stream:
            async for chunk in stream:
                chunks.append(chunk)
                if limit is not None and len(chunks) >= limit:
                    break
    return chunks


class Recorder(litellm_py.Callback):
    """Records every event through the sync methods."""

    def __init__(self) -> None:
        self.events: list[litellm_py.CallEvent] = []

    @property
    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def of(self, kind: str) -> litellm_py.CallEvent:
        (event,) = [e for e in self.events if e.kind == kind]
        return event

    def on_request(self, event: litellm_py.CallEvent) -> None:
        self.events.append(event)

    on_retry = on_success = on_failure = on_stream_start = on_stream_first_chunk = on_request


class AsyncRecorder(Recorder):
    """Records every event through the async methods only."""

    on_request = on_retry = on_success = on_failure = litellm_py.Callback.on_request
    on_stream_start = on_stream_first_chunk = litellm_py.Callback.on_request

    async def async_on_request(self, event: litellm_py.CallEvent) -> None:
        self.events.append(event)

    async_on_retry = async_on_success = async_on_failure = async_on_request
    async_on_stream_start = async_on_stream_first_chunk = async_on_request
