"""Structured output: answers validated into your own pydantic models, and pydantic tools.

Uses api.deepseek.com when DEEPSEEK_API_KEY is set, else the bundled test server (which is
scripted here to answer like a model would). Run: python examples/structured.py
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

import litellm_py
from litellm_py.testing import DeepSeekTestServer, Reply


class City(BaseModel):
    """A city and the country it is in."""

    name: str
    country: str
    population_millions: float


@contextlib.contextmanager
def endpoint() -> Iterator[dict[str, Any]]:
    if os.environ.get("DEEPSEEK_API_KEY"):
        yield {}
        return
    with DeepSeekTestServer() as server:
        answer = '{"name": "Lyon", "country": "France", "population_millions": 0.52}'
        tool_call = {"name": "City", "arguments": answer}
        server.enqueue(Reply(content=answer), Reply(tool_calls=[tool_call]))
        yield {"api_base": server.url, "api_key": server.api_key}


def main() -> None:
    messages = [{"role": "user", "content": "Tell me about Lyon."}]
    with endpoint() as auth:
        resp = litellm_py.completion(
            "deepseek/deepseek-flash", messages, response_format=City, **auth
        )
        city = resp.choices[0].message.parsed
        print("parsed:", repr(city))

        # Tool mode: a forced tool needs thinking off on DeepSeek.
        resp = litellm_py.completion(
            "deepseek/deepseek-flash",
            messages,
            tools=[City],
            tool_choice=City,
            thinking=False,
            **auth,
        )
        call = resp.choices[0].message.tool_calls[0]
        print("tool arguments:", repr(call.function.parsed_arguments))
    litellm_py.close()


if __name__ == "__main__":
    main()
