"""A tool loop in thinking mode: the model calls a function, we answer, it replies.

Run: python examples/tools.py (offline against the bundled server without DEEPSEEK_API_KEY).
"""

from __future__ import annotations

import json
from typing import Any

from _endpoint import deepseek_endpoint

import litellm_py

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather in a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    }
]


def get_weather(city: str) -> str:
    return json.dumps({"city": city, "celsius": 21, "sky": "clear"})


def main() -> None:
    with deepseek_endpoint() as endpoint:
        messages: list[Any] = [{"role": "user", "content": "What's the weather in Hangzhou?"}]
        for _ in range(4):
            resp = litellm_py.completion(
                model="deepseek/deepseek-flash", messages=messages, tools=TOOLS, **endpoint
            )
            message = resp.choices[0].message
            messages.append(message)  # keeps reasoning_content, which DeepSeek requires back
            if not message.tool_calls:
                print("answer:", message.content)
                break
            for call in message.tool_calls:
                args = json.loads(call.function.arguments or "{}")
                print(f"tool call: {call.function.name}({args})")
                result = get_weather(str(args.get("city", "")))
                messages.append({"role": "tool", "tool_call_id": call.id, "content": result})
    litellm_py.close()


if __name__ == "__main__":
    main()
