"""LiteLLM's spellings of the helpers (API.md §12): provider lookup, environment check,
`model_cost` / `model_list`, and a model's facts under LiteLLM's dictionary keys.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, overload

from litellm_py._model_info import ModelFeature
from litellm_py._registry import all_providers, get_provider, resolve_model, with_provider
from litellm_py.exceptions import ConfigurationError

if TYPE_CHECKING:
    from litellm_py._model_info import ModelInfo, ModelRegistry

__all__ = [
    "estimate_message_tokens",
    "estimate_tokens",
    "estimate_usage",
    "get_llm_provider",
    "litellm_model_info",
    "model_cost",
    "model_list",
    "validate_environment",
]

_PER_TOKEN = 1_000_000
# ModelFeature -> LiteLLM's `supports_*` keys (model_prices_and_context_window.json).
_SUPPORTS: dict[str, ModelFeature] = {
    "supports_function_calling": ModelFeature.FUNCTION_CALLING,
    "supports_tool_choice": ModelFeature.FUNCTION_CALLING,
    "supports_parallel_function_calling": ModelFeature.FUNCTION_CALLING,
    "supports_vision": ModelFeature.VISION,
    "supports_reasoning": ModelFeature.REASONING_MODE,
    "supports_response_schema": ModelFeature.JSON_MODE,
    "supports_system_messages": ModelFeature.SYSTEM_MESSAGES,
    "supports_native_streaming": ModelFeature.STREAMING,
    "supports_assistant_prefill": ModelFeature.PREFIX_COMPLETION,
}


def get_llm_provider(
    model: str,
    custom_llm_provider: str | None = None,
    api_base: str | None = None,
    api_key: str | None = None,
) -> tuple[str, str, str | None, str]:
    """LiteLLM's `get_llm_provider`: ``(model_id, provider, api_key or None, api_base)``.

    The key and base URL are the ones a call would use (arguments, config file, environment,
    defaults); the key is None when none is configured.
    """
    provider, model_id = resolve_model(with_provider(model, custom_llm_provider))
    try:
        settings = provider.settings(api_key=api_key, api_base=api_base)
    except ConfigurationError:
        env = provider.env
        base = api_base or os.environ.get(env.api_base) or env.default_api_base
        return model_id, provider.name, None, base.rstrip("/")
    return model_id, provider.name, settings.key(), settings.api_base


def validate_environment(model: str) -> dict[str, Any]:
    """LiteLLM's `validate_environment`: whether the variables the provider needs are set.

    The key variable counts only for a provider that needs a key (not local servers); the
    base-URL variable counts for a provider without a default URL.
    """
    provider, _ = resolve_model(model)
    env = provider.env
    needed = [env.api_key] if env.key_required else []
    if not env.default_api_base:
        needed.append(env.api_base)
    missing = [name for name in needed if not os.environ.get(name)]
    return {"keys_in_environment": not missing, "missing_keys": missing}


def litellm_model_info(info: ModelInfo, registry: ModelRegistry | None = None) -> dict[str, Any]:
    """`info` under LiteLLM's keys; prices are USD per token at the current instant."""
    from litellm_py.cost import prices_at  # deferred: cost imports the model data layer

    try:
        hit, miss, output = prices_at(info, datetime.now(timezone.utc), registry)
        prices: dict[str, Any] = {
            "input_cost_per_token": float(miss) / _PER_TOKEN,
            "output_cost_per_token": float(output) / _PER_TOKEN,
            "cache_read_input_token_cost": float(hit) / _PER_TOKEN,
        }
    except ValueError:  # retired, or no schedule covers today
        prices = dict.fromkeys(
            ("input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost")
        )
    return {
        "key": info.id,
        "litellm_provider": info.provider,
        "mode": "chat",
        "max_tokens": info.max_output_tokens,
        "max_input_tokens": info.context_window,
        "max_output_tokens": info.max_output_tokens,
        **prices,
        **{key: feature in info.features for key, feature in _SUPPORTS.items()},
    }


def _registries() -> Iterator[tuple[str, ModelRegistry]]:
    for name in all_providers():
        registry = get_provider(name).model_registry()
        if registry is not None:
            yield name, registry


class _ModelCost(Mapping[str, dict[str, Any]]):
    """`litellm_py.model_cost`: ``"<provider>/<id>"`` -> LiteLLM's info dict, read live."""

    def __getitem__(self, model: str) -> dict[str, Any]:
        for name, registry in _registries():
            prefix = f"{name}/"
            if model.startswith(prefix):
                info = registry.get(model[len(prefix) :])
                if info is not None:
                    return litellm_model_info(info, registry)
        raise KeyError(model)

    def __iter__(self) -> Iterator[str]:
        for name, registry in _registries():
            for info in registry.models(include_retired=True):
                yield f"{name}/{info.id}"

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"model_cost({len(self)} models)"


class _ModelList(Sequence[str]):
    """`litellm_py.model_list`: every usable ``"<provider>/<id>"``, read live."""

    def _current(self) -> list[str]:
        return [
            f"{name}/{info.id}"
            for name, registry in _registries()
            for info in registry.models(include_retired=False)
        ]

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        return self._current()[index]

    def __len__(self) -> int:
        return len(self._current())

    def __eq__(self, other: object) -> bool:
        return list(self) == other if isinstance(other, list) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._current())


model_cost: Mapping[str, dict[str, Any]] = _ModelCost()
model_list: Sequence[str] = _ModelList()


def estimate_tokens(text: str) -> int:
    """A token estimate without a tokenizer: DeepSeek's rule of thumb (reference §token usage),
    about 0.3 token per ASCII character and 0.6 per other character."""
    if not text:
        return 0
    ascii_chars = sum(1 for ch in text if ch.isascii())
    return max(1, round(0.3 * ascii_chars + 0.6 * (len(text) - ascii_chars)))


def estimate_message_tokens(messages: Sequence[Any]) -> int:
    """`estimate_tokens` over the text of chat messages (dicts or `Message` objects)."""
    total = 0
    for message in messages:
        content = message.get("content") if hasattr(message, "get") else None
        if isinstance(content, str):
            total += estimate_tokens(content)
        elif isinstance(content, list):
            total += sum(
                estimate_tokens(part.get("text") or "") for part in content if hasattr(part, "get")
            )
    return total


def estimate_usage(response: Any, messages: Sequence[Any]) -> dict[str, int]:
    """Usage for an assembled response that carried none: prompt from `messages`, completion
    from the text, reasoning and tool-call arguments the response holds."""
    completion = 0
    for choice in response.get("choices") or []:
        message = choice.get("message") or {}
        parts = [choice.get("text"), message.get("content"), message.get("reasoning_content")]
        parts += [
            (call.get("function") or {}).get("arguments")
            for call in message.get("tool_calls") or []
        ]
        completion += sum(estimate_tokens(p) for p in parts if isinstance(p, str))
    prompt = estimate_message_tokens(messages)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
