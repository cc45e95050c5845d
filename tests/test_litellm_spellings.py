"""LiteLLM's spellings of the helpers (API.md §12), each as LiteLLM's docs use it."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

import litellm_py
from litellm_py._litellm_spellings import estimate_message_tokens, estimate_tokens
from litellm_py.cost import cost_per_token, prices_at
from litellm_py.testing import DeepSeekTestServer
from tests.support import TEST_KEY, call_completion, server_auth

FLASH = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "What is the capital of France?"}]


def chunk(delta: dict[str, Any], finish: str | None = None, **top: Any) -> dict[str, Any]:
    return {
        "id": "c1", "object": "chat.completion.chunk", "created": 1790000000,
        "model": "deepseek-flash",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **top,
    }  # fmt: skip


# -- stream_chunk_builder(chunks, messages=...) ---------------------------------------------------


def test_stream_chunk_builder_counts_prompt_tokens_from_messages_when_usage_is_missing() -> None:
    chunks = [
        chunk({"role": "assistant", "content": "Paris is"}),
        chunk({"content": " it."}, "stop"),
    ]
    full = litellm_py.stream_chunk_builder(chunks, messages=MESSAGES)
    assert full.usage is not None
    assert full.usage.prompt_tokens == estimate_message_tokens(MESSAGES) > 0
    assert full.usage.completion_tokens == estimate_tokens("Paris is it.") > 0
    assert full.usage.total_tokens == full.usage.prompt_tokens + full.usage.completion_tokens
    assert litellm_py.stream_chunk_builder(chunks).usage is None  # no messages: nothing invented


def test_stream_chunk_builder_keeps_the_server_usage() -> None:
    usage = {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10}
    chunks = [chunk({"content": "Paris"}), chunk({}, "stop", usage=usage)]
    full = litellm_py.stream_chunk_builder(chunks, messages=MESSAGES)
    assert full.usage is not None
    assert full.usage.model_dump() == usage


# -- get_model_info(model) as a mapping with LiteLLM's keys ----------------------------------------


def info_and_prices_now() -> tuple[Any, tuple[Any, Any, Any]]:
    """`get_model_info(FLASH)` and the prices in force while it ran (not across a price switch)."""
    while True:
        started = datetime.now(timezone.utc)
        info = litellm_py.get_model_info(FLASH)
        before, after = prices_at(info, started), prices_at(info, datetime.now(timezone.utc))
        if before == after:  # else a peak/off-peak boundary fell in between: look again
            return info, after


def test_get_model_info_is_a_mapping_with_litellm_keys() -> None:
    info, (hit, miss, output) = info_and_prices_now()
    assert info["max_input_tokens"] == info.context_window == 1048576
    assert info["max_output_tokens"] == info.max_output_tokens
    assert info["litellm_provider"] == "deepseek"
    assert info["mode"] == "chat"
    assert info["supports_function_calling"] is True
    assert info["supports_reasoning"] is True
    assert info["supports_vision"] is litellm_py.supports_vision(FLASH)
    assert info["input_cost_per_token"] == pytest.approx(float(miss) / 1e6)
    assert info["output_cost_per_token"] == pytest.approx(float(output) / 1e6)
    assert info["cache_read_input_token_cost"] == pytest.approx(float(hit) / 1e6)
    assert info.get("no_such_key") is None
    with pytest.raises(KeyError):
        info["no_such_key"]
    as_dict = dict(info)
    assert as_dict["key"] == "deepseek-flash"
    assert set(info) == set(info.keys()) == set(as_dict)
    assert info.id == "deepseek-flash"  # the attributes still work


def test_retired_model_info_has_no_price() -> None:
    info = litellm_py.get_model_info("deepseek/deepseek-chat")
    assert info["input_cost_per_token"] is None
    assert info["max_input_tokens"] == info.context_window


# -- completion_cost(model=, prompt=, completion=) -------------------------------------------------


def test_completion_cost_from_prompt_and_completion_text() -> None:
    prompt, completion = "Hey, how's it going?", "Hi, I am doing well, thanks."
    at = datetime(2026, 11, 24, 2, 0, tzinfo=timezone.utc)
    expected = sum(
        cost_per_token(
            FLASH, prompt_tokens=estimate_tokens(prompt),
            completion_tokens=estimate_tokens(completion), at=at,
        )
    )  # fmt: skip
    got = litellm_py.completion_cost(model=FLASH, prompt=prompt, completion=completion, at=at)
    assert got == pytest.approx(expected)
    assert got > 0
    with pytest.raises(ValueError, match="no usage"):
        litellm_py.completion_cost(model=FLASH)


# -- get_supported_openai_params(model, custom_llm_provider=) and custom_llm_provider= on calls ---


def test_get_supported_openai_params_with_custom_llm_provider() -> None:
    params = litellm_py.get_supported_openai_params(
        "deepseek-flash", custom_llm_provider="deepseek"
    )
    assert params == litellm_py.get_supported_openai_params(FLASH)
    assert "tools" in params


async def test_custom_llm_provider_on_calls(net_mode: str, server: DeepSeekTestServer) -> None:
    with pytest.raises(litellm_py.ProviderNotFoundError):
        await call_completion(net_mode, model="my-private-model", messages=MESSAGES)
    # Routed to the DeepSeek provider: the (loopback) server sees the id and rejects it.
    with pytest.raises(litellm_py.NotFoundError):
        await call_completion(
            net_mode, model="my-private-model", custom_llm_provider="deepseek", messages=MESSAGES,
            **server_auth(server),
        )  # fmt: skip
    assert server.last_request.json["model"] == "my-private-model"
    resp = await call_completion(
        net_mode, model="deepseek-v4-pro", custom_llm_provider="deepseek", messages=MESSAGES,
        **server_auth(server),
    )  # fmt: skip
    assert server.last_request.json["model"] == "deepseek-v4-pro"
    assert "custom_llm_provider" not in server.last_request.json
    assert resp.choices[0].message.content


# -- model_cost / model_list ----------------------------------------------------------------------


def test_model_cost_and_model_list() -> None:
    cost = litellm_py.model_cost
    assert FLASH in cost
    assert cost[FLASH]["max_input_tokens"] == 1048576
    assert cost[FLASH]["litellm_provider"] == "deepseek"
    assert "deepseek/deepseek-chat" in cost  # retired ids keep their facts
    assert "deepseek/no-such-model" not in cost
    assert len(cost) >= len(litellm_py.model_list)
    assert FLASH in litellm_py.model_list
    assert "deepseek/deepseek-chat" not in litellm_py.model_list  # not usable any more
    assert list(litellm_py.model_list) == litellm_py.model_list


# -- get_llm_provider / validate_environment ------------------------------------------------------


def test_get_llm_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    assert litellm_py.get_llm_provider(FLASH) == (
        "deepseek-flash", "deepseek", TEST_KEY, "https://api.deepseek.com",
    )  # fmt: skip
    assert litellm_py.get_llm_provider("deepseek-flash")[1] == "deepseek"
    assert litellm_py.get_llm_provider("x-model", custom_llm_provider="deepseek")[:2] == (
        "x-model", "deepseek",
    )  # fmt: skip
    monkeypatch.delenv("DEEPSEEK_API_KEY")
    monkeypatch.setenv("DEEPSEEK_API_BASE", "http://127.0.0.1:9/")
    assert litellm_py.get_llm_provider(FLASH) == (
        "deepseek-flash", "deepseek", None, "http://127.0.0.1:9",
    )  # fmt: skip
    with pytest.raises(litellm_py.ProviderNotFoundError):
        litellm_py.get_llm_provider("nope/x")


def test_validate_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert litellm_py.validate_environment(FLASH) == {
        "keys_in_environment": True, "missing_keys": [],
    }  # fmt: skip
    monkeypatch.delenv("DEEPSEEK_API_KEY")
    assert litellm_py.validate_environment(FLASH) == {
        "keys_in_environment": False, "missing_keys": ["DEEPSEEK_API_KEY"],
    }  # fmt: skip


# -- errors: .llm_provider and LiteLLM's keyword arguments ----------------------------------------


def test_errors_take_litellm_keyword_arguments() -> None:
    request = httpx.Request("POST", "https://api.example.com/v1/chat/completions")
    response = httpx.Response(429, request=request, json={"error": {"message": "slow down"}})
    error = litellm_py.RateLimitError(
        message="slow down", llm_provider="openai", model="gpt-4o", response=response
    )
    assert (error.message, error.provider, error.llm_provider) == ("slow down", "openai", "openai")
    assert (error.model, error.status_code, error.response) == ("gpt-4o", 429, response)
    assert error.is_retryable

    bad = litellm_py.BadRequestError(message="bad", model="m", llm_provider="anthropic")
    assert (bad.status_code, bad.llm_provider, bad.response) == (400, "anthropic", None)
    connection = litellm_py.APIConnectionError(
        message="down", llm_provider="groq", model="llama", request=request
    )
    assert connection.llm_provider == "groq"
    assert connection.request is request
    timeout = litellm_py.Timeout(message="slow", model="m", llm_provider="deepseek")
    assert isinstance(timeout, litellm_py.APITimeoutError)
    assert timeout.llm_provider == "deepseek"
    auth = litellm_py.AuthenticationError(
        message="no key", llm_provider="openai", model="m", litellm_debug_info="debug"
    )
    assert auth.status_code == 401
    assert auth.litellm_debug_info == "debug"


async def test_raised_errors_carry_llm_provider(net_mode: str, server: DeepSeekTestServer) -> None:
    with pytest.raises(litellm_py.AuthenticationError) as caught:
        await call_completion(
            net_mode, model=FLASH, messages=MESSAGES, api_base=server.url, api_key="sk-wrong"
        )
    assert caught.value.llm_provider == caught.value.provider == "deepseek"


@pytest.mark.parametrize("prefix", ["ollama_chat", "lm_studio"])
def test_validate_environment_key_optional_hosts_need_nothing(prefix: str) -> None:
    assert litellm_py.validate_environment(f"{prefix}/m") == {
        "keys_in_environment": True, "missing_keys": [],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("prefix", "base_env"),
    [("hosted_vllm", "HOSTED_VLLM_API_BASE"), ("openai_compatible", "OPENAI_COMPATIBLE_API_BASE")],
)
def test_validate_environment_hosts_without_a_default_url_need_only_it(
    monkeypatch: pytest.MonkeyPatch, prefix: str, base_env: str
) -> None:
    monkeypatch.delenv(base_env, raising=False)
    assert litellm_py.validate_environment(f"{prefix}/m") == {
        "keys_in_environment": False, "missing_keys": [base_env],
    }  # fmt: skip
    monkeypatch.setenv(base_env, "http://127.0.0.1:9/v1")
    assert litellm_py.validate_environment(f"{prefix}/m")["missing_keys"] == []
