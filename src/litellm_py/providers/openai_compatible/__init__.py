"""The OpenAI Chat Completions wire, once: request, messages, parameter checks, errors, chunks.

`OpenAICompatibleProvider` is the base every OpenAI-wire provider subclasses; `ChatRules` is the
data that tells one compatible API from another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from litellm_py._lazy import lazy_exports

if TYPE_CHECKING:
    from litellm_py.providers.openai_compatible.params import ChatRules
    from litellm_py.providers.openai_compatible.provider import OpenAICompatibleProvider

__all__ = ["ChatRules", "OpenAICompatibleProvider"]

_LAZY = {
    "ChatRules": "litellm_py.providers.openai_compatible.params",
    "OpenAICompatibleProvider": "litellm_py.providers.openai_compatible.provider",
}


__getattr__ = lazy_exports(__name__, _LAZY)
