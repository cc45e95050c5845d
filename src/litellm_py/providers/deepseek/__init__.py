"""The DeepSeek provider: config, client, errors, model registry, streaming, provider class."""

from __future__ import annotations

from typing import TYPE_CHECKING

from litellm_py._lazy import lazy_exports

if TYPE_CHECKING:
    from litellm_py._model_info import ModelFeature
    from litellm_py.providers.deepseek.config import DeepSeekConfig
    from litellm_py.providers.deepseek.models import get_deepseek_registry
    from litellm_py.providers.deepseek.provider import DeepSeekProvider

__all__ = ["DeepSeekConfig", "DeepSeekProvider", "ModelFeature", "get_deepseek_registry"]

_LAZY = {
    "DeepSeekConfig": "litellm_py.providers.deepseek.config",
    "DeepSeekProvider": "litellm_py.providers.deepseek.provider",
    "ModelFeature": "litellm_py._model_info",
    "get_deepseek_registry": "litellm_py.providers.deepseek.models",
}


__getattr__ = lazy_exports(__name__, _LAZY)
