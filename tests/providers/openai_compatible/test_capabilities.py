"""Models and balance as optional provider capabilities; mock answers in the provider's shape."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import litellm_py
from litellm_py import TextCompletion, UnsupportedEndpointError
from litellm_py.providers.deepseek.balance import Balance
from litellm_py.testing import DeepSeekTestServer
from tests.support import TEST_KEY, collect

MESSAGES = [{"role": "user", "content": "Hi there, how are you?"}]


@pytest.fixture
def server() -> Iterator[DeepSeekTestServer]:
    with DeepSeekTestServer(api_key=TEST_KEY) as running:
        yield running


async def entry(mode: str, name: str, *args: Any, **kwargs: Any) -> Any:
    if mode == "sync":
        return getattr(litellm_py, name)(*args, **kwargs)
    return await getattr(litellm_py, "a" + name)(*args, **kwargs)


async def test_balance_without_an_endpoint_is_refused_before_sending(
    mode: str, server: DeepSeekTestServer
) -> None:
    with pytest.raises(UnsupportedEndpointError, match=r"openai has no balance endpoint") as err:
        await entry(mode, "get_balance", "openai", api_base=server.url, api_key=TEST_KEY)
    assert isinstance(err.value, litellm_py.BadRequestError)
    assert err.value.provider == "openai"
    assert server.requests == []


async def test_list_models_works_for_a_host(mode: str, server: DeepSeekTestServer) -> None:
    models = await entry(mode, "list_models", "groq", api_base=server.url, api_key=TEST_KEY)
    assert models
    assert all(m.provider == "groq" for m in models)
    assert server.requests[-1].path == "/models"


async def test_health_check_skips_a_balance_the_provider_lacks(
    mode: str, server: DeepSeekTestServer
) -> None:
    status = await entry(mode, "health_check", "openrouter", api_base=server.url, api_key=TEST_KEY)
    assert status.status == "healthy", status.error
    assert status.provider == "openrouter"
    assert status.models
    assert [r.path for r in server.requests] == ["/models"]


async def test_deepseek_balance_still_probed(mode: str, server: DeepSeekTestServer) -> None:
    status = await entry(mode, "health_check", "deepseek", api_base=server.url, api_key=TEST_KEY)
    assert status.status == "healthy", status.error
    assert isinstance(status.balance, Balance)
    assert [r.path for r in server.requests] == ["/models", "/user/balance"]


async def test_health_check_with_nothing_to_probe_says_so_before_sending(
    mode: str, server: DeepSeekTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from litellm_py.providers.openai_compatible.provider import OpenAICompatibleProvider

    monkeypatch.setattr(OpenAICompatibleProvider, "account_endpoints", frozenset())
    with pytest.raises(UnsupportedEndpointError, match="nothing to probe") as err:
        await entry(mode, "health_check", "groq", api_base=server.url, api_key=TEST_KEY)
    assert err.value.provider == "groq"
    assert server.requests == []


def test_balance_lives_with_deepseek_and_is_importable_from_the_top() -> None:
    assert litellm_py.Balance is Balance
    assert litellm_py.BalanceInfo.__module__ == "litellm_py.providers.deepseek.balance"


@pytest.mark.parametrize("stream", [False, True])
async def test_mock_has_the_provider_shape(mode: str, stream: bool) -> None:
    shapes = {}
    for model in ("openai/gpt-4.1-mini", "deepseek/deepseek-flash"):
        resp = await entry(mode, "completion", model, MESSAGES, mock_response="Ok.", stream=stream)
        if stream:
            resp = litellm_py.stream_chunk_builder(await collect(mode, resp))
        assert resp.choices[0].message.content == "Ok."
        shapes[model] = resp.model_dump()["usage"]
    assert "prompt_cache_miss_tokens" not in shapes["openai/gpt-4.1-mini"]
    deepseek = shapes["deepseek/deepseek-flash"]
    assert deepseek["prompt_cache_miss_tokens"] == deepseek["prompt_tokens"]


@pytest.mark.parametrize("model", ["deepseek/deepseek-flash", "openai/gpt-4.1-mini"])
async def test_text_completion_mock(mode: str, model: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPSEEK_API_KEY")  # no key, no network: the mock answers
    resp = await entry(mode, "text_completion", model, "def add(a, b):", mock_response="return a+b")
    assert isinstance(resp, TextCompletion)
    assert resp.choices[0].text == "return a+b"
    assert resp.model_dump()["usage"]["completion_tokens"] > 0
    stream = await entry(
        mode, "text_completion", model, "def f():", mock_response="pass  # done", stream=True
    )
    chunks = await collect(mode, stream)
    assert "".join(c.choices[0].text for c in chunks) == "pass  # done"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].usage.total_tokens > 0
