"""Shared by the tool examples: one weather tool, and answering the model's calls to it."""

from __future__ import annotations

import json
from typing import Any

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


def answer_tool_calls(message: Any, messages: list[Any]) -> bool:
    """Append a tool message answering each call in `message`; False when it made none."""
    for call in message.tool_calls or ():
        args = json.loads(call.function.arguments or "{}")
        print(f"tool call: {call.function.name}({args})")
        result = get_weather(str(args.get("city", "")))
        messages.append({"role": "tool", "tool_call_id": call.id, "content": result})
    return bool(message.tool_calls)
