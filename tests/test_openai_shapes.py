"""OpenAI-shaped objects: standard fields read as None, pydantic's dump arguments, model_copy,
and openai-python's own models accept every `model_dump()` (streamed chunks too)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from litellm_py.types import ChatCompletion, ChatCompletionChunk, TextCompletion
from tests.support import FIXTURES, fixture_json, sse_payloads

CHAT_SAMPLES = sorted(p.name for p in FIXTURES.glob("chat_*.json"))
STREAM_SAMPLES = sorted(p.name for p in FIXTURES.glob("stream_*.sse"))


def chunks_of(name: str) -> list[dict[str, Any]]:
    return [p for p in sse_payloads((FIXTURES / name).read_bytes()) if p != "[DONE]"]


# -- standard OpenAI fields the provider did not send --------------------------------------------


@pytest.mark.parametrize("name", CHAT_SAMPLES)
def test_openai_standard_fields_read_as_none_and_stay_out_of_the_dump(name: str) -> None:
    data = fixture_json(name)
    resp = ChatCompletion(copy.deepcopy(data))
    message = resp.choices[0].message
    for field in ("refusal", "audio", "function_call", "annotations"):
        assert getattr(message, field) is None, field
        assert field not in message
    assert resp.service_tier is None
    assert resp.usage is not None
    details = resp.usage.completion_tokens_details
    if details is not None:
        assert details.audio_tokens is None
        assert details.accepted_prediction_tokens is None
        assert details.rejected_prediction_tokens is None
    prompt_details = resp.usage.prompt_tokens_details
    if prompt_details is not None:
        assert prompt_details.audio_tokens is None
    assert resp.model_dump() == data  # still exactly what the server sent


def test_a_sent_standard_field_reads_its_value() -> None:
    data = fixture_json("chat_official_2026_10.json")
    data["service_tier"] = "default"
    data["choices"][0]["message"]["refusal"] = "I can't help with that."
    resp = ChatCompletion(data)
    assert resp.service_tier == "default"
    assert resp.choices[0].message.refusal == "I can't help with that."


def test_stream_delta_standard_fields_read_as_none() -> None:
    chunk = ChatCompletionChunk(chunks_of("stream_official_text.sse")[1])
    assert chunk.choices[0].delta.refusal is None
    assert chunk.service_tier is None


# -- model_dump arguments -----------------------------------------------------------------------


def sample() -> ChatCompletion:
    return ChatCompletion(fixture_json("chat_tool_call_thinking.json"))


def test_model_dump_modes_give_the_same_json() -> None:
    resp = sample()
    assert resp.model_dump(mode="json") == resp.model_dump(mode="python") == resp.model_dump()
    with pytest.raises(ValueError, match="mode"):
        resp.model_dump(mode="yaml")


def test_model_dump_include_and_exclude_sets() -> None:
    resp = sample()
    assert resp.model_dump(include={"id", "model"}) == {"id": resp.id, "model": resp.model}
    dumped = resp.model_dump(exclude={"usage", "choices"})
    assert "usage" not in dumped
    assert "choices" not in dumped
    assert dumped["id"] == resp.id


def test_model_dump_nested_include_and_exclude() -> None:
    resp = sample()
    only_content = resp.model_dump(include={"choices": {"__all__": {"message": {"content"}}}})
    assert only_content == {"choices": [{"message": {"content": resp.choices[0].message.content}}]}
    no_reasoning = resp.model_dump(exclude={"choices": {0: {"message": {"reasoning_content"}}}})
    assert "reasoning_content" not in no_reasoning["choices"][0]["message"]
    assert (
        no_reasoning["choices"][0]["message"]["tool_calls"]
        == (resp.model_dump()["choices"][0]["message"]["tool_calls"])
    )
    with pytest.raises(TypeError, match="set or a dict"):
        resp.model_dump(include="id")


def test_model_dump_exclude_none_and_noop_flags() -> None:
    resp = sample()
    full = resp.model_dump()
    assert full["choices"][0]["logprobs"] is None
    assert "logprobs" not in resp.model_dump(exclude_none=True)["choices"][0]
    same = resp.model_dump(by_alias=True, exclude_unset=True, exclude_defaults=True)
    assert same == full  # every field held was sent; none has an alias or a default


def test_model_dump_returns_a_copy_even_when_filtered() -> None:
    resp = sample()
    dumped = resp.model_dump(exclude={"usage"})
    dumped["choices"][0]["message"]["content"] = "changed"
    assert resp.choices[0].message.content != "changed"


def test_model_dump_json() -> None:
    resp = sample()
    assert json.loads(resp.model_dump_json()) == resp.model_dump()
    assert json.loads(resp.model_dump_json(include={"id"})) == {"id": resp.id}
    assert "\n  " in resp.model_dump_json(indent=2)
    assert "null" not in resp.model_dump_json(exclude_none=True)


def test_model_copy_shallow_deep_and_update() -> None:
    resp = sample()
    updated = resp.model_copy(update={"model": "other-model"})
    assert isinstance(updated, ChatCompletion)
    assert updated.model == "other-model"
    assert resp.model != "other-model"
    deep = resp.model_copy(deep=True)
    deep.choices[0].message.content = "changed"
    assert resp.choices[0].message.content != "changed"
    shallow = resp.model_copy()
    assert shallow == resp
    assert shallow is not resp


def test_text_completion_dump_arguments() -> None:
    resp = TextCompletion(fixture_json("fim_schema_example.json"))
    assert resp.model_dump(include={"choices": {"__all__": {"text"}}}) == {
        "choices": [{"text": c.text} for c in resp.choices]
    }


# -- openai-python's models accept what we dump -------------------------------------------------


@pytest.mark.parametrize("name", CHAT_SAMPLES)
def test_openai_chat_completion_validates_every_sample(name: str) -> None:
    openai_types = pytest.importorskip("openai.types.chat")
    resp = ChatCompletion(fixture_json(name))
    theirs = openai_types.ChatCompletion.model_validate(resp.model_dump())
    assert theirs.id == resp.id
    assert theirs.choices[0].message.content == resp.choices[0].message.content
    assert theirs.choices[0].finish_reason == resp.choices[0].finish_reason
    assert theirs.usage is not None
    assert resp.usage is not None
    assert theirs.usage.total_tokens == resp.usage.total_tokens
    # extra fields (reasoning_content, DeepSeek's cache counters) survive the round trip
    assert theirs.model_dump(exclude_unset=True) == resp.model_dump()


@pytest.mark.parametrize("name", STREAM_SAMPLES)
def test_openai_chunk_validates_every_streamed_chunk(name: str) -> None:
    openai_types = pytest.importorskip("openai.types.chat")
    payloads = chunks_of(name)
    assert payloads
    for payload in payloads:
        chunk = ChatCompletionChunk(payload)
        theirs = openai_types.ChatCompletionChunk.model_validate(chunk.model_dump())
        assert theirs.id == chunk.id
        assert len(theirs.choices) == len(chunk.choices)
        assert theirs.model_dump(exclude_unset=True) == chunk.model_dump()
