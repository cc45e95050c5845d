"""Chat completions (reference §3, §4): the deterministic default answer, body and SSE chunks."""

from __future__ import annotations

import json
import random
import string
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from litellm_py.testing._catalog import SYSTEM_FINGERPRINT
from litellm_py.testing._replies import Reply
from litellm_py.testing._request import (
    content_text,
    count_tokens,
    function_tools,
    is_prefix_request,
    last_message,
    last_user_text,
)

_ID_ALPHABET = string.ascii_letters + string.digits
_SCHEMA_DEFAULTS: dict[str, Any] = {"integer": 0, "number": 0, "boolean": False, "array": []}


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class Answer:
    """What the pretend model says; `reasoning is None` means non-thinking shape."""

    content: str | None
    reasoning: str | None
    tool_calls: tuple[ToolCall, ...] = ()
    finish_reason: str = "stop"


@dataclass(frozen=True)
class ResponseMeta:
    """Fields shared by a response body and all chunks of its stream."""

    model: str
    include_usage: bool = False
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created: int = field(default_factory=lambda: int(time.time()))


def tool_call_id(index: int) -> str:
    """An id shaped like DeepSeek's: `call_<2-digit index>_<24 chars>`."""
    return f"call_{index:02d}_{''.join(random.choices(_ID_ALPHABET, k=24))}"


def _placeholder(schema: Any) -> Any:
    if not isinstance(schema, dict):
        return "test"
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {}
    return _SCHEMA_DEFAULTS.get(kind, "test") if isinstance(kind, str) else "test"


def arguments_for(function: Mapping[str, Any]) -> str:
    """A JSON object filling every required property ("test" for strings)."""
    parameters = function.get("parameters")
    if not isinstance(parameters, dict):
        return "{}"
    properties = parameters.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    required = parameters.get("required")
    names = (
        [name for name in required if isinstance(name, str)] if isinstance(required, list) else []
    )
    return json.dumps(
        {name: _placeholder(properties.get(name)) for name in names}, ensure_ascii=False
    )


def _chosen_tool(body: dict[str, Any]) -> dict[str, Any] | None:
    tools = function_tools(body)
    choice = body.get("tool_choice")
    if not tools or choice == "none":
        return None
    if isinstance(choice, dict):
        wanted = (choice.get("function") or {}).get("name")
        return next((tool for tool in tools if tool["name"] == wanted), tools[0])
    return tools[0]


def default_answer(body: dict[str, Any], *, thinking: bool) -> Answer:
    """DeepSeek's answer, made deterministic: echo the user, call the first tool, or continue."""
    last = last_message(body)
    user_text = last_user_text(body)
    reasoning = f"The user wrote {len(user_text)} characters; answer briefly." if thinking else None
    tool = _chosen_tool(body)
    if is_prefix_request(body):
        return Answer("continued", reasoning)
    if last.get("role") == "tool":
        return Answer(f"Tool result: {content_text(last.get('content'))}", reasoning)
    if tool is not None and last.get("role") == "user":
        call = ToolCall(tool_call_id(0), tool["name"], arguments_for(tool))
        return Answer(None, reasoning, (call,), "tool_calls")
    content = f"You said: {user_text}"
    response_format = body.get("response_format")
    if isinstance(response_format, dict) and response_format.get("type") == "json_object":
        content = json.dumps({"answer": content}, ensure_ascii=False)
    return Answer(content, reasoning)


def _arguments_text(call: Mapping[str, Any]) -> str:
    arguments = call.get("arguments", "{}")
    return arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)


def scripted_answer(reply: Reply, default: Answer) -> Answer:
    """The default answer with the reply's content, reasoning, tool calls and finish reason."""
    content, calls = default.content, default.tool_calls
    if reply.scripts_answer:
        content = reply.content
        calls = tuple(
            ToolCall(tool_call_id(index), str(call["name"]), _arguments_text(call))
            for index, call in enumerate(reply.tool_calls or ())
        )
    reasoning = reply.reasoning if reply.reasoning is not None else default.reasoning
    finish = reply.finish_reason or ("tool_calls" if calls else "stop")
    return Answer(content, reasoning, calls, finish)


def large_answer(answer: Answer, size: int) -> Answer:
    """The answer with about `size` characters of content (the `"large"` fault)."""
    unit = "All work and no play makes a large response. "
    return replace(answer, content=(unit * (size // len(unit) + 1))[:size])


def usage_payload(
    prompt: int, cache_hit: int, completion: int, reasoning: int | None
) -> dict[str, Any]:
    """A usage object with DeepSeek's cache fields and OpenAI's details objects."""
    usage: dict[str, Any] = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": cache_hit},
    }
    if reasoning is not None:
        usage["completion_tokens_details"] = {"reasoning_tokens": reasoning}
    usage["prompt_cache_hit_tokens"] = cache_hit
    usage["prompt_cache_miss_tokens"] = prompt - cache_hit
    return usage


def answer_usage(answer: Answer, prompt: int, cache_hit: int) -> dict[str, Any]:
    reasoning = count_tokens(answer.reasoning) if answer.reasoning else 0
    completion = reasoning + (count_tokens(answer.content) if answer.content else 0)
    completion += sum(count_tokens(call.name + call.arguments) for call in answer.tool_calls)
    return usage_payload(
        prompt, cache_hit, completion, reasoning if answer.reasoning is not None else None
    )


def _tool_call_objects(answer: Answer) -> list[dict[str, Any]]:
    return [
        {
            "index": index,
            "id": call.id,
            "type": "function",
            "function": {"name": call.name, "arguments": call.arguments},
        }
        for index, call in enumerate(answer.tool_calls)
    ]


def completion_body(meta: ResponseMeta, answer: Answer, usage: Mapping[str, Any]) -> dict[str, Any]:
    """A non-streaming `chat.completion` object, shaped like the live samples."""
    message: dict[str, Any] = {"role": "assistant", "content": answer.content}
    if answer.reasoning is not None:
        message["reasoning_content"] = answer.reasoning
    if answer.tool_calls:
        message["tool_calls"] = _tool_call_objects(answer)
    choice = {
        "index": 0,
        "message": message,
        "logprobs": None,
        "finish_reason": answer.finish_reason,
    }
    return {
        "id": meta.id,
        "object": "chat.completion",
        "created": meta.created,
        "model": meta.model,
        "choices": [choice],
        "usage": dict(usage),
        "system_fingerprint": SYSTEM_FINGERPRINT,
    }


def split_text(text: str, size: int) -> list[str]:
    return [text[start : start + size] for start in range(0, len(text), size)]


def chunk_object(
    meta: ResponseMeta, choices: list[dict[str, Any]], kind: str = "chat.completion.chunk"
) -> dict[str, Any]:
    chunk: dict[str, Any] = {
        "id": meta.id,
        "object": kind,
        "created": meta.created,
        "model": meta.model,
        "system_fingerprint": SYSTEM_FINGERPRINT,
        "choices": choices,
    }
    if meta.include_usage:
        chunk["usage"] = None
    return chunk


def _delta_chunk(
    meta: ResponseMeta, delta: dict[str, Any], finish: str | None = None
) -> dict[str, Any]:
    choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
    return chunk_object(meta, [choice])


def _deltas(answer: Answer, size: int) -> list[dict[str, Any]]:
    thinking = answer.reasoning is not None
    first: dict[str, Any] = {"role": "assistant", "content": None, "reasoning_content": ""}
    deltas = [first if thinking else {"role": "assistant", "content": ""}]
    for piece in split_text(answer.reasoning or "", size):
        deltas.append({"content": None, "reasoning_content": piece})
    for piece in split_text(answer.content or "", size):
        deltas.append(
            {"content": piece, "reasoning_content": None} if thinking else {"content": piece}
        )
    for index, call in enumerate(answer.tool_calls):
        function = {"name": call.name, "arguments": ""}
        opening = {"index": index, "id": call.id, "type": "function", "function": function}
        deltas.append({"tool_calls": [opening]})
        for piece in split_text(call.arguments, size):
            deltas.append({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    return deltas


def completion_chunks(
    meta: ResponseMeta,
    answer: Answer,
    usage: Mapping[str, Any],
    *,
    chunk_size: int,
    trailing_usage: bool = False,
) -> list[dict[str, Any]]:
    """The `chat.completion.chunk` objects of a stream, without SSE framing or `[DONE]`."""
    chunks = [_delta_chunk(meta, delta) for delta in _deltas(answer, chunk_size)]
    thinking = answer.reasoning is not None
    closing = {"content": "", "reasoning_content": None} if thinking else {"content": ""}
    finish = _delta_chunk(meta, closing, answer.finish_reason)
    chunks.append(finish)
    if trailing_usage:
        trailer = chunk_object(meta, [])
        trailer["usage"] = dict(usage)
        chunks.append(trailer)
    else:
        finish["usage"] = dict(usage)
    return chunks
