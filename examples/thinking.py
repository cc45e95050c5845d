"""Thinking mode: read the reasoning, switch it off, set the effort, and keep a multi-turn chat.

Run: python examples/thinking.py (offline against the bundled server without DEEPSEEK_API_KEY).
"""

from __future__ import annotations

from typing import Any

from _endpoint import deepseek_endpoint

import litellm_py


def main() -> None:
    with deepseek_endpoint() as endpoint:
        messages: list[Any] = [{"role": "user", "content": "Is 9.11 larger than 9.8?"}]
        resp = litellm_py.completion(
            model="deepseek/deepseek-flash", messages=messages, reasoning_effort="high", **endpoint
        )
        message = resp.choices[0].message
        print("reasoning:", message.reasoning_content)
        print("answer:   ", message.content)
        print("reasoning tokens:", resp.usage.completion_tokens_details.reasoning_tokens)

        # Append the message object itself: its reasoning_content goes back verbatim.
        messages.append(message)
        messages.append({"role": "user", "content": "And 9.2?"})
        quick = litellm_py.completion(
            model="deepseek/deepseek-flash", messages=messages, thinking=False, **endpoint
        )
        print("no thinking:", quick.choices[0].message.content)
        print("reasoning present:", quick.choices[0].message.reasoning_content is not None)
    litellm_py.close()


if __name__ == "__main__":
    main()
