"""The Anthropic provider: Messages API config, client, errors, models, translation, streaming."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from litellm_py.providers.anthropic.models import get_anthropic_registry
    from litellm_py.providers.anthropic.provider import AnthropicProvider

__all__ = ["AnthropicProvider", "get_anthropic_registry"]

_LAZY = {
    "AnthropicProvider": "litellm_py.providers.anthropic.provider",
    "get_anthropic_registry": "litellm_py.providers.anthropic.models",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
