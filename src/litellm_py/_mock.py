"""`mock_response`: a normal response or stream built from text, with no network."""

from __future__ import annotations

import time
import uuid
from typing import Any

__all__ = ["mock_chat_chunks", "mock_chat_payload", "mock_usage"]


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


def mock_usage(prompt: str, completion: str) -> dict[str, Any]:
    """Usage estimated from text lengths, in DeepSeek's shape (all prompt tokens cache misses)."""
    prompt_tokens, completion_tokens = _tokens(prompt), _tokens(completion)
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": 0},
        "prompt_cache_hit_tokens": 0,
        "prompt_cache_miss_tokens": prompt_tokens,
    }


def _prompt_text(messages: Any) -> str:
    parts = []
    for message in messages or ():
        content = message.get("content") if hasattr(message, "get") else None
        if isinstance(content, str):
            parts.append(content)
    return "\n".join(parts)


def _header(model: str, obj: str) -> dict[str, Any]:
    return {
        "id": f"mock-{uuid.uuid4()}",
        "object": obj,
        "created": int(time.time()),
        "model": model,
    }


def mock_chat_payload(model: str, text: str, messages: Any) -> dict[str, Any]:
    """A chat.completion body answering `text`."""
    payload = _header(model, "chat.completion")
    payload["choices"] = [
        {
            "index": 0,
            "message": {"role": "assistant", "content": text},
            "logprobs": None,
            "finish_reason": "stop",
        }
    ]
    payload["usage"] = mock_usage(_prompt_text(messages), text)
    return payload


def mock_chat_chunks(model: str, text: str, messages: Any) -> list[dict[str, Any]]:
    """chat.completion.chunk bodies streaming `text` word by word, usage on the finish chunk."""
    header = _header(model, "chat.completion.chunk")
    pieces = [w + " " for w in text.split(" ")]
    pieces[-1] = pieces[-1][:-1]
    chunks = [{**header, "choices": [_delta({"role": "assistant", "content": ""}, None)]}]
    chunks += [{**header, "choices": [_delta({"content": p}, None)]} for p in pieces if p]
    final = {**header, "choices": [_delta({"content": ""}, "stop")]}
    final["usage"] = mock_usage(_prompt_text(messages), text)
    return [*chunks, final]


def _delta(delta: dict[str, Any], finish_reason: str | None) -> dict[str, Any]:
    return {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
