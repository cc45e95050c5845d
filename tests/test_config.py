"""Configuration: call arguments > load_config YAML > environment > defaults, and its errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import respx

import litellm_py
from litellm_py import ConfigurationError, DeepSeekConfig, load_config
from litellm_py.config import expand_vars
from tests.support import TEST_KEY, call_completion, fixture_json

MODEL = "deepseek/deepseek-flash"
MESSAGES = [{"role": "user", "content": "Hi"}]
OK_BODY = fixture_json("chat_official_2026_10.json")
FILE_KEY = "sk-from-file-0123456789abcdef"
CALL_KEY = "sk-per-call-fedcba9876543210"
HOSTS = {
    "default": "https://api.deepseek.com",
    "env": "https://env.example.com",
    "file": "https://file.example.com",
    "call": "https://call.example.com",
}


@pytest.fixture
def hosts() -> Iterator[respx.MockRouter]:
    """Chat routes on four hosts, named after the layer that should win."""
    with respx.mock(assert_all_called=False) as router:
        for name, base in HOSTS.items():
            router.post(f"{base}/chat/completions", name=name).respond(200, json=OK_BODY)
        yield router


@pytest.fixture
def write_config(tmp_path: Path) -> Any:
    def write(text: str) -> Path:
        path = tmp_path / "litellm.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


async def send(mode: str, **kwargs: Any) -> Any:
    return await call_completion(mode, model=MODEL, messages=MESSAGES, **kwargs)


def last_request(router: respx.MockRouter) -> Any:
    calls = [route for route in router.routes if route.called]
    assert len(calls) == 1, [route.name for route in calls]
    return calls[0].calls.last.request


# -- precedence --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("layers", "expected"),
    [
        ((), TEST_KEY),
        (("file",), FILE_KEY),
        (("file", "call"), CALL_KEY),
        (("call",), CALL_KEY),
    ],
)
async def test_api_key_precedence(
    mode: str,
    hosts: respx.MockRouter,
    write_config: Any,
    layers: tuple[str, ...],
    expected: str,
) -> None:
    if "file" in layers:
        load_config(write_config(f"providers:\n  deepseek:\n    api_key: {FILE_KEY}\n"))
    kwargs = {"api_key": CALL_KEY} if "call" in layers else {}
    await send(mode, **kwargs)
    assert last_request(hosts).headers["authorization"] == f"Bearer {expected}"


@pytest.mark.parametrize(
    ("layers", "expected"),
    [
        ((), "default"),
        (("env",), "env"),
        (("env", "file"), "file"),
        (("file",), "file"),
        (("env", "file", "call"), "call"),
        (("env", "call"), "call"),
    ],
)
async def test_api_base_precedence(
    mode: str,
    hosts: respx.MockRouter,
    write_config: Any,
    monkeypatch: pytest.MonkeyPatch,
    layers: tuple[str, ...],
    expected: str,
) -> None:
    if "env" in layers:
        monkeypatch.setenv("DEEPSEEK_API_BASE", HOSTS["env"])
    if "file" in layers:
        load_config(write_config(f"providers:\n  deepseek:\n    api_base: {HOSTS['file']}\n"))
    kwargs = {"api_base": HOSTS["call"]} if "call" in layers else {}
    await send(mode, **kwargs)
    assert hosts[expected].call_count == 1
    last_request(hosts)


async def test_file_without_api_base_keeps_the_environment(
    mode: str, hosts: respx.MockRouter, write_config: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEEPSEEK_API_BASE", HOSTS["env"])
    load_config(write_config("providers:\n  deepseek:\n    timeout_seconds: 30\n"))
    await send(mode)
    assert hosts["env"].call_count == 1


@pytest.mark.parametrize(
    ("file_timeout", "call_timeout", "expected"),
    [(None, None, 600.0), (30, None, 30.0), (30, 5, 5.0), (None, 2.5, 2.5)],
)
async def test_timeout_precedence(
    mode: str,
    hosts: respx.MockRouter,
    write_config: Any,
    file_timeout: float | None,
    call_timeout: float | None,
    expected: float,
) -> None:
    if file_timeout is not None:
        load_config(write_config(f"providers:\n  deepseek:\n    timeout_seconds: {file_timeout}\n"))
    kwargs = {"timeout": call_timeout} if call_timeout is not None else {}
    await send(mode, **kwargs)
    timeout = last_request(hosts).extensions["timeout"]
    assert timeout["connect"] == expected
    assert timeout["read"] == expected


@pytest.mark.parametrize(
    ("file_retries", "call_retries", "expected_requests"),
    [(None, None, 3), (4, None, 5), (4, 0, 1), (0, None, 1), (0, 1, 2)],
)
async def test_max_retries_precedence(
    mode: str,
    deepseek_api: respx.MockRouter,
    sleeps: list[float],
    write_config: Any,
    file_retries: int | None,
    call_retries: int | None,
    expected_requests: int,
) -> None:
    route = deepseek_api.post("/chat/completions").respond(503, json={"error": {"message": "x"}})
    if file_retries is not None:
        load_config(write_config(f"providers:\n  deepseek:\n    max_retries: {file_retries}\n"))
    kwargs = {"num_retries": call_retries} if call_retries is not None else {}
    with pytest.raises(litellm_py.ServiceUnavailableError):
        await send(mode, **kwargs)
    assert route.call_count == expected_requests
    assert len(sleeps) == expected_requests - 1


async def test_file_headers_and_extra_params_are_sent(
    mode: str, deepseek_api: respx.MockRouter, write_config: Any
) -> None:
    route = deepseek_api.post("/chat/completions").respond(200, json=OK_BODY)
    load_config(
        write_config(
            "providers:\n"
            "  deepseek:\n"
            "    headers:\n"
            "      X-Team: search\n"
            "    extra_params:\n"
            "      reasoning_effort: high\n"
            "      max_tokens: 100\n"
        )
    )
    await send(mode, max_tokens=200)
    request = route.calls.last.request
    assert request.headers["x-team"] == "search"
    body = json.loads(request.content)
    assert body["reasoning_effort"] == "high"
    assert body["max_tokens"] == 200  # the call argument beats the file default


def test_reference_example_loads(write_config: Any) -> None:
    config = load_config(
        write_config(
            "providers:\n"
            "  deepseek:\n"
            '    api_key: "${DEEPSEEK_API_KEY}"\n'
            '    api_base: "https://api.deepseek.com"\n'
            "    timeout_seconds: 30\n"
            "    max_retries: 3\n"
            "    extra_params:\n"
            '      reasoning_effort: "high"\n'
        )
    )
    deepseek = config["deepseek"]
    assert isinstance(deepseek, DeepSeekConfig)
    assert deepseek.api_key is not None
    assert deepseek.api_key.get_secret_value() == TEST_KEY
    assert deepseek.timeout_seconds == 30
    assert deepseek.max_retries == 3
    assert deepseek.extra_params == {"reasoning_effort": "high"}


# -- ${VAR} expansion --------------------------------------------------------------------------


async def test_variables_are_expanded(
    mode: str, hosts: respx.MockRouter, write_config: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_DS_KEY", FILE_KEY)
    monkeypatch.setenv("MY_DS_HOST", "file.example.com")
    load_config(
        write_config(
            "providers:\n"
            "  deepseek:\n"
            "    api_key: ${MY_DS_KEY}\n"
            '    api_base: "https://${MY_DS_HOST}"\n'
        )
    )
    await send(mode)
    request = last_request(hosts)
    assert hosts["file"].call_count == 1
    assert request.headers["authorization"] == f"Bearer {FILE_KEY}"


@pytest.mark.parametrize(
    ("env_value", "expected"), [(None, "file"), ("", "file"), (HOSTS["call"], "call")]
)
async def test_default_used_when_variable_unset(
    mode: str,
    hosts: respx.MockRouter,
    write_config: Any,
    monkeypatch: pytest.MonkeyPatch,
    env_value: str | None,
    expected: str,
) -> None:
    if env_value is None:
        monkeypatch.delenv("MY_DS_BASE", raising=False)
    else:
        monkeypatch.setenv("MY_DS_BASE", env_value)
    load_config(
        write_config(f"providers:\n  deepseek:\n    api_base: ${{MY_DS_BASE:-{HOSTS['file']}}}\n")
    )
    await send(mode)
    assert hosts[expected].call_count == 1


def test_expand_vars_pure() -> None:
    env = {"A": "1", "B": "two"}
    value = {"x": "${A}-${B}", "y": ["${C:-dflt}", 3, None], "z": {"w": "${C:-}"}}
    assert expand_vars(value, env) == {"x": "1-two", "y": ["dflt", 3, None], "z": {"w": ""}}
    assert expand_vars("no vars $A {B}", env) == "no vars $A {B}"


def test_missing_variable_is_named(write_config: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    path = write_config("providers:\n  deepseek:\n    api_key: ${NOT_SET_ANYWHERE}\n")
    with pytest.raises(ConfigurationError, match="NOT_SET_ANYWHERE") as info:
        load_config(path)
    assert "api_key" in str(info.value)


# -- invalid files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("provider:\n  deepseek: {}\n", "'provider'"),
        ("providers:\n  deepseek:\n    api_keyy: x\n", "'api_keyy'"),
        ("providers:\n  deepseek:\n    timeout: 30\n", "'timeout'"),
        ("providers:\n  deepseek:\n    extra_params: {}\n    bogus: 1\n", "'bogus'"),
    ],
)
def test_unknown_key_is_named(write_config: Any, text: str, named: str) -> None:
    with pytest.raises(ConfigurationError, match=named):
        load_config(write_config(text))


def test_unknown_provider_is_named(write_config: Any) -> None:
    with pytest.raises(ConfigurationError, match="'nosuchprovider'") as info:
        load_config(write_config("providers:\n  nosuchprovider:\n    api_key: x\n"))
    assert "deepseek" in str(info.value)


def test_an_openai_wire_provider_takes_a_config_section(write_config: Any) -> None:
    load_config(write_config("providers:\n  groq:\n    api_key: gsk-config-123456\n"))
    from litellm_py._registry import get_provider

    assert get_provider("groq").settings().key() == "gsk-config-123456"


def test_wrong_type_names_the_field(write_config: Any) -> None:
    with pytest.raises(ConfigurationError, match="timeout_seconds"):
        load_config(write_config("providers:\n  deepseek:\n    timeout_seconds: soon\n"))


def test_unreadable_and_invalid_files(tmp_path: Path, write_config: Any) -> None:
    with pytest.raises(ConfigurationError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")
    with pytest.raises(ConfigurationError, match="YAML"):
        load_config(write_config("providers: [unclosed\n"))
    with pytest.raises(ConfigurationError, match="mapping"):
        load_config(write_config("- just\n- a list\n"))


async def test_a_failed_load_applies_nothing(
    mode: str, hosts: respx.MockRouter, write_config: Any
) -> None:
    path = write_config(f"providers:\n  deepseek:\n    api_base: {HOSTS['file']}\n    bogus: 1\n")
    with pytest.raises(ConfigurationError):
        load_config(path)
    await send(mode)
    assert hosts["default"].call_count == 1


# -- missing or invalid settings at call time --------------------------------------------------


@pytest.mark.parametrize("value", [None, ""])
async def test_missing_api_key_names_the_variable_before_any_request(
    mode: str, deepseek_api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv("DEEPSEEK_API_KEY")
    else:
        monkeypatch.setenv("DEEPSEEK_API_KEY", value)
    route = deepseek_api.post("/chat/completions").respond(200, json=OK_BODY)
    with pytest.raises(ConfigurationError, match="DEEPSEEK_API_KEY"):
        await send(mode)
    assert route.call_count == 0


@pytest.mark.parametrize("base", ["api.deepseek.com", "ftp://api.deepseek.com", ""])
async def test_invalid_api_base_argument(
    mode: str, deepseek_api: respx.MockRouter, base: str
) -> None:
    route = deepseek_api.post("/chat/completions").respond(200, json=OK_BODY)
    if base:
        with pytest.raises(ConfigurationError, match="api_base"):
            await send(mode, api_base=base)
        assert route.call_count == 0
    else:  # an empty argument means "not given"
        await send(mode, api_base=base)
        assert route.call_count == 1


async def test_invalid_api_base_environment_is_named(
    mode: str, deepseek_api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEEPSEEK_API_BASE", "api.deepseek.com")
    route = deepseek_api.post("/chat/completions").respond(200, json=OK_BODY)
    with pytest.raises(ConfigurationError, match="DEEPSEEK_API_BASE"):
        await send(mode)
    assert route.call_count == 0


@pytest.mark.parametrize(
    ("kwargs", "named"), [({"timeout": 0}, "timeout"), ({"num_retries": -1}, "num_retries")]
)
async def test_invalid_timeout_and_retries_arguments(
    mode: str, deepseek_api: respx.MockRouter, kwargs: dict[str, Any], named: str
) -> None:
    route = deepseek_api.post("/chat/completions").respond(200, json=OK_BODY)
    with pytest.raises(ConfigurationError, match=named):
        await send(mode, **kwargs)
    assert route.call_count == 0


# -- DeepSeekConfig ----------------------------------------------------------------------------


def test_from_env_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    config = DeepSeekConfig.from_env()
    assert config.api_key is not None
    assert config.api_key.get_secret_value() == TEST_KEY
    assert config.api_base == "https://api.deepseek.com"
    assert config.timeout_seconds == 600
    assert config.max_retries == 2
    assert config.validate() is config

    monkeypatch.setenv("DEEPSEEK_API_BASE", HOSTS["env"])
    assert DeepSeekConfig.from_env().api_base == HOSTS["env"]
    explicit = DeepSeekConfig.from_env({"DEEPSEEK_API_KEY": FILE_KEY})
    assert explicit.api_key is not None
    assert explicit.api_key.get_secret_value() == FILE_KEY
    assert explicit.api_base == "https://api.deepseek.com"


def test_validate_names_the_missing_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPSEEK_API_KEY")
    config = DeepSeekConfig.from_env()
    assert config.api_key is None
    with pytest.raises(ConfigurationError, match="DEEPSEEK_API_KEY"):
        config.validate()


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"api_base": "api.deepseek.com"}, "api_base"),
        ({"api_base": "ftp://api.deepseek.com"}, "DEEPSEEK_API_BASE"),
        ({"timeout_seconds": 0}, "timeout"),
        ({"timeout_seconds": -5}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
    ],
)
def test_validate_names_the_field(fields: dict[str, Any], named: str) -> None:
    config = DeepSeekConfig(api_key=TEST_KEY, **fields)
    with pytest.raises(ConfigurationError, match=named):
        config.validate()


def test_config_rejects_unknown_fields() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="api_keyy"):
        DeepSeekConfig(api_keyy=TEST_KEY)  # type: ignore[call-arg]
