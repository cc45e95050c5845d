"""Differential: openai-python's own types accept litellm_py's `model_dump()` unchanged.

Samples: OpenAI's documented chat responses (tests/fixtures/openai_*.json, `created` and usage
set for pricing), DeepSeek's OpenAI-format samples, and chunks streamed by the test server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openai.types.chat import ChatCompletion as OpenAIChatCompletion
from openai.types.chat import ChatCompletionChunk as OpenAIChatCompletionChunk

import litellm_py
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import TEST_KEY, fixture_json

MESSAGES = [{"role": "user", "content": "What is the weather?"}]
SAMPLES = [
    "openai_chat_gpt41.json",
    "openai_chat_tool_call.json",
    "chat_official_2026_10.json",
    "chat_tool_call_thinking.json",
]


@pytest.fixture(scope="module")
def server() -> Iterator[DeepSeekTestServer]:
    with DeepSeekTestServer(api_key=TEST_KEY, extra_models=["gpt-4.1-mini"]) as running:
        yield running


def same_under_openai(dumped: dict[str, Any], openai_type: Any) -> None:
    parsed = openai_type.model_validate(dumped)
    assert parsed.model_dump(exclude_unset=True) == dumped


@pytest.mark.parametrize("sample", SAMPLES)
def test_openai_types_validate_the_dump_unchanged(server: DeepSeekTestServer, sample: str) -> None:
    payload = fixture_json(sample)
    server.enqueue(Reply(json=payload))
    resp = litellm_py.completion(
        "openai/gpt-4.1-mini", MESSAGES, api_base=server.url + "/v1", api_key=TEST_KEY
    )
    assert resp.model_dump() == payload
    same_under_openai(resp.model_dump(), OpenAIChatCompletion)


@pytest.mark.parametrize("placement", ["finish", "trailing"])
def test_streamed_chunks_and_assembly_validate(server: DeepSeekTestServer, placement: str) -> None:
    server.enqueue(
        Reply(
            content="It is sunny.",
            reasoning="",
            tool_calls=[{"name": "get_weather", "arguments": '{"city": "Paris"}'}],
            usage_placement="trailing" if placement == "trailing" else "finish",
        )
    )
    stream = litellm_py.completion(
        "openai/gpt-4.1-mini",
        MESSAGES,
        api_base=server.url + "/v1",
        api_key=TEST_KEY,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert len(chunks) > 2
    for chunk in chunks:
        same_under_openai(chunk.model_dump(), OpenAIChatCompletionChunk)
    full = litellm_py.stream_chunk_builder(chunks)
    dumped = full.model_dump()
    assert dumped["usage"]["total_tokens"] > 0
    assert dumped["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "get_weather"
    same_under_openai(full.model_dump(), OpenAIChatCompletion)
