"""Chat over the Messages wire against the test server: sync and async, stream and not."""

from __future__ import annotations

import json
from typing import Any

import pytest

import litellm_py
from litellm_py.exceptions import (
    ConfigurationError,
    UnsupportedEndpointError,
    UnsupportedParamsError,
)
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.anthropic.conftest import ANTHROPIC_KEY, call, kwargs

SAMPLE_MESSAGE: dict[str, Any] = {
    "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
    "type": "message",
    "role": "assistant",
    "model": "claude-haiku-4-5-20251001",
    "content": [
        {"type": "thinking", "thinking": "Short answer.", "signature": "EqQBCgIYAhIM1gbcDa9G"},
        {"type": "text", "text": "Hello", "citations": None},
        {"type": "text", "text": " there!"},
    ],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {
        "input_tokens": 12,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "output_tokens": 6,
        "service_tier": "standard",
        "future_field": {"kept": True},
    },
    "container": None,
}


async def test_request_speaks_the_messages_wire(mode: str, server: DeepSeekTestServer) -> None:
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
    ]
    resp = await call(mode, **kwargs(server, messages=messages, temperature=0.5, stop="END"))
    sent = server.last_request
    assert sent.path == "/v1/messages"
    assert sent.headers["x-api-key"] == ANTHROPIC_KEY
    assert sent.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in sent.headers
    assert sent.json == {
        "model": "claude-haiku-4-5",
        "max_tokens": 4096,
        "system": "Be brief.",
        "messages": [{"role": "user", "content": "Hi"}],
        "temperature": 0.5,
        "stop_sequences": ["END"],
    }
    assert resp.choices[0].message.content == "You said: Hi"
    assert resp.choices[0].finish_reason == "stop"
    assert resp.object == "chat.completion"
    assert resp.usage.prompt_tokens > 0


async def test_response_translation_is_lossless(mode: str, server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(json=SAMPLE_MESSAGE))
    resp = await call(mode, **kwargs(server))
    assert resp.provider_payload == SAMPLE_MESSAGE
    dumped = resp.model_dump()
    message = dumped["choices"][0]["message"]
    assert message["content"] == "Hello there!"
    assert message["reasoning_content"] == "Short answer."
    assert message["thinking_blocks"] == [SAMPLE_MESSAGE["content"][0]]
    assert dumped["id"] == SAMPLE_MESSAGE["id"]
    assert dumped["model"] == SAMPLE_MESSAGE["model"]
    assert dumped["usage"]["prompt_tokens"] == 12
    assert dumped["usage"]["completion_tokens"] == 6
    assert dumped["usage"]["total_tokens"] == 18
    assert dumped["usage"]["future_field"] == {"kept": True}
    assert "system_fingerprint" not in dumped
    assert resp["choices"][0]["message"]["content"] == "Hello there!"


async def test_stream_assembles_to_the_non_streamed_answer(
    mode: str, server: DeepSeekTestServer
) -> None:
    whole = await call(mode, **kwargs(server, thinking=True))
    chunks = await call(mode, **kwargs(server, thinking=True, stream=True))
    assert server.last_request.json["stream"] is True
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].usage.completion_tokens == whole.usage.completion_tokens
    built = litellm_py.stream_chunk_builder(chunks)
    message, expected = built.choices[0].message, whole.choices[0].message
    assert message.content == expected.content
    assert message.reasoning_content == expected.reasoning_content
    assert message["thinking_blocks"] == expected["thinking_blocks"]
    assert built.usage is not None
    assert built.usage.prompt_tokens == whole.usage.prompt_tokens


async def test_works_against_a_prefixed_anthropic_endpoint(
    mode: str, server: DeepSeekTestServer
) -> None:
    # The shape of DeepSeek's Anthropic endpoint: https://api.deepseek.com/anthropic
    params = kwargs(server, api_base=server.url + "/anthropic", model="anthropic/deepseek-flash")
    resp = await call(mode, **params, max_tokens=64)
    assert server.last_request.path == "/anthropic/v1/messages"
    assert server.last_request.json["max_tokens"] == 64
    assert resp.choices[0].message.content == "You said: Hi"
    chunks = await call(mode, **params, max_tokens=64, stream=True)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "You said: Hi"


def test_missing_max_tokens_for_an_unknown_model_is_refused_before_traffic(
    server: DeepSeekTestServer,
) -> None:
    with pytest.raises(UnsupportedParamsError, match="max_tokens") as info:
        litellm_py.completion(**kwargs(server, model="anthropic/some-new-model"))
    assert info.value.param == "max_tokens"
    assert server.requests == []


def test_max_tokens_default_comes_from_the_registry(server: DeepSeekTestServer) -> None:
    litellm_py.completion(**kwargs(server, model="anthropic/claude-opus-4-5"))
    assert server.last_request.json["max_tokens"] == 4096
    litellm_py.completion(**kwargs(server, max_completion_tokens=321))
    assert server.last_request.json["max_tokens"] == 321


def test_unknown_parameter_is_named_or_dropped(server: DeepSeekTestServer) -> None:
    with pytest.raises(UnsupportedParamsError, match="response_format") as info:
        litellm_py.completion(**kwargs(server, response_format={"type": "json_object"}))
    assert info.value.param == "response_format"
    with pytest.warns(UserWarning, match="dropped response_format"):
        litellm_py.completion(
            **kwargs(server, response_format={"type": "json_object"}, drop_params=True)
        )
    assert "response_format" not in server.last_request.json


def test_environment_supplies_key_and_base(
    server: DeepSeekTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", ANTHROPIC_KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
    resp = litellm_py.completion(
        model="anthropic/claude-haiku-4-5", messages=[{"role": "user", "content": "env"}]
    )
    assert resp.choices[0].message.content == "You said: env"


def test_no_key_names_the_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigurationError, match="ANTHROPIC_API_KEY"):
        litellm_py.completion(
            model="anthropic/claude-haiku-4-5", messages=[{"role": "user", "content": "x"}]
        )


def test_extra_body_and_headers_are_sent_verbatim(server: DeepSeekTestServer) -> None:
    litellm_py.completion(
        **kwargs(
            server,
            extra_body={"metadata": {"user_id": "u-1"}, "top_k": 5},
            extra_headers={"anthropic-beta": "files-api-2025-04-14"},
        )
    )
    sent = server.last_request
    assert sent.json["metadata"] == {"user_id": "u-1"}
    assert sent.json["top_k"] == 5
    assert sent.headers["anthropic-beta"] == "files-api-2025-04-14"


def test_bare_model_id_resolves_to_the_provider(server: DeepSeekTestServer) -> None:
    resp = litellm_py.completion(**kwargs(server, model="claude-sonnet-4-5"))
    assert json.loads(server.last_request.body)["model"] == "claude-sonnet-4-5"
    assert resp.choices[0].message.content == "You said: Hi"


def test_text_completion_is_an_unsupported_endpoint(server: DeepSeekTestServer) -> None:
    with pytest.raises(UnsupportedEndpointError, match="no text endpoint"):
        litellm_py.text_completion(
            model="anthropic/claude-haiku-4-5",
            prompt="x",
            api_base=server.url,
            api_key=ANTHROPIC_KEY,
        )
    assert server.requests == []


def test_supported_params_and_model_info() -> None:
    params = litellm_py.get_supported_openai_params("anthropic/claude-haiku-4-5")
    assert "max_tokens" in params
    assert "thinking" in params
    assert "response_format" not in params
    info = litellm_py.get_model_info("anthropic/claude-haiku-4-5")
    assert info.provider == "anthropic"
    assert info.max_output_tokens == 64000
    assert litellm_py.supports_reasoning("anthropic/claude-haiku-4-5")


async def test_list_models_merges_the_server_list(mode: str, server: DeepSeekTestServer) -> None:
    auth = {"api_base": server.url, "api_key": ANTHROPIC_KEY}
    if mode == "sync":
        found = litellm_py.list_models("anthropic", **auth)
    else:
        found = await litellm_py.alist_models("anthropic", **auth)
    sent = server.last_request
    assert sent.method == "GET"
    assert sent.path == "/v1/models"
    assert sent.headers["anthropic-version"] == "2023-06-01"
    by_id = {m.id: m for m in found}
    assert by_id["claude-haiku-4-5-20251001"].name == "Claude Haiku 4.5"
    assert by_id["claude-haiku-4-5-20251001"].provider == "anthropic"


async def test_health_check_probes_the_models_endpoint(
    mode: str, server: DeepSeekTestServer
) -> None:
    auth = {"api_base": server.url, "api_key": ANTHROPIC_KEY}
    if mode == "sync":
        status = litellm_py.health_check("anthropic/claude-haiku-4-5", **auth)
    else:
        status = await litellm_py.ahealth_check("anthropic/claude-haiku-4-5", **auth)
    assert status.status == "healthy", status.error
    assert "claude-haiku-4-5-20251001" in status.models
    assert [r.path for r in server.requests] == ["/v1/models"]  # no balance: none is probed
    status = litellm_py.health_check("anthropic", api_base=server.url, api_key="sk-ant-wrong")
    assert status.status == "unhealthy"
    assert "AuthenticationError" in (status.error or "")


def test_balance_is_an_unsupported_endpoint(server: DeepSeekTestServer) -> None:
    with pytest.raises(UnsupportedEndpointError, match="no balance endpoint"):
        litellm_py.get_balance("anthropic", api_base=server.url, api_key=ANTHROPIC_KEY)
    assert server.requests == []


def test_stream_keeps_the_provider_events(server: DeepSeekTestServer) -> None:
    stream = litellm_py.completion(**kwargs(server, thinking=True, stream=True))
    with stream:
        chunks = list(stream)
    events = stream.provider_events
    assert events is not None
    kinds = [event["type"] for event in events]
    assert kinds[:2] == ["message_start", "ping"]
    assert kinds[-2:] == ["message_delta", "message_stop"]
    signature = [e for e in events if e.get("delta", {}).get("type") == "signature_delta"]
    assert len(signature) == 1
    thinking = litellm_py.stream_chunk_builder(chunks).choices[0].message["thinking_blocks"]
    assert thinking[0]["signature"] == signature[0]["delta"]["signature"]
    texts = [e["delta"]["text"] for e in events if e.get("delta", {}).get("type") == "text_delta"]
    assert "".join(texts) == "You said: Hi"


def test_openai_wire_streams_have_no_separate_provider_events() -> None:
    stream = litellm_py.completion(
        model="deepseek/deepseek-flash",
        messages=[{"role": "user", "content": "x"}],
        stream=True,
        mock_response="ok",
    )
    assert "".join(c.choices[0].delta.content or "" for c in stream) == "ok"
    assert stream.provider_events is None
