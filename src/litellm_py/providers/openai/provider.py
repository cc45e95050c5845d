"""`OpenAIProvider`: OpenAI's Chat Completions (https://platform.openai.com/docs/api-reference/chat).

Everything on the wire is the shared OpenAI-compatible layer; this adds OpenAI's environment
(`OPENAI_API_KEY`, `OPENAI_BASE_URL`), its parameter list, its model registry with prices, and
the Responses and Files endpoints (https://platform.openai.com/docs/api-reference/responses,
https://platform.openai.com/docs/api-reference/files).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from litellm_py._model_data import PackagedRegistry
from litellm_py._model_info import ModelFeature
from litellm_py._settings import EnvNames
from litellm_py.providers.openai_compatible.params import ChatRules
from litellm_py.providers.openai_compatible.provider import OpenAICompatibleProvider

if TYPE_CHECKING:
    from litellm_py._model_info import ModelRegistry

__all__ = ["ENV", "RULES", "OpenAIProvider", "get_openai_registry"]

ENV = EnvNames(
    api_key="OPENAI_API_KEY",
    api_base="OPENAI_BASE_URL",
    default_api_base="https://api.openai.com/v1",
)

RULES = ChatRules(
    label="OpenAI",
    provider="openai",
    # Reasoning models refuse max_tokens; max_completion_tokens works for every chat model.
    max_tokens_field="max_completion_tokens",
    max_stop=4,
    max_tools=128,
)
"""OpenAI's chat parameters (n, seed, parallel_tool_calls, json_schema, logprobs, ...)."""

_BASELINE = frozenset({ModelFeature.STREAMING, ModelFeature.SYSTEM_MESSAGES})


get_openai_registry = PackagedRegistry("litellm_py.providers.openai", "models.json", _BASELINE)
"""OpenAI's chat models and dated prices (``models.json``, read on first use)."""


class OpenAIProvider(OpenAICompatibleProvider):
    """OpenAI's Chat Completions API."""

    name: ClassVar[str] = "openai"
    env = ENV
    label: ClassVar[str] = "OpenAI"
    rules: ClassVar[ChatRules | None] = RULES
    extra_endpoints: ClassVar[frozenset[str]] = frozenset({"responses", "files"})
    """`POST /responses` and `/files` are OpenAI's own wire (the shared implementations)."""
    file_purposes: ClassVar[frozenset[str]] = frozenset(
        {"assistants", "batch", "fine-tune", "vision", "user_data", "evals"}
    )

    def model_registry(self) -> ModelRegistry:
        return get_openai_registry()

    def supports_json_schema(self, model_id: str) -> bool:
        return True
