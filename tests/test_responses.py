"""The Responses API (`responses` / `aresponses`) against the bundled test server."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

import litellm_py
from litellm_py._responses import Response, ResponseEvent
from litellm_py.exceptions import (
    APITimeoutError,
    AuthenticationError,
    RateLimitError,
    StreamInterruptedError,
    StructuredOutputError,
    UnsupportedEndpointError,
    UnsupportedParamsError,
)
from litellm_py.providers.deepseek.provider import DeepSeekProvider
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import call_entry, collect, server_auth

MODEL = "deepseek/deepseek-flash"


@pytest.fixture
def mode(net_mode: str) -> str:
    """Every test here runs sync, async over httpx and async over aiohttp."""
    return net_mode


class Answer(BaseModel):
    """A short answer."""

    text: str
    confidence: float


async def ask(mode: str, server: DeepSeekTestServer, input: Any = "Hi", **kw: Any) -> Any:
    return await call_entry(mode, "responses", MODEL, input, **server_auth(server), **kw)


async def test_response_object(mode: str, server: DeepSeekTestServer) -> None:
    resp = await ask(mode, server, "Hello there")
    assert isinstance(resp, Response)
    assert resp.object == "response"
    assert resp.status == "completed"
    assert resp.output_text == "You said: Hello there"
    assert resp.reasoning_text.startswith("The user wrote")
    assert [item.type for item in resp.output] == ["reasoning", "message"]
    usage = resp.usage
    assert usage is not None
    assert usage.output_tokens_details["reasoning_tokens"] > 0
    assert usage.total_tokens == usage.input_tokens + usage.output_tokens
    assert resp.cost is not None
    assert resp.cost > 0
    assert server.last_request.path == "/responses"


async def test_lossless_unknown_fields(mode: str, server: DeepSeekTestServer) -> None:
    payload = {
        "id": "resp_1",
        "object": "response",
        "created_at": 1790000000,
        "status": "completed",
        "model": "deepseek-flash",
        "future_field": {"x": [1, 2]},
        "output": [
            {
                "type": "message",
                "role": "assistant",
                "id": "m",
                "content": [
                    {"type": "output_text", "text": "a", "annotations": [], "new": 1},
                    {"type": "output_text", "text": "b"},
                ],
            }
        ],
        "usage": {"input_tokens": 3, "output_tokens": 2, "total_tokens": 5},
    }
    server.enqueue(Reply(json=payload))
    resp = await ask(mode, server)
    assert resp.model_dump() == payload
    assert resp["future_field"] == {"x": [1, 2]}
    assert resp.output_text == "ab"


async def test_request_body_carries_the_parameters(mode: str, server: DeepSeekTestServer) -> None:
    flat = {"type": "function", "name": "lookup", "parameters": {"type": "object"}}
    chat_style = {
        "type": "function",
        "function": {"name": "other", "parameters": {"type": "object"}},
    }
    await ask(
        mode,
        server,
        "Q",
        instructions="Be brief.",
        reasoning_effort="low",
        max_output_tokens=300,
        tools=[flat, chat_style, Answer],
        tool_choice="none",
        text={"format": {"type": "json_schema", "name": "a", "schema": {"type": "object"}}},
        user="u-1",
        extra_body={"top_logprobs": 2},
    )
    body = server.last_request.json
    assert body["instructions"] == "Be brief."
    assert body["reasoning"] == {"effort": "low"}
    assert body["max_output_tokens"] == 300
    assert [t["name"] for t in body["tools"]] == ["lookup", "other", "Answer"]
    assert body["tools"][2]["parameters"]["required"] == ["text", "confidence"]
    assert body["text"]["format"]["name"] == "a"
    assert body["user"] == "u-1"
    assert body["top_logprobs"] == 2
    assert "stream" not in body


async def test_tool_loop_with_function_call_output(mode: str, server: DeepSeekTestServer) -> None:
    tool = {
        "type": "function",
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    }
    first = await ask(mode, server, "Weather in Paris?", tools=[tool])
    (call,) = first.function_calls
    assert call.name == "get_weather"
    assert call.arguments == '{"city": "test"}'
    follow_up = [
        {"type": "message", "role": "user", "content": "Weather in Paris?"},
        call.model_dump(),
        {"type": "function_call_output", "call_id": call.call_id, "output": "sunny"},
    ]
    second = await ask(mode, server, follow_up, tools=[tool])
    assert second.output_text == "Tool result: sunny"
    assert server.last_request.json["input"][1]["call_id"] == call.call_id


async def test_stream_of_semantic_events(mode: str, server: DeepSeekTestServer) -> None:
    stream = await ask(mode, server, "Stream me", stream=True)
    events = await collect(mode, stream)
    assert all(isinstance(e, ResponseEvent) for e in events)
    types = [e.type for e in events]
    assert types[0] == "response.created"
    assert types[-1] == "response.completed"
    assert "response.reasoning_text.delta" in types
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == "You said: Stream me"
    assert events[-1].response.usage.output_tokens > 0
    assert server.last_request.json["stream"] is True
    final = stream.get_final_response() if mode == "sync" else await stream.get_final_response()
    assert final.output_text == text


async def test_stream_function_call_argument_deltas(mode: str, server: DeepSeekTestServer) -> None:
    args = '{"city": "Paris", "unit": "celsius"}'
    server.enqueue(Reply(tool_calls=[{"name": "get_weather", "arguments": args}], chunk_size=5))
    stream = await ask(mode, server, "Weather?", stream=True)
    events = await collect(mode, stream)
    deltas = [e.delta for e in events if e.type == "response.function_call_arguments.delta"]
    assert len(deltas) > 1
    assert "".join(deltas) == args
    assert events[-1].response.function_calls[0].arguments == args


async def test_stream_cut_before_the_end_keeps_the_partial(
    mode: str, server: DeepSeekTestServer
) -> None:
    server.enqueue(Reply(content="abcdefghijklmnop", chunk_size=4, disconnect_after_chunks=5))
    stream = await ask(mode, server, stream=True, num_retries=0, reasoning_effort="none")
    with pytest.raises(StreamInterruptedError) as caught:
        await collect(mode, stream)
    partial = caught.value.partial_response
    assert isinstance(partial, Response)
    assert partial.status == "in_progress"
    assert partial.output_text == "abcdefgh"


async def test_in_band_error_event_is_typed(mode: str, server: DeepSeekTestServer) -> None:
    error = {"code": "rate_limit_exceeded", "message": "slow down"}
    server.enqueue(Reply(stream_error=error, stream_error_after=3))
    stream = await ask(mode, server, stream=True)
    with pytest.raises(RateLimitError, match="slow down"):
        await collect(mode, stream)


async def test_retries_and_errors_are_the_chat_ones(
    mode: str, server: DeepSeekTestServer, sleeps: list[float]
) -> None:
    server.enqueue(Reply(status=429, headers={"retry-after": "0"}))
    resp = await ask(mode, server)
    assert resp.status == "completed"
    assert len(server.requests) == 2
    with pytest.raises(AuthenticationError):
        await call_entry(mode, "responses", MODEL, "Hi", api_base=server.url, api_key="sk-wrong")


async def test_deadline(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(delay=3.0))
    with pytest.raises(APITimeoutError):
        await ask(mode, server, timeout=0.3, num_retries=0)


async def test_text_format_gives_output_parsed(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(content='{"text": "yes", "confidence": 0.9}'))
    resp = await ask(mode, server, text_format=Answer)
    assert resp.output_parsed == Answer(text="yes", confidence=0.9)
    fmt = server.last_request.json["text"]["format"]
    assert fmt["type"] == "json_schema"
    assert fmt["name"] == "Answer"
    server.enqueue(Reply(content='{"text": "yes"}'))
    with pytest.raises(StructuredOutputError):
        await ask(mode, server, text_format=Answer)


async def test_default_json_schema_answer_fits_the_schema(
    mode: str, server: DeepSeekTestServer
) -> None:
    resp = await ask(mode, server, text_format=Answer)
    assert isinstance(resp.output_parsed, Answer)


@pytest.mark.parametrize(
    ("input_", "params", "param"),
    [
        (42, {}, "input"),
        (["just text"], {}, "input"),
        ("Hi", {"bogus": 1}, "bogus"),
        (
            "Hi",
            {"text": {"format": {"type": "json_schema", "name": "x", "schema": {"type": "array"}}}},
            "text",
        ),
        ("Hi", {"text_format": int}, "text_format"),
    ],
)
async def test_refusals(
    mode: str, server: DeepSeekTestServer, input_: Any, params: dict[str, Any], param: str
) -> None:
    with pytest.raises(UnsupportedParamsError) as caught:
        await ask(mode, server, input_, **params)
    assert caught.value.param == param
    assert server.requests == []


async def test_provider_without_the_endpoint_is_refused(
    mode: str, server: DeepSeekTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DeepSeekProvider, "extra_endpoints", frozenset())
    with pytest.raises(UnsupportedEndpointError, match="no responses endpoint"):
        await ask(mode, server)
    assert server.requests == []


def test_exported() -> None:
    assert litellm_py.Response is Response
    assert litellm_py.ResponseEvent is ResponseEvent
