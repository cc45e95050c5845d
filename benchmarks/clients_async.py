"""Async clients under test: the async twins of `clients_sync`, plus raw aiohttp.

`litellm_py[aiohttp]` is litellm_py with `LITELLM_PY_HTTP_BACKEND=aiohttp` set by the runner;
the client code is the same.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Protocol

from benchmarks import payloads
from benchmarks.clients_sync import HEADERS, MODEL_STRING


class AsyncClient(Protocol):
    """What a worker drives (constructed inside the running event loop)."""

    async def call(self) -> Any:
        """One non-streamed chat call; returns the message content."""

    async def stream(self, n: int, stop_after: int | None = None) -> int:
        """One streamed call of `n` chunks (or stop after `stop_after`); returns chunks seen."""

    async def close(self) -> None:
        """Release the connection pool."""


class LitellmPyAsync:
    def __init__(self, base: str) -> None:
        self.lib: Any = importlib.import_module("litellm_py")
        self.kw: dict[str, Any] = {
            "model": MODEL_STRING,
            "messages": payloads.MESSAGES,
            "api_base": base,
            "api_key": payloads.API_KEY,
        }

    async def call(self) -> Any:
        return (await self.lib.acompletion(**self.kw)).choices[0].message.content

    async def stream(self, n: int, stop_after: int | None = None) -> int:
        seen = 0
        headers = {payloads.CHUNKS_HEADER: str(n)}
        stream = await self.lib.acompletion(**self.kw, stream=True, extra_headers=headers)
        async with stream:
            async for chunk in stream:
                chunk.choices[0].delta.content  # noqa: B018
                seen += 1
                if seen == stop_after:
                    break
        return seen

    async def close(self) -> None:
        await self.lib.aclose()


class HttpxAsync:
    """Raw httpx.AsyncClient + json.loads."""

    def __init__(self, base: str) -> None:
        httpx: Any = importlib.import_module("httpx")
        self.json: Any = importlib.import_module("json")
        self.client = httpx.AsyncClient()
        self.url = base + "/chat/completions"
        self.body = payloads.request_body()
        self.stream_body = payloads.request_body(stream=True)

    async def call(self) -> Any:
        response = await self.client.post(self.url, content=self.body, headers=HEADERS)
        if response.status_code != 200:
            raise RuntimeError(response.status_code)
        return self.json.loads(response.content)["choices"][0]["message"]["content"]

    async def stream(self, n: int, stop_after: int | None = None) -> int:
        seen = 0
        headers = {**HEADERS, payloads.CHUNKS_HEADER: str(n)}
        loads = self.json.loads
        request = self.client.stream("POST", self.url, content=self.stream_body, headers=headers)
        async with request as response:
            async for line in response.aiter_lines():
                if not line.startswith("data: "):
                    continue
                data = line[6:]
                if data == "[DONE]":
                    break
                loads(data)["choices"][0]["delta"].get("content")
                seen += 1
                if seen == stop_after:
                    break
        return seen

    async def close(self) -> None:
        await self.client.aclose()


class AiohttpAsync:
    """Raw aiohttp + json.loads: the floor of the aiohttp transport."""

    def __init__(self, base: str) -> None:
        aiohttp: Any = importlib.import_module("aiohttp")
        self.json: Any = importlib.import_module("json")
        self.session = aiohttp.ClientSession()
        self.url = base + "/chat/completions"
        self.body = payloads.request_body()
        self.stream_body = payloads.request_body(stream=True)

    async def call(self) -> Any:
        async with self.session.post(self.url, data=self.body, headers=HEADERS) as response:
            if response.status != 200:
                raise RuntimeError(response.status)
            payload = self.json.loads(await response.read())
        return payload["choices"][0]["message"]["content"]

    async def stream(self, n: int, stop_after: int | None = None) -> int:
        seen = 0
        headers = {**HEADERS, payloads.CHUNKS_HEADER: str(n)}
        loads = self.json.loads
        async with self.session.post(self.url, data=self.stream_body, headers=headers) as r:
            async for line in r.content:
                if not line.startswith(b"data: "):
                    continue
                data = line[6:].rstrip()
                if data == b"[DONE]":
                    break
                loads(data)["choices"][0]["delta"].get("content")
                seen += 1
                if seen == stop_after:
                    break
        return seen

    async def close(self) -> None:
        await self.session.close()


class OpenAIAsync:
    def __init__(self, base: str) -> None:
        openai: Any = importlib.import_module("openai")
        self.client = openai.AsyncOpenAI(base_url=base, api_key=payloads.API_KEY)

    async def call(self) -> Any:
        response = await self.client.chat.completions.create(
            model=payloads.MODEL, messages=payloads.MESSAGES
        )
        return response.choices[0].message.content

    async def stream(self, n: int, stop_after: int | None = None) -> int:
        seen = 0
        stream = await self.client.chat.completions.create(
            model=payloads.MODEL,
            messages=payloads.MESSAGES,
            stream=True,
            extra_headers={payloads.CHUNKS_HEADER: str(n)},
        )
        async with stream:
            async for chunk in stream:
                chunk.choices[0].delta.content  # noqa: B018
                seen += 1
                if seen == stop_after:
                    break
        return seen

    async def close(self) -> None:
        await self.client.close()


class LitellmAsync:
    def __init__(self, base: str) -> None:
        self.lib: Any = importlib.import_module("litellm")
        self.kw: dict[str, Any] = {
            "model": MODEL_STRING,
            "messages": payloads.MESSAGES,
            "api_base": base,
            "api_key": payloads.API_KEY,
        }

    async def call(self) -> Any:
        return (await self.lib.acompletion(**self.kw)).choices[0].message.content

    async def stream(self, n: int, stop_after: int | None = None) -> int:
        seen = 0
        headers = {payloads.CHUNKS_HEADER: str(n)}
        stream = await self.lib.acompletion(**self.kw, stream=True, extra_headers=headers)
        async for chunk in stream:
            chunk.choices[0].delta.content  # noqa: B018
            seen += 1
            if seen == stop_after:
                break
        return seen

    async def close(self) -> None:
        pass


ASYNC_CLIENTS: dict[str, Callable[[str], AsyncClient]] = {
    "litellm_py": LitellmPyAsync,
    "httpx": HttpxAsync,
    "aiohttp": AiohttpAsync,
    "openai": OpenAIAsync,
    "litellm": LitellmAsync,
}


def make_async(name: str, base: str) -> AsyncClient:
    """The async client called `name` (call inside the running loop)."""
    return ASYNC_CLIENTS[name.split("[")[0]](base)
