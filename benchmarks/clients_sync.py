"""Sync clients under test, each doing the same chat call and the same stream walk.

Libraries are imported inside the constructors (with `importlib`, typed `Any`), so that a worker
process measures their import and so that mypy passes when the optional ones are not installed.
Every client touches the message / delta content, as a caller would.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Protocol

from benchmarks import payloads

MODEL_STRING = f"deepseek/{payloads.MODEL}"
HEADERS = {"authorization": f"Bearer {payloads.API_KEY}", "content-type": "application/json"}


class SyncClient(Protocol):
    """What a worker drives."""

    def call(self) -> Any:
        """One non-streamed chat call; returns the message content."""

    def stream(self, n: int, stop_after: int | None = None) -> int:
        """One streamed call of `n` chunks (or stop after `stop_after`); returns chunks seen."""

    def close(self) -> None:
        """Release the connection pool."""


class LitellmPySync:
    def __init__(self, base: str) -> None:
        self.lib: Any = importlib.import_module("litellm_py")
        self.kw: dict[str, Any] = {
            "model": MODEL_STRING,
            "messages": payloads.MESSAGES,
            "api_base": base,
            "api_key": payloads.API_KEY,
        }

    def call(self) -> Any:
        return self.lib.completion(**self.kw).choices[0].message.content

    def stream(self, n: int, stop_after: int | None = None) -> int:
        seen = 0
        headers = {payloads.CHUNKS_HEADER: str(n)}
        with self.lib.completion(**self.kw, stream=True, extra_headers=headers) as stream:
            for chunk in stream:
                chunk.choices[0].delta.content  # noqa: B018
                seen += 1
                if seen == stop_after:
                    break
        return seen

    def close(self) -> None:
        self.lib.close()


class HttpxSync:
    """Raw httpx + json.loads: the floor litellm_py is measured against."""

    def __init__(self, base: str) -> None:
        httpx: Any = importlib.import_module("httpx")
        self.json: Any = importlib.import_module("json")
        self.client = httpx.Client()
        self.url = base + "/chat/completions"
        self.body = payloads.request_body()
        self.stream_body = payloads.request_body(stream=True)

    def call(self) -> Any:
        response = self.client.post(self.url, content=self.body, headers=HEADERS)
        if response.status_code != 200:
            raise RuntimeError(response.status_code)
        return self.json.loads(response.content)["choices"][0]["message"]["content"]

    def stream(self, n: int, stop_after: int | None = None) -> int:
        seen = 0
        headers = {**HEADERS, payloads.CHUNKS_HEADER: str(n)}
        loads = self.json.loads
        with self.client.stream("POST", self.url, content=self.stream_body, headers=headers) as r:
            for line in r.iter_lines():
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

    def close(self) -> None:
        self.client.close()


class OpenAISync:
    def __init__(self, base: str) -> None:
        openai: Any = importlib.import_module("openai")
        self.client = openai.OpenAI(base_url=base, api_key=payloads.API_KEY)

    def call(self) -> Any:
        response = self.client.chat.completions.create(
            model=payloads.MODEL, messages=payloads.MESSAGES
        )
        return response.choices[0].message.content

    def stream(self, n: int, stop_after: int | None = None) -> int:
        seen = 0
        stream = self.client.chat.completions.create(
            model=payloads.MODEL,
            messages=payloads.MESSAGES,
            stream=True,
            extra_headers={payloads.CHUNKS_HEADER: str(n)},
        )
        with stream:
            for chunk in stream:
                chunk.choices[0].delta.content  # noqa: B018
                seen += 1
                if seen == stop_after:
                    break
        return seen

    def close(self) -> None:
        self.client.close()


class LitellmSync:
    def __init__(self, base: str) -> None:
        self.lib: Any = importlib.import_module("litellm")
        self.kw: dict[str, Any] = {
            "model": MODEL_STRING,
            "messages": payloads.MESSAGES,
            "api_base": base,
            "api_key": payloads.API_KEY,
        }

    def call(self) -> Any:
        return self.lib.completion(**self.kw).choices[0].message.content

    def stream(self, n: int, stop_after: int | None = None) -> int:
        seen = 0
        headers = {payloads.CHUNKS_HEADER: str(n)}
        for chunk in self.lib.completion(**self.kw, stream=True, extra_headers=headers):
            chunk.choices[0].delta.content  # noqa: B018
            seen += 1
            if seen == stop_after:
                break
        return seen

    def close(self) -> None:
        pass


SYNC_CLIENTS: dict[str, Callable[[str], SyncClient]] = {
    "litellm_py": LitellmPySync,
    "httpx": HttpxSync,
    "openai": OpenAISync,
    "litellm": LitellmSync,
}


def make_sync(name: str, base: str) -> SyncClient:
    """The sync client called `name`, talking to the benchmark server at `base`."""
    return SYNC_CLIENTS[name.split("[")[0]](base)
