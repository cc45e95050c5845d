"""`POST /responses` for the test server: the chat answer, rendered in the Responses format.

The request is read as the equivalent chat request, answered by the same deterministic model,
and written as a `response` object or its semantic SSE events (no `[DONE]`).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from litellm_py.testing._chat import Answer, _placeholder, default_answer, scripted_answer
from litellm_py.testing._errors import ApiError, dump_json
from litellm_py.testing._plan import SSE_TYPE, Plan, json_plan
from litellm_py.testing._replies import Reply
from litellm_py.testing._request import count_tokens, prompt_text, thinking_enabled

__all__ = ["responses_plan", "to_chat_body"]


def _item_message(item: Mapping[str, Any]) -> dict[str, Any] | None:
    kind = item.get("type", "message")
    if kind == "function_call_output":
        return {"role": "tool", "tool_call_id": item.get("call_id"), "content": item.get("output")}
    if kind == "function_call":
        call = {
            "id": item.get("call_id"),
            "type": "function",
            "function": {"name": item.get("name"), "arguments": item.get("arguments")},
        }
        return {"role": "assistant", "content": None, "tool_calls": [call]}
    if kind != "message":
        return None
    role = "user" if item.get("role") == "developer" else item.get("role", "user")
    return {"role": role, "content": item.get("content")}


def to_chat_body(body: Mapping[str, Any]) -> dict[str, Any]:
    """The chat request equivalent to a Responses request (for the shared answer model)."""
    value = body.get("input")
    items = [{"role": "user", "content": value}] if isinstance(value, str) else value
    messages = [m for m in map(_item_message, items or []) if m is not None]
    if isinstance(body.get("instructions"), str):
        messages.insert(0, {"role": "system", "content": body["instructions"]})
    tools = [
        {"type": "function", "function": {k: v for k, v in t.items() if k != "type"}}
        for t in body.get("tools") or []
        if isinstance(t, dict) and t.get("type") == "function"
    ]
    chat: dict[str, Any] = {"model": body.get("model"), "messages": messages, "tools": tools}
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        choice = {"type": "function", "function": {"name": choice.get("name")}}
    chat["tool_choice"] = choice
    effort = (body.get("reasoning") or {}).get("effort")
    chat["thinking"] = {"type": "disabled" if effort == "none" else "enabled"}
    return chat


def _validate(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiError(400, "Invalid request body format.")
    if not isinstance(body.get("input"), str | list):
        raise ApiError(400, "Missing required parameter: 'input'.")
    fmt = (body.get("text") or {}).get("format") or {}
    if fmt.get("type") == "json_schema" and not isinstance(fmt.get("schema"), dict):
        raise ApiError(400, "text.format.schema is required for json_schema")
    return body


def _answer(
    body: dict[str, Any], chat: dict[str, Any], reply: Reply | None, thinking: bool | None
) -> Answer:
    thinking = thinking_enabled(chat) if thinking is None else thinking
    answer = default_answer(chat, thinking=thinking)
    fmt = (body.get("text") or {}).get("format") or {}
    if fmt.get("type") == "json_schema" and answer.content is not None:
        schema = fmt.get("schema") or {}
        props = schema.get("properties") or {}
        value = {name: _placeholder(props.get(name)) for name in schema.get("required") or []}
        answer = Answer(json.dumps(value), answer.reasoning)
    return answer if reply is None else scripted_answer(reply, answer)


def _items(answer: Answer) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if answer.reasoning is not None:
        items.append(
            {
                "type": "reasoning",
                "id": f"rs_{uuid.uuid4().hex[:24]}",
                "summary": [],
                "content": [{"type": "reasoning_text", "text": answer.reasoning}],
            }
        )
    if answer.content is not None:
        part = {"type": "output_text", "text": answer.content, "annotations": []}
        items.append(
            {
                "type": "message",
                "id": f"msg_{uuid.uuid4().hex[:24]}",
                "status": "completed",
                "role": "assistant",
                "content": [part],
            }
        )
    for call in answer.tool_calls:
        items.append(
            {
                "type": "function_call",
                "id": f"fc_{uuid.uuid4().hex[:24]}",
                "call_id": call.id,
                "name": call.name,
                "arguments": call.arguments,
                "status": "completed",
            }
        )
    return items


def _usage(chat: dict[str, Any], answer: Answer, reply: Reply | None) -> dict[str, Any]:
    if reply is not None and reply.usage is not None:
        return dict(reply.usage)
    reasoning = count_tokens(answer.reasoning) if answer.reasoning else 0
    output = reasoning + (count_tokens(answer.content) if answer.content else 0)
    output += sum(count_tokens(c.name + c.arguments) for c in answer.tool_calls)
    prompt = count_tokens(prompt_text(chat))
    return {
        "input_tokens": prompt,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": output,
        "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": prompt + output,
    }


def _response(body: dict[str, Any], model: str, answer: Answer, usage: Any) -> dict[str, Any]:
    incomplete = answer.finish_reason == "length"
    return {
        "id": f"resp_{uuid.uuid4().hex}",
        "object": "response",
        "created_at": int(time.time()),
        "status": "incomplete" if incomplete else "completed",
        "model": model,
        "output": _items(answer),
        "instructions": body.get("instructions"),
        "usage": usage,
        "error": None,
        "incomplete_details": {"reason": "max_output_tokens"} if incomplete else None,
    }


def _events(final: dict[str, Any], size: int) -> Iterator[dict[str, Any]]:
    started = {**final, "status": "in_progress", "output": [], "usage": None}
    yield {"type": "response.created", "response": started}
    yield {"type": "response.in_progress", "response": started}
    for index, item in enumerate(final["output"]):
        base = {"output_index": index, "item_id": item["id"]}
        if item["type"] == "function_call":
            yield {"type": "response.output_item.added", **base, "item": {**item, "arguments": ""}}
            for start in range(0, len(item["arguments"]), size):
                piece = item["arguments"][start : start + size]
                yield {"type": "response.function_call_arguments.delta", **base, "delta": piece}
            yield {
                "type": "response.function_call_arguments.done",
                **base,
                "arguments": item["arguments"],
            }
        else:
            kind = "reasoning_text" if item["type"] == "reasoning" else "output_text"
            yield {"type": "response.output_item.added", **base, "item": {**item, "content": []}}
            text = item["content"][0]["text"] if item.get("content") else ""
            for start in range(0, len(text), size):
                yield {
                    "type": f"response.{kind}.delta",
                    **base,
                    "content_index": 0,
                    "delta": text[start : start + size],
                }
            if item.get("content"):
                yield {"type": f"response.{kind}.done", **base, "content_index": 0, "text": text}
        yield {"type": "response.output_item.done", "output_index": index, "item": item}
    yield {"type": f"response.{final['status']}", "response": final}


def _frames(events: list[dict[str, Any]]) -> list[bytes]:
    frames = []
    for number, event in enumerate(events):
        event = {**event, "sequence_number": number}
        frames.append(
            b"event: " + event["type"].encode() + b"\ndata: " + dump_json(event) + b"\n\n"
        )
    return frames


Finish = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]


def responses_plan(
    raw: Any,
    reply: Reply | None,
    *,
    model: str,
    chunk_size: int,
    thinking: bool | None = None,
    finish: Finish | None = None,
) -> Plan:
    """The answer to `POST /responses` (validated unless a reply scripts it).

    `thinking` overrides whether the model reasons (default: unless `reasoning.effort` is
    "none"); `finish(body, response)` reshapes the final response object for a dialect.
    """
    body = _validate(raw) if reply is None else (raw if isinstance(raw, dict) else {})
    chat = to_chat_body(body)
    answer = _answer(body, chat, reply, thinking)
    final = _response(body, model, answer, _usage(chat, answer, reply))
    if finish is not None:
        final = finish(body, final)
    knobs = reply or Reply()
    if body.get("stream") is not True:
        return json_plan(200, final, knobs)
    events = list(_events(final, knobs.chunk_size or chunk_size))
    cut = False
    if knobs.stream_error is not None:
        error = {"type": "error", **dict(knobs.stream_error)}
        events = [*events[: knobs.stream_error_after], error]
    elif knobs.disconnect_after_chunks is not None:
        events, cut = events[: knobs.disconnect_after_chunks], True
    return Plan(200, SSE_TYPE, frames=tuple(_frames(events)), cut=cut, reply=knobs)
