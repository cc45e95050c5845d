"""A tool loop over Anthropic's Messages API with extended thinking, in the OpenAI shape.

The thinking blocks (with their signatures) ride along on the assistant message, so appending
the message object replays them as the API requires. Also works against DeepSeek's Anthropic
endpoint: api_base="https://api.deepseek.com/anthropic" with a DeepSeek key.

Run: python examples/anthropic_tools.py (offline against the bundled server without
ANTHROPIC_API_KEY).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from _weather import TOOLS, answer_tool_calls

import litellm_py
from litellm_py.testing import DeepSeekTestServer


@contextlib.contextmanager
def endpoint() -> Iterator[dict[str, str]]:
    """api.anthropic.com when ANTHROPIC_API_KEY is set, else the bundled test server."""
    if os.environ.get("ANTHROPIC_API_KEY"):
        yield {}
        return
    with DeepSeekTestServer(api_key="sk-ant-offline") as server:
        print(f"No ANTHROPIC_API_KEY: using the bundled test server at {server.url}")
        yield {"api_base": server.url, "api_key": server.api_key}


def main() -> None:
    with endpoint() as where:
        messages: list[Any] = [
            {"role": "system", "content": "Answer with the tool's data."},
            {"role": "user", "content": "What's the weather in Lisbon?"},
        ]
        for _ in range(4):
            resp = litellm_py.completion(
                model="anthropic/claude-haiku-4-5",
                messages=messages,
                tools=TOOLS,
                thinking=True,
                max_tokens=4096,
                **where,
            )
            message = resp.choices[0].message
            print(f"thinking: {message.reasoning_content!r}; cost: ${resp.cost or 0:.6f}")
            messages.append(message)  # keeps the signed thinking blocks for the replay
            if not answer_tool_calls(message, messages):
                print("answer:", message.content)
                break
    litellm_py.close()


if __name__ == "__main__":
    main()
