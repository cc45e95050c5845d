"""Anthropic's model registry (from ``models.json``): limits, features, prices incl. cache writes.

The data file is read on the first `get_anthropic_registry()` call, never at import.
"""

from __future__ import annotations

from typing import Any

from litellm_py._model_data import PackagedRegistry
from litellm_py._model_info import ModelFeature
from litellm_py.exceptions import UnsupportedParamsError

__all__ = [
    "ANTHROPIC_BASELINE_FEATURES",
    "default_max_tokens",
    "get_anthropic_registry",
    "server_models",
]

ANTHROPIC_BASELINE_FEATURES: frozenset[ModelFeature] = frozenset(
    {ModelFeature.FUNCTION_CALLING, ModelFeature.STREAMING, ModelFeature.SYSTEM_MESSAGES}
)
"""What every Messages API model has; models first seen in ``GET /v1/models`` start with these."""

get_anthropic_registry = PackagedRegistry(
    "litellm_py.providers.anthropic", "models.json", ANTHROPIC_BASELINE_FEATURES
)
"""The process-wide registry of Anthropic models (the data file is read on first use)."""


def default_max_tokens(provider: str, model_id: str) -> int:
    """`max_tokens` for a request that gave none: the registry's default for the model.

    Raises:
        UnsupportedParamsError: the model is unknown, so no default is known (the Messages API
            requires `max_tokens`).
    """
    info = get_anthropic_registry().get(model_id)
    default = info.default_output_tokens.get("default") if info is not None else None
    if default is None:
        raise UnsupportedParamsError(
            f"The Messages API requires max_tokens and {model_id!r} is not in the model "
            "registry, so no default is known: pass max_tokens=... (e.g. max_tokens=4096).",
            param="max_tokens",
            provider=provider,
            model=model_id,
        )
    limit = info.max_output_tokens if info is not None else None
    return min(default, limit) if limit else default


def server_models(entries: list[Any]) -> list[dict[str, Any]]:
    """`GET /v1/models` entries (`id`, `display_name`, ...) in the registry's merge format."""
    merged = []
    for entry in entries:
        if isinstance(entry, dict):
            name = entry.get("display_name")
            merged.append({**entry, "name": name} if isinstance(name, str) else entry)
    return merged
