"""The API key never shows: not in reprs, attribute dumps, exceptions or log records (API.md §4)."""

from __future__ import annotations

import logging
import pickle
import traceback
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from pydantic import SecretStr

import litellm_py
from litellm_py import APIError, ConfigurationError, DeepSeekConfig, load_config
from litellm_py._api import prepare_call
from litellm_py._registry import get_provider
from litellm_py._secret import Secret, redact
from tests.support import TEST_KEY, call_completion

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Hi"}]
CALL_KEY = "sk-per-call-9f8e7d6c5b4a39281706SECRET"
KEYS = (TEST_KEY, CALL_KEY)


def dump(obj: Any, depth: int = 0) -> str:
    """Everything `obj` shows: str, repr and its attributes (`vars` or slots), recursively."""
    parts = [str(obj), repr(obj)]
    if isinstance(obj, Secret | SecretStr):  # the holders: what they show is their repr
        return "\n".join(parts)
    if depth > 3:
        return "\n".join(parts)
    attrs: dict[str, Any] = {}
    if hasattr(obj, "__dict__"):
        attrs.update(vars(obj))
    for klass in type(obj).__mro__:
        for name in getattr(klass, "__slots__", ()):
            if hasattr(obj, name):
                attrs[name] = getattr(obj, name)
    for value in attrs.values():
        if isinstance(value, dict):
            parts.append(repr(value))
            parts.extend(dump(v, depth + 1) for v in value.values())
        elif isinstance(value, list | tuple):
            parts.append(repr(value))
            parts.extend(dump(v, depth + 1) for v in value)
        elif not isinstance(value, httpx.Response):  # its own repr is checked via the parts above
            parts.append(dump(value, depth + 1))
    return "\n".join(parts)


def assert_no_key(text: str) -> None:
    for key in KEYS:
        assert key not in text


def assert_error_clean(exc: BaseException) -> None:
    assert_no_key(dump(exc))
    assert_no_key("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    assert_no_key(repr(exc.args))
    if isinstance(exc, litellm_py.APIStatusError):
        assert_no_key(repr(exc.body))
        if exc.response is not None:
            assert_no_key(repr(exc.response.request.headers))


# -- value objects -----------------------------------------------------------------------------


def test_secret_never_shows() -> None:
    secret = Secret(TEST_KEY)
    in_containers = repr([secret]) + repr({"k": secret}) + repr((secret,))
    assert_no_key(f"{secret} {secret!r} {secret!s} {in_containers}")
    assert not hasattr(secret, "__dict__")
    with pytest.raises(TypeError):
        vars(secret)
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    with pytest.raises(AttributeError):
        secret._value = "x"
    assert secret.get_secret_value() == TEST_KEY


def test_redact() -> None:
    assert redact(f"key {TEST_KEY} again {TEST_KEY}", TEST_KEY) == "key ****aKEY again ****aKEY"
    assert redact("nothing here", TEST_KEY) == "nothing here"
    assert redact("short abc", "abc") == "short abc"  # too short to mask safely
    assert redact("text", None) == "text"


@pytest.mark.parametrize("api_key", [None, CALL_KEY])
def test_settings_never_show_the_key(api_key: str | None) -> None:
    settings = get_provider("deepseek").settings(api_key=api_key)
    assert settings.key() == (api_key or TEST_KEY)
    assert_no_key(dump(settings))
    _, call = prepare_call("chat", MODEL, {"api_key": api_key}, MESSAGES)
    assert_no_key(dump(call))


def test_deepseek_config_never_shows_the_key() -> None:
    config = DeepSeekConfig.from_env()
    assert config.api_key is not None
    assert config.api_key.get_secret_value() == TEST_KEY
    assert_no_key(dump(config))
    assert_no_key(repr(config.model_dump()))
    assert_no_key(config.model_dump_json())
    assert_no_key(repr(config.__dict__))
    assert_no_key(dump(config.to_settings()))
    explicit = DeepSeekConfig(api_key=CALL_KEY)
    assert_no_key(dump(explicit))


def test_provider_state_after_load_config_never_shows_the_key(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(f"providers:\n  deepseek:\n    api_key: {CALL_KEY}\n", encoding="utf-8")
    config = load_config(path)
    assert_no_key(dump(config))
    provider = get_provider("deepseek")
    assert_no_key(dump(provider))
    assert provider.settings().key() == CALL_KEY


def test_built_request_headers_hide_the_key() -> None:
    provider, call = prepare_call("chat", MODEL, {}, MESSAGES)
    request = provider.build_request(call)
    assert request.headers["authorization"] == f"Bearer {TEST_KEY}"
    assert_no_key(repr(request))
    assert_no_key(repr(request.headers))


# -- exceptions --------------------------------------------------------------------------------


def echo_401(key: str) -> dict[str, Any]:
    return {
        "error": {
            "message": f"Authentication Fails, Your api key: {key} is invalid",
            "type": "authentication_error",
            "param": None,
            "code": "invalid_request_error",
            "details": [{"key": key}],
        }
    }


@pytest.mark.parametrize("key", KEYS)
async def test_401_echoing_the_key_is_redacted(
    mode: str, deepseek_api: respx.MockRouter, key: str
) -> None:
    deepseek_api.post("/chat/completions").respond(401, json=echo_401(key))
    kwargs = {"api_key": key} if key != TEST_KEY else {}
    with pytest.raises(litellm_py.AuthenticationError) as info:
        await call_completion(mode, model=MODEL, messages=MESSAGES, **kwargs)
    exc = info.value
    assert "Authentication Fails" in exc.message
    assert key[-4:] in exc.message  # the masked form keeps the last characters for support
    assert_error_clean(exc)


async def test_retried_errors_are_redacted(
    mode: str, deepseek_api: respx.MockRouter, sleeps: list[float]
) -> None:
    body = {"error": {"message": f"overloaded for key {TEST_KEY}", "type": "server_error"}}
    deepseek_api.post("/chat/completions").respond(503, json=body)
    with pytest.raises(litellm_py.ServiceUnavailableError) as info:
        await call_completion(mode, model=MODEL, messages=MESSAGES)
    assert_error_clean(info.value)


async def drain(mode: str, **kwargs: Any) -> list[Any]:
    """Open a stream and read it to the end."""
    stream = await call_completion(mode, **kwargs)
    if mode == "sync":
        with stream:
            return list(stream)
    async with stream:
        return [chunk async for chunk in stream]


async def test_in_band_stream_error_is_redacted(mode: str, deepseek_api: respx.MockRouter) -> None:
    event = (
        '{"error": {"message": "key ' + TEST_KEY + ' suspended", "type": "authentication_error"}}'
    )
    deepseek_api.post("/chat/completions").respond(
        200, content=f"data: {event}\n\n".encode(), headers={"content-type": "text/event-stream"}
    )
    with pytest.raises(APIError) as info:
        await drain(mode, model=MODEL, messages=MESSAGES, stream=True)
    assert "suspended" in info.value.message
    assert_error_clean(info.value)


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError("[Errno 111] Connection refused"), httpx.ReadTimeout("timed out")],
    ids=["refused", "timeout"],
)
async def test_connection_errors_are_clean(
    mode: str, deepseek_api: respx.MockRouter, failure: Exception
) -> None:
    deepseek_api.post("/chat/completions").mock(side_effect=failure)
    with pytest.raises(litellm_py.APIConnectionError) as info:
        await call_completion(mode, model=MODEL, messages=MESSAGES, num_retries=0)
    assert_error_clean(info.value)


async def test_configuration_errors_are_clean(
    mode: str, monkeypatch: pytest.MonkeyPatch, deepseek_api: respx.MockRouter
) -> None:
    with pytest.raises(ConfigurationError) as info:
        await call_completion(
            mode, model=MODEL, messages=MESSAGES, api_key=CALL_KEY, api_base="not-a-url"
        )
    assert_error_clean(info.value)
    # A key pasted into the base-URL variable by mistake is not printed back either.
    monkeypatch.setenv("DEEPSEEK_API_BASE", TEST_KEY)
    with pytest.raises(ConfigurationError, match="DEEPSEEK_API_BASE") as info:
        await call_completion(mode, model=MODEL, messages=MESSAGES)
    assert_error_clean(info.value)


def test_validate_errors_are_clean() -> None:
    config = DeepSeekConfig(api_key=TEST_KEY, api_base=TEST_KEY)
    with pytest.raises(ConfigurationError) as info:
        config.validate()
    assert_error_clean(info.value)


# -- logs --------------------------------------------------------------------------------------


async def test_log_records_never_carry_the_key(
    mode: str,
    deepseek_api: respx.MockRouter,
    sleeps: list[float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    deepseek_api.post("/chat/completions").respond(401, json=echo_401(TEST_KEY))
    with pytest.raises(litellm_py.AuthenticationError):
        await call_completion(mode, model=MODEL, messages=MESSAGES)
    deepseek_api.post("/chat/completions").respond(503, json=echo_401(TEST_KEY))
    with pytest.raises(litellm_py.ServiceUnavailableError):
        await call_completion(mode, model=MODEL, messages=MESSAGES)
    assert caplog.records  # httpx logs each request at INFO
    for record in caplog.records:
        assert_no_key(record.getMessage())
        assert_no_key(repr(record.args))
        assert_no_key(repr(record.__dict__))
