"""`OpenAICompatibleProvider`: the OpenAI Chat Completions wire behind `BaseProvider`, once.

A host that speaks this wire is a subclass that sets a name, env names and a base URL (or a row
in `hosts.py`); a provider with extras (DeepSeek) overrides the few hooks below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from litellm_py._record import view
from litellm_py.exceptions import APIResponseValidationError, UnsupportedEndpointError
from litellm_py.providers.base import BaseProvider
from litellm_py.providers.openai_compatible.client import bearer_request, endpoint_url, post_json
from litellm_py.providers.openai_compatible.messages import serialize_messages
from litellm_py.providers.openai_compatible.params import (
    ChatRules,
    check_known,
    check_stream_options,
    map_common_param,
)
from litellm_py.types import ChatCompletion, ChatCompletionChunk, TextCompletion

if TYPE_CHECKING:
    import httpx

    from litellm_py._call import Call
    from litellm_py._model_info import ModelRegistry

__all__ = ["OpenAICompatibleProvider", "list_field"]


class OpenAICompatibleProvider(BaseProvider):
    """Any API that speaks OpenAI's Chat Completions (``POST {api_base}/chat/completions``).

    Subclass and set `name`, `env` (key and base-URL variables, default URL) and optionally
    `label` and `rules`; override `map_param` / `finish_chat_body` / `chat_url` for extras.
    """

    account_endpoints: ClassVar[frozenset[str]] = frozenset({"models"})
    label: ClassVar[str] = ""
    """How error messages name the API; defaults to the provider name."""
    rules: ClassVar[ChatRules | None] = None
    """What the API accepts; default: OpenAI's documented chat parameters."""

    def __init__(self) -> None:
        super().__init__()
        self._rules: ChatRules | None = None
        self._registry: ModelRegistry | None = None

    # -- what we say about ourselves -----------------------------------------------------------

    def display_name(self) -> str:
        """The label for messages: the class's own label unless registered under another name."""
        return self.label if self.label and self.name == type(self).name else self.name

    def chat_rules(self) -> ChatRules:
        """The `ChatRules` in force, labelled with this provider's (registered) name."""
        if self._rules is None:
            base = self.rules or ChatRules(label="", provider="")
            self._rules = replace(base, label=self.display_name(), provider=self.name)
        return self._rules

    def config_model(self) -> type[Any]:
        """`ProviderConfig` bound to this provider's environment variable names."""
        from litellm_py._provider_config import ProviderConfig

        namespace = {"env": self.env, "__module__": __name__}
        return type(f"{self.name}_config", (ProviderConfig,), namespace)

    def supported_params(self, model_id: str) -> list[str]:
        return sorted(self.chat_rules().params - set(self.chat_rules().refused))

    def model_registry(self) -> ModelRegistry:
        """This provider's registry: empty until `list_models` fills it from ``GET /models``."""
        if self._registry is None:
            from litellm_py._model_info import ModelRegistry

            self._registry = ModelRegistry(self.name)
        return self._registry

    def knows_model(self, model_id: str) -> bool:
        return model_id in self.model_registry()

    # -- request building (pure) ---------------------------------------------------------------

    def build_request(self, call: Call) -> httpx.Request:
        if call.endpoint == "chat":
            body = self.chat_body(call)
            return post_json(
                self.chat_url(call, body),
                call.settings,
                body,
                call.extra_headers,
                stream=call.stream,
                progress_timeout=call.progress_timeout,
            )
        if call.endpoint == "models":
            url = endpoint_url(call.settings.api_base, "/models")
            return bearer_request("GET", url, call.settings, None, call.extra_headers)
        raise self.unsupported(call.endpoint)

    def unsupported(self, endpoint: str) -> UnsupportedEndpointError:
        """The error for an endpoint this API does not have (raised before any request)."""
        return UnsupportedEndpointError(
            f"{self.display_name()} has no {endpoint} endpoint in litellm_py; "
            "use a provider that offers it",
            param=endpoint,
            provider=self.name,
        )

    def chat_url(self, call: Call, body: Mapping[str, Any]) -> str:
        """Where the chat request goes."""
        return endpoint_url(call.settings.api_base, "/chat/completions")

    def chat_body(self, call: Call) -> dict[str, Any]:
        """The JSON body of a chat request (pure; raises on what the API would refuse)."""
        rules = self.chat_rules()
        params = {k: v for k, v in call.params.items() if v is not None}
        if call.settings.extra_params:  # the call's own values win over the configured ones
            params = {**call.settings.extra_params, **params}
        if call.stream:
            params["stream"] = True
        body: dict[str, Any] = {"model": call.model}
        for key, value in check_known(rules, params, call.drop_params).items():
            if not self.map_param(body, key, value, call.drop_params):
                map_common_param(rules, body, key, value, call.drop_params)
        check_stream_options(rules, body, call.drop_params)
        if call.extra_body:
            body.update(call.extra_body)
        if "messages" not in body:  # extra_body is verbatim: its messages are sent untouched
            body["messages"] = self.serialize_messages(call.messages, body)
        self.finish_chat_body(call, body)
        return body

    def map_param(self, body: dict[str, Any], key: str, value: Any, drop_params: bool) -> bool:
        """Put a provider-specific parameter into `body`; False leaves it to the common rules."""
        return False

    def serialize_messages(self, messages: Any, body: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The messages as sent (override to add replay rules)."""
        return serialize_messages(messages, provider=self.name)

    def finish_chat_body(self, call: Call, body: dict[str, Any]) -> None:
        """Last checks or fixes of the complete body (default: none)."""

    # -- response parsing (pure) ---------------------------------------------------------------

    def parse_response(self, call: Call, payload: dict[str, Any]) -> Any:
        if call.endpoint == "chat":
            return view(ChatCompletion, payload)
        if call.endpoint == "models":
            return self.model_registry().merge_server_models(list_field(self.name, payload, "data"))
        if call.endpoint == "text":
            return TextCompletion(payload)
        raise self.unsupported(call.endpoint)

    def parse_stream_chunk(self, call: Call, payload: dict[str, Any]) -> Any:
        return TextCompletion(payload) if call.endpoint == "text" else ChatCompletionChunk(payload)

    def error_style(self, call: Call) -> dict[str, Any]:
        from litellm_py.providers.openai_compatible.errors import default_hints  # errors only

        return {"label": self.display_name(), "hints": default_hints(self.env.api_key)}


def list_field(provider: str, payload: Mapping[str, Any], key: str) -> list[Any]:
    """`payload[key]` as a list, or a validation error naming what is missing."""
    value = payload.get(key)
    if not isinstance(value, list):
        raise APIResponseValidationError(
            f"{provider} response has no {key!r} list: {str(payload)[:200]}",
            body=payload,
            provider=provider,
        )
    return value
