"""Model lookup across providers and the public capability questions (`supports_*`).

A model string (``"<provider>/<id>"`` or a bare id) resolves to its provider, whose registry
describes the model. Unknown models are an error for `get_model_info`, False for `supports_*`.
"""

from __future__ import annotations

from litellm_py._model_info import ModelFeature, ModelInfo, ModelRegistry
from litellm_py._registry import all_providers, get_provider, resolve_model
from litellm_py.exceptions import LiteLLMError

__all__ = [
    "get_model_info",
    "lookup_model",
    "supports_function_calling",
    "supports_json_mode",
    "supports_reasoning",
    "supports_vision",
]


def lookup_model(model: str) -> tuple[ModelRegistry, ModelInfo]:
    """The registry that knows `model` and the model's `ModelInfo`.

    Raises:
        ValueError: no registered provider knows the model; the message lists known ids.
    """
    try:
        provider, model_id = resolve_model(model)
    except LiteLLMError as exc:
        raise ValueError(_unknown_message(model)) from exc
    registry = provider.model_registry()
    info = registry.get(model_id) if registry is not None else None
    if registry is None or info is None:
        raise ValueError(_unknown_message(model))
    return registry, info


def _unknown_message(model: str) -> str:
    return f"Unknown model {model!r}. Known models: {', '.join(_known_ids()) or 'none'}."


def _known_ids() -> list[str]:
    """Usable (current and alias) model ids of every registered provider, prefixed."""
    ids: list[str] = []
    for name in all_providers():
        try:
            registry = get_provider(name).model_registry()
        except Exception:  # a broken provider must not hide the real error
            continue
        if registry is not None:
            ids.extend(f"{name}/{m.id}" for m in registry.models(include_retired=False))
    return ids


def get_model_info(model: str) -> ModelInfo:
    """What `model` is, can do and costs.

    Args:
        model: ``"<provider>/<id>"`` (e.g. ``"deepseek/deepseek-flash"``) or a bare known id.

    Returns:
        The model's `ModelInfo` (retired ids and aliases included).

    Raises:
        ValueError: the model is unknown; the message lists the known ids.
    """
    return lookup_model(model)[1]


def _supports(model: str, feature: ModelFeature) -> bool:
    try:
        info = lookup_model(model)[1]
    except ValueError:
        return False
    return feature in info.features


def supports_reasoning(model: str) -> bool:
    """Whether `model` has a thinking (reasoning) mode; False for unknown models."""
    return _supports(model, ModelFeature.REASONING_MODE)


def supports_function_calling(model: str) -> bool:
    """Whether `model` accepts ``tools``; False for unknown models."""
    return _supports(model, ModelFeature.FUNCTION_CALLING)


def supports_vision(model: str) -> bool:
    """Whether `model` accepts image input; False for unknown models."""
    return _supports(model, ModelFeature.VISION)


def supports_json_mode(model: str) -> bool:
    """Whether `model` has JSON Output (``response_format={"type": "json_object"}``).

    False for unknown models.
    """
    return _supports(model, ModelFeature.JSON_MODE)
