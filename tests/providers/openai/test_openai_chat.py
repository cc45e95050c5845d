"""openai/ Chat Completions against the OpenAI dialect of the bundled server.

Sync and async (both async backends) by stream and non-stream: `n` choices, logprobs,
`max_completion_tokens`, `seed`, `service_tier`, `reasoning_effort`, `response_format`
json_schema, `parallel_tool_calls`, `stream_options.include_usage`; every parameter reaches the
server exactly; openai-python's types accept the dumps unchanged.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from openai.types.chat import ChatCompletion as OpenAIChatCompletion
from openai.types.chat import ChatCompletionChunk as OpenAIChatCompletionChunk
from pydantic import BaseModel

import litellm_py
from litellm_py.testing import OpenAITestServer
from tests.support import TEST_KEY, call_entry, collect, server_auth

MODEL = "openai/gpt-4.1-mini"
MESSAGES = [{"role": "user", "content": "Hello there"}]
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": name,
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    }
    for name in ("get_weather", "get_time")
]


async def chat(
    mode: str, server: OpenAITestServer, model: str = MODEL, stream: bool = False, **kw: Any
) -> Any:
    """The response, or for a stream (chunks, the assembled response)."""
    kw = {**server_auth(server), "num_retries": 0, **kw}
    resp = await call_entry(mode, "completion", model, MESSAGES, stream=stream, **kw)
    if not stream:
        return resp
    chunks = await collect(mode, resp)
    return chunks, litellm_py.stream_chunk_builder(chunks)


def same_under_openai(dumped: dict[str, Any], openai_type: Any) -> None:
    assert openai_type.model_validate(dumped).model_dump(exclude_unset=True) == dumped


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
async def test_round_trip_is_priced_and_typed(
    mode: str, openai_server: OpenAITestServer, stream: bool
) -> None:
    options: dict[str, Any] = {"stream_options": {"include_usage": True}} if stream else {}
    resp = await chat(mode, openai_server, stream=stream, **options)
    if stream:
        chunks, resp = resp
        for chunk in chunks:
            same_under_openai(chunk.model_dump(), OpenAIChatCompletionChunk)
    assert resp.choices[0].message.content == "You said: Hello there"
    assert resp.model == "gpt-4.1-mini-2025-04-14"
    assert resp.system_fingerprint.startswith("fp_")
    assert resp.usage.total_tokens == resp.usage.prompt_tokens + resp.usage.completion_tokens
    assert resp.cost is not None
    assert resp.cost > 0
    same_under_openai(resp.model_dump(), OpenAIChatCompletion)
    request = openai_server.last_request
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {TEST_KEY}"


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
async def test_n_choices_are_all_kept(
    mode: str, openai_server: OpenAITestServer, stream: bool
) -> None:
    result = await chat(mode, openai_server, stream=stream, n=3)
    resp = result[1] if stream else result
    assert [c.index for c in resp.choices] == [0, 1, 2]
    contents = [c.message.content for c in resp.choices]
    assert contents[0] == "You said: Hello there"
    assert contents[1:] == ["You said: Hello there (choice 2)", "You said: Hello there (choice 3)"]
    assert all(c.finish_reason == "stop" for c in resp.choices)
    same_under_openai(resp.model_dump(), OpenAIChatCompletion)
    if stream:  # each chunk carries one choice, told apart by its index, interleaved
        indexes = [chunk.choices[0].index for chunk in result[0]]
        assert indexes[:3] == [0, 1, 2]
        assert sorted(set(indexes)) == [0, 1, 2]
    assert openai_server.last_request.json["n"] == 3


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
async def test_logprobs_cover_the_content(
    mode: str, openai_server: OpenAITestServer, stream: bool
) -> None:
    result = await chat(mode, openai_server, stream=stream, logprobs=True, top_logprobs=3, seed=5)
    resp = result[1] if stream else result
    entries = resp.choices[0].logprobs["content"]
    assert "".join(e["token"] for e in entries) == resp.choices[0].message.content
    for entry in entries:
        assert entry["logprob"] <= 0
        assert entry["bytes"] == list(entry["token"].encode())
        assert len(entry["top_logprobs"]) == 3
        assert entry["top_logprobs"][0]["logprob"] == entry["logprob"]
    same_under_openai(resp.model_dump(), OpenAIChatCompletion)
    again = await chat(mode, openai_server, logprobs=True, top_logprobs=3, seed=5)
    assert again.choices[0].logprobs["content"] == entries  # same seed, same values
    assert again.system_fingerprint == resp.system_fingerprint


async def test_every_parameter_reaches_the_server_exactly(
    mode: str, openai_server: OpenAITestServer
) -> None:
    schema = {
        "type": "json_schema",
        "json_schema": {
            "name": "reply",
            "strict": True,
            "schema": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
                "additionalProperties": False,
            },
        },
    }
    params: dict[str, Any] = {
        "n": 2,
        "seed": 11,
        "logprobs": True,
        "top_logprobs": 2,
        "max_completion_tokens": 200,
        "service_tier": "flex",
        "response_format": schema,
        "temperature": 0.5,
        "top_p": 0.9,
        "stop": ["\n\n"],
        "presence_penalty": 0.1,
        "frequency_penalty": 0.2,
        "user": "u-1",
    }
    resp = await chat(mode, openai_server, **params)
    sent = openai_server.last_request.json
    assert sent == {"model": "gpt-4.1-mini", "messages": MESSAGES, **params}
    assert resp.service_tier == "flex"
    assert [json.loads(c.message.content) for c in resp.choices] == [{"city": "test"}] * 2
    reasoning: dict[str, Any] = {"reasoning_effort": "high", "max_completion_tokens": 500}
    resp = await chat(mode, openai_server, "openai/o4-mini", **reasoning, tools=TOOLS,
                      parallel_tool_calls=False)  # fmt: skip
    sent = openai_server.last_request.json
    assert sent == {
        "model": "o4-mini",
        "messages": MESSAGES,
        "tools": TOOLS,
        "parallel_tool_calls": False,
        **reasoning,
    }
    assert resp.usage.completion_tokens_details["reasoning_tokens"] == 128


async def test_max_tokens_is_sent_as_max_completion_tokens_and_cuts(
    mode: str, openai_server: OpenAITestServer
) -> None:
    resp = await chat(mode, openai_server, "openai/o3", max_tokens=34, reasoning_effort="medium")
    assert openai_server.last_request.json["max_completion_tokens"] == 34
    assert "max_tokens" not in openai_server.last_request.json
    assert resp.choices[0].finish_reason == "length"
    assert resp.choices[0].message.content == "You said"  # 32 reasoning + 2 visible tokens
    assert resp.usage.completion_tokens == 34


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
async def test_parallel_tool_calls(
    mode: str, openai_server: OpenAITestServer, stream: bool
) -> None:
    result = await chat(mode, openai_server, stream=stream, tools=TOOLS)
    resp = result[1] if stream else result
    calls = resp.choices[0].message.tool_calls
    assert [c.function.name for c in calls] == ["get_weather", "get_time"]
    assert all(json.loads(c.function.arguments) == {"city": "test"} for c in calls)
    assert resp.choices[0].finish_reason == "tool_calls"
    result = await chat(mode, openai_server, stream=stream, tools=TOOLS, parallel_tool_calls=False)
    resp = result[1] if stream else result
    assert [c.function.name for c in resp.choices[0].message.tool_calls] == ["get_weather"]


async def test_usage_chunk_only_when_asked(mode: str, openai_server: OpenAITestServer) -> None:
    chunks, resp = await chat(mode, openai_server, stream=True)
    assert all(chunk.usage is None for chunk in chunks)
    assert resp.usage is None
    options: dict[str, Any] = {"stream_options": {"include_usage": True}}
    chunks, resp = await chat(mode, openai_server, stream=True, **options)
    sent = openai_server.last_request.json
    assert (sent["stream"], sent["stream_options"]) == (True, {"include_usage": True})
    assert chunks[-1].choices == []
    assert chunks[-1].usage.total_tokens > 0
    assert all(chunk.usage is None for chunk in chunks[:-1])
    assert resp.usage.total_tokens == chunks[-1].usage.total_tokens


class City(BaseModel):
    """A city."""

    name: str
    population: int


async def test_pydantic_response_format_uses_json_schema(
    mode: str, openai_server: OpenAITestServer
) -> None:
    resp = await chat(mode, openai_server, response_format=City)
    assert resp.choices[0].message.parsed == City(name="test", population=0)
    sent = openai_server.last_request.json["response_format"]
    assert sent["type"] == "json_schema"
    assert sent["json_schema"]["name"] == "City"


async def test_cached_prompt_tokens_lower_the_cost(
    mode: str, openai_server: OpenAITestServer
) -> None:
    long = [{"role": "user", "content": "word " * 1200}]  # 1500 tokens: over the 1024 minimum
    kw = {**server_auth(openai_server), "num_retries": 0}
    first = await call_entry(mode, "completion", MODEL, long, **kw)
    second = await call_entry(mode, "completion", MODEL, long, **kw)
    assert first.usage.prompt_tokens_details["cached_tokens"] == 0
    assert second.usage.prompt_tokens_details["cached_tokens"] == 1408  # 11 x 128
    assert second.cost < first.cost
