"""Default (unscripted) chat completions from the loopback DeepSeek server."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import httpx
import pytest

from litellm_py.testing import DeepSeekTestServer

USER = {"role": "user", "content": "Hello there"}
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
            "required": ["city", "days"],
        },
    },
}


def chat(client: httpx.Client, path: str = "/chat/completions", **body: Any) -> Any:
    body.setdefault("model", "deepseek-flash")
    body.setdefault("messages", [USER])
    response = client.post(path, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_thinking_on_by_default_matches_the_live_shape(client: httpx.Client) -> None:
    body = chat(client)
    assert list(body) == [
        "id",
        "object",
        "created",
        "model",
        "choices",
        "usage",
        "system_fingerprint",
    ]
    uuid.UUID(body["id"])
    assert body["object"] == "chat.completion"
    assert body["model"] == "deepseek-flash"
    choice = body["choices"][0]
    assert choice["index"] == 0
    assert choice["logprobs"] is None
    assert choice["finish_reason"] == "stop"
    assert choice["message"] == {
        "role": "assistant",
        "content": "You said: Hello there",
        "reasoning_content": "The user wrote 11 characters; answer briefly.",
    }
    usage = body["usage"]
    assert usage["completion_tokens_details"]["reasoning_tokens"] > 0
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    hit, miss = usage["prompt_cache_hit_tokens"], usage["prompt_cache_miss_tokens"]
    assert hit + miss == usage["prompt_tokens"]
    assert usage["prompt_tokens_details"] == {"cached_tokens": hit}


@pytest.mark.parametrize(
    "switch", [{"thinking": {"type": "disabled"}}, {"reasoning_effort": "none"}]
)
def test_thinking_off(client: httpx.Client, switch: dict[str, Any]) -> None:
    body = chat(client, **switch)
    assert body["choices"][0]["message"] == {
        "role": "assistant",
        "content": "You said: Hello there",
    }
    assert "completion_tokens_details" not in body["usage"]


@pytest.mark.parametrize(
    ("requested", "echoed"),
    [
        ("deepseek-flash", "deepseek-flash"),
        ("deepseek-v4-pro", "deepseek-v4-pro"),
        ("deepseek-v4-flash", "deepseek-flash"),
        ("deepseek-v4-flash-vision-exp", "deepseek-flash"),
    ],
)
def test_model_echo(client: httpx.Client, requested: str, echoed: str) -> None:
    assert chat(client, model=requested)["model"] == echoed


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/beta/chat/completions"])
def test_prefixed_paths(client: httpx.Client, path: str) -> None:
    assert chat(client, path)["choices"][0]["message"]["content"] == "You said: Hello there"


def test_extra_models_are_accepted() -> None:
    with DeepSeekTestServer(extra_models=["my-model"]) as server:
        headers = {"Authorization": "Bearer sk-test"}
        with httpx.Client(base_url=server.url, headers=headers, verify=False) as http:
            assert chat(http, model="my-model")["model"] == "my-model"


def test_list_content_text_parts_are_joined(client: httpx.Client) -> None:
    parts = [{"type": "text", "text": "one"}, {"type": "text", "text": "two"}]
    body = chat(client, messages=[{"role": "user", "content": parts}])
    assert body["choices"][0]["message"]["content"] == "You said: one\ntwo"


def test_json_mode_answers_a_json_object(client: httpx.Client) -> None:
    body = chat(client, response_format={"type": "json_object"})
    assert json.loads(body["choices"][0]["message"]["content"]) == {
        "answer": "You said: Hello there"
    }


def test_tools_answer_with_a_call_to_the_first_function(client: httpx.Client) -> None:
    body = chat(client, tools=[WEATHER_TOOL])
    choice = body["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    message = choice["message"]
    assert message["content"] is None
    assert isinstance(message["reasoning_content"], str)
    (call,) = message["tool_calls"]
    assert re.fullmatch(r"call_00_[A-Za-z0-9]{24}", call["id"])
    assert call["index"] == 0
    assert call["type"] == "function"
    assert call["function"]["name"] == "get_weather"
    assert json.loads(call["function"]["arguments"]) == {"city": "test", "days": 0}


def test_tool_choice_none_answers_with_text(client: httpx.Client) -> None:
    body = chat(client, tools=[WEATHER_TOOL], tool_choice="none")
    assert body["choices"][0]["message"]["content"] == "You said: Hello there"


def test_named_tool_choice_without_thinking(client: httpx.Client) -> None:
    other = {"type": "function", "function": {"name": "other"}}
    body = chat(
        client,
        tools=[WEATHER_TOOL, other],
        tool_choice={"type": "function", "function": {"name": "other"}},
        thinking={"type": "disabled"},
    )
    (call,) = body["choices"][0]["message"]["tool_calls"]
    assert call["function"] == {"name": "other", "arguments": "{}"}


def test_tool_result_is_echoed(client: httpx.Client) -> None:
    first = chat(client, tools=[WEATHER_TOOL])["choices"][0]["message"]
    messages = [
        USER,
        first,
        {"role": "tool", "tool_call_id": first["tool_calls"][0]["id"], "content": "sunny"},
    ]
    body = chat(client, tools=[WEATHER_TOOL], messages=messages)
    assert body["choices"][0]["finish_reason"] == "stop"
    assert body["choices"][0]["message"]["content"] == "Tool result: sunny"


def test_prefix_completion_continues_on_beta(client: httpx.Client) -> None:
    messages = [USER, {"role": "assistant", "content": "```python\n", "prefix": True}]
    body = chat(client, "/beta/chat/completions", messages=messages)
    assert body["choices"][0]["message"]["content"] == "continued"


def test_repeated_prompt_reports_cache_hits_in_64_token_units(
    client: httpx.Client, server: DeepSeekTestServer
) -> None:
    messages = [{"role": "user", "content": "word " * 200}]
    first = chat(client, messages=messages)["usage"]
    second = chat(client, messages=messages)["usage"]
    assert first["prompt_cache_hit_tokens"] == 0
    assert second["prompt_cache_hit_tokens"] == 192
    assert second["prompt_cache_miss_tokens"] == second["prompt_tokens"] - 192
    server.reset()
    assert chat(client, messages=messages)["usage"]["prompt_cache_hit_tokens"] == 0


def test_requests_are_recorded(client: httpx.Client, server: DeepSeekTestServer) -> None:
    response = client.post(
        "/chat/completions?x=1", json={"model": "deepseek-flash", "messages": [USER]}
    )
    recorded = server.last_request
    assert recorded.method == "POST"
    assert recorded.path == "/chat/completions"
    assert recorded.query == "x=1"
    assert recorded.headers["authorization"] == "Bearer sk-test"
    assert recorded.json == {"model": "deepseek-flash", "messages": [USER]}
    assert json.loads(recorded.body) == recorded.json
    assert recorded.request_id == response.headers["x-request-id"]
    assert response.headers["x-ds-trace-id"] == response.headers["x-request-id"]
    assert server.requests == [recorded]


def test_last_request_before_any_request_raises(server: DeepSeekTestServer) -> None:
    assert server.requests == []
    with pytest.raises(LookupError):
        _ = server.last_request
