"""`mock_response`: a response or stream built from text, or an exception raised; no network."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import respx

import litellm_py
from litellm_py import ChatCompletion, ChatCompletionChunk, stream_chunk_builder
from tests.support import call_completion, collect

MODEL = "deepseek/deepseek-flash"
MESSAGES = [
    {"role": "system", "content": "You are terse."},
    {"role": "user", "content": "Say something about the weather in Shenzhen today."},
]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[respx.MockRouter]:
    """No routes and no API key: any request or key lookup would fail the test."""
    monkeypatch.delenv("DEEPSEEK_API_KEY")
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router
    assert not router.calls


async def mock(mode: str, **kwargs: Any) -> Any:
    kwargs.setdefault("model", MODEL)
    kwargs.setdefault("messages", MESSAGES)
    return await call_completion(mode, **kwargs)


async def test_text_returns_a_normal_response(mode: str) -> None:
    resp = await mock(mode, mock_response="It is sunny and 24 degrees.")
    assert isinstance(resp, ChatCompletion)
    assert resp.object == "chat.completion"
    assert resp.model == "deepseek-flash"
    assert isinstance(resp.id, str)
    assert resp.id
    assert isinstance(resp.created, int)
    choice = resp.choices[0]
    assert choice.index == 0
    assert choice.finish_reason == "stop"
    assert choice.message.role == "assistant"
    assert choice.message.content == "It is sunny and 24 degrees."
    assert resp["choices"][0]["message"]["content"] == "It is sunny and 24 degrees."


async def test_usage_is_filled_in(mode: str) -> None:
    resp = await mock(mode, mock_response="It is sunny and 24 degrees.")
    usage = resp.usage
    assert usage.prompt_tokens > 0
    assert usage.completion_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert usage.prompt_cache_hit_tokens == 0
    assert usage.prompt_cache_miss_tokens == usage.prompt_tokens
    assert usage.prompt_tokens_details.cached_tokens == 0
    assert usage.cache_hit_tokens == 0
    longer = await mock(mode, mock_response="It is sunny and 24 degrees. " * 20)
    assert longer.usage.completion_tokens > usage.completion_tokens


async def test_cost_code_works_on_a_mock(mode: str) -> None:
    resp = await mock(mode, mock_response="It is sunny and 24 degrees.")
    cost = litellm_py.completion_cost(resp)
    assert isinstance(cost, float)
    assert cost > 0


async def test_model_dump_is_the_chat_completion_shape(mode: str) -> None:
    resp = await mock(mode, mock_response="ok")
    dumped = resp.model_dump()
    assert set(dumped) >= {"id", "object", "created", "model", "choices", "usage"}
    assert dumped["choices"][0]["message"] == {"role": "assistant", "content": "ok"}


async def test_works_with_message_objects(mode: str) -> None:
    first = await mock(mode, mock_response="First answer.")
    messages: list[Any] = [*MESSAGES, first.choices[0].message, {"role": "user", "content": "And?"}]
    second = await mock(mode, messages=messages, mock_response="Second answer.")
    assert second.choices[0].message.content == "Second answer."


async def test_exception_instance_is_raised(mode: str) -> None:
    error = litellm_py.RateLimitError("slow down", provider="deepseek", model="deepseek-flash")
    with pytest.raises(litellm_py.RateLimitError) as info:
        await mock(mode, mock_response=error)
    assert info.value is error


@pytest.mark.parametrize(
    "error",
    [
        litellm_py.ContextWindowExceededError("too long"),
        litellm_py.APIConnectionError("down"),
        ValueError("not even ours"),
    ],
    ids=lambda e: type(e).__name__,
)
async def test_any_exception_is_raised(mode: str, error: Exception) -> None:
    with pytest.raises(type(error)) as info:
        await mock(mode, mock_response=error)
    assert info.value is error


async def test_exception_class_is_raised(mode: str) -> None:
    with pytest.raises(litellm_py.ServiceUnavailableError):
        await mock(mode, mock_response=litellm_py.ServiceUnavailableError)


TEXT = "Sunny  in Shenzhen,\n24 degrees and a light breeze."


async def test_stream_yields_chunks_that_build_the_text(mode: str) -> None:
    stream = await mock(mode, mock_response=TEXT, stream=True)
    assert isinstance(stream, litellm_py.Stream if mode == "sync" else litellm_py.AsyncStream)
    chunks = await collect(mode, stream)
    assert len(chunks) > 2
    assert all(isinstance(chunk, ChatCompletionChunk) for chunk in chunks)
    assert all(chunk.object == "chat.completion.chunk" for chunk in chunks)
    pieces = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert "".join(pieces) == TEXT
    full = stream_chunk_builder(chunks)
    assert isinstance(full, ChatCompletion)
    assert full.choices[0].message.content == TEXT
    assert full.choices[0].message.role == "assistant"
    assert full.choices[0].finish_reason == "stop"
    assert full.usage is not None
    assert full.usage.total_tokens == full.usage.prompt_tokens + full.usage.completion_tokens
    assert full.usage.completion_tokens > 0
    assert chunks[-1].usage is not None


async def test_stream_final_response(mode: str) -> None:
    stream = await mock(mode, mock_response=TEXT, stream=True)
    if mode == "sync":
        full = stream.get_final_response()
    else:
        full = await stream.get_final_response()
    assert full.choices[0].message.content == TEXT
    assert full.usage.prompt_tokens > 0


async def test_stream_matches_the_non_stream_mock(mode: str) -> None:
    plain = await mock(mode, mock_response=TEXT)
    stream = await mock(mode, mock_response=TEXT, stream=True)
    full = stream_chunk_builder(await collect(mode, stream))
    assert full.choices[0].message.content == plain.choices[0].message.content
    assert full.usage is not None
    assert full.usage.prompt_tokens == plain.usage.prompt_tokens
    assert full.usage.completion_tokens == plain.usage.completion_tokens
