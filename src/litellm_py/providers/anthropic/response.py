"""A Messages API `message` -> the OpenAI `chat.completion` shape (pure, nothing dropped).

Text blocks join into `content`, thinking into `reasoning_content` (the blocks themselves, with
their `signature`, stay in `thinking_blocks` for replay), `tool_use` into `tool_calls`.
Usage: `prompt_tokens` counts every input token (uncached, cache reads and cache writes);
the cache fields stay under their own names. The untouched JSON is `provider_payload`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

__all__ = ["FINISH_REASONS", "chat_completion_payload", "finish_reason", "openai_usage"]

FINISH_REASONS = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}
_THINKING_TYPES = frozenset({"thinking", "redacted_thinking"})


def finish_reason(stop_reason: Any) -> Any:
    """The OpenAI finish_reason for a `stop_reason` (unknown ones pass through)."""
    return FINISH_REASONS.get(stop_reason, stop_reason) if isinstance(stop_reason, str) else None


def openai_usage(usage: Mapping[str, Any]) -> dict[str, Any]:
    """Messages API usage -> OpenAI usage, cache reads and writes kept under their own names."""
    uncached = int(usage.get("input_tokens") or 0)
    reads = int(usage.get("cache_read_input_tokens") or 0)
    writes = int(usage.get("cache_creation_input_tokens") or 0)
    output = int(usage.get("output_tokens") or 0)
    prompt = uncached + reads + writes
    out: dict[str, Any] = {
        "prompt_tokens": prompt,
        "completion_tokens": output,
        "total_tokens": prompt + output,
        "prompt_tokens_details": {"cached_tokens": reads, "cache_creation_tokens": writes},
        "cache_read_input_tokens": reads,
        "cache_creation_input_tokens": writes,
    }
    for key, value in usage.items():
        if key not in ("input_tokens", "output_tokens") and key not in out:
            out[key] = value  # cache_creation split, service_tier, server_tool_use, ...
    return out


def tool_call(index: int, block: Mapping[str, Any], arguments: str | None = None) -> dict[str, Any]:
    """An OpenAI tool call for a `tool_use` block (`arguments` is the JSON text of its input)."""
    if arguments is None:
        arguments = json.dumps(block.get("input") or {}, ensure_ascii=False)
    return {
        "index": index,
        "id": block.get("id"),
        "type": "function",
        "function": {"name": block.get("name"), "arguments": arguments},
    }


def chat_completion_payload(message: Mapping[str, Any]) -> dict[str, Any]:
    """The `chat.completion` dict for one Messages API response body."""
    blocks = [b for b in message.get("content") or () if isinstance(b, Mapping)]
    texts = [str(b.get("text") or "") for b in blocks if b.get("type") == "text"]
    thinking = [dict(b) for b in blocks if b.get("type") in _THINKING_TYPES]
    tools = [b for b in blocks if b.get("type") == "tool_use"]
    reply: dict[str, Any] = {"role": "assistant", "content": "".join(texts) if texts else None}
    if thinking:
        reply["reasoning_content"] = "".join(
            str(b.get("thinking") or "") for b in thinking if b["type"] == "thinking"
        )
        reply["thinking_blocks"] = thinking
    if tools:
        reply["tool_calls"] = [tool_call(i, b) for i, b in enumerate(tools)]
    others = [b for b in blocks if b.get("type") not in ("text", "tool_use", *_THINKING_TYPES)]
    if others:
        reply["provider_content_blocks"] = others  # server tool results, etc.: never dropped
    payload: dict[str, Any] = {
        "id": message.get("id"),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": message.get("model"),
        "choices": [
            {
                "index": 0,
                "message": reply,
                "logprobs": None,
                "finish_reason": finish_reason(message.get("stop_reason")),
            }
        ],
    }
    usage = message.get("usage")
    if isinstance(usage, Mapping):
        payload["usage"] = openai_usage(usage)
    return payload
