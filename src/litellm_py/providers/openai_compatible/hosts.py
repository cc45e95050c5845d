"""OpenAI-compatible hosts as data: one row each, under LiteLLM's prefixes and env var names.

A row is a base URL ("" = the caller must pass `api_base`), the key and base-URL variables, and
what the host refuses; each becomes an `OpenAICompatibleProvider` subclass on first use. The
registry table names them as ``"litellm_py.providers.openai_compatible.hosts:<prefix>"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from litellm_py._settings import EnvNames
from litellm_py.providers.openai_compatible.params import ChatRules
from litellm_py.providers.openai_compatible.provider import OpenAICompatibleProvider

__all__ = ["HOSTS", "Host", "host_provider"]

_NO_LOGPROBS = {
    "logprobs": "it returns no log probabilities",
    "top_logprobs": "it returns no log probabilities",
    "logit_bias": "it has no logit bias",
}


@dataclass(frozen=True)
class Host:
    """One OpenAI-compatible host.

    Attributes:
        prefix: the model-string prefix (LiteLLM's).
        label: the host's name in messages.
        base_url: the default base URL; "" means `api_base` is required.
        key_env: the API key variable (LiteLLM's name).
        base_env: the base URL variable.
        key_required: False for local servers that take no key.
        refused: parameter -> why the host refuses it (checked before sending).
        renames: caller spelling -> the host's wire name.
        only_n_1: the host answers one choice per request.
        docs: where the facts come from.
    """

    prefix: str
    label: str
    base_url: str
    key_env: str
    base_env: str
    key_required: bool = True
    refused: Mapping[str, str] = field(default_factory=dict)
    renames: Mapping[str, str] = field(default_factory=dict)
    only_n_1: bool = False
    docs: str = ""


HOSTS: dict[str, Host] = {
    host.prefix: host
    for host in (
        Host("openrouter", "OpenRouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY",
             "OPENROUTER_API_BASE", docs="https://openrouter.ai/docs/api-reference/overview"),
        Host("groq", "Groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY", "GROQ_API_BASE",
             refused=_NO_LOGPROBS, only_n_1=True,
             docs="https://console.groq.com/docs/openai (unsupported fields; n must be 1)"),
        Host("together_ai", "Together AI", "https://api.together.xyz/v1", "TOGETHERAI_API_KEY",
             "TOGETHERAI_API_BASE", docs="https://docs.together.ai/docs/openai-api-compatibility"),
        Host("fireworks_ai", "Fireworks AI", "https://api.fireworks.ai/inference/v1",
             "FIREWORKS_AI_API_KEY", "FIREWORKS_AI_API_BASE",
             docs="https://docs.fireworks.ai/tools-sdks/openai-compatibility"),
        Host("mistral", "Mistral", "https://api.mistral.ai/v1", "MISTRAL_API_KEY",
             "MISTRAL_API_BASE", refused={**_NO_LOGPROBS, "service_tier": "it has no tiers"},
             renames={"seed": "random_seed"},
             docs="https://docs.mistral.ai/api/ (chat completion: random_seed, no logprobs)"),
        Host("moonshot", "Moonshot AI", "https://api.moonshot.ai/v1", "MOONSHOT_API_KEY",
             "MOONSHOT_API_BASE", docs="https://platform.moonshot.ai/docs/api/chat"),
        Host("xai", "xAI", "https://api.x.ai/v1", "XAI_API_KEY", "XAI_API_BASE",
             docs="https://docs.x.ai/docs/api-reference"),
        Host("hosted_vllm", "vLLM", "", "HOSTED_VLLM_API_KEY", "HOSTED_VLLM_API_BASE",
             key_required=False,
             docs="https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html"),
        Host("ollama_chat", "Ollama", "http://localhost:11434/v1", "OLLAMA_API_KEY",
             "OLLAMA_API_BASE", key_required=False,
             docs="https://github.com/ollama/ollama/blob/main/docs/openai.md"),
        Host("lm_studio", "LM Studio", "http://localhost:1234/v1", "LM_STUDIO_API_KEY",
             "LM_STUDIO_API_BASE", key_required=False,
             docs="https://lmstudio.ai/docs/app/api/endpoints/openai"),
        Host("openai_compatible", "OpenAI-compatible server", "", "OPENAI_COMPATIBLE_API_KEY",
             "OPENAI_COMPATIBLE_API_BASE", key_required=False),
    )
}  # fmt: skip

_CLASSES: dict[str, type[OpenAICompatibleProvider]] = {}


def host_provider(prefix: str) -> type[OpenAICompatibleProvider]:
    """The provider class of one host row (built once)."""
    cls = _CLASSES.get(prefix)
    if cls is None:
        host = HOSTS[prefix]
        env = EnvNames(host.key_env, host.base_env, host.base_url, key_required=host.key_required)
        rules = ChatRules(
            label=host.label,
            provider=host.prefix,
            refused=dict(host.refused),
            renames=dict(host.renames),
            only_n_1=host.only_n_1,
        )
        attrs = {
            "name": prefix,
            "env": env,
            "label": host.label,
            "rules": rules,
            "__module__": __name__,
        }
        attrs["__doc__"] = f"{host.label} ({host.docs or 'any OpenAI-compatible server'})."
        cls = _CLASSES[prefix] = type(f"{prefix}_provider", (OpenAICompatibleProvider,), attrs)
    return cls


def __getattr__(name: str) -> Any:
    """`hosts.<prefix>` is that host's provider class (what the registry table names)."""
    if name in HOSTS:
        return host_provider(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
