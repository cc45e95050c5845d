"""litellm_py: one fast, lossless client for LLM APIs; `completion(model="deepseek/...")`.

Only the names are defined here; the modules behind them are imported on first use, so
`import litellm_py` costs almost nothing and does no network or file I/O.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
    InsufficientBalanceError,
    InternalServerError,
    LiteLLMError,
    NotFoundError,
    PermissionDeniedError,
    ProviderNotFoundError,
    RateLimitError,
    ServiceUnavailableError,
    StreamInterruptedError,
    Timeout,
    UnprocessableEntityError,
    UnsupportedParamsError,
)

if TYPE_CHECKING:
    from litellm_py._accumulator import stream_chunk_builder
    from litellm_py._api import (
        acompletion,
        completion,
        get_supported_openai_params,
    )
    from litellm_py._lifecycle import aclose, close
    from litellm_py._registry import register_provider
    from litellm_py.config import load_config
    from litellm_py.providers.base import BaseProvider
    from litellm_py.providers.deepseek.config import DeepSeekConfig
    from litellm_py.streaming import AsyncStream, Stream
    from litellm_py.types import (
        ChatCompletion,
        ChatCompletionChunk,
        Message,
        ModelResponse,
        TextCompletion,
        Usage,
    )

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "AsyncStream": "litellm_py.streaming",
    "BaseProvider": "litellm_py.providers.base",
    "ChatCompletion": "litellm_py.types",
    "ChatCompletionChunk": "litellm_py.types",
    "DeepSeekConfig": "litellm_py.providers.deepseek.config",
    "Message": "litellm_py.types",
    "ModelResponse": "litellm_py.types",
    "Stream": "litellm_py.streaming",
    "TextCompletion": "litellm_py.types",
    "Usage": "litellm_py.types",
    "aclose": "litellm_py._lifecycle",
    "acompletion": "litellm_py._api",
    "close": "litellm_py._lifecycle",
    "completion": "litellm_py._api",
    "get_supported_openai_params": "litellm_py._api",
    "load_config": "litellm_py.config",
    "register_provider": "litellm_py._registry",
    "stream_chunk_builder": "litellm_py._accumulator",
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
    "BaseProvider",
    "ChatCompletion",
    "ChatCompletionChunk",
    "ConfigurationError",
    "ContentPolicyViolationError",
    "ContextWindowExceededError",
    "DeepSeekConfig",
    "EmptyResponseError",
    "InsufficientBalanceError",
    "InternalServerError",
    "LiteLLMError",
    "Message",
    "ModelResponse",
    "NotFoundError",
    "PermissionDeniedError",
    "ProviderNotFoundError",
    "RateLimitError",
    "ServiceUnavailableError",
    "Stream",
    "StreamInterruptedError",
    "TextCompletion",
    "Timeout",
    "UnprocessableEntityError",
    "UnsupportedParamsError",
    "Usage",
    "aclose",
    "acompletion",
    "close",
    "completion",
    "get_supported_openai_params",
    "load_config",
    "register_provider",
    "stream_chunk_builder",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'litellm_py' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
