"""`DeepSeekConfig`: the validated, documented form of DeepSeek's connection settings.

Used by `load_config` for the `providers.deepseek` section and by users who want to check their
environment up front; the call path itself resolves settings without importing pydantic.
"""

from __future__ import annotations

from typing import ClassVar

from litellm_py._provider_config import ProviderConfig
from litellm_py._settings import EnvNames
from litellm_py.providers.deepseek.client import DEFAULT_API_BASE, ENV

__all__ = ["DeepSeekConfig"]


class DeepSeekConfig(ProviderConfig):
    """Connection settings for DeepSeek.

    Attributes:
        api_key: the API key (never printed).
        api_base: base URL, default ``https://api.deepseek.com``.
        timeout_seconds: total deadline of one attempt.
        headers: extra headers sent with every request.
        max_retries: retries after the first attempt (default 2).
        extra_params: default per-call parameters, e.g. ``{"reasoning_effort": "high"}``.
    """

    env: ClassVar[EnvNames] = ENV
    api_base: str = DEFAULT_API_BASE
