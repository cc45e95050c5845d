"""`AnthropicConfig`: the validated form of the Anthropic provider's connection settings."""

from __future__ import annotations

from typing import ClassVar

from litellm_py._provider_config import ProviderConfig
from litellm_py._settings import EnvNames
from litellm_py.providers.anthropic.client import DEFAULT_API_BASE, ENV

__all__ = ["AnthropicConfig"]


class AnthropicConfig(ProviderConfig):
    """Connection settings for Anthropic (`providers.anthropic` in a config file).

    `from_env()` reads `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL`; `api_base` defaults to
    ``https://api.anthropic.com``; the other fields are `ProviderConfig`'s.
    """

    env: ClassVar[EnvNames] = ENV
    api_base: str = DEFAULT_API_BASE
