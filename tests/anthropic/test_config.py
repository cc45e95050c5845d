"""`providers.anthropic` in a config file, and `AnthropicConfig` on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

import litellm_py
from litellm_py import ConfigurationError
from litellm_py.providers.anthropic.config import AnthropicConfig
from litellm_py.testing import DeepSeekTestServer
from tests.anthropic.conftest import ANTHROPIC_KEY


def test_config_file_section_is_applied(
    tmp_path: Path, server: DeepSeekTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_ANTHROPIC_KEY", ANTHROPIC_KEY)
    path = tmp_path / "litellm.yaml"
    path.write_text(
        "providers:\n  anthropic:\n"
        "    api_key: ${MY_ANTHROPIC_KEY}\n"
        f"    api_base: {server.url}/anthropic\n"
        "    headers: {anthropic-beta: test-beta}\n"
        "    extra_params: {temperature: 0.3, max_tokens: 77}\n",
        encoding="utf-8",
    )
    loaded = litellm_py.load_config(path)
    assert isinstance(loaded["anthropic"], AnthropicConfig)
    assert ANTHROPIC_KEY not in repr(loaded["anthropic"])
    resp = litellm_py.completion(
        model="anthropic/claude-haiku-4-5", messages=[{"role": "user", "content": "cfg"}]
    )
    sent = server.last_request
    assert sent.path == "/anthropic/v1/messages"
    assert sent.headers["anthropic-beta"] == "test-beta"
    assert (sent.json["temperature"], sent.json["max_tokens"]) == (0.3, 77)
    assert resp.choices[0].message.content == "You said: cfg"


def test_unknown_key_is_named(tmp_path: Path) -> None:
    path = tmp_path / "litellm.yaml"
    path.write_text("providers:\n  anthropic:\n    api_token: x\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"unknown key .api_token. in providers\.anthr"):
        litellm_py.load_config(path)


def test_from_env_and_validate_name_the_variables() -> None:
    config = AnthropicConfig.from_env({"ANTHROPIC_BASE_URL": "https://proxy.example/anthropic"})
    assert config.api_base == "https://proxy.example/anthropic"
    with pytest.raises(ConfigurationError, match="ANTHROPIC_API_KEY"):
        config.validate()
    settings = AnthropicConfig(api_key="sk-ant-x-123456").validate().to_settings()
    assert settings.api_base == "https://api.anthropic.com"
