"""litellm_py: one fast, lossless client for LLM APIs; `completion(model="deepseek/...")`.

Only the names are defined here; the modules behind them are imported on first use, so
`import litellm_py` costs almost nothing and does no network or file I/O.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from litellm_py import _defaults
from litellm_py.exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ContentPolicyViolationError,
    ContextWindowExceededError,
    EmptyResponseError,
    FileTooLargeError,
    IncompleteResponseError,
    InsufficientBalanceError,
    InternalServerError,
    LiteLLMError,
    LocalRateLimitError,
    NotFoundError,
    PermissionDeniedError,
    ProviderNotFoundError,
    RateLimitError,
    ResponseTooLargeError,
    RouterStateUnavailableError,
    ServiceUnavailableError,
    StreamInterruptedError,
    StreamTimeoutError,
    StructuredOutputError,
    Timeout,
    UnprocessableEntityError,
    UnsupportedEndpointError,
    UnsupportedParamsError,
)

if TYPE_CHECKING:
    from litellm_py._account import (
        HealthStatus,
        aget_balance,
        ahealth_check,
        alist_models,
        get_balance,
        health_check,
        list_models,
    )
    from litellm_py._accumulator import stream_chunk_builder
    from litellm_py._api import (
        acompletion,
        atext_completion,
        completion,
        get_supported_openai_params,
        text_completion,
    )
    from litellm_py._callbacks import Callback, CallEvent
    from litellm_py._capabilities import (
        get_model_info,
        supports_function_calling,
        supports_json_mode,
        supports_reasoning,
        supports_vision,
    )
    from litellm_py._lifecycle import aclose, close
    from litellm_py._litellm_spellings import (
        get_llm_provider,
        model_cost,
        model_list,
        validate_environment,
    )
    from litellm_py._model_info import ModelFeature, ModelInfo
    from litellm_py._registry import register_provider
    from litellm_py._responses import Response, ResponseEvent, aresponses, responses
    from litellm_py.batch import abatch_completion, batch_completion
    from litellm_py.caching import InMemoryCache, RedisCache
    from litellm_py.config import load_config
    from litellm_py.cost import completion_cost, cost_per_token
    from litellm_py.files import (
        FileDeleted,
        FileList,
        FileObject,
        acreate_file,
        adelete_file,
        alist_files,
        aretrieve_file,
        create_file,
        delete_file,
        list_files,
        retrieve_file,
    )
    from litellm_py.providers.base import BaseProvider
    from litellm_py.providers.deepseek.balance import Balance, BalanceInfo
    from litellm_py.providers.deepseek.config import DeepSeekConfig
    from litellm_py.router import Router
    from litellm_py.streaming import AsyncStream, Stream
    from litellm_py.tokens import decode, encode, token_counter
    from litellm_py.types import (
        ChatCompletion,
        ChatCompletionChunk,
        Message,
        ModelResponse,
        TextCompletion,
        Usage,
    )


__version__ = "0.1.0"

# Module-level defaults, LiteLLM's spellings (API.md §9); per-call arguments win. Assigning any
# other public name raises AttributeError (see _defaults.py).
api_base: str | None = None
api_key: str | None = None
cache: Any = None
callbacks: list[Callback] = []
drop_params: bool = False
failure_callback: list[Callable[..., Any]] = []
num_retries: int | None = None
request_timeout: float | None = None
secret_keys: set[str] = set()
"""Extra key names whose values are redacted in logs, callback events and spans."""
set_verbose: bool = False
success_callback: list[Callable[..., Any]] = []

_LAZY: dict[str, str] = {
    "AsyncStream": "litellm_py.streaming",
    "Balance": "litellm_py.providers.deepseek.balance",
    "BalanceInfo": "litellm_py.providers.deepseek.balance",
    "BaseProvider": "litellm_py.providers.base",
    "CallEvent": "litellm_py._callbacks",
    "Callback": "litellm_py._callbacks",
    "ChatCompletion": "litellm_py.types",
    "ChatCompletionChunk": "litellm_py.types",
    "DeepSeekConfig": "litellm_py.providers.deepseek.config",
    "FileDeleted": "litellm_py.files",
    "FileList": "litellm_py.files",
    "FileObject": "litellm_py.files",
    "HealthStatus": "litellm_py._account",
    "InMemoryCache": "litellm_py.caching",
    "Message": "litellm_py.types",
    "ModelFeature": "litellm_py._model_info",
    "ModelInfo": "litellm_py._model_info",
    "ModelResponse": "litellm_py.types",
    "RedisCache": "litellm_py.caching",
    "Response": "litellm_py._responses",
    "ResponseEvent": "litellm_py._responses",
    "Router": "litellm_py.router",
    "Stream": "litellm_py.streaming",
    "TextCompletion": "litellm_py.types",
    "Usage": "litellm_py.types",
    "abatch_completion": "litellm_py.batch",
    "aclose": "litellm_py._lifecycle",
    "acompletion": "litellm_py._api",
    "acreate_file": "litellm_py.files",
    "adelete_file": "litellm_py.files",
    "aget_balance": "litellm_py._account",
    "ahealth_check": "litellm_py._account",
    "alist_files": "litellm_py.files",
    "alist_models": "litellm_py._account",
    "aresponses": "litellm_py._responses",
    "aretrieve_file": "litellm_py.files",
    "atext_completion": "litellm_py._api",
    "batch_completion": "litellm_py.batch",
    "close": "litellm_py._lifecycle",
    "completion": "litellm_py._api",
    "completion_cost": "litellm_py.cost",
    "cost_per_token": "litellm_py.cost",
    "create_file": "litellm_py.files",
    "decode": "litellm_py.tokens",
    "delete_file": "litellm_py.files",
    "encode": "litellm_py.tokens",
    "get_balance": "litellm_py._account",
    "get_llm_provider": "litellm_py._litellm_spellings",
    "get_model_info": "litellm_py._capabilities",
    "get_supported_openai_params": "litellm_py._api",
    "health_check": "litellm_py._account",
    "list_files": "litellm_py.files",
    "list_models": "litellm_py._account",
    "load_config": "litellm_py.config",
    "model_cost": "litellm_py._litellm_spellings",
    "model_list": "litellm_py._litellm_spellings",
    "register_provider": "litellm_py._registry",
    "responses": "litellm_py._responses",
    "retrieve_file": "litellm_py.files",
    "stream_chunk_builder": "litellm_py._accumulator",
    "supports_function_calling": "litellm_py._capabilities",
    "supports_json_mode": "litellm_py._capabilities",
    "supports_reasoning": "litellm_py._capabilities",
    "supports_vision": "litellm_py._capabilities",
    "text_completion": "litellm_py._api",
    "token_counter": "litellm_py.tokens",
    "validate_environment": "litellm_py._litellm_spellings",
}

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "Balance",
    "BalanceInfo",
    "BaseProvider",
    "CallEvent",
    "Callback",
    "ChatCompletion",
    "ChatCompletionChunk",
    "ConfigurationError",
    "ContentPolicyViolationError",
    "ContextWindowExceededError",
    "DeepSeekConfig",
    "EmptyResponseError",
    "FileDeleted",
    "FileList",
    "FileObject",
    "FileTooLargeError",
    "HealthStatus",
    "InMemoryCache",
    "IncompleteResponseError",
    "InsufficientBalanceError",
    "InternalServerError",
    "LiteLLMError",
    "LocalRateLimitError",
    "Message",
    "ModelFeature",
    "ModelInfo",
    "ModelResponse",
    "NotFoundError",
    "PermissionDeniedError",
    "ProviderNotFoundError",
    "RateLimitError",
    "RedisCache",
    "Response",
    "ResponseEvent",
    "ResponseTooLargeError",
    "Router",
    "RouterStateUnavailableError",
    "ServiceUnavailableError",
    "Stream",
    "StreamInterruptedError",
    "StreamTimeoutError",
    "StructuredOutputError",
    "TextCompletion",
    "Timeout",
    "UnprocessableEntityError",
    "UnsupportedEndpointError",
    "UnsupportedParamsError",
    "Usage",
    "abatch_completion",
    "aclose",
    "acompletion",
    "acreate_file",
    "adelete_file",
    "aget_balance",
    "ahealth_check",
    "alist_files",
    "alist_models",
    "aresponses",
    "aretrieve_file",
    "atext_completion",
    "batch_completion",
    "close",
    "completion",
    "completion_cost",
    "cost_per_token",
    "create_file",
    "decode",
    "delete_file",
    "encode",
    "get_balance",
    "get_llm_provider",
    "get_model_info",
    "get_supported_openai_params",
    "health_check",
    "list_files",
    "list_models",
    "load_config",
    "model_cost",
    "model_list",
    "register_provider",
    "responses",
    "retrieve_file",
    "stream_chunk_builder",
    "supports_function_calling",
    "supports_json_mode",
    "supports_reasoning",
    "supports_vision",
    "text_completion",
    "token_counter",
    "validate_environment",
]


if not TYPE_CHECKING:  # type checkers see the imports above, so a misspelt name is an error

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'litellm_py' has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


_defaults.guard(__name__)
