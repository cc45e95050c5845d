"""`DeepSeekProvider`: DeepSeek's pure request/response translation behind `BaseProvider`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from litellm_py._call import DEFAULT_PROGRESS_TIMEOUT
from litellm_py.exceptions import APIResponseValidationError
from litellm_py.providers.base import BaseProvider, decode_error_body
from litellm_py.providers.deepseek import models
from litellm_py.providers.deepseek.checks import blank_json_error, check_chat_body
from litellm_py.providers.deepseek.client import ENV, build_http_request, endpoint_url
from litellm_py.providers.deepseek.errors import deepseek_error
from litellm_py.providers.deepseek.fim import fim_body
from litellm_py.providers.deepseek.params import CHAT_PARAMS, chat_body, uses_beta
from litellm_py.types import ChatCompletion, ChatCompletionChunk, TextCompletion

if TYPE_CHECKING:
    import httpx

    from litellm_py._account import Balance
    from litellm_py._call import Call
    from litellm_py._model_info import ModelRegistry
    from litellm_py.exceptions import APIStatusError

__all__ = ["DeepSeekProvider"]


class DeepSeekProvider(BaseProvider):
    """DeepSeek's OpenAI-format API (https://api-docs.deepseek.com/)."""

    name: ClassVar[str] = "deepseek"
    env = ENV

    def config_model(self) -> type[Any]:
        from litellm_py.providers.deepseek.config import DeepSeekConfig

        return DeepSeekConfig

    def model_registry(self) -> ModelRegistry:
        return models.get_deepseek_registry()

    def knows_model(self, model_id: str) -> bool:
        return model_id in models.get_deepseek_registry()

    def supported_params(self, model_id: str) -> list[str]:
        return sorted(CHAT_PARAMS)

    def build_request(self, call: Call) -> httpx.Request:
        if call.endpoint == "chat":
            return self._chat_request(call)
        if call.endpoint == "text":
            return self._fim_request(call)
        path = {"models": "/models", "balance": "/user/balance"}[call.endpoint]
        return build_http_request(
            "GET",
            endpoint_url(call.settings.api_base, path),
            call.settings,
            None,
            call.extra_headers,
        )

    def _chat_request(self, call: Call) -> httpx.Request:
        models.warn_if_retired(call.model, stacklevel=6)
        params = dict(call.params)
        params["stream"] = call.stream or None
        body = chat_body(
            call.model,
            call.messages or [],
            params,
            drop_params=call.drop_params,
            defaults=call.settings.extra_params,
            extra_body=call.extra_body,
        )
        check_chat_body(body, models.get_deepseek_registry())
        url = endpoint_url(call.settings.api_base, "/chat/completions", beta=uses_beta(body))
        return _post(call, url, body)

    def _fim_request(self, call: Call) -> httpx.Request:
        models.warn_if_retired(call.model, stacklevel=6)
        params = dict(call.params)
        prompt = params.pop("prompt")
        params["stream"] = call.stream or None
        body = fim_body(
            call.model, prompt, params, drop_params=call.drop_params, extra_body=call.extra_body
        )
        return _post(call, endpoint_url(call.settings.api_base, "/completions", beta=True), body)

    def parse_response(self, call: Call, payload: dict[str, Any]) -> Any:
        if call.endpoint == "chat":
            return ChatCompletion(payload)
        if call.endpoint == "text":
            return TextCompletion(payload)
        if call.endpoint == "models":
            return models.get_deepseek_registry().merge_server_models(_list_field(payload, "data"))
        return parse_balance(payload)

    def check_complete(self, call: Call, response: Any) -> None:
        error = blank_json_error(call, response)
        if error is not None:
            raise error

    def parse_stream_chunk(self, call: Call, payload: dict[str, Any]) -> Any:
        if call.endpoint == "text":
            return TextCompletion(payload)
        return ChatCompletionChunk(payload)

    def error_from_response(
        self,
        call: Call,
        status_code: int,
        headers: Mapping[str, str],
        body: bytes,
        response: httpx.Response | None = None,
    ) -> APIStatusError:
        return deepseek_error(
            status_code=status_code,
            headers=headers,
            payload=decode_error_body(body),
            api_key=call.settings.key(),
            model=call.model,
            replacement_hint=models.replacement_hint(call.model),
            response=response,
        )


def _post(call: Call, url: str, body: dict[str, Any]) -> httpx.Request:
    # A stream's reads also wait at most progress_timeout, so a silent connection fails too.
    progress = call.progress_timeout or DEFAULT_PROGRESS_TIMEOUT
    return build_http_request(
        "POST",
        url,
        call.settings,
        body,
        call.extra_headers,
        stream=call.stream,
        read_timeout=progress if call.stream else None,
    )


def _list_field(payload: dict[str, Any], key: str) -> list[Any]:
    value = payload.get(key)
    if not isinstance(value, list):
        raise APIResponseValidationError(
            f"DeepSeek response has no {key!r} list: {str(payload)[:200]}",
            body=payload,
            provider="deepseek",
        )
    return value


def parse_balance(payload: dict[str, Any]) -> Balance:
    """`GET /user/balance` -> `Balance` (amounts are strings on the wire, `Decimal` here)."""
    from decimal import Decimal, InvalidOperation

    from litellm_py._account import Balance, BalanceInfo

    try:
        infos = [
            BalanceInfo(
                currency=str(item["currency"]),
                total_balance=Decimal(str(item["total_balance"])),
                granted_balance=Decimal(str(item.get("granted_balance", "0"))),
                topped_up_balance=Decimal(str(item.get("topped_up_balance", "0"))),
            )
            for item in _list_field(payload, "balance_infos")
        ]
    except (KeyError, TypeError, InvalidOperation) as exc:
        raise APIResponseValidationError(
            f"DeepSeek balance response is malformed ({exc!r}): {str(payload)[:200]}",
            body=payload,
            provider="deepseek",
        ) from None
    return Balance(is_available=bool(payload.get("is_available")), balances=infos, raw=payload)
