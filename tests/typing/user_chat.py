"""User-style code checked by mypy --strict (the main `mypy` run covers tests/): what it infers.

Every `assert_type` must hold, and every `# type: ignore[...]` here must stay needed (strict
mode warns about unused ignores), so a regression in the public types fails the check. The
test next to this file also runs each function, so the run-time behaviour matches the types.
"""

from __future__ import annotations

import contextlib
from typing import Any

from typing_extensions import assert_type

import litellm_py
from litellm_py import (
    AsyncStream,
    ChatCompletion,
    ChatCompletionChunk,
    Stream,
    TextCompletion,
    completion,
    stream_chunk_builder,
)

MODEL = "deepseek/deepseek-flash"
MESSAGES: list[dict[str, str]] = [{"role": "user", "content": "Hi"}]


def plain_call() -> str | None:
    resp = completion(model=MODEL, messages=MESSAGES, mock_response="Hello")
    assert_type(resp, ChatCompletion)
    assert_type(resp.choices[0].message.content, str | None)
    assert_type(resp.choices[0].finish_reason, str | None)
    assert_type(resp.usage, litellm_py.Usage | None)
    return resp.choices[0].message.content


def typos_are_type_errors() -> None:
    resp = completion(model=MODEL, messages=MESSAGES, mock_response="Hello")
    with contextlib.suppress(AttributeError):
        _ = resp.choises  # type: ignore[attr-defined]
    message = resp.choices[0].message
    with contextlib.suppress(AttributeError):
        _ = message.contnet  # type: ignore[attr-defined]


def undeclared_server_fields(resp: ChatCompletion) -> Any:
    """A field the server sent but the library does not declare: by key always works."""
    by_key = resp["x_vendor_field"]
    assert_type(by_key, Any)
    assert resp.get("x_vendor_field") == by_key
    return by_key


def openai_fields_read_as_none() -> None:
    resp = completion(model=MODEL, messages=MESSAGES, mock_response="Hello")
    message = resp.choices[0].message
    assert_type(message.refusal, str | None)
    assert message.refusal is None
    assert message.function_call is None
    assert message.audio is None
    assert message.annotations is None
    assert resp.service_tier is None
    assert "refusal" not in resp.model_dump()["choices"][0]["message"]


def streamed() -> str:
    stream = completion(model=MODEL, messages=MESSAGES, stream=True, mock_response="Hello")
    assert_type(stream, Stream[ChatCompletionChunk])
    pieces: list[str] = []
    chunks: list[ChatCompletionChunk] = []
    with stream:
        for chunk in stream:
            assert_type(chunk, ChatCompletionChunk)
            chunks.append(chunk)
            if chunk.choices:
                pieces.append(chunk.choices[0].delta.content or "")
    full = stream_chunk_builder(chunks)
    assert_type(full, ChatCompletion)
    return "".join(pieces)


def stream_flag_from_a_variable(stream: bool) -> ChatCompletion | Stream[ChatCompletionChunk]:
    result = completion(model=MODEL, messages=MESSAGES, stream=stream, mock_response="Hi")
    assert_type(result, ChatCompletion | Stream[ChatCompletionChunk])
    return result


def config_dict_call(config: dict[str, Any]) -> Any:
    """`completion(**config)`: accepted, and typed Any (the dict may hold `stream=True`)."""
    return completion(**config)


def config_dict_of_strings(extra: dict[str, str]) -> Any:
    return completion(model=MODEL, messages=MESSAGES, mock_response="Hi", **extra)


async def async_calls() -> str:
    resp = await litellm_py.acompletion(model=MODEL, messages=MESSAGES, mock_response="Hi")
    assert_type(resp, ChatCompletion)
    stream = await litellm_py.acompletion(
        model=MODEL, messages=MESSAGES, stream=True, mock_response="Hi"
    )
    assert_type(stream, AsyncStream[ChatCompletionChunk])
    text = ""
    async with stream:
        async for chunk in stream:
            assert_type(chunk, ChatCompletionChunk)
            text += chunk.choices[0].delta.content or "" if chunk.choices else ""
    return text


def text_completion_types(server_url: str, key: str) -> None:
    resp = litellm_py.text_completion(MODEL, "def f(", api_base=server_url, api_key=key)
    assert_type(resp, TextCompletion)
    assert_type(resp.choices[0].text, str)
    stream = litellm_py.text_completion(
        MODEL, "def f(", stream=True, api_base=server_url, api_key=key
    )
    assert_type(stream, Stream[TextCompletion])
    with stream:
        final = stream.get_final_response()
    assert_type(final, TextCompletion)


def misspelt_module_names_are_errors() -> None:
    with contextlib.suppress(AttributeError):
        _ = litellm_py.completoin  # type: ignore[attr-defined]


def dumps() -> None:
    resp = completion(model=MODEL, messages=MESSAGES, mock_response="Hello")
    assert_type(resp.model_dump(exclude_none=True, mode="json"), dict[str, Any])
    assert_type(resp.model_dump_json(indent=2), str)
    assert_type(resp.model_copy(update={"model": "x"}), ChatCompletion)
