"""Provider registry: model-string resolution, `register_provider`, one pooled client each."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar

import httpx
import pytest
import respx

import litellm_py
from litellm_py import (
    BaseProvider,
    ChatCompletion,
    ProviderNotFoundError,
    _registry,
    register_provider,
)
from litellm_py._registry import get_provider, resolve_model
from litellm_py._settings import EnvNames
from tests.support import call_completion, fixture_json

MESSAGES = [{"role": "user", "content": "Hi"}]
OK_BODY = fixture_json("chat_official_2026_10.json")
MYPROV_BASE = "https://myprov.example.com"


@pytest.fixture
def chat(deepseek_api: respx.MockRouter) -> respx.Route:
    return deepseek_api.post("/chat/completions").respond(200, json=OK_BODY)


def sent_model(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)["model"]


# -- resolution --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "model_id"),
    [
        ("deepseek/deepseek-flash", "deepseek-flash"),
        ("deepseek/deepseek-v4-pro", "deepseek-v4-pro"),
        ("deepseek/some/odd-id", "some/odd-id"),
        ("deepseek/brand-new-model", "brand-new-model"),
        ("deepseek-flash", "deepseek-flash"),
        ("deepseek-v4-pro", "deepseek-v4-pro"),
    ],
)
async def test_model_strings_resolve(
    mode: str, chat: respx.Route, model: str, model_id: str
) -> None:
    provider, resolved = resolve_model(model)
    assert provider.name == "deepseek"
    assert resolved == model_id
    resp = await call_completion(mode, model=model, messages=MESSAGES)
    assert isinstance(resp, ChatCompletion)
    assert sent_model(chat) == model_id


@pytest.mark.parametrize("model", ["nosuch/gpt-4o", "no-such-model", "unknown-provider/x/y"])
async def test_unknown_provider_lists_the_registered_ones(
    mode: str, chat: respx.Route, model: str
) -> None:
    with pytest.raises(ProviderNotFoundError) as info:
        await call_completion(mode, model=model, messages=MESSAGES)
    assert "deepseek" in str(info.value)
    assert model in str(info.value)
    assert chat.call_count == 0


@pytest.mark.parametrize("model", ["", "deepseek/"])
def test_empty_model_refused(model: str) -> None:
    with pytest.raises(ProviderNotFoundError):
        resolve_model(model)


def test_supported_params_through_the_registry() -> None:
    assert "thinking" in litellm_py.get_supported_openai_params("deepseek-flash")
    with pytest.raises(ProviderNotFoundError):
        litellm_py.get_supported_openai_params("nope/model")


# -- register_provider -------------------------------------------------------------------------


class EchoProvider(BaseProvider):
    """A minimal OpenAI-style provider: the pure hooks only, the base class does the rest."""

    name: ClassVar[str] = "myprov"
    env = EnvNames(
        api_key="MYPROV_API_KEY", api_base="MYPROV_API_BASE", default_api_base=MYPROV_BASE
    )

    def build_request(self, call: Any) -> httpx.Request:
        return httpx.Request(
            "POST",
            f"{call.settings.api_base}/v1/chat",
            headers={"authorization": f"Bearer {call.settings.key()}"},
            json={"model": call.model, "messages": call.messages, **call.params},
            extensions={"timeout": httpx.Timeout(call.settings.timeout).as_dict()},
        )

    def parse_response(self, call: Any, payload: dict[str, Any]) -> Any:
        return ChatCompletion(payload)


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registrations made by the test are forgotten afterwards."""
    monkeypatch.setattr(_registry, "_FACTORIES", dict(_registry._FACTORIES))
    monkeypatch.setenv("MYPROV_API_KEY", "myprov-key-123456")


@pytest.fixture
def myprov() -> Iterator[respx.Route]:
    with respx.mock(assert_all_called=False) as router:
        yield router.post(f"{MYPROV_BASE}/v1/chat").respond(200, json=OK_BODY)


@pytest.mark.parametrize(
    "provider", [EchoProvider, lambda: EchoProvider()], ids=["class", "factory"]
)
async def test_registered_provider_answers(
    mode: str, registry: None, myprov: respx.Route, provider: Any
) -> None:
    register_provider("myprov", provider)
    assert "myprov" in _registry.all_providers()
    resp = await call_completion(mode, model="myprov/x", messages=MESSAGES, temperature=0.5)
    assert resp.model_dump() == OK_BODY
    request = myprov.calls.last.request
    assert json.loads(request.content) == {"model": "x", "messages": MESSAGES, "temperature": 0.5}
    assert request.headers["authorization"] == "Bearer myprov-key-123456"


async def test_registered_provider_gets_typed_errors_and_retries(
    mode: str, registry: None, sleeps: list[float]
) -> None:
    register_provider("myprov", EchoProvider)
    body = {"error": {"message": "slow down", "type": "rate_limit", "code": "rl"}}
    with respx.mock() as router:
        route = router.post(f"{MYPROV_BASE}/v1/chat").respond(
            429, json=body, headers={"x-request-id": "abc"}
        )
        with pytest.raises(litellm_py.RateLimitError) as info:
            await call_completion(mode, model="myprov/x", messages=MESSAGES)
    assert route.call_count == 3
    assert info.value.provider == "myprov"
    assert info.value.model == "x"
    assert info.value.request_id == "abc"
    assert info.value.code == "rl"


async def test_registered_provider_needs_its_key(
    mode: str, registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MYPROV_API_KEY")
    register_provider("myprov", EchoProvider)
    with pytest.raises(litellm_py.ConfigurationError, match="MYPROV_API_KEY"):
        await call_completion(mode, model="myprov/x", messages=MESSAGES)


def test_reregistering_replaces_the_instance(registry: None) -> None:
    register_provider("myprov", EchoProvider)
    first = get_provider("myprov")
    assert get_provider("myprov") is first
    register_provider("myprov", lambda: EchoProvider())
    assert get_provider("myprov") is not first


def test_register_provider_checks_its_arguments(registry: None) -> None:
    with pytest.raises(ValueError, match="'/'"):
        register_provider("my/prov", EchoProvider)
    with pytest.raises(ValueError, match="non-empty"):
        register_provider("", EchoProvider)
    with pytest.raises(TypeError):
        register_provider("myprov", "not callable")  # type: ignore[arg-type]
    register_provider("broken", lambda: object())  # type: ignore[arg-type,return-value]
    with pytest.raises(TypeError, match="BaseProvider"):
        get_provider("broken")


def test_registered_prefix_beats_bare_resolution(registry: None) -> None:
    register_provider("deepseek-flash", EchoProvider)
    provider, model_id = resolve_model("deepseek-flash/x")
    assert isinstance(provider, EchoProvider)
    assert model_id == "x"
    deepseek, bare = resolve_model("deepseek-flash")
    assert deepseek.name == "deepseek"
    assert bare == "deepseek-flash"


# -- one pooled client -------------------------------------------------------------------------


async def test_one_pooled_client_across_calls(mode: str, chat: respx.Route) -> None:
    provider = get_provider("deepseek")
    clients = []
    for kwargs in ({}, {"timeout": 5.0}, {"api_key": "sk-other-key-123456"}, {}):
        await call_completion(mode, model="deepseek/deepseek-flash", messages=MESSAGES, **kwargs)
        pool = provider._pool
        clients.append(pool.sync_client() if mode == "sync" else pool.async_client())
    assert chat.call_count == 4
    assert all(client is clients[0] for client in clients)
    assert not clients[0].is_closed
    if mode == "sync":
        assert provider._pool._sync is clients[0]
