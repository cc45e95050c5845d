"""What a provider author needs: the base classes, the call and settings types.

A new OpenAI-compatible host is a subclass of `OpenAICompatibleProvider` that sets a name, the
environment variable names (`EnvNames`) and a base URL; any other wire subclasses `BaseProvider`
and implements `build_request` / `parse_response` (and `error_from_response` if its error
bodies are not OpenAI-shaped). Register it with `litellm_py.register_provider`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from litellm_py._lazy import lazy_exports

if TYPE_CHECKING:
    from litellm_py._call import Call
    from litellm_py._settings import ClientSettings, EnvNames
    from litellm_py.providers.base import BaseProvider
    from litellm_py.providers.openai_compatible.params import ChatRules
    from litellm_py.providers.openai_compatible.provider import OpenAICompatibleProvider

__all__ = [
    "BaseProvider",
    "Call",
    "ChatRules",
    "ClientSettings",
    "EnvNames",
    "OpenAICompatibleProvider",
]

_LAZY = {
    "BaseProvider": "litellm_py.providers.base",
    "Call": "litellm_py._call",
    "ChatRules": "litellm_py.providers.openai_compatible.params",
    "ClientSettings": "litellm_py._settings",
    "EnvNames": "litellm_py._settings",
    "OpenAICompatibleProvider": "litellm_py.providers.openai_compatible.provider",
}

__getattr__ = lazy_exports(__name__, _LAZY)
