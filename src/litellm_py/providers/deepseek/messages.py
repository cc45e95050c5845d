"""Chat messages on the wire, including DeepSeek's `reasoning_content` replay rule.

When a request carries tools in thinking mode, every assistant message must carry its
`reasoning_content` back, or the API answers 400
(https://api-docs.deepseek.com/guides/thinking_mode#tool-calls).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from litellm_py.exceptions import BadRequestError
from litellm_py.types import Record

__all__ = ["serialize_messages"]

_ROLES = frozenset({"system", "user", "assistant", "tool", "developer"})


def _as_dict(message: Any, index: int) -> dict[str, Any]:
    if isinstance(message, Record):
        data: Any = message._data
    else:
        data = message
    if not isinstance(data, Mapping) or data.get("role") not in _ROLES:
        raise BadRequestError(
            f"messages[{index}] must be a dict (or Message) with a role of "
            f"{', '.join(sorted(_ROLES))}; got {message!r:.200}",
            param="messages",
            provider="deepseek",
        )
    return data if isinstance(data, dict) else dict(data)


def serialize_messages(messages: Any, *, tools: bool, thinking: bool) -> list[dict[str, Any]]:
    """Messages as JSON dicts, assistant reasoning replayed verbatim.

    With tools and thinking on, an assistant message that has no `reasoning_content` gets ``""``
    (which DeepSeek accepts) and a warning naming its index, so the request is not refused.
    """
    if not isinstance(messages, list | tuple) or not messages:
        raise BadRequestError(
            "messages must be a non-empty list of messages", param="messages", provider="deepseek"
        )
    out = [_as_dict(m, i) for i, m in enumerate(messages)]
    if tools and thinking:
        missing = [
            i
            for i, m in enumerate(out)
            if m["role"] == "assistant" and m.get("reasoning_content") is None
        ]
        for i in missing:
            out[i] = {**out[i], "reasoning_content": ""}
        if missing:
            warnings.warn(
                f"assistant message(s) at index {', '.join(map(str, missing))} had no "
                "reasoning_content; sent '' because DeepSeek requires it with tools in thinking "
                "mode. Append the response's message object to keep the real reasoning.",
                UserWarning,
                stacklevel=6,
            )
    return out
