"""DeepSeek's model registry (from ``models.json``) and the retired / legacy model-id messages.

The data file is read on the first `get_deepseek_registry()` call, never at import.
"""

from __future__ import annotations

import json
import threading

from litellm_py._model_data import package_text, registry_from_document
from litellm_py._model_info import ModelFeature, ModelInfo, ModelRegistry
from litellm_py._warnings import warn_user

__all__ = [
    "DEEPSEEK_BASELINE_FEATURES",
    "ModelFeature",
    "get_deepseek_registry",
    "replacement_hint",
    "retirement_warning",
    "warn_if_retired",
]

_DATA_PACKAGE = "litellm_py.providers.deepseek"
_DATA_FILE = "models.json"

DEEPSEEK_BASELINE_FEATURES: frozenset[ModelFeature] = frozenset(
    {
        ModelFeature.FUNCTION_CALLING,
        ModelFeature.STREAMING,
        ModelFeature.SYSTEM_MESSAGES,
        ModelFeature.JSON_MODE,
    }
)
"""What every DeepSeek chat model has; models first seen in ``GET /models`` start with these."""

_registry: ModelRegistry | None = None
_registry_lock = threading.Lock()
_warned: set[str] = set()
_warned_lock = threading.Lock()


def get_deepseek_registry() -> ModelRegistry:
    """The process-wide registry of DeepSeek models (loaded from the data file on first use)."""
    global _registry
    if _registry is None:
        with _registry_lock:
            if _registry is None:
                text = package_text(_DATA_PACKAGE, _DATA_FILE)
                _registry = registry_from_document(
                    json.loads(text), baseline_features=DEEPSEEK_BASELINE_FEATURES
                )
    return _registry


def _replacement(info: ModelInfo) -> str:
    if not info.replaced_by:
        return ""
    note = f" ({info.replacement_note})" if info.replacement_note else ""
    return f"use {info.replaced_by}{note}"


def _retired_on(info: ModelInfo) -> str:
    return f" on {info.retired_at:%Y-%m-%d}" if info.retired_at is not None else ""


def retirement_warning(model_id: str) -> str | None:
    """The warning for calling a retired DeepSeek id, or None if the id is not retired.

    Example: ``"deepseek-chat was retired on 2026-07-24 and now fails; use deepseek-flash
    (with thinking disabled for deepseek-chat's behaviour)"``.
    """
    info = get_deepseek_registry().get(model_id)
    if info is None or info.status != "retired":
        return None
    replacement = _replacement(info)
    suffix = f"; {replacement}" if replacement else ""
    return f"{info.id} was retired{_retired_on(info)} and now fails{suffix}"


def replacement_hint(model_id: str) -> str | None:
    """A sentence to append to a server error about a retired or legacy id, else None."""
    info = get_deepseek_registry().get(model_id)
    if info is None:
        return None
    if info.status == "retired":
        replacement = _replacement(info)
        then = f"; {replacement} instead" if replacement else ""
        return f"{info.id} was retired{_retired_on(info)}{then}."
    if info.status == "alias" and info.served_by:
        return (
            f"{info.id} is a legacy name served by {info.served_by}; use {info.served_by} instead."
        )
    return None


def warn_if_retired(model_id: str) -> None:
    """Emit a `DeprecationWarning` for a retired id, once per id per process.

    The warning points at the first caller outside litellm_py.

    Args:
        model_id: the DeepSeek model id (bare or ``"deepseek/"``-prefixed).
    """
    info = get_deepseek_registry().get(model_id)
    if info is None or info.status != "retired":  # every call asks: answer cheaply
        return
    message = retirement_warning(model_id)
    if message is None:
        return
    with _warned_lock:
        if info.id in _warned:
            return
        _warned.add(info.id)
    warn_user(message, DeprecationWarning)


def _reset_warned() -> None:
    """Forget which ids have warned (tests)."""
    with _warned_lock:
        _warned.clear()
