"""`AnthropicProvider`: the Messages API behind `BaseProvider`, translated at its edge.

Requests and responses are translated to and from the OpenAI shape the rest of the library
speaks; `resp.provider_payload` keeps the JSON exactly as the server sent it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from litellm_py.exceptions import UnsupportedEndpointError
from litellm_py.providers.anthropic import models
from litellm_py.providers.anthropic.client import ENV, messages_request, models_request
from litellm_py.providers.anthropic.errors import error_style, in_band_status
from litellm_py.providers.anthropic.models import server_models
from litellm_py.providers.anthropic.params import CHAT_PARAMS, messages_body
from litellm_py.providers.anthropic.response import chat_completion_payload
from litellm_py.providers.anthropic.streaming import EventTranslator
from litellm_py.providers.base import BaseProvider
from litellm_py.providers.openai_compatible.provider import list_field
from litellm_py.types import ChatCompletion, ChatCompletionChunk

if TYPE_CHECKING:
    import httpx

    from litellm_py._call import Call
    from litellm_py._model_info import ModelRegistry

__all__ = ["AnthropicProvider"]


class AnthropicProvider(BaseProvider):
    """Anthropic's Messages API (https://docs.anthropic.com/en/api/messages).

    Also speaks to other hosts of the same wire: pass their `api_base` (e.g. a host's
    `/anthropic` base) and key.
    """

    name: ClassVar[str] = "anthropic"
    env = ENV
    account_endpoints: ClassVar[frozenset[str]] = frozenset({"models"})

    def config_model(self) -> type[Any]:
        from litellm_py.providers.anthropic.config import AnthropicConfig

        return AnthropicConfig

    def model_registry(self) -> ModelRegistry:
        return models.get_anthropic_registry()

    def knows_model(self, model_id: str) -> bool:
        return model_id in models.get_anthropic_registry()

    def supported_params(self, model_id: str) -> list[str]:
        return sorted(CHAT_PARAMS)

    def build_request(self, call: Call) -> httpx.Request:
        if call.endpoint == "models":
            return models_request(call)
        if call.endpoint != "chat":
            raise UnsupportedEndpointError(
                f"{call.provider} (Messages API) has no {call.endpoint} endpoint in litellm_py; "
                "use completion() for chat, or a provider that offers it",
                param=call.endpoint,
                provider=call.provider,
                model=call.model or None,
            )
        params = dict(call.params)
        params["stream"] = call.stream or None
        body = messages_body(
            call.provider,
            call.model,
            call.messages or [],
            params,
            drop_params=call.drop_params,
            defaults=call.settings.extra_params,
            extra_body=call.extra_body,
        )
        return messages_request(call, body)

    def parse_response(self, call: Call, payload: dict[str, Any]) -> Any:
        if call.endpoint == "models":
            entries = list_field(call.provider, payload, "data")
            return models.get_anthropic_registry().merge_server_models(server_models(entries))
        response = ChatCompletion(chat_completion_payload(payload))
        response._meta = {"provider_payload": payload}
        return response

    def parse_stream_chunk(self, call: Call, payload: dict[str, Any]) -> Any:
        return ChatCompletionChunk(payload)

    def stream_translator(
        self, call: Call
    ) -> Callable[[str | None, dict[str, Any]], list[dict[str, Any]] | None]:
        return EventTranslator()

    def inband_status(self, error: Mapping[str, Any]) -> int:
        return in_band_status(error) or super().inband_status(error)

    def error_style(self, call: Call) -> dict[str, Any]:
        return error_style(self.env.api_key)
