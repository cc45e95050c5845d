"""A tool loop in thinking mode: the model calls a function, we answer, it replies.

Run: python examples/tools.py (offline against the bundled server without DEEPSEEK_API_KEY).
"""

from __future__ import annotations

from typing import Any

from _endpoint import deepseek_endpoint
from _weather import TOOLS, answer_tool_calls

import litellm_py


def main() -> None:
    with deepseek_endpoint() as endpoint:
        messages: list[Any] = [{"role": "user", "content": "What's the weather in Hangzhou?"}]
        for _ in range(4):
            resp = litellm_py.completion(
                model="deepseek/deepseek-flash", messages=messages, tools=TOOLS, **endpoint
            )
            message = resp.choices[0].message
            messages.append(message)  # keeps reasoning_content, which DeepSeek requires back
            if not answer_tool_calls(message, messages):
                print("answer:", message.content)
                break
    litellm_py.close()


if __name__ == "__main__":
    main()
