"""`DeepSeekProvider`: the OpenAI-compatible provider plus what only DeepSeek has.

Thinking mode and reasoning replay, the `/beta` base (prefix completion, strict tools, FIM),
the balance endpoint, DeepSeek's error wording, its model registry and prices.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from litellm_py.providers.deepseek import models
from litellm_py.providers.deepseek.checks import check_chat_body
from litellm_py.providers.deepseek.client import ENV, endpoint_url
from litellm_py.providers.deepseek.messages import serialize_messages
from litellm_py.providers.deepseek.params import (
    CHAT_PARAMS,
    RULES,
    check_tool_choice,
    thinking_enabled,
    thinking_object,
    uses_beta,
)
from litellm_py.providers.deepseek.streaming import blank_json_error
from litellm_py.providers.openai_compatible.client import bearer_request, post_json
from litellm_py.providers.openai_compatible.provider import OpenAICompatibleProvider

if TYPE_CHECKING:
    import httpx

    from litellm_py._call import Call
    from litellm_py._model_info import ModelRegistry

__all__ = ["DeepSeekProvider"]


class DeepSeekProvider(OpenAICompatibleProvider):
    """DeepSeek's OpenAI-format API (https://api-docs.deepseek.com/)."""

    name: ClassVar[str] = "deepseek"
    env = ENV
    label: ClassVar[str] = "DeepSeek"
    rules: ClassVar[Any] = RULES
    extra_endpoints: ClassVar[frozenset[str]] = frozenset({"responses", "files"})
    account_endpoints: ClassVar[frozenset[str]] = frozenset({"models", "balance"})

    def tokenizer(self, model_id: str) -> Any:
        from litellm_py.providers.deepseek.tokenizer import load_tokenizer

        return load_tokenizer()

    def config_model(self) -> type[Any]:
        from litellm_py.providers.deepseek.config import DeepSeekConfig

        return DeepSeekConfig

    def model_registry(self) -> ModelRegistry:
        return models.get_deepseek_registry()

    def supported_params(self, model_id: str) -> list[str]:
        return sorted(CHAT_PARAMS)

    # -- requests ------------------------------------------------------------------------------

    def build_request(self, call: Call) -> httpx.Request:
        if call.endpoint in ("chat", "text"):
            models.warn_if_retired(call.model)
        if call.endpoint == "text":
            return self._fim_request(call)
        if call.endpoint == "balance":
            url = endpoint_url(call.settings.api_base, "/user/balance")
            return bearer_request("GET", url, call.settings, None, call.extra_headers)
        return super().build_request(call)

    def chat_url(self, call: Call, body: Mapping[str, Any]) -> str:
        return endpoint_url(call.settings.api_base, "/chat/completions", beta=uses_beta(body))

    def map_param(self, body: dict[str, Any], key: str, value: Any, drop_params: bool) -> bool:
        if key != "thinking":
            return False
        thinking = thinking_object(value)
        if thinking is not None:
            body["thinking"] = thinking
        return True

    def serialize_messages(self, messages: Any, body: Mapping[str, Any]) -> list[dict[str, Any]]:
        tools = bool(body.get("tools"))  # thinking matters only with tools: asked only then
        return serialize_messages(
            messages, tools=tools, thinking=tools and thinking_enabled(body), provider=self.name
        )

    def finish_chat_body(self, call: Call, body: dict[str, Any]) -> None:
        check_tool_choice(self.chat_rules(), body, call.drop_params)
        check_chat_body(body, models.get_deepseek_registry())

    def _fim_request(self, call: Call) -> httpx.Request:
        from litellm_py.providers.deepseek.fim import fim_body  # text completions only

        params = dict(call.params)
        prompt = params.pop("prompt")
        params["stream"] = call.stream or None
        body = fim_body(
            call.model, prompt, params, drop_params=call.drop_params, extra_body=call.extra_body
        )
        url = endpoint_url(call.settings.api_base, "/completions", beta=True)
        return post_json(
            url, call.settings, body, call.extra_headers, stream=call.stream,
            progress_timeout=call.progress_timeout,
        )  # fmt: skip

    # -- responses -----------------------------------------------------------------------------

    def parse_response(self, call: Call, payload: dict[str, Any]) -> Any:
        if call.endpoint == "balance":
            from litellm_py.providers.deepseek.balance import parse_balance

            return parse_balance(payload, self.name)
        return super().parse_response(call, payload)

    def mock_payloads(
        self, endpoint: str, model_id: str, text: str, prompt: str, *, stream: bool
    ) -> list[dict[str, Any]]:
        payloads = super().mock_payloads(endpoint, model_id, text, prompt, stream=stream)
        usage = payloads[-1]["usage"]  # DeepSeek also counts cache hits and misses (all misses)
        usage.update(prompt_cache_hit_tokens=0, prompt_cache_miss_tokens=usage["prompt_tokens"])
        return payloads

    def check_complete(self, call: Call, response: Any) -> None:
        error = blank_json_error(call, response)
        if error is not None:
            raise error

    def error_style(self, call: Call) -> dict[str, Any]:
        from litellm_py.providers.deepseek.errors import error_style  # error answers only

        return error_style(self.display_name(), models.replacement_hint(call.model))
