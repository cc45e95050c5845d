"""Anthropic Messages wire for the test server: the deterministic answer, body and SSE events.

Thinking blocks carry a signature the server can verify when they are replayed (an HMAC of the
thinking text), so tests can check on the server side that clients send them back unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from litellm_py.testing._chat import ToolCall, arguments_for, split_text
from litellm_py.testing._errors import dump_json
from litellm_py.testing._replies import Reply
from litellm_py.testing._request import content_text, count_tokens

_SIGNING_KEY = b"litellm-py-testing-thinking"
ERROR_TYPES = {
    400: ("invalid_request_error", "Invalid request."),
    401: ("authentication_error", "invalid x-api-key"),
    402: ("billing_error", "Your credit balance is too low to access the Anthropic API."),
    403: ("permission_error", "Your API key does not have permission to use this resource."),
    404: ("not_found_error", "Not found."),
    413: ("request_too_large", "Request exceeds the maximum allowed number of bytes."),
    422: ("invalid_request_error", "Unprocessable request."),
    429: ("rate_limit_error", "Number of request tokens has exceeded your rate limit."),
    500: ("api_error", "Internal server error."),
    504: ("timeout_error", "Request timed out."),
    529: ("overloaded_error", "Overloaded"),
}


def sign(thinking: str) -> str:
    """The signature the server gives (and later expects back for) a thinking text."""
    digest = hmac.new(_SIGNING_KEY, thinking.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def error_body(
    status: int, message: str | None, error_type: str | None, request_id: str
) -> dict[str, Any]:
    """`{"type": "error", "error": {"type", "message"}, "request_id"}` for a status."""
    default_type, default_message = ERROR_TYPES.get(status, ("api_error", f"HTTP {status}"))
    return {
        "type": "error",
        "error": {"type": error_type or default_type, "message": message or default_message},
        "request_id": request_id,
    }


@dataclass(frozen=True)
class Answer:
    """What the pretend model says: blocks in order (thinking, text, tool_use)."""

    text: str | None
    thinking: str | None
    tool_calls: tuple[ToolCall, ...] = ()
    stop_reason: str = "end_turn"

    def blocks(self) -> list[dict[str, Any]]:
        blocks: list[dict[str, Any]] = []
        if self.thinking is not None:
            signature = sign(self.thinking)
            blocks.append({"type": "thinking", "thinking": self.thinking, "signature": signature})
        if self.text is not None:
            blocks.append({"type": "text", "text": self.text})
        for call in self.tool_calls:
            block = {"type": "tool_use", "id": call.id, "name": call.name}
            blocks.append({**block, "input": json.loads(call.arguments or "{}")})
        return blocks


def _tool_input(tool: Mapping[str, Any]) -> str:
    return arguments_for({"parameters": tool.get("input_schema")})


def _chosen_tool(body: dict[str, Any]) -> dict[str, Any] | None:
    tools = [t for t in body.get("tools") or () if isinstance(t, dict) and "input_schema" in t]
    raw_choice = body.get("tool_choice")
    choice: dict[str, Any] = raw_choice if isinstance(raw_choice, dict) else {}
    if not tools or choice.get("type") == "none":
        return None
    named = [t for t in tools if t.get("name") == choice.get("name")]
    return named[0] if choice.get("type") == "tool" and named else tools[0]


def _blocks_of(message: Mapping[str, Any]) -> list[dict[str, Any]]:
    content = message.get("content")
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    return [b for b in content or () if isinstance(b, dict)]


def thinking_on(body: Mapping[str, Any]) -> bool:
    thinking = body.get("thinking")
    return isinstance(thinking, dict) and thinking.get("type") in ("enabled", "adaptive")


def default_answer(body: dict[str, Any]) -> Answer:
    """Echo the user, call the first tool, or report the tool result (deterministic)."""
    last = body["messages"][-1]
    blocks = _blocks_of(last)
    text = "\n".join(str(b.get("text")) for b in blocks if b.get("type") == "text")
    thinking = (
        f"The user wrote {len(text)} characters; answer briefly." if thinking_on(body) else None
    )
    results = [b for b in blocks if b.get("type") == "tool_result"]
    if last.get("role") == "assistant":
        return Answer("continued", thinking)
    if results:
        return Answer(f"Tool result: {content_text(results[-1].get('content'))}", thinking)
    tool = _chosen_tool(body)
    if tool is not None:
        call = ToolCall(f"toolu_{uuid.uuid4().hex[:24]}", str(tool["name"]), _tool_input(tool))
        return Answer(None, thinking, (call,), "tool_use")
    return Answer(f"You said: {text}", thinking)


def scripted_answer(reply: Reply, default: Answer) -> Answer:
    """The default answer with the reply's content, reasoning, tool calls and stop reason."""
    text, calls = default.text, default.tool_calls
    if reply.scripts_answer:
        text = reply.content
        calls = tuple(
            ToolCall(
                f"toolu_{index:02d}_{uuid.uuid4().hex[:20]}",
                str(c["name"]),
                str(c.get("arguments") or "{}"),
            )
            for index, c in enumerate(reply.tool_calls or ())
        )
    thinking = reply.reasoning if reply.reasoning is not None else default.thinking
    stop = reply.finish_reason or ("tool_use" if calls else "end_turn")
    return Answer(text, thinking, calls, stop)


def usage_for(answer: Answer, uncached: int, written: int, read: int) -> dict[str, Any]:
    output = (
        sum(count_tokens(json.dumps(block)) for block in answer.blocks()) if answer.blocks() else 1
    )
    return {
        "input_tokens": uncached,
        "cache_creation_input_tokens": written,
        "cache_read_input_tokens": read,
        "output_tokens": output,
        "service_tier": "standard",
    }


def message_body(model: str, answer: Answer, usage: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": f"msg_{uuid.uuid4().hex[:24]}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": answer.blocks(),
        "stop_reason": answer.stop_reason,
        "stop_sequence": None,
        "usage": dict(usage),
    }


def event_frame(payload: Mapping[str, Any]) -> bytes:
    """One named SSE event, as the Messages API frames it."""
    return b"event: " + str(payload["type"]).encode() + b"\ndata: " + dump_json(payload) + b"\n\n"


def _block_events(index: int, block: dict[str, Any], size: int) -> list[dict[str, Any]]:
    kind = block["type"]
    starts: dict[str, dict[str, Any]] = {
        "text": {"text": ""},
        "thinking": {"thinking": "", "signature": ""},
    }
    start = starts.get(kind, {})
    if kind == "tool_use":
        start = {"id": block["id"], "name": block["name"], "input": {}}
    events: list[dict[str, Any]] = [
        {"type": "content_block_start", "index": index, "content_block": {"type": kind, **start}}
    ]

    def delta(payload: dict[str, Any]) -> None:
        events.append({"type": "content_block_delta", "index": index, "delta": payload})

    if kind == "text":
        for piece in split_text(block["text"], size):
            delta({"type": "text_delta", "text": piece})
    elif kind == "thinking":
        for piece in split_text(block["thinking"], size):
            delta({"type": "thinking_delta", "thinking": piece})
        delta({"type": "signature_delta", "signature": block["signature"]})
    elif kind == "tool_use":
        for piece in split_text(json.dumps(block["input"]), size):
            delta({"type": "input_json_delta", "partial_json": piece})
    events.append({"type": "content_block_stop", "index": index})
    return events


def stream_events(message: dict[str, Any], size: int) -> list[dict[str, Any]]:
    """The events of a streamed message: start, ping, blocks, delta (usage), stop."""
    usage = dict(message["usage"])
    start_usage = {**usage, "output_tokens": 1}
    opening = {**message, "content": [], "stop_reason": None, "usage": start_usage}
    events: list[dict[str, Any]] = [
        {"type": "message_start", "message": opening},
        {"type": "ping"},
    ]
    for index, block in enumerate(message["content"]):
        events.extend(_block_events(index, block, size))
    events.append(
        {
            "type": "message_delta",
            "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
            "usage": {"output_tokens": usage.get("output_tokens", 0)},
        }
    )
    events.append({"type": "message_stop"})
    return events


_MODELS = (
    ("claude-haiku-4-5-20251001", "Claude Haiku 4.5", "2025-10-15T00:00:00Z"),
    ("claude-sonnet-4-5-20250929", "Claude Sonnet 4.5", "2025-09-29T00:00:00Z"),
    ("claude-opus-4-5-20251101", "Claude Opus 4.5", "2025-11-24T00:00:00Z"),
)


def models_page() -> dict[str, Any]:
    """`GET /v1/models`: one page listing a few models."""
    data = [
        {"type": "model", "id": model_id, "display_name": name, "created_at": created}
        for model_id, name, created in _MODELS
    ]
    return {"data": data, "has_more": False, "first_id": data[0]["id"], "last_id": data[-1]["id"]}
