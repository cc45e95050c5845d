"""Pure translation between the OpenAI shape and the Messages API (no network)."""

from __future__ import annotations

from typing import Any

import pytest

from litellm_py.exceptions import BadRequestError, UnsupportedParamsError
from litellm_py.providers.anthropic.messages import to_messages_api
from litellm_py.providers.anthropic.params import messages_body
from litellm_py.providers.anthropic.response import chat_completion_payload, openai_usage
from litellm_py.providers.anthropic.streaming import EventTranslator
from litellm_py.types import Message

USER = [{"role": "user", "content": "Hi"}]


def body(**params: Any) -> dict[str, Any]:
    return messages_body("anthropic", "claude-haiku-4-5", USER, params)


def test_system_and_developer_messages_are_lifted_with_cache_control() -> None:
    system, turns = to_messages_api(
        [
            {"role": "system", "content": "A", "cache_control": {"type": "ephemeral"}},
            {"role": "developer", "content": [{"type": "text", "text": "B"}]},
            {"role": "user", "content": "Hi"},
        ],
        "anthropic",
    )
    assert system == [
        {"type": "text", "text": "A", "cache_control": {"type": "ephemeral"}},
        {"type": "text", "text": "B"},
    ]
    assert turns == [{"role": "user", "content": "Hi"}]


def test_images_become_image_blocks() -> None:
    content = [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
        {"type": "image_url", "image_url": "https://example.com/cat.jpg"},
        {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "x"}},
    ]
    _, turns = to_messages_api([{"role": "user", "content": content}], "anthropic")
    blocks = turns[0]["content"]
    assert blocks[1] == {
        "type": "image",
        "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="},
    }
    assert blocks[2] == {
        "type": "image",
        "source": {"type": "url", "url": "https://example.com/cat.jpg"},
    }
    assert blocks[3] == content[3]


def test_assistant_replay_orders_thinking_then_text_then_tool_use() -> None:
    assistant = Message(
        {
            "role": "assistant",
            "content": "Let me look.",
            "reasoning_content": "think",
            "thinking_blocks": [
                {"type": "thinking", "thinking": "think", "signature": "sig"},
                {"type": "redacted_thinking", "data": "opaque"},
            ],
            "tool_calls": [
                {"id": "t1", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}
            ],
        }
    )
    tool = {"role": "tool", "tool_call_id": "t1", "content": [{"type": "text", "text": "42"}]}
    _, turns = to_messages_api([*USER, assistant, tool, {"role": "user", "content": "go"}], "a")
    assert [b["type"] for b in turns[1]["content"]] == [
        "thinking", "redacted_thinking", "text", "tool_use",
    ]  # fmt: skip
    assert turns[1]["content"][0]["signature"] == "sig"
    assert turns[1]["content"][3] == {
        "type": "tool_use",
        "id": "t1",
        "name": "f",
        "input": {"a": 1},
    }
    assert turns[2] == {
        "role": "user",
        "content": [
            {
                "type": "tool_result",
                "tool_use_id": "t1",
                "content": [{"type": "text", "text": "42"}],
            },
            {"type": "text", "text": "go"},
        ],
    }


@pytest.mark.parametrize(
    ("messages", "match"),
    [
        ([], "non-empty"),
        ([{"role": "system", "content": "x"}], "only system"),
        ([{"role": "robot", "content": "x"}], r"messages\[0\]"),
        ([{"role": "tool", "content": "x"}], "tool_call_id"),
        ([{"role": "user", "content": [{"text": "no type"}]}], "'type'"),
        ([{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}], "url"),
        (
            [
                {
                    "role": "user",
                    "content": [{"type": "image_url", "image_url": "data:image/png,abc"}],
                }
            ],
            "base64",
        ),
        (
            [
                {
                    "role": "assistant",
                    "tool_calls": [{"id": "t", "function": {"name": "f", "arguments": "{oops"}}],
                }
            ],
            "not JSON",
        ),
    ],
)
def test_bad_messages_are_named(messages: list[Any], match: str) -> None:
    with pytest.raises(BadRequestError, match=match):
        to_messages_api(messages, "anthropic")


def test_tool_definitions_and_choices_map() -> None:
    tools = [
        {
            "type": "function",
            "function": {"name": "f", "description": "d", "parameters": {"type": "object"}},
        },
        {"type": "function", "function": {"name": "g"}, "cache_control": {"type": "ephemeral"}},
        {"type": "web_search_20250305", "name": "web_search", "max_uses": 2},
    ]
    sent = body(tools=tools, tool_choice={"type": "function", "function": {"name": "f"}})
    assert sent["tools"] == [
        {"name": "f", "description": "d", "input_schema": {"type": "object"}},
        {
            "name": "g",
            "input_schema": {"type": "object", "properties": {}},
            "cache_control": {"type": "ephemeral"},
        },
        tools[2],
    ]
    assert sent["tool_choice"] == {"type": "tool", "name": "f"}
    assert body(tool_choice="required")["tool_choice"] == {"type": "any"}
    assert body(tool_choice="none", parallel_tool_calls=False)["tool_choice"] == {"type": "none"}
    assert body(parallel_tool_calls=False)["tool_choice"] == {
        "type": "auto",
        "disable_parallel_tool_use": True,
    }
    with pytest.raises(UnsupportedParamsError, match="tool_choice"):
        body(tool_choice="sometimes")


def test_options_map() -> None:
    sent = body(stop=["a", "b"], user="u1", reasoning_effort="high", top_k=3, temperature=0.2)
    assert sent["stop_sequences"] == ["a", "b"]
    assert sent["metadata"] == {"user_id": "u1"}
    assert sent["output_config"] == {"effort": "high"}
    assert sent["top_k"] == 3
    assert body(thinking=False)["thinking"] == {"type": "disabled"}
    assert body(thinking={"type": "adaptive"})["thinking"] == {"type": "adaptive"}
    assert body(thinking=True, max_tokens=10000)["thinking"] == {
        "type": "enabled",
        "budget_tokens": 5000,
    }


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"thinking": True, "max_tokens": 1024}, "thinking"),
        ({"thinking": "yes"}, "thinking"),
        ({"n": 2}, "n"),
        ({"stream_options": {"include_usage": True}}, "stream_options"),
        ({"stop": 5}, "stop"),
        ({"max_tokens": 0}, "max_tokens"),
        ({"max_tokens": 10, "max_completion_tokens": 20}, "max_tokens"),
        ({"tools": "f"}, "tools"),
        ({"tools": [{"type": "function", "function": {}}]}, "tools"),
    ],
)
def test_refused_options_name_the_parameter(params: dict[str, Any], param: str) -> None:
    with pytest.raises(UnsupportedParamsError) as info:
        body(**params)
    assert info.value.param == param


def test_defaults_and_extra_body_merge() -> None:
    sent = messages_body(
        "anthropic", "claude-haiku-4-5", USER, {"temperature": 1.0},
        defaults={"temperature": 0.1, "top_p": 0.9}, extra_body={"service_tier": "auto"},
    )  # fmt: skip
    assert (sent["temperature"], sent["top_p"], sent["service_tier"]) == (1.0, 0.9, "auto")


@pytest.mark.parametrize(
    ("stop_reason", "finish"),
    [
        ("end_turn", "stop"),
        ("stop_sequence", "stop"),
        ("max_tokens", "length"),
        ("tool_use", "tool_calls"),
        ("refusal", "content_filter"),
        ("something_new", "something_new"),
    ],
)
def test_stop_reasons_map(stop_reason: str, finish: str) -> None:
    payload = chat_completion_payload({"id": "m", "content": [], "stop_reason": stop_reason})
    assert payload["choices"][0]["finish_reason"] == finish


def test_usage_counts_cache_reads_and_writes_as_prompt() -> None:
    usage = openai_usage(
        {
            "input_tokens": 10,
            "cache_read_input_tokens": 100,
            "cache_creation_input_tokens": 50,
            "cache_creation": {"ephemeral_5m_input_tokens": 20, "ephemeral_1h_input_tokens": 30},
            "output_tokens": 7,
        }
    )
    assert usage["prompt_tokens"] == 160
    assert usage["total_tokens"] == 167
    assert usage["prompt_tokens_details"] == {"cached_tokens": 100, "cache_creation_tokens": 50}
    assert usage["cache_creation"]["ephemeral_1h_input_tokens"] == 30


def test_unknown_content_blocks_are_kept() -> None:
    search = {"type": "web_search_tool_result", "tool_use_id": "s1", "content": []}
    payload = chat_completion_payload({"content": [{"type": "text", "text": "x"}, search]})
    message = payload["choices"][0]["message"]
    assert message["provider_content_blocks"] == [search]
    assert "usage" not in payload


def test_event_translator_handles_every_event_kind() -> None:
    translate = EventTranslator()
    start = {
        "type": "message_start",
        "message": {"id": "m1", "model": "c", "usage": {"input_tokens": 5}},
    }
    out = translate("message_start", start)
    assert out is not None
    assert out[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert translate("ping", {"type": "ping"}) == []
    redacted = {"type": "redacted_thinking", "data": "opaque"}
    translate(None, {"type": "content_block_start", "index": 0, "content_block": redacted})
    stop = translate(None, {"type": "content_block_stop", "index": 0})
    assert stop is not None
    assert stop[0]["choices"][0]["delta"] == {"thinking_blocks": [redacted]}
    text_start = {
        "type": "content_block_start",
        "index": 1,
        "content_block": {"type": "text", "text": "Hi"},
    }
    first = translate(None, text_start)
    assert first is not None
    assert first[0]["choices"][0]["delta"] == {"content": "Hi"}
    citation = {"type": "citations_delta", "citation": {"cited_text": "x"}}
    assert translate(None, {"type": "content_block_delta", "index": 1, "delta": citation}) == []
    assert translate(None, {"type": "some_future_event"}) == []
    end = translate(
        None,
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn"},
            "usage": {"output_tokens": 3},
        },
    )
    assert end is not None
    assert end[0]["choices"][0]["finish_reason"] == "stop"
    assert end[0]["usage"]["prompt_tokens"] == 5
    assert end[0]["usage"]["completion_tokens"] == 3
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    assert translate("error", error) == [error]
    assert translate(None, {"type": "message_stop"}) is None
