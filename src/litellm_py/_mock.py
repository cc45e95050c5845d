"""`mock_response`: a normal response or stream built from text, with no network."""

from __future__ import annotations

import time
import uuid
from typing import Any

__all__ = [
    "mock_answer",
    "mock_chat_chunks",
    "mock_chat_payload",
    "mock_payloads",
    "mock_text_chunks",
    "mock_text_payload",
    "mock_usage",
    "prompt_text",
]


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


def mock_usage(prompt: str, completion: str) -> dict[str, Any]:
    """Usage estimated from text lengths, in the OpenAI shape (no cached prompt tokens)."""
    prompt_tokens, completion_tokens = _tokens(prompt), _tokens(completion)
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": 0},
    }


def prompt_text(messages: Any) -> str:
    """The text of the messages' string contents (what the usage estimate counts)."""
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


def mock_chat_payload(model: str, text: str, prompt: str) -> dict[str, Any]:
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
    payload["usage"] = mock_usage(prompt, text)
    return payload


def mock_chat_chunks(model: str, text: str, prompt: str) -> list[dict[str, Any]]:
    """chat.completion.chunk bodies streaming `text` word by word, usage on the finish chunk."""
    header = _header(model, "chat.completion.chunk")
    chunks = [{**header, "choices": [_delta({"role": "assistant", "content": ""}, None)]}]
    chunks += [{**header, "choices": [_delta({"content": p}, None)]} for p in _split(text)]
    final = {**header, "choices": [_delta({"content": ""}, "stop")]}
    final["usage"] = mock_usage(prompt, text)
    return [*chunks, final]


def _delta(delta: dict[str, Any], finish_reason: str | None) -> dict[str, Any]:
    return {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}


def _split(text: str) -> list[str]:
    pieces = [w + " " for w in text.split(" ")]
    pieces[-1] = pieces[-1][:-1]
    return [p for p in pieces if p]


def mock_text_payload(model: str, text: str, prompt: str) -> dict[str, Any]:
    """A text_completion body answering `text`."""
    payload = _header(model, "text_completion")
    payload["choices"] = [_text_choice(text, "stop")]
    payload["usage"] = mock_usage(prompt, text)
    return payload


def mock_text_chunks(model: str, text: str, prompt: str) -> list[dict[str, Any]]:
    """text_completion bodies streaming `text` word by word, usage on the finish chunk."""
    header = _header(model, "text_completion")
    chunks = [
        {**header, "choices": [{"index": 0, "text": p, "logprobs": None, "finish_reason": None}]}
        for p in _split(text)
    ]
    final = {
        **header,
        "choices": [{"index": 0, "text": "", "logprobs": None, "finish_reason": "stop"}],
    }
    final["usage"] = mock_usage(prompt, text)
    return [*chunks, final]


def _text_choice(text: str, finish_reason: str | None) -> dict[str, Any]:
    return {"index": 0, "text": text, "logprobs": None, "finish_reason": finish_reason}


def mock_payloads(
    endpoint: str, model_id: str, text: str, prompt: str, *, stream: bool
) -> list[dict[str, Any]]:
    """The library's own chat / text shapes for `mock_response` (see `BaseProvider`)."""
    if endpoint == "text":
        if stream:
            return mock_text_chunks(model_id, text, prompt)
        return [mock_text_payload(model_id, text, prompt)]
    if stream:
        return mock_chat_chunks(model_id, text, prompt)
    return [mock_chat_payload(model_id, text, prompt)]


def mock_answer(
    model: str, prompt: Any, params: dict[str, Any], *, is_async: bool, endpoint: str = "chat"
) -> Any:
    """`mock_response`: raise it, or answer it in the provider's own shape (no network)."""
    mock = params["mock_response"]
    if isinstance(mock, BaseException):
        raise mock
    if isinstance(mock, type) and issubclass(mock, BaseException):
        raise mock("mock_response")
    from litellm_py._registry import resolve_model  # deferred: providers use this module
    from litellm_py.streaming import AsyncStream, Stream
    from litellm_py.types import ChatCompletion, ChatCompletionChunk, TextCompletion

    provider, model_id = resolve_model(model)
    stream = bool(params.get("stream"))
    text = prompt if isinstance(prompt, str) else prompt_text(prompt)
    # The provider's mock, in the shape the library returns for it (OpenAI's, with its fields).
    payloads = provider.mock_payloads(endpoint, model_id, str(mock), text, stream=stream)
    if not stream:
        return (TextCompletion if endpoint == "text" else ChatCompletion)(payloads[0])
    stream_cls = AsyncStream if is_async else Stream
    return stream_cls.from_payloads(
        payloads, TextCompletion if endpoint == "text" else ChatCompletionChunk
    )
