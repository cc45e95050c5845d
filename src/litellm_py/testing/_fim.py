"""FIM completions (`POST /beta/completions`, reference §5): the text, body and stream chunks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litellm_py.testing._catalog import SYSTEM_FINGERPRINT
from litellm_py.testing._chat import ResponseMeta, chunk_object, split_text, usage_payload
from litellm_py.testing._request import count_tokens


def _text_field(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    return value if isinstance(value, str) else ""


def fim_text(body: Mapping[str, Any], scripted: str | None = None) -> str:
    """The generated middle (deterministic), preceded by the prompt when `echo` is true."""
    prompt, suffix = _text_field(body, "prompt"), _text_field(body, "suffix")
    text = scripted if scripted is not None else f"<fim between {len(prompt)} and {len(suffix)}>"
    return prompt + text if body.get("echo") is True else text


def fim_usage(body: Mapping[str, Any], text: str) -> dict[str, Any]:
    prompt = count_tokens(_text_field(body, "prompt") + _text_field(body, "suffix"))
    return usage_payload(prompt, 0, count_tokens(text), 0)


def fim_body(
    meta: ResponseMeta, text: str, usage: Mapping[str, Any], finish_reason: str = "stop"
) -> dict[str, Any]:
    """A non-streaming `text_completion` object."""
    choice = {"text": text, "index": 0, "logprobs": None, "finish_reason": finish_reason}
    return {
        "id": meta.id,
        "object": "text_completion",
        "created": meta.created,
        "model": meta.model,
        "choices": [choice],
        "usage": dict(usage),
        "system_fingerprint": SYSTEM_FINGERPRINT,
    }


def fim_chunks(
    meta: ResponseMeta,
    text: str,
    usage: Mapping[str, Any],
    *,
    chunk_size: int,
    finish_reason: str = "stop",
) -> list[dict[str, Any]]:
    """The stream chunks of a FIM completion; the last one carries the finish reason and usage."""

    def choice(piece: str, finish: str | None) -> list[dict[str, Any]]:
        return [{"text": piece, "index": 0, "logprobs": None, "finish_reason": finish}]

    chunks = [
        chunk_object(meta, choice(piece, None), "text_completion")
        for piece in split_text(text, chunk_size)
    ]
    last = chunk_object(meta, choice("", finish_reason), "text_completion")
    last["usage"] = dict(usage)
    chunks.append(last)
    return chunks
