"""OpenAI's Chat Completions: the OpenAI-compatible layer plus OpenAI's env, params and prices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from litellm_py._lazy import lazy_exports

if TYPE_CHECKING:
    from litellm_py.providers.openai.provider import OpenAIProvider, get_openai_registry

__all__ = ["OpenAIProvider", "get_openai_registry"]

_LAZY = {
    "OpenAIProvider": "litellm_py.providers.openai.provider",
    "get_openai_registry": "litellm_py.providers.openai.provider",
}

__getattr__ = lazy_exports(__name__, _LAZY)
