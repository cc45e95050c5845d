"""Reading a parsed chat request: thinking mode, message text, tools and prefix completion."""

from __future__ import annotations

import json
from typing import Any

from litellm_py.testing._errors import ApiError


def parse_json_body(raw: bytes) -> Any:
    """The request body as JSON, or DeepSeek's 400 for a body that is not JSON."""
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "Invalid request body format.") from None


def as_object(body: Any) -> dict[str, Any]:
    """The body when it is a JSON object, else an empty one (scripted replies never reject)."""
    return body if isinstance(body, dict) else {}


def messages_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    messages = body.get("messages")
    if not isinstance(messages, list):
        return []
    return [message for message in messages if isinstance(message, dict)]


def thinking_enabled(body: dict[str, Any]) -> bool:
    """Thinking is on unless `thinking.type` is `disabled` or `reasoning_effort` is `none`."""
    thinking = body.get("thinking")
    if isinstance(thinking, dict) and thinking.get("type") == "disabled":
        return False
    return body.get("reasoning_effort") != "none"


def function_tools(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The `function` objects of the request's function tools."""
    tools = body.get("tools")
    if not isinstance(tools, list):
        return []
    found = []
    for tool in tools:
        if isinstance(tool, dict) and tool.get("type") == "function":
            function = tool.get("function")
            if isinstance(function, dict) and isinstance(function.get("name"), str):
                found.append(function)
    return found


def has_tools(body: dict[str, Any]) -> bool:
    tools = body.get("tools")
    return isinstance(tools, list) and len(tools) > 0


def content_text(content: Any) -> str:
    """A message's text: the string itself, or the text parts of list content joined by newlines."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [
            part["text"]
            for part in content
            if isinstance(part, dict) and isinstance(part.get("text"), str)
        ]
        return "\n".join(texts)
    return ""


def last_message(body: dict[str, Any]) -> dict[str, Any]:
    messages = messages_of(body)
    return messages[-1] if messages else {}


def last_user_text(body: dict[str, Any]) -> str:
    for message in reversed(messages_of(body)):
        if message.get("role") == "user":
            return content_text(message.get("content"))
    return ""


def is_prefix_request(body: dict[str, Any]) -> bool:
    """Chat prefix completion: the last message is an assistant message with `prefix: true`."""
    last = last_message(body)
    return last.get("role") == "assistant" and last.get("prefix") is True


def prompt_text(body: dict[str, Any]) -> str:
    """Everything the prompt-token count is taken over: message texts plus tool definitions."""
    parts = [content_text(message.get("content")) for message in messages_of(body)]
    if has_tools(body):
        parts.append(json.dumps(body["tools"], sort_keys=True))
    return "\n".join(parts)


def count_tokens(text: str) -> int:
    """A crude, deterministic token count: one token per four characters, at least one."""
    return max(1, (len(text) + 3) // 4)
