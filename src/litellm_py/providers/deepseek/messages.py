"""DeepSeek's `reasoning_content` replay rule on top of the OpenAI message serialisation.

When a request carries tools in thinking mode, every assistant message must carry its
`reasoning_content` back, or the API answers 400
(https://api-docs.deepseek.com/guides/thinking_mode#tool-calls).
"""

from __future__ import annotations

from typing import Any

from litellm_py._warnings import warn_user
from litellm_py.providers.openai_compatible.messages import serialize_messages as plain_messages

__all__ = ["serialize_messages"]


def serialize_messages(
    messages: Any, *, tools: bool, thinking: bool, provider: str = "deepseek"
) -> list[dict[str, Any]]:
    """Messages as JSON dicts, assistant reasoning replayed verbatim.

    With tools and thinking on, an assistant message that has no `reasoning_content` gets ``""``
    (which DeepSeek accepts) and a warning naming its index, so the request is not refused.
    """
    out = plain_messages(messages, provider=provider)
    if not (tools and thinking):
        return out
    missing = [
        i
        for i, m in enumerate(out)
        if m["role"] == "assistant" and m.get("reasoning_content") is None
    ]
    for i in missing:
        out[i] = {**out[i], "reasoning_content": ""}
    if missing:
        warn_user(
            f"assistant message(s) at index {', '.join(map(str, missing))} had no "
            "reasoning_content; sent '' because DeepSeek requires it with tools in thinking "
            "mode. Append the response's message object to keep the real reasoning."
        )
    return out
