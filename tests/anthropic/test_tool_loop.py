"""A multi-turn tool loop with thinking: signatures and tool results replayed, checked server-side.

The test server signs every thinking block it sends and refuses (400) a replay whose signature
does not match, a `tool_use` without its `tool_result`, or a final assistant turn that does not
start with its thinking block; so a passing loop means the client replayed them correctly.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import litellm_py
from litellm_py.exceptions import BadRequestError
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.anthropic.conftest import call, kwargs

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather for a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    }
]


async def _turn(mode: str, server: DeepSeekTestServer, messages: list[Any], stream: bool) -> Any:
    params = kwargs(server, messages=messages, tools=TOOLS, thinking=True, max_tokens=4096)
    if not stream:
        return (await call(mode, **params)).choices[0].message
    chunks = await call(mode, **params, stream=True)
    return litellm_py.stream_chunk_builder(chunks).choices[0].message


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
async def test_three_turn_tool_loop_replays_thinking_and_results(
    mode: str, server: DeepSeekTestServer, stream: bool
) -> None:
    messages: list[Any] = [
        {"role": "system", "content": "Use tools."},
        {"role": "user", "content": "Weather in Paris?"},
    ]
    for turn in range(2):
        reply = await _turn(mode, server, messages, stream)
        assert reply.tool_calls, f"turn {turn} should call the tool"
        assert reply["thinking_blocks"][0]["signature"]
        messages.append(reply)  # the Message object itself, as a LiteLLM user would
        call_ = reply.tool_calls[0]
        assert json.loads(call_.function.arguments) == {"city": "test"}
        messages.append({"role": "tool", "tool_call_id": call_.id, "content": f"sunny {turn}"})
        final = await _turn(mode, server, messages, stream)
        assert final.content == f"Tool result: sunny {turn}"
        messages.append(final)
        messages.append({"role": "user", "content": "And tomorrow?"})
    sent = server.requests[-1].json  # the last request: it carried a tool result
    assistant = sent["messages"][-2]
    assert assistant["role"] == "assistant"
    assert [b["type"] for b in assistant["content"]] == ["thinking", "tool_use"]
    assert sent["messages"][-1]["content"][0]["type"] == "tool_result"
    assert sent["system"] == "Use tools."
    assert all(r.json is not None for r in server.requests)


def _first_turn(server: DeepSeekTestServer) -> list[Any]:
    messages: list[Any] = [{"role": "user", "content": "Weather?"}]
    reply = (
        litellm_py.completion(**kwargs(server, messages=messages, tools=TOOLS, thinking=True))
        .choices[0]
        .message
    )
    messages.append(reply.model_dump())
    messages.append({"role": "tool", "tool_call_id": reply.tool_calls[0].id, "content": "rain"})
    return messages


def test_server_refuses_a_tampered_signature(server: DeepSeekTestServer) -> None:
    messages = _first_turn(server)
    messages[1]["thinking_blocks"][0]["thinking"] += " (edited)"
    with pytest.raises(BadRequestError, match="Invalid `signature`"):
        litellm_py.completion(**kwargs(server, messages=messages, tools=TOOLS, thinking=True))


def test_server_refuses_a_dropped_thinking_block(server: DeepSeekTestServer) -> None:
    messages = _first_turn(server)
    del messages[1]["thinking_blocks"]
    with pytest.raises(BadRequestError, match="must start with a thinking block"):
        litellm_py.completion(**kwargs(server, messages=messages, tools=TOOLS, thinking=True))


def test_server_refuses_a_missing_tool_result(server: DeepSeekTestServer) -> None:
    messages = _first_turn(server)
    messages[2] = {"role": "user", "content": "never mind"}
    with pytest.raises(BadRequestError, match="without `tool_result`"):
        litellm_py.completion(**kwargs(server, messages=messages, tools=TOOLS, thinking=True))


def test_parallel_tool_results_are_merged_into_one_user_turn(server: DeepSeekTestServer) -> None:
    calls = [{"name": "get_weather", "arguments": '{"city": "A"}'}] * 2
    server.enqueue(Reply(tool_calls=calls))
    first = litellm_py.completion(**kwargs(server, tools=TOOLS)).choices[0].message
    messages: list[Any] = [{"role": "user", "content": "Hi"}, first]
    messages += [{"role": "tool", "tool_call_id": c.id, "content": "ok"} for c in first.tool_calls]
    final = litellm_py.completion(**kwargs(server, messages=messages, tools=TOOLS))
    sent = server.last_request.json["messages"]
    assert len(sent) == 3
    assert [b["type"] for b in sent[2]["content"]] == ["tool_result", "tool_result"]
    assert [b["tool_use_id"] for b in sent[2]["content"]] == [c.id for c in first.tool_calls]
    assert final.choices[0].message.content == "Tool result: ok"
