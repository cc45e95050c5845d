"""Lossless parsing of non-streaming chat responses: every field, attribute and key access alike."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
import respx

from litellm_py.types import ChatCompletion, Choice, Message, Record, Usage
from tests.support import FIXTURES, call_completion, fixture_json

SAMPLES = sorted(p.name for p in Path(FIXTURES).glob("chat_*.json"))
MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Hi"}]


def test_every_chat_sample_is_covered() -> None:
    assert SAMPLES == [
        "chat_historic_coder_2024.json",
        "chat_official_2026_08.json",
        "chat_official_2026_10.json",
        "chat_thinking_v4_flash.json",
        "chat_tool_call_thinking.json",
    ]


async def fetch(mode: str, router: respx.MockRouter, content: bytes) -> Any:
    router.post("/chat/completions").respond(
        200, content=content, headers={"content-type": "application/json"}
    )
    return await call_completion(mode, model=MODEL, messages=MESSAGES)


def assert_same_access(obj: Any, data: Any, path: str = "resp") -> None:
    """Attribute access and key access give the same values as the wire JSON, at every depth."""
    if isinstance(data, dict) and isinstance(obj, dict):  # an undeclared object stays a dict
        assert obj == data, path
    elif isinstance(data, dict):
        assert isinstance(obj, Record), path
        assert list(obj.keys()) == list(data)
        assert obj.model_dump() == data, path
        for key, value in data.items():
            by_attr = getattr(obj, key)
            by_key = obj[key]
            assert key in obj
            assert obj.get(key) is by_key or obj.get(key) == by_key
            assert_same_access(by_attr, value, f"{path}.{key}")
            assert_same_access(by_key, value, f"{path}[{key!r}]")
    elif isinstance(data, list):
        assert isinstance(obj, list), path
        assert len(obj) == len(data), path
        for i, (item, value) in enumerate(zip(obj, data, strict=True)):
            assert_same_access(item, value, f"{path}[{i}]")
    else:
        assert obj == data, path
        assert type(obj) is type(data), path


@pytest.mark.parametrize("name", SAMPLES)
async def test_sample_parses_losslessly(
    mode: str, deepseek_api: respx.MockRouter, name: str
) -> None:
    sample = fixture_json(name)
    resp = await fetch(mode, deepseek_api, (FIXTURES / name).read_bytes())
    assert isinstance(resp, ChatCompletion)
    assert resp.model_dump() == sample
    assert json.loads(resp.model_dump_json()) == sample
    assert resp == sample
    assert_same_access(resp, sample)


@pytest.mark.parametrize("name", SAMPLES)
def test_documented_fields_read_the_wire_values(name: str) -> None:
    sample = fixture_json(name)
    resp = ChatCompletion(fixture_json(name))
    choice, wire_choice = resp.choices[0], sample["choices"][0]
    assert isinstance(choice, Choice)
    assert isinstance(choice.message, Message)
    assert isinstance(resp.usage, Usage)
    assert choice.message.content == wire_choice["message"]["content"]
    assert choice.message.role == "assistant"
    assert choice.message.reasoning_content == wire_choice["message"].get("reasoning_content")
    assert choice.finish_reason == wire_choice["finish_reason"]
    assert choice.index == 0
    assert choice.logprobs is None
    for field in ("id", "created", "model", "object"):
        assert getattr(resp, field) == sample[field]
    assert resp.system_fingerprint == sample.get("system_fingerprint")
    usage = sample["usage"]
    assert resp.usage.prompt_tokens == usage["prompt_tokens"]
    assert resp.usage.completion_tokens == usage["completion_tokens"]
    assert resp.usage.total_tokens == usage["total_tokens"]
    assert resp.usage.prompt_cache_hit_tokens == usage.get("prompt_cache_hit_tokens")
    assert resp.usage.prompt_cache_miss_tokens == usage.get("prompt_cache_miss_tokens")
    details = usage.get("completion_tokens_details")
    if details is None:
        assert resp.usage.completion_tokens_details is None
    else:
        parsed = resp.usage.completion_tokens_details
        assert parsed is not None
        assert parsed.reasoning_tokens == details["reasoning_tokens"]


def test_tool_calls_parse() -> None:
    resp: Any = ChatCompletion(fixture_json("chat_tool_call_thinking.json"))
    call = resp.choices[0].message.tool_calls[0]
    assert call.index == 0
    assert call.id == "call_00_j9DA1goVLsSrqpyuwMfR0413"
    assert call.type == "function"
    assert call.function.name == "get_current_weather"
    assert json.loads(call.function.arguments) == {"location": "深圳", "unit": "celsius"}
    assert resp["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == (
        "get_current_weather"
    )
    assert resp.usage.completion_tokens_details.reasoning_tokens == 26


def with_extras(sample: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(sample)
    data["x_future_field"] = {"nested": [1, 2, {"deep": True}]}
    data["choices"][0]["x_choice_field"] = ["a", None]
    data["choices"][0]["message"]["x_message_field"] = "kept"
    data["usage"]["x_usage_tokens"] = 5
    data["usage"]["prompt_tokens_details"] = {"cached_tokens": 0, "audio_tokens": 3}
    return data


@pytest.mark.parametrize("name", SAMPLES)
async def test_unknown_fields_survive(mode: str, deepseek_api: respx.MockRouter, name: str) -> None:
    data = with_extras(fixture_json(name))
    resp = await fetch(mode, deepseek_api, json.dumps(data, ensure_ascii=False).encode())
    assert resp.model_dump() == data
    assert_same_access(resp, data)
    assert resp.x_future_field == {"nested": [1, 2, {"deep": True}]}
    assert resp["x_future_field"]["nested"][2]["deep"] is True
    assert resp.choices[0].x_choice_field == ["a", None]
    assert resp.choices[0].message.x_message_field == "kept"
    assert resp["choices"][0]["message"]["x_message_field"] == "kept"
    assert resp.usage.x_usage_tokens == 5
    assert resp.usage.prompt_tokens_details.audio_tokens == 3


async def test_keep_alive_blank_lines_before_the_body(
    mode: str, deepseek_api: respx.MockRouter
) -> None:
    raw = (FIXTURES / "chat_thinking_v4_flash.json").read_bytes()
    resp = await fetch(mode, deepseek_api, b"\n\n\n" + raw)
    assert resp.model_dump() == fixture_json("chat_thinking_v4_flash.json")
    assert resp.choices[0].message.reasoning_content


def test_missing_fields() -> None:
    resp = ChatCompletion(fixture_json("chat_official_2026_08.json"))
    assert resp.system_fingerprint is None  # declared, not sent
    assert resp.choices[0].logprobs is None
    assert resp.choices[0].message.reasoning_content is None
    assert resp.choices[0].message.tool_calls is None
    assert "system_fingerprint" not in resp
    assert "system_fingerprint" not in resp.model_dump()
    assert resp.get("system_fingerprint", "absent") == "absent"
    with pytest.raises(AttributeError):
        _ = resp.not_a_field  # type: ignore[attr-defined]
    with pytest.raises(KeyError):
        _ = resp["system_fingerprint"]


@pytest.mark.parametrize(
    ("usage", "expected"),
    [
        ({"prompt_cache_hit_tokens": 7, "prompt_cache_miss_tokens": 9}, 7),
        ({"prompt_tokens_details": {"cached_tokens": 5}}, 5),
        ({"prompt_cache_hit_tokens": 7, "prompt_tokens_details": {"cached_tokens": 7}}, 7),
        ({"prompt_cache_hit_tokens": 0, "prompt_tokens_details": {"cached_tokens": 0}}, 0),
        ({"prompt_tokens_details": None}, 0),
        ({}, 0),
    ],
)
def test_cache_hit_tokens_from_either_spelling(usage: dict[str, Any], expected: int) -> None:
    full = {"prompt_tokens": 16, "completion_tokens": 10, "total_tokens": 26, **usage}
    assert Usage(full).cache_hit_tokens == expected


def test_cache_hit_tokens_of_samples() -> None:
    coder = ChatCompletion(fixture_json("chat_historic_coder_2024.json")).usage
    assert coder is not None
    assert coder.cache_hit_tokens == 0
    assert coder.prompt_tokens_details is None
    official = ChatCompletion(fixture_json("chat_official_2026_08.json")).usage
    assert official is not None
    assert official.cache_hit_tokens == 0


@pytest.mark.parametrize("name", SAMPLES)
def test_repr(name: str) -> None:
    sample = fixture_json(name)
    resp = ChatCompletion(fixture_json(name))
    text = repr(resp)
    assert text.startswith("ChatCompletion(")
    assert sample["id"] in text
    assert "Choice(" in text
    assert "Message(" in text
    assert repr(resp.usage).startswith("Usage(")


def test_equality() -> None:
    a = ChatCompletion(fixture_json("chat_thinking_v4_flash.json"))
    b = ChatCompletion(fixture_json("chat_thinking_v4_flash.json"))
    other = ChatCompletion(fixture_json("chat_official_2026_10.json"))
    assert a == b
    assert a != other
    assert a == fixture_json("chat_thinking_v4_flash.json")
    assert a.choices[0] == b.choices[0]
    assert a.usage == b.usage
    assert a != "not a response"
    b.choices[0].message.content = "changed"
    assert a != b


@pytest.mark.parametrize("name", SAMPLES)
def test_deepcopy_and_pickle_round_trip(name: str) -> None:
    sample = fixture_json(name)
    resp = ChatCompletion(fixture_json(name))
    _ = resp.choices[0].message.content  # populate the nested-object cache first
    for clone in (copy.deepcopy(resp), pickle.loads(pickle.dumps(resp)), copy.copy(resp)):
        assert type(clone) is ChatCompletion
        assert clone == resp
        assert clone.model_dump() == sample
        assert_same_access(clone, sample)
    deep = copy.deepcopy(resp)
    deep.choices[0].message.content = "edited"
    assert resp.choices[0].message.content == sample["choices"][0]["message"]["content"]
    nested = pickle.loads(pickle.dumps(resp.choices[0].message))
    assert type(nested) is Message
    assert nested == sample["choices"][0]["message"]


def test_model_dump_is_a_copy() -> None:
    resp = ChatCompletion(fixture_json("chat_official_2026_10.json"))
    dumped = resp.model_dump()
    dumped["choices"][0]["message"]["content"] = "mutated"
    assert resp.choices[0].message.content == "Hello! How can I help you today?"
