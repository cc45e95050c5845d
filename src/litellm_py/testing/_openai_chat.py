"""OpenAI's Chat Completions answers: `n` choices, logprobs, limits, usage, body and SSE chunks.

Shapes: https://platform.openai.com/docs/api-reference/chat/object and
https://platform.openai.com/docs/api-reference/chat-streaming (per-choice `index`; with
`stream_options.include_usage` every chunk has `"usage": null` and a last chunk with
`"choices": []` carries the usage).
"""

from __future__ import annotations

import random
import string
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from litellm_py.testing._chat import (
    Answer,
    ToolCall,
    arguments_for,
    default_answer,
    split_text,
    tool_call_id,
)
from litellm_py.testing._request import count_tokens, function_tools, last_message

__all__ = [
    "OpenAIMeta",
    "openai_answers",
    "openai_body",
    "openai_chunks",
    "openai_usage",
    "reasoning_tokens",
]

_TOKEN_CHARS = 4  # the server's token: four characters (see `count_tokens`)
_EFFORT_TOKENS = {"none": 0, "minimal": 0, "low": 8, "medium": 32, "high": 128}
_ID_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class OpenAIMeta:
    """Fields shared by a response and all its chunks, and what the request asked for."""

    model: str
    fingerprint: str
    service_tier: str
    include_usage: bool = False
    logprobs: bool = False
    top_logprobs: int = 0
    seed: int | None = None
    id: str = field(
        default_factory=lambda: "chatcmpl-" + "".join(random.choices(_ID_ALPHABET, k=29))
    )
    created: int = field(default_factory=lambda: int(time.time()))


def reasoning_tokens(body: Mapping[str, Any], reasoning: bool) -> int:
    """Hidden reasoning tokens a reasoning model spends per choice (by `reasoning_effort`)."""
    return _EFFORT_TOKENS.get(str(body.get("reasoning_effort", "medium")), 0) if reasoning else 0


def _base_answer(body: dict[str, Any]) -> Answer:
    answer = default_answer(body, thinking=False)
    tools = function_tools(body)
    choice = body.get("tool_choice")
    parallel = body.get("parallel_tool_calls") is not False and not isinstance(choice, dict)
    if answer.tool_calls and parallel and len(tools) > 1:
        calls = tuple(
            ToolCall(tool_call_id(i), tool["name"], arguments_for(tool))
            for i, tool in enumerate(tools)
        )
        answer = replace(answer, tool_calls=calls)
    fmt = body.get("response_format")
    spec = fmt.get("json_schema") if isinstance(fmt, dict) else None
    if isinstance(spec, dict) and answer.content is not None and not answer.tool_calls:
        answer = replace(answer, content=arguments_for({"parameters": spec.get("schema")}))
    return answer


def _limited(answer: Answer, body: Mapping[str, Any], hidden: int) -> Answer:
    """The answer cut at a stop sequence, or at the output token limit (`length`)."""
    content = answer.content
    if content is None:
        return answer
    stops = body.get("stop")
    for stop in [stops] if isinstance(stops, str) else stops or ():
        if isinstance(stop, str) and stop and stop in content:
            content = content[: content.index(stop)]
    limit = body.get("max_completion_tokens", body.get("max_tokens"))
    if isinstance(limit, int) and count_tokens(content) + hidden > limit:
        kept = max(0, limit - hidden) * _TOKEN_CHARS
        return replace(answer, content=content[:kept], finish_reason="length")
    return replace(answer, content=content)


def openai_answers(body: dict[str, Any], hidden: int, scripted: Any = None) -> list[Answer]:
    """The `n` choices: the same answer, plain text ones told apart by a choice number.

    `scripted` (a function Answer -> Answer) applies a scripted `Reply` to each choice.
    """
    base = _base_answer(body)
    if scripted is not None:
        base = scripted(base)
    n = body.get("n") or 1
    plain = body.get("response_format") is None and last_message(body).get("role") != "tool"
    answers = []
    for index in range(n):
        answer = base
        if index and plain and answer.content:
            answer = replace(answer, content=f"{answer.content} (choice {index + 1})")
        answers.append(_limited(answer, body, hidden))
    return answers


def openai_usage(answers: list[Answer], prompt: int, cached: int, hidden: int) -> dict[str, Any]:
    """OpenAI's usage object: `n` choices' tokens summed, reasoning tokens in the details."""
    completion = hidden * len(answers)
    for answer in answers:
        completion += count_tokens(answer.content) if answer.content else 0
        completion += sum(count_tokens(c.name + c.arguments) for c in answer.tool_calls)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": hidden * len(answers),
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _token_entry(token: str, rng: random.Random, top: int) -> dict[str, Any]:
    logprob = -round(rng.random() * 0.5, 6)
    alternatives = [{"token": token, "logprob": logprob, "bytes": list(token.encode())}]
    for rank in range(1, top):
        other = f"{token}{rank}"
        alternatives.append(
            {"token": other, "logprob": logprob - rank, "bytes": list(other.encode())}
        )
    return {
        "token": token,
        "logprob": logprob,
        "bytes": list(token.encode()),
        "top_logprobs": alternatives[:top],
    }


def _logprobs(meta: OpenAIMeta, text: str | None, rng: random.Random) -> dict[str, Any] | None:
    if not meta.logprobs:
        return None
    tokens = split_text(text, _TOKEN_CHARS) if text else []
    entries = [_token_entry(token, rng, meta.top_logprobs) for token in tokens]
    return {"content": entries if text is not None else None, "refusal": None}


def _rng(meta: OpenAIMeta, index: int) -> random.Random:
    """Logprob values: the same for the same seed and choice, else random."""
    return random.Random(f"{meta.seed}:{index}") if meta.seed is not None else random.Random()


def _message(answer: Answer) -> dict[str, Any]:
    message: dict[str, Any] = {
        "role": "assistant",
        "content": answer.content,
        "refusal": None,
        "annotations": [],
    }
    if answer.tool_calls:
        message["tool_calls"] = [
            {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
            for c in answer.tool_calls
        ]
    return message


def openai_body(meta: OpenAIMeta, answers: list[Answer], usage: Any) -> dict[str, Any]:
    """A non-streaming `chat.completion` object."""
    choices = [
        {
            "index": index,
            "message": _message(answer),
            "logprobs": _logprobs(meta, answer.content, _rng(meta, index)),
            "finish_reason": answer.finish_reason,
        }
        for index, answer in enumerate(answers)
    ]
    return {
        **_head(meta, "chat.completion"),
        "choices": choices,
        "usage": dict(usage),
    }


def _head(meta: OpenAIMeta, kind: str) -> dict[str, Any]:
    return {
        "id": meta.id,
        "object": kind,
        "created": meta.created,
        "model": meta.model,
        "service_tier": meta.service_tier,
        "system_fingerprint": meta.fingerprint,
    }


def _choice_deltas(meta: OpenAIMeta, index: int, answer: Answer, size: int) -> list[dict[str, Any]]:
    rng = _rng(meta, index)
    opening: dict[str, Any] = {"role": "assistant", "refusal": None}
    opening["content"] = "" if answer.content is not None else None
    choices: list[dict[str, Any]] = [{"delta": opening, "logprobs": None}]
    for piece in split_text(answer.content or "", size):
        choices.append({"delta": {"content": piece}, "logprobs": _logprobs(meta, piece, rng)})
    for number, call in enumerate(answer.tool_calls):
        function = {"name": call.name, "arguments": ""}
        first = {"index": number, "id": call.id, "type": "function", "function": function}
        choices.append({"delta": {"tool_calls": [first]}, "logprobs": None})
        for piece in split_text(call.arguments, size):
            fragment = {"index": number, "function": {"arguments": piece}}
            choices.append({"delta": {"tool_calls": [fragment]}, "logprobs": None})
    choices.append({"delta": {}, "logprobs": None, "finish_reason": answer.finish_reason})
    return [{"index": index, "finish_reason": None, **choice} for choice in choices]


def openai_chunks(
    meta: OpenAIMeta, answers: list[Answer], usage: Any, *, chunk_size: int
) -> list[dict[str, Any]]:
    """The stream's chunks, the choices interleaved; then the usage chunk when asked for."""
    per_choice = [
        _choice_deltas(meta, index, answer, chunk_size) for index, answer in enumerate(answers)
    ]
    chunks = []
    for step in range(max(len(deltas) for deltas in per_choice)):
        for deltas in per_choice:
            if step < len(deltas):
                chunks.append(_chunk(meta, [deltas[step]]))
    if meta.include_usage:
        chunks.append({**_chunk(meta, []), "usage": dict(usage)})
    return chunks


def _chunk(meta: OpenAIMeta, choices: list[dict[str, Any]]) -> dict[str, Any]:
    chunk = {**_head(meta, "chat.completion.chunk"), "choices": choices}
    if meta.include_usage:
        chunk["usage"] = None
    return chunk
