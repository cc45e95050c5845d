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

# Where each lazily imported name lives: the TYPE_CHECKING imports above, as data.
_LAZY_FROM = {
    "litellm_py._account": (
        "HealthStatus aget_balance ahealth_check alist_models get_balance health_check list_models"
    ),
    "litellm_py._accumulator": "stream_chunk_builder",
    "litellm_py._api": (
        "acompletion atext_completion completion get_supported_openai_params text_completion"
    ),
    "litellm_py._callbacks": "CallEvent Callback",
    "litellm_py._capabilities": (
        "get_model_info supports_function_calling supports_json_mode supports_reasoning "
        "supports_vision"
    ),
    "litellm_py._lifecycle": "aclose close",
    "litellm_py._litellm_spellings": "get_llm_provider model_cost model_list validate_environment",
    "litellm_py._model_info": "ModelFeature ModelInfo",
    "litellm_py._registry": "register_provider",
    "litellm_py._responses": "Response ResponseEvent aresponses responses",
    "litellm_py.batch": "abatch_completion batch_completion",
    "litellm_py.caching": "InMemoryCache RedisCache",
    "litellm_py.config": "load_config",
    "litellm_py.cost": "completion_cost cost_per_token",
    "litellm_py.files": (
        "FileDeleted FileList FileObject acreate_file adelete_file alist_files "
        "aretrieve_file create_file delete_file list_files retrieve_file"
    ),
    "litellm_py.providers.base": "BaseProvider",
    "litellm_py.providers.deepseek.balance": "Balance BalanceInfo",
    "litellm_py.providers.deepseek.config": "DeepSeekConfig",
    "litellm_py.router": "Router",
    "litellm_py.streaming": "AsyncStream Stream",
    "litellm_py.tokens": "decode encode token_counter",
    "litellm_py.types": (
        "ChatCompletion ChatCompletionChunk Message ModelResponse TextCompletion Usage"
    ),
}
_LAZY = {name: module for module, names in _LAZY_FROM.items() for name in names.split()}

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
