"""Every OpenAI-wire provider (OpenAI and host rows) against the bundled test server.

Sync and async (on both async backends) by stream and non-stream; typed errors for every status
the contract lists, with the key absent from messages, reprs, bodies and logs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import litellm_py
from litellm_py import exceptions as ex
from litellm_py.testing import DeepSeekTestServer, Reply
from tests.support import TEST_KEY, fixture_json

# provider prefix -> (model id, path prefix the provider's base URL carries)
PROVIDERS = {
    "openai": ("gpt-4.1-mini", "/v1"),
    "groq": ("llama-3.3-70b-versatile", ""),
    "openrouter": ("meta-llama/llama-3.3-70b-instruct", ""),
    "mistral": ("mistral-large-latest", ""),
    "hosted_vllm": ("my-local-model", "/v1"),
}
MESSAGES = [{"role": "user", "content": "Hi"}]
STATUS_ERRORS = {
    400: ex.BadRequestError,
    401: ex.AuthenticationError,
    402: ex.InsufficientBalanceError,
    403: ex.PermissionDeniedError,
    404: ex.NotFoundError,
    422: ex.UnprocessableEntityError,
    429: ex.RateLimitError,
    500: ex.InternalServerError,
    529: ex.ServiceUnavailableError,
}


@pytest.fixture(params=["sync", "async-httpx", "async-aiohttp"])
def flavour(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, _close_async_pools: None
) -> str:
    """Sync, and async on each HTTP backend."""
    value = str(request.param)
    if value.startswith("async-"):
        monkeypatch.setenv("LITELLM_PY_HTTP_BACKEND", value.removeprefix("async-"))
    return value


@pytest.fixture(scope="module")
def server() -> Iterator[DeepSeekTestServer]:
    models = [model for model, _ in PROVIDERS.values()]
    with DeepSeekTestServer(api_key=TEST_KEY, extra_models=models) as running:
        yield running


async def complete(flavour: str, prefix: str, server: DeepSeekTestServer, **kwargs: Any) -> Any:
    model, path = PROVIDERS[prefix]
    kwargs = {"api_base": server.url + path, "api_key": TEST_KEY, "num_retries": 0, **kwargs}
    if flavour == "sync":
        resp = litellm_py.completion(f"{prefix}/{model}", MESSAGES, **kwargs)
        return litellm_py.stream_chunk_builder(list(resp)) if kwargs.get("stream") else resp
    resp = await litellm_py.acompletion(f"{prefix}/{model}", MESSAGES, **kwargs)
    if kwargs.get("stream"):
        return litellm_py.stream_chunk_builder([chunk async for chunk in resp])
    return resp


@pytest.mark.parametrize("prefix", sorted(PROVIDERS))
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
async def test_chat_round_trip(
    flavour: str, server: DeepSeekTestServer, prefix: str, stream: bool
) -> None:
    server.enqueue(Reply(content="Hello from the host", reasoning="", usage_placement="trailing"))
    options = {"stream_options": {"include_usage": True}} if stream else {}
    resp = await complete(flavour, prefix, server, stream=stream, seed=7, **options)
    assert resp.choices[0].message.content == "Hello from the host"
    assert resp.usage.completion_tokens > 0  # the trailing usage chunk was kept
    request = server.requests[-1]
    model, path = PROVIDERS[prefix]
    assert request.path == f"{path}/chat/completions"
    assert request.headers["authorization"] == f"Bearer {TEST_KEY}"
    body = json.loads(request.body)
    assert body["model"] == model
    assert body[("random_seed" if prefix == "mistral" else "seed")] == 7


@pytest.mark.parametrize("prefix", ["openai", "groq", "openrouter", "hosted_vllm"])
@pytest.mark.parametrize("status", sorted(STATUS_ERRORS))
async def test_error_statuses_are_typed_and_redacted(
    flavour: str,
    server: DeepSeekTestServer,
    prefix: str,
    status: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = {"error": {"message": f"refused for key {TEST_KEY}", "type": "x", "code": "c"}}
    server.enqueue(Reply(status=status, json=body))
    with pytest.raises(STATUS_ERRORS[status]) as caught:
        await complete(flavour, prefix, server)
    error = caught.value
    assert type(error) is STATUS_ERRORS[status]
    assert error.provider == prefix
    assert error.status_code == status
    assert error.code == "c"
    for shown in (str(error), repr(error), json.dumps(error.body), repr(vars(error))):
        assert TEST_KEY not in shown
    assert "refused for key ****" in str(error)
    assert all(TEST_KEY not in record.getMessage() for record in caplog.records)


def test_openai_response_is_lossless_and_priced(server: DeepSeekTestServer) -> None:
    sample = fixture_json("openai_chat_gpt41.json")
    server.enqueue(Reply(json=sample))
    resp = litellm_py.completion(
        "openai/gpt-4.1-mini", MESSAGES, api_base=server.url + "/v1", api_key=TEST_KEY
    )
    assert resp.model_dump() == sample
    assert resp.service_tier == "default"
    # 876 uncached input at $0.40/M, 1024 cached at $0.10/M, 10 output at $1.60/M
    expected = (876 * 0.40 + 1024 * 0.10 + 10 * 1.60) / 1_000_000
    assert resp.cost == pytest.approx(expected)
    assert litellm_py.completion_cost(resp) == pytest.approx(expected)


def test_openai_env_names_and_default_base(monkeypatch: pytest.MonkeyPatch) -> None:
    from litellm_py._registry import get_provider

    provider = get_provider("openai")
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    assert provider.settings().api_base == "https://api.openai.com/v1"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    settings = provider.settings()
    assert settings.api_base == "http://127.0.0.1:9/v1"
    assert settings.key() == TEST_KEY
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(ex.ConfigurationError, match="OPENAI_API_KEY"):
        provider.settings()


def test_openai_params_reach_the_wire(server: DeepSeekTestServer) -> None:
    server.enqueue(Reply(json=fixture_json("openai_chat_tool_call.json")))
    schema = {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}}
    litellm_py.completion(
        "openai/gpt-4.1-mini",
        MESSAGES,
        api_base=server.url + "/v1",
        api_key=TEST_KEY,
        n=2,
        seed=1,
        parallel_tool_calls=False,
        response_format=schema,
        logprobs=True,
        top_logprobs=2,
        max_tokens=64,
        reasoning_effort="low",
        service_tier="flex",
    )
    body = json.loads(server.requests[-1].body)
    assert body["n"] == 2
    assert body["seed"] == 1
    assert body["parallel_tool_calls"] is False
    assert body["response_format"] == schema
    assert body["logprobs"] is True
    assert body["top_logprobs"] == 2
    assert body["max_completion_tokens"] == 64
    assert "max_tokens" not in body
    assert body["reasoning_effort"] == "low"
    assert body["service_tier"] == "flex"
    assert "thinking" not in body
    assert "user_id" not in body


def test_host_refusals_are_local_and_name_the_host() -> None:
    with pytest.raises(ex.UnsupportedParamsError, match="Groq refuses logprobs") as caught:
        litellm_py.completion("groq/m", MESSAGES, api_key=TEST_KEY, logprobs=True)
    assert caught.value.provider == "groq"
    with pytest.raises(ex.UnsupportedParamsError, match="Groq supports only n=1"):
        litellm_py.completion("groq/m", MESSAGES, api_key=TEST_KEY, n=2)


@pytest.mark.parametrize("prefix", ["hosted_vllm", "openai_compatible"])
def test_host_without_default_url_says_so_before_traffic(prefix: str) -> None:
    env = "HOSTED_VLLM_API_BASE" if prefix == "hosted_vllm" else "OPENAI_COMPATIBLE_API_BASE"
    with pytest.raises(ex.ConfigurationError, match=rf"No api_base.*{env}"):
        litellm_py.completion(f"{prefix}/m", MESSAGES)


def test_local_hosts_default_to_their_usual_port_and_need_no_key() -> None:
    from litellm_py._registry import get_provider

    assert get_provider("ollama_chat").settings().api_base == "http://localhost:11434/v1"
    assert get_provider("lm_studio").settings().api_base == "http://localhost:1234/v1"
    assert get_provider("ollama_chat").settings().api_key is None


def test_keyless_host_sends_no_authorization(server: DeepSeekTestServer) -> None:
    with pytest.raises(ex.AuthenticationError):  # this server wants a key; a local one does not
        litellm_py.completion("hosted_vllm/my-local-model", MESSAGES, api_base=server.url)
    assert "authorization" not in server.requests[-1].headers


def test_unknown_prefix_lists_the_registered_providers() -> None:
    with pytest.raises(ex.ProviderNotFoundError) as caught:
        litellm_py.completion("nosuchhost/m", MESSAGES)
    for name in ("deepseek", "openai", "groq", "openrouter", "hosted_vllm", "openai_compatible"):
        assert name in str(caught.value)
