"""Model ids the server accepts, and the `/models` and `/user/balance` payloads (reference §6)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any, Literal

ModelsFormat = Literal["current", "legacy"]

# Legacy aliases still accepted and answered as the model that serves them (reference §0, §9.9).
ALIASES: dict[str, str] = {
    "deepseek-v4-flash": "deepseek-flash",
    "deepseek-v4-flash-vision-exp": "deepseek-flash",
}
LISTED_MODELS: tuple[str, ...] = ("deepseek-flash", "deepseek-v4-pro")
TEXT_ONLY_MODELS: frozenset[str] = frozenset({"deepseek-v4-pro"})
MAX_TOKENS_LIMIT = 393216
SYSTEM_FINGERPRINT = "fp_5e1f0c2a7b_prod0820_fp8_kvcache_loopback"

# Verbatim from api-docs.deepseek.com/api/list-models (reference §6.1).
_CURRENT_MODELS: list[dict[str, Any]] = [
    {
        "id": "deepseek-flash",
        "object": "model",
        "owned_by": "deepseek",
        "name": "DeepSeek-V4.1-Flash",
        "context_window": 1048576,
        "max_output_tokens": 393216,
        "input_modalities": ["text", "image"],
        "output_modalities": ["text"],
        "effort": {"supported_levels": ["low", "high", "max"], "default_level": "high"},
        "api_capabilities": {"anthropic_messages": {"system_prompt_update": "in-history"}},
    },
    {
        "id": "deepseek-v4-pro",
        "object": "model",
        "owned_by": "deepseek",
        "name": "DeepSeek-V4-Pro",
        "context_window": 1048576,
        "max_output_tokens": 393216,
        "input_modalities": ["text"],
        "output_modalities": ["text"],
        "effort": {"supported_levels": ["low", "high", "max"], "default_level": "high"},
        "api_capabilities": {"anthropic_messages": {"system_prompt_update": "leading-only"}},
    },
]

# Verbatim from api-docs.deepseek.com/api/get-user-balance (reference §6.2).
DEFAULT_BALANCE: dict[str, Any] = {
    "is_available": True,
    "balance_infos": [
        {
            "currency": "CNY",
            "total_balance": "110.00",
            "granted_balance": "10.00",
            "topped_up_balance": "100.00",
        }
    ],
}


class Catalog:
    """The models one server instance knows about."""

    def __init__(self, models_format: ModelsFormat, extra_models: Iterable[str] = ()) -> None:
        if models_format not in ("current", "legacy"):
            raise ValueError("models_format must be 'current' or 'legacy'")
        self.models_format = models_format
        self.extra_models = tuple(extra_models)

    def accepts(self, model: str) -> bool:
        return model in LISTED_MODELS or model in ALIASES or model in self.extra_models

    @staticmethod
    def served_name(model: str) -> str:
        """The `model` value a response carries for a requested id."""
        return ALIASES.get(model, model)

    def _entry(self, model_id: str) -> dict[str, Any]:
        for entry in _CURRENT_MODELS:
            if entry["id"] == model_id:
                found = copy.deepcopy(entry)
                break
        else:
            found = {"id": model_id, "object": "model", "owned_by": "deepseek"}
        if self.models_format == "legacy":
            return {key: found[key] for key in ("id", "object", "owned_by")}
        return found

    def models_payload(self) -> dict[str, Any]:
        ids = [*LISTED_MODELS, *self.extra_models]
        return {"object": "list", "data": [self._entry(model_id) for model_id in ids]}

    def model_payload(self, model_id: str) -> dict[str, Any] | None:
        if model_id not in LISTED_MODELS and model_id not in self.extra_models:
            return None
        return self._entry(model_id)
