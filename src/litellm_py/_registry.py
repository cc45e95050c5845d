"""Provider name -> provider class or factory, with lazy imports and model-string resolution.

`"<provider>/<model>"` splits on the first "/"; a bare model id goes to the provider that knows it.
Provider modules are imported only when a call first needs them.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable

from litellm_py.exceptions import ProviderNotFoundError
from litellm_py.providers.base import BaseProvider

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_PROVIDER",
    "all_providers",
    "get_provider",
    "register_provider",
    "resolve_model",
]

ProviderFactory = Callable[[], BaseProvider]

# Built-in providers as "module:attribute" so that nothing is imported until used.
# The registry table: the only place outside a provider's package that names providers.
_HOSTS = "litellm_py.providers.openai_compatible.hosts"
_FACTORIES: dict[str, ProviderFactory | str] = {
    "anthropic": "litellm_py.providers.anthropic.provider:AnthropicProvider",
    "deepseek": "litellm_py.providers.deepseek.provider:DeepSeekProvider",
    "openai": "litellm_py.providers.openai.provider:OpenAIProvider",
    "fireworks_ai": f"{_HOSTS}:fireworks_ai",
    "groq": f"{_HOSTS}:groq",
    "hosted_vllm": f"{_HOSTS}:hosted_vllm",
    "lm_studio": f"{_HOSTS}:lm_studio",
    "mistral": f"{_HOSTS}:mistral",
    "moonshot": f"{_HOSTS}:moonshot",
    "ollama_chat": f"{_HOSTS}:ollama_chat",
    "openai_compatible": f"{_HOSTS}:openai_compatible",
    "openrouter": f"{_HOSTS}:openrouter",
    "together_ai": f"{_HOSTS}:together_ai",
    "xai": f"{_HOSTS}:xai",
}
DEFAULT_PROVIDER = "deepseek"
"""The provider of `list_models()` / `get_balance()` called without one (API.md §3)."""
DEFAULT_MODEL = "deepseek/deepseek-flash"
"""The model of calls that take one only to pick a provider (the files endpoints)."""
_INSTANCES: dict[str, BaseProvider] = {}
_RESOLVED: dict[str, tuple[BaseProvider, str]] = {}
_LOCK = threading.Lock()


def register_provider(
    name: str, provider_class_or_factory: type[BaseProvider] | ProviderFactory
) -> None:
    """Make `completion(model="<name>/...")` use this provider.

    Args:
        name: the model-string prefix, e.g. ``"myproxy"`` (no "/").
        provider_class_or_factory: a `BaseProvider` subclass, or a callable returning an instance.
    """
    if not name or "/" in name:
        raise ValueError(f"provider name must be non-empty and contain no '/': {name!r}")
    if not callable(provider_class_or_factory):
        raise TypeError("register_provider needs a BaseProvider subclass or a factory callable")
    with _LOCK:
        _FACTORIES[name] = provider_class_or_factory
        _INSTANCES.pop(name, None)
        _RESOLVED.clear()


def _build(factory: ProviderFactory | str) -> BaseProvider:
    if isinstance(factory, str):
        module_name, _, attr = factory.partition(":")
        factory = getattr(importlib.import_module(module_name), attr)
    provider = factory()  # type: ignore[operator]
    if not isinstance(provider, BaseProvider):
        raise TypeError(f"provider factory returned {type(provider).__name__}, not a BaseProvider")
    return provider


def get_provider(name: str) -> BaseProvider:
    """The (cached) provider instance registered under `name`."""
    provider = _INSTANCES.get(name)
    if provider is not None:
        return provider
    with _LOCK:
        if name not in _FACTORIES:
            raise _not_found(name)
        provider = _INSTANCES.get(name)
        if provider is None:
            provider = _INSTANCES[name] = _build(_FACTORIES[name])
            if provider.name != name:
                # Registered under another prefix: errors and calls are labelled with that one.
                provider.name = name  # type: ignore[misc]
    return provider


def all_providers() -> list[str]:
    """Registered provider names, sorted."""
    return sorted(_FACTORIES)


def _not_found(name: str, model: str | None = None) -> ProviderNotFoundError:
    what = f"model {model!r}" if model is not None else f"provider {name!r}"
    return ProviderNotFoundError(
        f"No provider for {what}. Registered providers: {', '.join(all_providers())}. "
        'Write the model as "<provider>/<model>" (e.g. "deepseek/deepseek-flash") '
        "or register one with litellm_py.register_provider()."
    )


def resolve_model(model: str) -> tuple[BaseProvider, str]:
    """Split a model string into (provider instance, provider-local model id)."""
    hit = _RESOLVED.get(model)
    if hit is not None:
        return hit
    if not isinstance(model, str) or not model:
        raise ProviderNotFoundError(f"model must be a non-empty string, got {model!r}")
    prefix, sep, rest = model.partition("/")
    if sep and prefix in _FACTORIES:
        if not rest:
            raise ProviderNotFoundError(f"model {model!r} names a provider but no model after '/'")
        hit = (get_provider(prefix), rest)
    else:
        hit = _resolve_bare(model)
    _RESOLVED[model] = hit
    return hit


def _resolve_bare(model: str) -> tuple[BaseProvider, str]:
    for name in all_providers():
        provider = get_provider(name)
        if provider.knows_model(model):
            return provider, model
    prefix, sep, _ = model.partition("/")
    raise _not_found(prefix, model) if sep else _not_found(model, model)


def with_provider(model: str, custom_llm_provider: str | None) -> str:
    """`model` as ``"<provider>/<id>"`` when LiteLLM's `custom_llm_provider=` names the provider.

    A model string that already starts with a registered provider's prefix is left alone.
    """
    if not custom_llm_provider:
        return model
    prefix, sep, _ = model.partition("/")
    if sep and prefix in _FACTORIES:
        return model
    return f"{custom_llm_provider}/{model}"


def reset_for_tests() -> None:
    """Forget cached instances and resolutions (tests that register providers use this)."""
    with _LOCK:
        _INSTANCES.clear()
        _RESOLVED.clear()
