"""The wire bodies the benchmark server sends and the request every client makes.

Shapes follow the DeepSeek reference samples (tests/fixtures/chat_official_2026_10.json and the
`.sse` fixtures): a small chat.completion, and chunk events with `usage` on the finish chunk.
"""

from __future__ import annotations

import json
from typing import Any

MODEL = "deepseek-flash"
API_KEY = "sk-bench-0000000000000000"
MESSAGES: list[dict[str, Any]] = [{"role": "user", "content": "Hi"}]
CHUNKS_HEADER = "x-bench-chunks"
_ID = "930c60df-bf64-41c9-a88e-3ec75f81e00e"
_FINGERPRINT = "fp_7a09fdf9c2"
_WORDS = ("Hello", "!", " How", " can", " I", " help", " you", " today", "?")


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def chat_completion() -> bytes:
    """A non-streamed `chat.completion` body."""
    return _dumps(
        {
            "id": _ID,
            "object": "chat.completion",
            "created": 1705651092,
            "model": MODEL,
            "system_fingerprint": _FINGERPRINT,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "Hello! How can I help you today?"},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": 16,
                "completion_tokens": 10,
                "total_tokens": 26,
                "prompt_tokens_details": {"cached_tokens": 0},
                "prompt_cache_hit_tokens": 0,
                "prompt_cache_miss_tokens": 16,
            },
        }
    )


def _chunk(delta: dict[str, Any], finish: str | None, usage: Any = None) -> bytes:
    return _dumps(
        {
            "id": _ID,
            "object": "chat.completion.chunk",
            "created": 1705651092,
            "model": MODEL,
            "system_fingerprint": _FINGERPRINT,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
            "usage": usage,
        }
    )


def stream_events(n: int) -> list[bytes]:
    """`n` SSE events (role chunk, content chunks, finish chunk with usage), then `[DONE]`."""
    n = max(n, 2)
    first = _chunk({"role": "assistant", "content": ""}, None)
    body = [_chunk({"content": _WORDS[i % len(_WORDS)]}, None) for i in range(n - 2)]
    usage = {"prompt_tokens": 16, "completion_tokens": n, "total_tokens": 16 + n}
    last = _chunk({"content": ""}, "stop", usage)
    return [b"data: " + data + b"\n\n" for data in (first, *body, last)] + [b"data: [DONE]\n\n"]


def models() -> bytes:
    """A `GET /models` list body."""
    return _dumps(
        {
            "object": "list",
            "data": [{"id": MODEL, "object": "model", "owned_by": "deepseek"}],
        }
    )


def request_body(stream: bool = False) -> bytes:
    """The JSON body raw clients send (what litellm_py sends for the same call)."""
    body: dict[str, Any] = {"model": MODEL, "messages": MESSAGES}
    if stream:
        body["stream"] = True
    return _dumps(body)
