"""The OpenAI-compatible layer: a provider in a few lines, generic checks, errors and redaction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

import litellm_py
from litellm_py import (
    AuthenticationError,
    ConfigurationError,
    UnsupportedEndpointError,
    UnsupportedParamsError,
    register_provider,
)
from litellm_py._registry import _FACTORIES
from litellm_py._settings import EnvNames
from litellm_py.providers.base import BaseProvider
from litellm_py.providers.deepseek.provider import DeepSeekProvider
from litellm_py.providers.openai_compatible import ChatRules, OpenAICompatibleProvider
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import TEST_KEY, call_completion

MESSAGES = [{"role": "user", "content": "Hi"}]


class LocalHost(OpenAICompatibleProvider):
    name: ClassVar[str] = "localhost_test"
    env = EnvNames(api_key="LOCAL_TEST_KEY", api_base="LOCAL_TEST_BASE", default_api_base="")
    label: ClassVar[str] = "Local"
    rules: ClassVar[ChatRules | None] = ChatRules(
        label="",
        provider="",
        refused={"logit_bias": "it has no logit bias"},
        max_tokens_field="max_completion_tokens",
        max_stop=2,
    )


@pytest.fixture
def server() -> Iterator[DeepSeekTestServer]:
    with DeepSeekTestServer(api_key=TEST_KEY, extra_models=("local-model",)) as running:
        yield running


@pytest.fixture(autouse=True)
def _registered() -> Iterator[None]:
    register_provider("localhost_test", LocalHost)
    yield
    for name in ("localhost_test", "other_host", "plain"):
        _FACTORIES.pop(name, None)


def sent(server: DeepSeekTestServer) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(server.requests[-1].body)
    return body


@pytest.mark.parametrize("stream", [False, True])
async def test_subclass_speaks_the_openai_wire(
    mode: str, server: DeepSeekTestServer, stream: bool
) -> None:
    server.enqueue(Reply(content="Hello there", reasoning="", usage_placement="trailing"))
    resp = await call_completion(
        mode,
        model="localhost_test/local-model",
        messages=MESSAGES,
        api_base=server.url,
        api_key=TEST_KEY,
        stream=stream,
        max_tokens=50,
        thinking=None,
        **({"stream_options": {"include_usage": True}} if stream else {}),
    )
    if stream:
        chunks = [c async for c in resp] if mode != "sync" else list(resp)
        resp = litellm_py.stream_chunk_builder(chunks)
    assert resp.choices[0].message.content == "Hello there"
    assert resp.usage.total_tokens > 0
    body = sent(server)
    assert body["max_completion_tokens"] == 50
    assert "max_tokens" not in body
    assert server.requests[-1].path == "/chat/completions"


def test_rules_refuse_before_sending() -> None:
    kwargs: dict[str, Any] = {"api_base": "http://127.0.0.1:9", "api_key": TEST_KEY}
    with pytest.raises(UnsupportedParamsError, match="Local refuses logit_bias: it has no"):
        litellm_py.completion("localhost_test/m", MESSAGES, logit_bias={"1": 1}, **kwargs)
    with pytest.raises(UnsupportedParamsError, match="at most 2 stop sequences"):
        litellm_py.completion("localhost_test/m", MESSAGES, stop=["a", "b", "c"], **kwargs)
    with pytest.raises(UnsupportedParamsError, match="does not accept thinking"):
        litellm_py.completion("localhost_test/m", MESSAGES, thinking=True, **kwargs)
    with pytest.raises(UnsupportedEndpointError, match="Local has no text endpoint"):
        litellm_py.text_completion("localhost_test/m", "def f(", **kwargs)


def test_missing_api_base_is_named_before_any_traffic() -> None:
    with pytest.raises(ConfigurationError, match=r"No api_base.*LOCAL_TEST_BASE"):
        litellm_py.completion("localhost_test/m", MESSAGES, api_key=TEST_KEY)


def test_n_is_passed_through_where_the_api_accepts_it() -> None:
    provider = LocalHost()
    call = litellm_py._api.prepare_call(
        "chat",
        "localhost_test/m",
        {"n": 3, "api_key": TEST_KEY, "api_base": "http://127.0.0.1:9"},
        MESSAGES,
    )[1]
    assert provider.chat_body(call)["n"] == 3


class EchoingProvider(BaseProvider):
    """A provider written against the bare base class, whose server echoes the key."""

    name: ClassVar[str] = "plain"
    env = EnvNames(api_key="PLAIN_KEY", api_base="PLAIN_BASE", default_api_base="http://x")

    def build_request(self, call: Any) -> Any:
        raise NotImplementedError

    def parse_response(self, call: Any, payload: dict[str, Any]) -> Any:
        return payload


def test_default_error_from_response_redacts_the_key() -> None:
    provider = EchoingProvider()
    call = litellm_py._api.prepare_call("chat", "deepseek/x", {"api_key": TEST_KEY}, MESSAGES)[1]
    call.provider = "plain"
    body = json.dumps({"error": {"message": f"bad key {TEST_KEY}", "code": "invalid"}}).encode()
    error = provider.error_from_response(call, 401, {}, body)
    assert isinstance(error, AuthenticationError)
    assert TEST_KEY not in str(error)
    assert TEST_KEY not in repr(error)
    assert TEST_KEY not in json.dumps(error.body)
    assert error.provider == "plain"


async def test_deepseek_subclass_under_another_name_is_labelled_with_it(
    mode: str, server: DeepSeekTestServer
) -> None:
    register_provider("other_host", DeepSeekProvider)
    server.enqueue(Reply(status=429))
    with pytest.raises(litellm_py.RateLimitError) as caught:
        await call_completion(
            mode,
            model="other_host/deepseek-flash",
            messages=MESSAGES,
            api_base=server.url,
            num_retries=0,
        )
    assert caught.value.provider == "other_host"
    assert str(caught.value).startswith("other_host 429")
