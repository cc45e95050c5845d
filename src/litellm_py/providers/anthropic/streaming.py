"""The Messages API's SSE events -> OpenAI `chat.completion.chunk` payloads, one stream at a time.

Events: `message_start`, then per content block `content_block_start` / `_delta` / `_stop`,
`message_delta` (stop_reason, final usage), `message_stop`; `ping` any time; `error` in-band.
https://docs.anthropic.com/en/docs/build-with-claude/streaming
Thinking blocks are rebuilt with their `signature` and delivered whole (the full list so far, so
the assembled message carries every block for replay).
"""

from __future__ import annotations

import time
from typing import Any

from litellm_py.providers.anthropic.response import finish_reason, openai_usage, tool_call

__all__ = ["EventTranslator"]

_THINKING_TYPES = frozenset({"thinking", "redacted_thinking"})


class EventTranslator:
    """Stateful: feed decoded events in order; each yields zero or more chunk payloads.

    Returns None once `message_stop` arrived (the stream is complete).
    """

    def __init__(self) -> None:
        self.id: Any = None
        self.model: Any = None
        self.created = int(time.time())
        self.usage: dict[str, Any] = {}
        self.blocks: dict[int, dict[str, Any]] = {}
        self.tool_index: dict[int, int] = {}
        self.thinking: list[dict[str, Any]] = []
        self.others: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []  # as received: the stream's `provider_events`

    def __call__(self, event: str | None, payload: dict[str, Any]) -> list[dict[str, Any]] | None:
        self.events.append(payload)
        kind = payload.get("type") or event
        if kind == "error" or isinstance(payload.get("error"), dict):
            return [payload]  # the stream core raises the matching typed error
        if kind == "message_stop":
            return None
        handler = _HANDLERS.get(str(kind))
        return handler(self, payload) if handler is not None else []

    def chunk(self, delta: dict[str, Any], finish: Any = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        return {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [choice],
        }

    def message_start(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        message = payload.get("message") or {}
        self.id, self.model = message.get("id"), message.get("model")
        self.usage = dict(message.get("usage") or {})
        return [self.chunk({"role": "assistant", "content": ""})]

    def block_start(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        index = int(payload.get("index", len(self.blocks)))
        block = dict(payload.get("content_block") or {})
        self.blocks[index] = block
        kind = block.get("type")
        if kind == "tool_use":
            position = self.tool_index[index] = len(self.tool_index)
            return [self.chunk({"tool_calls": [tool_call(position, block, "")]})]
        if kind == "text" and block.get("text"):
            return [self.chunk({"content": block["text"]})]
        if kind == "thinking" and block.get("thinking"):
            return [self.chunk({"reasoning_content": block["thinking"]})]
        return []

    def block_delta(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        index = int(payload.get("index", 0))
        delta = payload.get("delta") or {}
        block = self.blocks.setdefault(index, {})
        kind = delta.get("type")
        if kind == "text_delta":
            block["text"] = block.get("text", "") + delta.get("text", "")
            return [self.chunk({"content": delta.get("text", "")})]
        if kind == "thinking_delta":
            block["thinking"] = block.get("thinking", "") + delta.get("thinking", "")
            return [self.chunk({"reasoning_content": delta.get("thinking", "")})]
        if kind == "signature_delta":
            block["signature"] = block.get("signature", "") + delta.get("signature", "")
        elif kind == "input_json_delta" and index in self.tool_index:
            arguments = delta.get("partial_json", "")
            fragment = {"index": self.tool_index[index], "function": {"arguments": arguments}}
            return [self.chunk({"tool_calls": [fragment]})]
        elif kind is not None:
            block.setdefault("deltas", []).append(delta)  # citations and future delta types
        return []

    def block_stop(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        block = self.blocks.get(int(payload.get("index", 0))) or {}
        if block.get("type") in _THINKING_TYPES:
            self.thinking.append(block)
            return [self.chunk({"thinking_blocks": [dict(b) for b in self.thinking]})]
        if block.get("type") not in ("text", "tool_use", None):
            self.others.append(block)
            return [self.chunk({"provider_content_blocks": [dict(b) for b in self.others]})]
        return []

    def message_delta(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        self.usage.update(payload.get("usage") or {})
        delta = payload.get("delta") or {}
        chunk = self.chunk({}, finish_reason(delta.get("stop_reason")))
        chunk["usage"] = openai_usage(self.usage)
        return [chunk]


_HANDLERS = {
    "message_start": EventTranslator.message_start,
    "content_block_start": EventTranslator.block_start,
    "content_block_delta": EventTranslator.block_delta,
    "content_block_stop": EventTranslator.block_stop,
    "message_delta": EventTranslator.message_delta,
}
